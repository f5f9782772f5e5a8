from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "zhicheng.oversight"
    label = "oversight"
    verbose_name = "复审与投诉"
