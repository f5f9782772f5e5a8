"""Changes to policy: starting a year, editing its numbers, and the holiday table; each one audited."""

from decimal import Decimal

from django.db import transaction

from zhicheng.audit.services import record_event
from zhicheng.lib.errors import Conflict, Forbidden
from zhicheng.policy.models import CalendarDay, Policy, YearsInGrade

EDITABLE_FIELDS = [
    f.name for f in Policy._meta.concrete_fields if f.name not in {"id", "year", "created_at", "updated_at"}
]


def _ensure_editor(actor) -> None:
    if actor is not None and not actor.has_perm("policy.edit_policy"):
        raise Forbidden("只有省、市人力社保局可以修改政策参数")


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def policy_start_year(year: int, *, actor) -> Policy:
    """A new year starts as a copy of the latest earlier one, years-in-grade table included."""
    _ensure_editor(actor)
    if Policy.objects.filter(year=year).exists():
        raise Conflict(f"{year}年度政策参数已存在")
    source = Policy.objects.filter(year__lt=year).order_by("-year").first()
    if source is None:
        raise Conflict(f"没有{year}年以前的政策参数可供复制")
    copy = Policy.objects.create(year=year, **{name: getattr(source, name) for name in EDITABLE_FIELDS})
    YearsInGrade.objects.bulk_create(
        YearsInGrade(
            policy=copy,
            title_id=row.title_id,
            education=row.education,
            prior_title_id=row.prior_title_id,
            years=row.years,
        )
        for row in source.years_in_grade.all()
    )
    record_event(actor=actor, action="policy.start_year", obj=copy, reason=f"复制自{source.year}年度")
    return copy


@transaction.atomic
def policy_update(policy: Policy, *, actor, changes: dict, reason: str = "") -> Policy:
    """Edit the year's numbers; the audit event keeps every old and new value."""
    _ensure_editor(actor)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    diff = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise Conflict(f"字段 {name} 不可修改")
        old = getattr(policy, name)
        if old != value:
            diff[name] = {"from": _plain(old), "to": _plain(value)}
            setattr(policy, name, value)
    if diff:
        policy.full_clean()
        policy.save()
        record_event(actor=actor, action="policy.update", obj=policy, reason=reason, data=diff)
    return policy


@transaction.atomic
def years_in_grade_update(line: YearsInGrade, *, actor, years: int, prior_title) -> YearsInGrade:
    """Edit one line of the years-in-grade table; the audit event keeps the old and new values."""
    _ensure_editor(actor)
    line = YearsInGrade.objects.select_for_update().get(pk=line.pk)
    diff = {}
    if line.years != years:
        diff["years"] = {"from": line.years, "to": years}
    if line.prior_title_id != getattr(prior_title, "pk", None):
        diff["prior_title"] = {"from": str(line.prior_title or ""), "to": str(prior_title or "")}
    if diff:
        line.years, line.prior_title = years, prior_title
        line.save(update_fields=["years", "prior_title"])
        record_event(actor=actor, action="years_in_grade.update", obj=line, reason=str(line), data=diff)
    return line


@transaction.atomic
def calendar_day_set(day, *, actor, kind: str, name: str = "") -> CalendarDay:
    """Enter a holiday or adjusted working day from the State Council's notice."""
    _ensure_editor(actor)
    entry, _ = CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
    record_event(
        actor=actor, action="calendar_day.set", obj=entry, after=kind, reason=name, data={"date": day.isoformat()}
    )
    return entry
