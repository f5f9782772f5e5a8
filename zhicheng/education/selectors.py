"""Reads of CE hours, scoped to the user, and the compliance verdict of one person."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet, Sum

from zhicheng.accounts.models import Professional, Role
from zhicheng.accounts.selectors import professional_visibility_q
from zhicheng.education.compliance import Thresholds, Verdict, evaluate
from zhicheng.education.models import CERecord, ImportBatch
from zhicheng.lib.errors import RuleViolation
from zhicheng.policy.models import Education, Policy, Title
from zhicheng.policy.selectors import policy_for, years_in_grade_for


def ce_records_visible_to(user) -> QuerySet[CERecord]:
    condition = professional_visibility_q(user, prefix="professional__")
    if condition is None:
        return CERecord.objects.none()
    return CERecord.objects.filter(condition).select_related("professional")


def ce_records_awaiting_confirmation(user) -> QuerySet[CERecord]:
    if user.role != Role.EMPLOYER:
        return CERecord.objects.none()
    return ce_records_visible_to(user).filter(status=CERecord.Status.PENDING).order_by("professional__name", "year")


def import_batches_visible_to(user) -> QuerySet[ImportBatch]:
    if user.is_superuser:
        return ImportBatch.objects.all()
    return ImportBatch.objects.filter(organisation_id=user.organisation_id)


def hours_by_year(professional: Professional) -> dict[int, dict[str, Decimal]]:
    """Confirmed hours per year and category: what compliance counts."""
    rows = (
        CERecord.objects.filter(professional=professional, status=CERecord.Status.CONFIRMED)
        .values("year", "category")
        .annotate(hours=Sum("hours"))
    )
    result: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        result[row["year"]][row["category"]] = row["hours"]
    return dict(result)


def required_years_for(policy, title: Title, education: str) -> int:
    if education not in Education.values:
        raise RuleViolation(f"学历应为：{'、'.join(Education.labels)}")
    line = years_in_grade_for(policy, title, education)
    if line is None:
        raise RuleViolation(
            f"{Education(education).label}学历不能直接申报{title.name}，请核对学历或申报职称",
            clause="人社部职称评价基本标准",
        )
    return line.years


def compliance_verdict(
    hours: dict[int, dict[str, Decimal]],
    *,
    title: Title,
    education: str,
    application_year: int,
    title_obtained_year: int | None = None,
) -> Verdict:
    """The verdict with the year's policy: the calculator, the API and the person's page all come here."""
    policy = policy_for(application_year)
    return verdict_under(
        policy,
        hours,
        required_years=required_years_for(policy, title, education),
        application_year=application_year,
        title_obtained_year=title_obtained_year,
    )


def verdict_under(
    policy: Policy,
    hours: dict[int, dict[str, Decimal]],
    *,
    required_years: int,
    application_year: int,
    title_obtained_year: int | None = None,
) -> Verdict:
    """The verdict under a policy already read, for a title whose years-in-grade line is already known (a
    case's eligibility check has both)."""
    return evaluate(
        hours,
        application_year=application_year,
        required_years=required_years,
        thresholds=Thresholds.from_policy(policy),
        title_obtained_year=title_obtained_year,
    )
