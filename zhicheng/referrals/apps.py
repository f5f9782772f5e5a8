from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "zhicheng.referrals"
    label = "referrals"
    verbose_name = "委托评审"

    def ready(self) -> None:
        from zhicheng.applications import guards
        from zhicheng.applications.archiving import register_facts
        from zhicheng.referrals.services import ensure_referral_decided, referral_facts

        guards.register("archive", ensure_referral_decided)
        register_facts(referral_facts)
