from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "zhicheng.inspections"
    label = "inspections"
    verbose_name = "双随机一公开抽查"
