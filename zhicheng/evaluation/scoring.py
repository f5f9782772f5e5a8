"""Scoring on the approved standard (55号 §4(一)) and the two ranked lists (55号 §2): every case by its
score with the mountain-county weighting, and the 单列 list of mountain-county applicants, each against its
own pass line from the plan. At equal scores a mountain-county applicant ranks first."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Avg

from zhicheng.audit.services import record_event
from zhicheng.committees.selectors import plan_for
from zhicheng.evaluation.meetings import is_recused, panelist_for
from zhicheng.evaluation.models import Meeting, MeetingCase, Score
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import Policy
from zhicheng.policy.selectors import policy_for

CENT = Decimal("0.01")
STANDARD_CLAUSE = "55号 §4(一)"
TENTH = Decimal("0.1")  # scores are given to a tenth of a point, as the total is stored


def _points(raw, indicator) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise RuleViolation(f"「{indicator.name}」的得分应为数字", clause=STANDARD_CLAUSE) from None
    if not value.is_finite() or value < 0 or value > indicator.max_points:
        raise RuleViolation(
            f"「{indicator.name}」的得分应在 0 至 {indicator.max_points} 分之间，现为 {raw}", clause=STANDARD_CLAUSE
        )
    if value != value.quantize(TENTH):
        raise RuleViolation(f"「{indicator.name}」的得分最多保留一位小数，现为 {raw}", clause=STANDARD_CLAUSE)
    return value.quantize(TENTH)


@transaction.atomic
def score_submit(case: MeetingCase, *, actor, points: dict) -> Score:
    """A present, non-recused expert scores every indicator of the case's standard; it may be revised until
    voting opens."""
    meeting = Meeting.objects.select_for_update().get(pk=case.meeting_id)
    if meeting.state != Meeting.State.OPEN:
        raise Conflict(f"会议当前为「{meeting.get_state_display()}」，不在评分阶段")
    panelist = panelist_for(meeting, actor)
    if is_recused(case, panelist):
        raise Forbidden("您已回避该申报，不能评分")
    indicators = list(case.standard.indicators.all())
    missing = [i.name for i in indicators if str(i.pk) not in points and i.pk not in points]
    if missing:
        raise RuleViolation("以下指标尚未评分：" + "、".join(missing), clause=STANDARD_CLAUSE)
    given = {str(i.pk): _points(points.get(str(i.pk), points.get(i.pk)), i) for i in indicators}
    total = sum(given.values(), Decimal(0))
    score, created = Score.objects.update_or_create(
        meeting_case=case,
        panelist=panelist,
        defaults={"points": {k: format(v, "f") for k, v in given.items()}, "total": total},
    )
    record_event(actor=actor, action="score.submit", obj=case, data={"total": str(total), "revised": not created})
    return score


def mountain_points(years: Decimal, policy: Policy) -> Decimal:
    """The weighting for years worked in a 山区26县: points per year, up to the cap (55号 §2)."""
    return min(Decimal(years) * policy.mountain_points_per_year, policy.mountain_points_cap)


@dataclass(frozen=True)
class Row:
    case: MeetingCase
    mean: Decimal | None
    bonus: Decimal
    rank: int = 0
    above_line: bool | None = None

    @property
    def total(self) -> Decimal | None:
        return None if self.mean is None else self.mean + self.bonus

    @property
    def mountain(self) -> bool:
        return self.case.application.in_mountain_pool


@dataclass(frozen=True)
class Ranking:
    general: list[Row]
    mountain: list[Row]
    pass_score: Decimal | None
    mountain_pass_score: Decimal | None


def sort_key(row: Row) -> tuple:
    """Higher total first; at equal totals a mountain-county applicant first; then agenda order."""
    return (row.total is None, -(row.total or 0), not row.mountain, row.case.order)


def ranked(rows: list[Row], line: Decimal | None) -> list[Row]:
    ordered = sorted(rows, key=sort_key)
    return [
        Row(
            r.case,
            r.mean,
            r.bonus,
            rank=n,
            above_line=None if line is None or r.total is None else r.total >= line,
        )
        for n, r in enumerate(ordered, start=1)
    ]


def ranking(meeting: Meeting) -> Ranking:
    policy = policy_for(meeting.date.year)
    first = meeting.cases.select_related("application").first()
    plan = plan_for(meeting.committee, first.application.year) if first else None  # the cases' evaluation year
    rows = []
    for case in meeting.cases.select_related("application__applicant", "application__employer").annotate(
        mean_total=Avg("scores__total")
    ):
        mean = None if case.mean_total is None else Decimal(case.mean_total).quantize(CENT, ROUND_HALF_UP)
        application = case.application
        bonus = mountain_points(application.mountain_years, policy) if application.in_mountain_pool else Decimal(0)
        rows.append(Row(case, mean, bonus))
    pass_score = plan.pass_score if plan else None
    mountain_line = plan.mountain_pass_score if plan else None
    return Ranking(
        general=ranked(rows, pass_score),
        mountain=ranked([r for r in rows if r.mountain], mountain_line),
        pass_score=pass_score,
        mountain_pass_score=mountain_line,
    )
