from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "zhicheng.committees"
    label = "committees"
    verbose_name = "评审委员会"
