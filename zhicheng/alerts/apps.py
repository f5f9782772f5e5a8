from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "zhicheng.alerts"
    label = "alerts"
    verbose_name = "跟踪预警"
