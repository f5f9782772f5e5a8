from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhicheng.publicity"
    label = "publicity"
    verbose_name = "公示"

    def ready(self) -> None:
        from zhicheng.applications import guards
        from zhicheng.publicity.rules_for_cases import (
            ensure_in_unit_publicity_over,
            ensure_pre_publicity_closed,
            ensure_result_publicity_closed,
        )

        # The employer recommends only after the in-unit publicity; a case leaves 评前公示 for the meeting, and
        # 评后公示 for publication by the bureau, only when its publicity is over and every objection answered
        # (55号 §4(三)).
        guards.register("employer_approve", ensure_in_unit_publicity_over)
        guards.register("schedule", ensure_pre_publicity_closed)
        guards.register("publish", ensure_result_publicity_closed)
