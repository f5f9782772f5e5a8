from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    label = "accounts"
    verbose_name = "用户与机构"
