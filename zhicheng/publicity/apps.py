from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "zhicheng.publicity"
    label = "publicity"
    verbose_name = "公示"

    def ready(self) -> None:
        from zhicheng.applications import guards
        from zhicheng.publicity.rules_for_cases import ensure_pre_publicity_closed

        # A case leaves 评前公示 for the meeting only when its publicity is over and answered (55号 §4(三)).
        guards.register("schedule", ensure_pre_publicity_closed)
