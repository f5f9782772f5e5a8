"""Quantified evaluation standards (量化评价标准, 55号 §4(一)): a committee office drafts a versioned list of
indicators for a series and grade, a province or city bureau approves it with a written opinion (or refuses it
with reasons), and only an approved version is used by meetings (`selectors.approved_standard`).

Every change is one service: permission, rule, change, audit event, one transaction (DESIGN.md). The reads a
page needs are at the end, scoped to the user.
"""

from decimal import Decimal, InvalidOperation

import rules
from django.db import transaction
from django.db.models import Case, Count, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zhicheng.accounts.models import Region, Role
from zhicheng.accounts.rules import region_contains
from zhicheng.audit.services import record_event
from zhicheng.evaluation.models import Indicator, Standard
from zhicheng.evaluation.selectors import approved_standard
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import GRADE_ORDER, SCALE_TOTAL_POINTS, Grade, Series

CLAUSE = "55号 §4(一)"


EDITABLE_STATES = (Standard.State.DRAFT, Standard.State.REFUSED)
# A version still on its way to a decision; while one exists no other version of the same series and grade
# is started, so two drafts never race to supersede each other.
OPEN_STATES = (Standard.State.DRAFT, Standard.State.SUBMITTED, Standard.State.REFUSED)


# --- who may do what ------------------------------------------------------------------------------------


@rules.predicate
def is_standards_drafter(user) -> bool:
    """A committee office (评委会办公室) drafts standards for its committees."""
    return getattr(user, "role", None) == Role.OFFICE and user.organisation_id is not None


@rules.predicate
def is_standards_approver(user) -> bool:
    """A province or city bureau, as for policy editing (policy.rules); a district bureau does not approve."""
    region = getattr(user, "region", None)
    return (
        getattr(user, "role", None) == Role.BUREAU
        and region is not None
        and region.level in (Region.Level.PROVINCE, Region.Level.CITY)
    )


def is_drafting_office(user, standard: Standard) -> bool:
    return is_standards_drafter(user) and standard.drafted_by.organisation_id == user.organisation_id


def is_approver_of(user, standard: Standard) -> bool:
    """The province bureau, or the city bureau over the drafting office's region."""
    return is_standards_approver(user) and region_contains(user, standard.drafted_by.region)


def _ensure_drafter(actor) -> None:
    if not is_standards_drafter(actor):
        raise Forbidden("只有评委会办公室可以起草量化评价标准", clause=CLAUSE)


def _ensure_drafting_office(standard: Standard, actor) -> None:
    if not is_drafting_office(actor, standard):
        raise Forbidden(f"只有起草{standard}的评委会办公室可以修改、报送此标准", clause=CLAUSE)


def _ensure_approver(standard: Standard, actor) -> None:
    if not is_approver_of(actor, standard):
        raise Forbidden("量化评价标准由省、市人力社保局审批，区/县人力社保局和评委会办公室不能审批", clause=CLAUSE)


# --- helpers --------------------------------------------------------------------------------------------


def _lock(standard: Standard) -> Standard:
    return Standard.objects.select_for_update(of=("self",)).select_related("drafted_by", "series").get(pk=standard.pk)


def _ensure_state(standard: Standard, states: tuple[str, ...], *, doing: str) -> None:
    if standard.state not in states:
        raise Conflict(f"{standard}当前为「{standard.get_state_display()}」，不能{doing}", clause=CLAUSE)


def _ensure_no_open_version(series: Series, grade: str) -> None:
    open_version = Standard.objects.filter(series=series, grade=grade, state__in=OPEN_STATES).first()
    if open_version is not None:
        raise Conflict(
            f"{series.name}系列{Grade(grade).label}已有{open_version}（{open_version.get_state_display()}）正在办理，"
            "请在该版本上修改，审批后再起草新版本",
            clause=CLAUSE,
        )


def _next_version(series: Series, grade: str) -> int:
    # The series row is locked first, so two offices creating at once get consecutive numbers.
    Series.objects.select_for_update().filter(pk=series.pk).first()
    latest = Standard.objects.filter(series=series, grade=grade).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _points(value) -> Decimal:
    """A maximum, checked: more than zero, at most the scale's total, and in steps of 0.1 point."""
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        raise RuleViolation(f"满分「{value}」不是数字", clause=CLAUSE) from None
    if not points.is_finite() or points <= 0:
        raise RuleViolation(f"指标满分须大于0分，现为{value}分", clause=CLAUSE)
    if points > SCALE_TOTAL_POINTS:
        raise RuleViolation(
            f"指标满分不能超过总分{_format(SCALE_TOTAL_POINTS)}分，现为{_format(points)}分，"
            f"超出{_format(points - SCALE_TOTAL_POINTS)}分",
            clause=CLAUSE,
        )
    if points != points.quantize(Decimal("0.1")):
        raise RuleViolation(f"指标满分最多保留一位小数，现为{value}", clause=CLAUSE)
    return points.quantize(Decimal("0.1"))


def _name(value: str, *, what: str) -> str:
    name = (value or "").strip()
    if not name:
        raise RuleViolation(f"请填写{what}", clause=CLAUSE)
    return name


def total_points(standard: Standard) -> Decimal:
    return standard.indicators.aggregate(total=Sum("max_points"))["total"] or Decimal(0)


def _format(points: Decimal) -> str:
    return f"{points.normalize():f}"


def _indicator_data(indicator: Indicator) -> dict:
    return {
        "indicator": indicator.pk,
        "order": indicator.order,
        "name": indicator.name,
        "max_points": str(indicator.max_points),
        "guidance": indicator.guidance,
    }


# --- drafting -------------------------------------------------------------------------------------------


@transaction.atomic
def standard_create(series: Series, grade: str, *, actor, name: str) -> Standard:
    """A committee office starts a new version of the standard for a series and grade, as a draft (55号 §4(一))."""
    _ensure_drafter(actor)
    if grade not in Grade.values:
        raise RuleViolation(f"没有「{grade}」这一级别", clause=CLAUSE)
    name = _name(name, what="标准名称")
    version = _next_version(series, grade)
    _ensure_no_open_version(series, grade)
    standard = Standard.objects.create(series=series, grade=grade, version=version, name=name, drafted_by=actor)
    record_event(
        actor=actor,
        action="standard.create",
        obj=standard,
        after=standard.state,
        data={"series": series.name, "grade": grade, "version": version, "name": name},
    )
    return standard


@transaction.atomic
def indicator_add(standard: Standard, *, actor, name: str, max_points, guidance: str = "") -> Indicator:
    """The drafting office adds an indicator while the standard is a draft or was refused (55号 §4(一))."""
    standard = _lock(standard)
    _ensure_drafting_office(standard, actor)
    _ensure_state(standard, EDITABLE_STATES, doing="修改指标")
    name, points = _name(name, what="指标名称"), _points(max_points)
    order = (standard.indicators.aggregate(last=Max("order"))["last"] or 0) + 1
    indicator = Indicator.objects.create(
        standard=standard, order=order, name=name, max_points=points, guidance=(guidance or "").strip()
    )
    record_event(actor=actor, action="standard.indicator_add", obj=standard, data=_indicator_data(indicator))
    return indicator


@transaction.atomic
def indicator_update(indicator: Indicator, *, actor, name: str, max_points, guidance: str = "") -> Indicator:
    """The drafting office changes an indicator while the standard is a draft or was refused (55号 §4(一))."""
    standard = _lock(indicator.standard)
    indicator = Indicator.objects.get(pk=indicator.pk)
    _ensure_drafting_office(standard, actor)
    _ensure_state(standard, EDITABLE_STATES, doing="修改指标")
    before = _indicator_data(indicator)
    indicator.name, indicator.max_points = _name(name, what="指标名称"), _points(max_points)
    indicator.guidance = (guidance or "").strip()
    indicator.save(update_fields=["name", "max_points", "guidance"])
    record_event(
        actor=actor,
        action="standard.indicator_update",
        obj=standard,
        data={"before": before, "after": _indicator_data(indicator)},
    )
    return indicator


@transaction.atomic
def indicator_remove(indicator: Indicator, *, actor) -> None:
    """The drafting office removes an indicator while the standard is a draft or was refused; the ones after it
    move up, so the numbering stays 1, 2, 3… (55号 §4(一))."""
    standard = _lock(indicator.standard)
    indicator = Indicator.objects.get(pk=indicator.pk)
    _ensure_drafting_office(standard, actor)
    _ensure_state(standard, EDITABLE_STATES, doing="修改指标")
    removed = _indicator_data(indicator)
    indicator.delete()
    # One at a time, lowest first: each moves into the slot just freed, so (standard, order) stays unique.
    for later in standard.indicators.filter(order__gt=removed["order"]).order_by("order"):
        later.order -= 1
        later.save(update_fields=["order"])
    record_event(actor=actor, action="standard.indicator_remove", obj=standard, data=removed)


@transaction.atomic
def standard_submit(standard: Standard, *, actor) -> Standard:
    """The drafting office submits the standard for approval: at least one indicator, and maxima adding up to
    exactly the scale's total (55号 §4(一))."""
    standard = _lock(standard)
    _ensure_drafting_office(standard, actor)
    _ensure_state(standard, EDITABLE_STATES, doing="报送审批")
    count = standard.indicators.count()
    if count == 0:
        raise RuleViolation(f"{standard}还没有评价指标，请至少添加一项指标后再报送", clause=CLAUSE)
    total = total_points(standard)
    if total != SCALE_TOTAL_POINTS:
        gap = total - SCALE_TOTAL_POINTS
        how = f"多{_format(gap)}分" if gap > 0 else f"少{_format(-gap)}分"
        raise RuleViolation(
            f"各项指标满分合计须为{_format(SCALE_TOTAL_POINTS)}分，现为{_format(total)}分，{how}",
            clause=CLAUSE,
            detail={"total": _format(total), "difference": _format(gap)},
        )
    before = standard.state
    standard.state, standard.submitted_at = Standard.State.SUBMITTED, timezone.now()
    # A resubmitted standard awaits a new decision: the refusal stays in the audit log.
    standard.decided_by, standard.decided_at, standard.opinion = None, None, ""
    standard.save(update_fields=["state", "submitted_at", "decided_by", "decided_at", "opinion"])
    record_event(
        actor=actor,
        action="standard.submit",
        obj=standard,
        before=before,
        after=standard.state,
        data={"indicators": count, "total": str(total)},
    )
    return standard


# --- the bureau's decision ------------------------------------------------------------------------------


def _decide(standard: Standard, *, actor, to: str, text: str, action: str, what: str) -> Standard:
    standard = _lock(standard)
    _ensure_approver(standard, actor)
    _ensure_state(standard, (Standard.State.SUBMITTED,), doing="审批")
    text = _name(text, what=what)
    before = standard.state
    standard.state, standard.decided_by, standard.decided_at, standard.opinion = to, actor, timezone.now(), text
    standard.save(update_fields=["state", "decided_by", "decided_at", "opinion"])
    record_event(actor=actor, action=action, obj=standard, before=before, after=standard.state, reason=text)
    return standard


@transaction.atomic
def standard_approve(standard: Standard, *, actor, opinion: str) -> Standard:
    """A province or city bureau approves the standard with a written opinion; from then on new meetings of
    this series and grade score on it (55号 §4(一))."""
    return _decide(
        standard, actor=actor, to=Standard.State.APPROVED, text=opinion, action="standard.approve", what="审批意见"
    )


@transaction.atomic
def standard_refuse(standard: Standard, *, actor, reason: str) -> Standard:
    """A province or city bureau refuses the standard with its reasons; the office may revise and resubmit
    (55号 §4(一))."""
    return _decide(
        standard, actor=actor, to=Standard.State.REFUSED, text=reason, action="standard.refuse", what="不予批准的理由"
    )


@transaction.atomic
def standard_new_version(standard: Standard, *, actor) -> Standard:
    """A committee office starts the next version of an approved standard as a draft copy of its indicators;
    the approved one stays in force until the new one is approved (55号 §4(一))."""
    _ensure_drafter(actor)
    source = _lock(standard)
    _ensure_state(source, (Standard.State.APPROVED,), doing="作为新版本的底稿")
    version = _next_version(source.series, source.grade)
    _ensure_no_open_version(source.series, source.grade)
    draft = Standard.objects.create(
        series=source.series, grade=source.grade, version=version, name=source.name, drafted_by=actor
    )
    copies = Indicator.objects.bulk_create(
        Indicator(standard=draft, order=i.order, name=i.name, max_points=i.max_points, guidance=i.guidance)
        for i in source.indicators.order_by("order")
    )
    record_event(
        actor=actor,
        action="standard.new_version",
        obj=draft,
        after=draft.state,
        data={"from": source.pk, "from_version": source.version, "version": version, "indicators": len(copies)},
    )
    return draft


# --- reads ----------------------------------------------------------------------------------------------

VIEWER_ROLES = (Role.OFFICE, Role.BUREAU, Role.EXPERT)


def standards_visible_to(user) -> QuerySet[Standard]:
    """Everyone of an office, bureau or expert sees the approved versions; an office also sees its own drafts,
    and a province or city bureau the ones submitted to it from its region."""
    standards = Standard.objects.select_related("series", "drafted_by", "decided_by")
    if getattr(user, "role", None) not in VIEWER_ROLES:
        return standards.none()
    visible = Q(state=Standard.State.APPROVED)
    if is_standards_drafter(user):
        visible |= Q(drafted_by__organisation=user.organisation_id)
    if is_standards_approver(user):
        visible |= Q(
            state__in=(Standard.State.SUBMITTED, Standard.State.REFUSED),
            drafted_by__organisation__region__path__startswith=user.region.path,
        )
    return standards.filter(visible)


def standard_list_visible_to(user) -> QuerySet[Standard]:
    """The visible standards with their indicator count and total, and the version in force for their series
    and grade (`current`), so a list shows which approved versions are superseded."""
    in_force = Standard.objects.filter(
        series=OuterRef("series"), grade=OuterRef("grade"), state=Standard.State.APPROVED
    ).order_by("-version")
    return (
        standards_visible_to(user)
        .annotate(
            indicator_count=Count("indicators"),
            points=Sum("indicators__max_points"),
            current=Subquery(in_force.values("version")[:1]),
            grade_rank=Case(*(When(grade=g, then=Value(n)) for n, g in enumerate(GRADE_ORDER))),
        )
        .order_by("series_id", "grade_rank", "-version")
    )


def standard_get_for_user(pk: int, *, user) -> Standard:
    standard = get_object_or_404(Standard.objects.select_related("series", "drafted_by"), pk=pk)
    if not standards_visible_to(user).filter(pk=pk).exists():
        raise Forbidden("您无权查看这份量化评价标准", clause=CLAUSE)
    return standard


def standard_in_force(standard: Standard) -> Standard | None:
    """The version meetings of this standard's series and grade use now."""
    return approved_standard(standard.series, standard.grade)


def indicator_of(standard: Standard, pk: int) -> Indicator:
    return get_object_or_404(Indicator, standard=standard, pk=pk)


def standards_awaiting(user) -> QuerySet[Standard]:
    """What waits on the user: an office's drafts and refused versions, a bureau's submitted ones."""
    visible = standard_list_visible_to(user)
    if is_standards_approver(user):
        return visible.filter(state=Standard.State.SUBMITTED)
    if is_standards_drafter(user):
        return visible.filter(drafted_by__organisation=user.organisation_id, state__in=EDITABLE_STATES)
    return visible.none()
