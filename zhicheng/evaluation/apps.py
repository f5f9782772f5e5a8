from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "zhicheng.evaluation"
    label = "evaluation"
    verbose_name = "评审会议"

    def ready(self) -> None:
        from zhicheng.applications import guards
        from zhicheng.applications.archiving import register_facts
        from zhicheng.evaluation.rules_for_cases import ensure_decided_by_meeting, meeting_facts

        guards.register("record_evaluation", ensure_decided_by_meeting)
        register_facts(meeting_facts)
