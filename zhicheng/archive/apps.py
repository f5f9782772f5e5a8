from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhicheng.archive"
    label = "archive"
    verbose_name = "专业技术人才业绩档案库"
