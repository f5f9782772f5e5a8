from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "zhicheng.education"
    label = "education"
    verbose_name = "继续教育"
