from datetime import date
from decimal import Decimal

from tests.factories import make_professional
from zhicheng.accounts.models import Organisation, User
from zhicheng.alerts import detectors
from zhicheng.alerts.models import Alert
from zhicheng.applications.models import Application
from zhicheng.archive.models import Achievement
from zhicheng.committees.models import Committee
from zhicheng.education.models import CERecord
from zhicheng.policy.models import Specialty, Title
from zhicheng.policy.selectors import policy_for

TEXT = (
    "本人主持完成了丽水市某智能装备企业数控机床主轴系统的热变形补偿技术研究，针对高速切削过程中主轴温升导致的加工精度下降问题，"
    "建立了基于多测点温度数据的热误差预测模型，提出了分段线性补偿算法并在数控系统中实现实时补偿。项目实施后，机床连续运行八小时的"
    "轴向热漂移由原来的二十八微米降低到六微米以内，零件加工合格率提高了百分之十二，年节约返工成本约八十万元，相关成果已在公司"
    "三条生产线上推广应用，并形成企业技术标准一项。"
)


def employer(name="丽水莲都智能装备有限公司"):
    return Organisation.objects.get(name=name)


def achievement(person, title, *, description="", identifier_key="", kind="report"):
    return Achievement.objects.create(
        professional=person,
        kind=kind,
        title=title,
        description=description,
        role="第一完成人",
        achieved_on=date(2021, 5, 1),
        identifier_key=identifier_key,
    )


def test_it_finds_one_doi_claimed_by_two_people(world):
    a, b = make_professional(employer(), sequence=901), make_professional(employer(), sequence=902)
    achievement(a, "论文甲", identifier_key="doi:10.1000/xyz", kind="paper")
    achievement(b, "论文乙", identifier_key="doi:10.1000/xyz", kind="paper")
    achievement(b, "论文丙", identifier_key="doi:10.1000/other", kind="paper")
    alerts = detectors.detect_duplicate_identifiers()
    assert [a.evidence["identifier"] for a in alerts] == ["doi:10.1000/xyz"]
    assert alerts[0].evidence["people"] == 2
    stored = Alert.objects.get(kind=alerts[0].kind, key=alerts[0].key)
    assert stored.region.name == "莲都区"  # the employer's district sees it


def test_it_finds_a_near_copy_and_not_an_unrelated_text(world):
    a, b, c = (make_professional(employer(), sequence=n) for n in (911, 912, 913))
    original = achievement(a, "数控机床主轴热变形补偿技术研究", description=TEXT)
    copied = TEXT.replace("丽水市", "金华市").replace("二十八", "三十").replace("八十万", "九十万")
    copy = achievement(b, "数控机床主轴热变形补偿技术研究", description=copied)
    achievement(
        c,
        "山区县农村供水工程运行管理模式研究",
        description=(
            "针对山区县农村供水工程点多面广、管护力量薄弱的现状，调研了县内一百二十余处单村供水站的运行数据，提出了"
            "以乡镇为单元的统一管护模式和水费分级收取办法，编制了运行管理手册，培训基层管水员三百余人次，供水保证率明显提升。"
        ),
    )
    alerts = detectors.detect_near_duplicates(2022)
    assert len(alerts) == 1
    named = {r["achievement"] for r in alerts[0].evidence["achievements"]}
    assert named == {original.pk, copy.pk}
    assert alerts[0].evidence["estimated_jaccard"] >= 0.8


def test_it_flags_thirty_hours_in_a_day_and_not_eight(world):
    heavy, normal = make_professional(employer(), sequence=921), make_professional(employer(), sequence=922)
    for n, (person, hours) in enumerate([(heavy, 20), (heavy, 10), (normal, 8)]):
        CERecord.objects.create(
            professional=person,
            year=2022,
            category="professional",
            hours=Decimal(hours),
            course=f"课程{n}",
            study_date=date(2022, 3, 1),
            source="import",
            fingerprint=f"alerts-{n}",
        )
    # The demo people carry a year's hours on one date, so look only at the two planted here.
    ours = {heavy.pk, normal.pk}
    alerts = [a for a in detectors.detect_ce_daily(2022) if a.evidence["professional"] in ours]
    assert [a.evidence["professional"] for a in alerts] == [heavy.pk]
    assert Decimal(alerts[0].evidence["hours"]) == 30


def _decided(committee, *, cases, passed, year=2022):
    user = User.objects.get(username="zhangwei")
    title = Title.objects.get(name="助理工程师")
    specialty = Specialty.objects.get(name="机械工程")
    Application.objects.bulk_create(
        Application(
            applicant=user,
            employer=employer(),
            year=year,
            series=title.series,
            specialty=specialty,
            title=title,
            committee=committee,
            state="evaluated",
            outcome="passed" if n < passed else "failed",
        )
        for n in range(cases)
    )


def test_it_flags_a_committee_whose_pass_rate_is_far_from_its_citys(world):
    committees = list(Committee.objects.order_by("pk"))
    for committee, passed in zip(committees, [5, 5, 6, 10, 5], strict=True):
        _decided(committee, cases=10, passed=passed)
    _decided(committees[0], cases=3, passed=0, year=2022)  # changes the rate, not the outcome
    alerts = detectors.detect_pass_rates(2022)
    assert [a.committee_id for a in alerts] == [committees[3].pk]
    assert alerts[0].evidence["rate"] == 1.0


def test_a_committee_with_too_few_cases_is_not_compared(world):
    committees = list(Committee.objects.order_by("pk"))
    for committee, passed in zip(committees, [5, 5, 6, 4, 5], strict=True):
        _decided(committee, cases=10, passed=passed)
    _decided(committees[3], cases=detectors.PASS_RATE_MIN_DECIDED - 1, passed=0, year=2023)
    assert detectors.detect_pass_rates(2023) == []


def test_rerunning_does_not_duplicate_nor_reopen_a_dismissed_alert(world):
    a, b = make_professional(employer(), sequence=931), make_professional(employer(), sequence=932)
    achievement(a, "专利甲", identifier_key="patent:ZL1", kind="patent")
    achievement(b, "专利乙", identifier_key="patent:ZL1", kind="patent")
    detectors.detect_duplicate_identifiers()
    Alert.objects.update(state=Alert.State.DISMISSED, reason="同一项目合作成果")
    detectors.detect_duplicate_identifiers()
    assert Alert.objects.count() == 1
    assert Alert.objects.get().state == Alert.State.DISMISSED


def test_a_years_hours_all_studied_just_before_the_application_are_flagged(world):
    import time_machine

    from tests.factories import make_case
    from zhicheng.applications.models import State

    with time_machine.travel("2022-07-20 10:00 +0800", tick=False):
        case = make_case(State.SUBMITTED)
    hours = CERecord.objects.filter(professional=case.professional, year=2022)
    hours.filter(study_date__month__lt=7).update(study_date=date(2022, 7, 16))  # the whole year in one week
    alerts = {alert.key for alert in detectors.detect_ce_last_minute(2022)}
    assert f"{case.pk}:2022" in alerts  # all of 2022 within the policy's 7 days before 20 July
    assert f"{case.pk}:2021" not in alerts  # 2021's hours were spread over the year


def test_a_meeting_whose_report_is_late_is_flagged_until_it_is_in(world):
    from tests.evaluation.helpers import ready_meeting
    from tests.evaluation.meeting_flow import approve_report

    meeting = ready_meeting(world, on=date(2023, 10, 16), created_on=date(2023, 9, 25))
    before = detectors.detect_overdue(2023, today=date(2023, 10, 6))  # the latest day is Mon 9 Oct
    assert not [a for a in before if a.key == f"report:{meeting.pk}"]
    late = [a for a in detectors.detect_overdue(2023, today=date(2023, 10, 10)) if a.key == f"report:{meeting.pk}"]
    assert len(late) == 1 and "未按期报告" in late[0].summary
    approve_report(meeting, world)
    Alert.objects.all().delete()
    assert not [a for a in detectors.detect_overdue(2023, today=date(2023, 10, 10)) if a.key == f"report:{meeting.pk}"]


def test_the_window_ends_on_the_local_day_of_submission(world):
    """Submitted at 00:30 Beijing time (still the day before in UTC), with the hours studied earlier that day:
    the window ends on the local date, so the hours are inside it."""
    import time_machine

    from tests.factories import make_case
    from zhicheng.applications.models import State

    with time_machine.travel("2022-07-20 00:30 +0800", tick=False):
        case = make_case(State.SUBMITTED)
    CERecord.objects.filter(professional=case.professional, year=2022).update(study_date=date(2022, 7, 20))
    alerts = {alert.key: alert for alert in detectors.detect_ce_last_minute(2022)}
    assert alerts[f"{case.pk}:2022"].evidence["submitted"] == "2022-07-20"


def _scored_meeting(world, on: date, experts, marks) -> None:
    """A closed meeting of the 莲都区 初评委 on `on`: five decided cases, each scored by every expert;
    `marks(expert_index, case_index)` gives the total an expert gave a case."""
    from tests.evaluation.helpers import LIANDU_JUNIOR, approved_standard_for_assistants
    from zhicheng.evaluation.models import Meeting, MeetingCase, Panelist, Score

    committee = Committee.objects.get(name=LIANDU_JUNIOR)
    standard = approved_standard_for_assistants(world)
    cases = Application.objects.bulk_create(
        Application(
            applicant=User.objects.get(username="zhangwei"),
            employer=employer(),
            year=on.year,
            series=standard.series,
            specialty=Specialty.objects.get(name="机械工程"),
            title=Title.objects.get(name="助理工程师"),
            committee=committee,
            state="evaluated",
        )
        for _ in range(5)
    )
    meeting = Meeting.objects.create(committee=committee, date=on, state=Meeting.State.CLOSED)
    agenda = MeetingCase.objects.bulk_create(
        MeetingCase(meeting=meeting, application=case, order=n, standard=standard) for n, case in enumerate(cases)
    )
    panel = Panelist.objects.bulk_create(
        Panelist(meeting=meeting, expert=expert, order=n, present=True) for n, expert in enumerate(experts)
    )
    Score.objects.bulk_create(
        Score(meeting_case=item, panelist=seat, points={}, total=Decimal(marks(e, c)))
        for c, item in enumerate(agenda)
        for e, seat in enumerate(panel)
    )


def test_an_expert_scoring_far_above_the_panel_in_three_meetings_is_flagged(world):
    from tests.evaluation.helpers import expert_pool

    experts = expert_pool(6)
    policy = policy_for(2023)
    assert policy.alert_expert_meetings == 3  # the planted pattern below is built for three meetings

    def marks(generous: set[int]):
        # Everyone scores around 70, a little differently on each case; the generous ones add 12 points.
        return lambda e, c: 70 + (e * 3 + c * 5) % 7 + (12 if e in generous else 0)

    # Expert 0 is generous in all three meetings of 2023, expert 1 in only two of them.
    _scored_meeting(world, date(2023, 5, 10), experts, marks({0, 1}))
    _scored_meeting(world, date(2023, 6, 14), experts, marks({0, 1}))
    _scored_meeting(world, date(2023, 9, 20), experts, marks({0}))
    _scored_meeting(world, date(2022, 9, 20), experts, marks({1}))  # another year's meeting does not count

    alerts = detectors.detect_expert_outliers(2023)
    assert [a.evidence["expert"] for a in alerts] == [experts[0].pk]
    evidence = alerts[0].evidence
    assert len(evidence["meetings"]) == 3 and evidence["meetings_min"] == 3
    assert all(m["cases"] == 5 and m["z"] >= float(policy.alert_expert_z) for m in evidence["meetings"])
    # Deviation from the mean of the other five, case by case: 12 points more, less their own noise.
    assert all(9 < m["mean_deviation"] < 14 for m in evidence["meetings"])
    assert Alert.objects.get(kind=Alert.Kind.EXPERT_OUTLIER).region_id == experts[0].region_id
