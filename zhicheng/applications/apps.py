from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    label = "applications"
    verbose_name = "职称申报"
