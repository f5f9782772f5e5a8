"""The scenario's meetings: those of 2022, seeded as they were held, and one to run from the pages.

The meeting services hold meetings from today on, with a report five working days ahead; the scenario's
meetings sat on 12 Oct 2022, so, like the 2022 publicity lists, they are the one place written directly:
a closed meeting per committee and the ballot's counts for each case, with the close event recorded.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Expert
from zhicheng.demo import scenario
from zhicheng.demo.standards import load_standards
from zhicheng.evaluation.meetings import OPEN_STATES, meeting_create, minimum_panel_for, panel_draw
from zhicheng.evaluation.models import Meeting, MeetingCase
from zhicheng.evaluation.reports import report_submit
from zhicheng.evaluation.selectors import approved_standard
from zhicheng.policy.models import Specialty, Title
from zhicheng.policy.workdays import Calendar


@transaction.atomic
def seed_meeting(application: Application, outcome: str, actor) -> None:
    grade = application.title.grade
    standard = approved_standard(application.series, grade)
    if standard is None:  # the test world loads no standards until a case reaches a meeting
        load_standards()
        standard = approved_standard(application.series, grade)
    if standard is None:
        raise LookupError(f"演示数据中没有{application.series.name}系列该级别的量化评价标准")
    meeting, created = Meeting.objects.get_or_create(
        committee=application.committee,
        date=scenario.PLAN_2022["meeting_date"],
        defaults={"venue": "评委会会议室", "state": Meeting.State.CLOSED, "created_by": actor},
    )
    if created:
        record_event(actor=actor, action="meeting.close", obj=meeting, after=meeting.state, reason="2022年度评审会议")
    voters = max(application.committee.members.count(), 1)
    passed = outcome != Outcome.FAILED
    MeetingCase.objects.get_or_create(
        meeting=meeting,
        application=application,
        defaults={
            "order": meeting.cases.count() + 1,
            "standard": standard,
            "yes": voters if passed else 0,
            "no": 0 if passed else voters,
            "abstain": 0,
            "voters": voters,
            "passed": passed,
        },
    )


def load_expert_pool() -> None:
    """The 汽车零部件工程 experts of the pool, with logins (the demo password) to score and vote."""
    from zhicheng.demo.loader import _user

    specialty = Specialty.objects.get(series__name="工程", name="汽车零部件工程")
    senior = Title.objects.get(series__name="工程", name="高级工程师")
    for username, name, employer in scenario.AUTO_PARTS_EXPERTS:
        user = _user(username, name, Role.EXPERT, employer)
        organisation = user.organisation
        assert organisation is not None
        Expert.objects.get_or_create(
            user=user,
            defaults={"specialty": specialty, "title": senior, "employer": organisation, "region": organisation.region},
        )


@transaction.atomic
def load_live_meeting() -> None:
    """A meeting to run from the pages: agenda set, panel drawn, report submitted and awaiting approval."""
    case = Application.objects.filter(
        applicant__username=scenario.LIVE_MEETING_APPLICANT, state=State.PRE_PUBLICITY
    ).first()
    if case is None or Meeting.objects.filter(committee=case.committee, state__in=OPEN_STATES).exists():
        return
    office = User.objects.filter(role=Role.OFFICE, organisation__in=case.committee.offices.all()).order_by("id")[0]
    on = Calendar().next_workday(timezone.localdate() + timedelta(weeks=scenario.LIVE_MEETING_WEEKS_AHEAD))
    meeting = meeting_create(
        case.committee, actor=office, on=on, venue=scenario.LIVE_MEETING_VENUE, applications=[case]
    )
    panel_draw(meeting, actor=office, size=minimum_panel_for(meeting), seed=scenario.LIVE_MEETING_SEED)
    report_submit(meeting, actor=office)
