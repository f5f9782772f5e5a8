"""Moving a meeting built by `ready_meeting` on: an approved report, attendance, opening, scores, votes."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from tests.evaluation.helpers import office_of, ready_meeting
from zhicheng.evaluation.ballot import ballot_cast
from zhicheng.evaluation.meetings import attendance_record, meeting_open, voting_open
from zhicheng.evaluation.models import Meeting, MeetingReport, Panelist
from zhicheng.evaluation.scoring import score_submit

MEETING_DAY = date(2026, 12, 21)


def approve_report(meeting: Meeting, world) -> MeetingReport:
    """The bureau's written approval, as report_approve leaves it (the report services have their own tests)."""
    return MeetingReport.objects.create(
        meeting=meeting,
        content={},
        state=MeetingReport.State.APPROVED,
        submitted_by=office_of(meeting.committee),
        submitted_at=timezone.now(),
        decided_by=world["bureau"],
        decided_at=timezone.now(),
        opinion="同意召开",
    )


def opened(world, *, panel: int = 5, present: int | None = None, cases: int = 1) -> tuple[Meeting, list[Panelist]]:
    """An open meeting whose first `present` panelists came; returns it with those present."""
    meeting = ready_meeting(world, on=MEETING_DAY, cases=cases, experts=panel + 1, size=panel)
    approve_report(meeting, world)
    office = office_of(meeting.committee)
    drawn = list(meeting.panel.select_related("expert__user").order_by("order"))
    came = drawn[: panel if present is None else present]
    attendance_record(meeting, actor=office, present={p.pk for p in came})
    meeting_open(meeting, actor=office)
    return meeting, came


def score_everything(meeting: Meeting, panelists: list[Panelist], share: Decimal = Decimal("0.8")) -> None:
    """Every present, non-recused panelist gives each indicator `share` of its maximum."""
    for case in meeting.cases.all():
        recused = set(case.recusals.values_list("panelist_id", flat=True))
        points = {str(i.pk): i.max_points * share for i in case.standard.indicators.all()}
        for panelist in panelists:
            if panelist.pk not in recused:
                score_submit(case, actor=panelist.expert.user, points=points)


def voting(world, **kwargs) -> tuple[Meeting, list[Panelist]]:
    meeting, came = opened(world, **kwargs)
    score_everything(meeting, came)
    voting_open(meeting, actor=office_of(meeting.committee))
    meeting.refresh_from_db()
    return meeting, came


def vote(case, panelists: list[Panelist], yes: int, no: int = 0) -> None:
    """The first `yes` vote yes, the next `no` vote no, the rest abstain."""
    for n, panelist in enumerate(panelists):
        choice = "yes" if n < yes else "no" if n < yes + no else "abstain"
        ballot_cast(case, actor=panelist.expert.user, choice=choice)
