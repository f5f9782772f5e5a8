from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhicheng.demo"
    label = "demo"
    verbose_name = "运行与演示"
