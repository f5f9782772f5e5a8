from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评审会议"
