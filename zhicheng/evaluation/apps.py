from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评审会议"

    def ready(self) -> None:
        from zhicheng.applications import guards
        from zhicheng.evaluation.rules_for_cases import ensure_decided_by_meeting

        guards.register("record_evaluation", ensure_decided_by_meeting)
