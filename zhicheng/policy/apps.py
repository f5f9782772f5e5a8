from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "zhicheng.policy"
    label = "policy"
    verbose_name = "政策与职称目录"
