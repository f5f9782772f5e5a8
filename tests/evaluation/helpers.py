"""Shared builders for meeting tests: a meeting with its agenda and a drawn panel, ready to be reported.

`ready_meeting` goes through the real services (make_case, meeting_create, panel_draw); only the reference
data a meeting needs and no service creates for a test (an approved standard, an expert pool) is written
directly through the ORM.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from tests.factories import make_case
from zhicheng.accounts.models import Organisation, Role, User
from zhicheng.applications.models import Application, State
from zhicheng.committees.models import Committee, Expert
from zhicheng.evaluation.meetings import meeting_create, minimum_panel, panel_draw
from zhicheng.evaluation.models import Indicator, Meeting, Standard
from zhicheng.policy.models import Series, Specialty, Title
from zhicheng.policy.selectors import policy_for

LIANDU_JUNIOR = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"

# Applicants employed in 莲都区 whose 助理工程师 case the 莲都区 初评委 takes; the first `cases` are used.
APPLICANTS = ["zhangwei", "xuming", "sunli", "luoyu", "liuyang"]

# The expert pool: enough 机械工程 experts, none employed by the applicants' employers (so no recusals).
EXPERT_NAMES = [
    "王建华",
    "陈立新",
    "林海燕",
    "周文涛",
    "郑志明",
    "吴秀兰",
    "蒋国平",
    "叶春华",
    "朱晓峰",
    "许丽萍",
    "潘永强",
    "卢慧敏",
    "方志勇",
    "邱雪梅",
    "严振华",
    "金晓东",
]
EXPERT_EMPLOYER = "龙泉汽车空调配件股份有限公司"

INDICATORS = [
    ("学历与任职年限", Decimal("20"), "按学历、任职年限计分"),
    ("专业技术工作业绩", Decimal("50"), "代表性业绩、项目验收、技术报告"),
    ("继续教育与职业道德", Decimal("30"), "学时达标、无不良记录"),
]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def approved_standard_for_assistants(world) -> Standard:
    """The bureau-approved 工程 series 助理级 standard with a few indicators (55号 §4(一)); made once."""
    standard, created = Standard.objects.get_or_create(
        series=Series.objects.get(name="工程"),
        grade="assistant",
        version=1,
        defaults={
            "name": "工程系列助理级量化评价标准",
            "state": Standard.State.APPROVED,
            "drafted_by": world["office"],
            "decided_by": world["bureau"],
            "decided_at": timezone.now(),
            "opinion": "同意实施",
        },
    )
    if created:
        Indicator.objects.bulk_create(
            Indicator(standard=standard, order=n, name=name, max_points=points, guidance=guidance)
            for n, (name, points, guidance) in enumerate(INDICATORS, start=1)
        )
    return standard


def expert_pool(count: int, *, specialty: str = "机械工程") -> list[Expert]:
    """At least `count` active experts of `specialty` in the pool (expert users with Expert rows)."""
    employer = Organisation.objects.get(name=EXPERT_EMPLOYER)
    chosen = Specialty.objects.get(name=specialty)
    title = Title.objects.get(series=chosen.series, name="高级工程师")
    experts = []
    for n, name in enumerate(EXPERT_NAMES[:count], start=1):
        user, _ = User.objects.get_or_create(
            username=f"zj_pool{n:02d}", defaults={"name": name, "role": Role.EXPERT, "organisation": employer}
        )
        expert, _ = Expert.objects.get_or_create(
            user=user,
            defaults={"specialty": chosen, "title": title, "employer": employer, "region": employer.region},
        )
        experts.append(expert)
    if len(experts) < count:
        raise ValueError(f"expert_pool knows {len(EXPERT_NAMES)} names; asked for {count}")
    return experts


def office_of(committee: Committee) -> User:
    return User.objects.filter(role=Role.OFFICE, organisation__in=committee.offices.all()).order_by("id").first()


def ready_meeting(
    world,
    *,
    on: date,
    cases: int = 1,
    experts: int = 6,
    applicants: list[str] | None = None,
    committee: Committee | None = None,
    size: int | None = None,
    created_on: date | None = None,
) -> Meeting:
    """A scheduled meeting on `on`, with `cases` 助理工程师 cases on its agenda and a drawn panel.

    - cases: made with `make_case(State.PRE_PUBLICITY)` for the first `cases` names of APPLICANTS (or of
      `applicants`); they are routed to the 莲都区 初评委, and meeting_create schedules them (待评审).
    - experts: how many 机械工程 experts the pool holds (employed at 龙泉汽车空调配件股份有限公司, so no
      automatic recusals); at least the panel size.
    - committee: hold the meeting for another committee (e.g. a 中评委 built by a test); the cases are then
      moved to it directly, as routing would have put them there. Its office (first office user) acts.
    - size: the panel drawn; by default the policy's minimum for the committee's level (5 for a 初评委).
    - created_on: the day the office creates the meeting and draws the panel (default: 14 days before
      `on`); time is frozen to that day only while building, so the caller controls "today" afterwards.
    """
    names = (applicants or APPLICANTS)[:cases]
    if len(names) < cases:
        raise ValueError(f"ready_meeting has {len(names)} applicants; asked for {cases} cases")
    created_on = created_on or on - timedelta(days=14)
    with time_machine.travel(datetime.combine(created_on, time(9, 0), tzinfo=SHANGHAI), tick=False):
        approved_standard_for_assistants(world)
        applications = [make_case(State.PRE_PUBLICITY, applicant=name) for name in names]
        if committee is None:
            committee = Committee.objects.get(name=LIANDU_JUNIOR)
        else:
            Application.objects.filter(pk__in=[a.pk for a in applications]).update(committee=committee)
            for application in applications:
                application.refresh_from_db()
        office = office_of(committee)
        meeting = meeting_create(
            committee, actor=office, on=on, venue="莲都区人力社保局三楼会议室", applications=applications
        )
        size = size or minimum_panel(meeting, policy_for(on.year))
        expert_pool(max(experts, size))
        panel_draw(meeting, actor=office, size=size, seed="ready-meeting")
    meeting.refresh_from_db()
    return meeting
