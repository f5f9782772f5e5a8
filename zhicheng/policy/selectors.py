"""Reading the year's policy: every rule number in the platform comes through here."""

from zhicheng.lib.errors import RuleViolation
from zhicheng.policy.models import Policy, Title, YearsInGrade


def policy_for(year: int) -> Policy:
    """The policy of `year`, or, until one is set up for it, the latest earlier year's."""
    policy = Policy.objects.filter(year__lte=year).order_by("-year").first()
    if policy is None:
        raise RuleViolation(f"尚未设置{year}年度及以前的政策参数，请联系省、市人力社保局")
    return policy


def years_in_grade_for(policy: Policy, title: Title, education: str) -> YearsInGrade | None:
    """The years-in-grade line for this title and education, or None when the education gives no path."""
    return (
        YearsInGrade.objects.select_related("prior_title")
        .filter(policy=policy, title=title, education=education)
        .first()
    )


def policy_years():
    """The years that have a policy, newest first (the year pickers of lists and dashboards)."""
    return Policy.objects.order_by("-year").values_list("year", flat=True)
