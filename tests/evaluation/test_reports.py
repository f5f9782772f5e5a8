"""The meeting report (评审会议报备, 55号 §4(三)): in time, with the data, approved by the seat bureau only."""

from datetime import date

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from tests.evaluation.helpers import ready_meeting
from zhicheng.accounts.models import Notification, Organisation, Region, Role, User
from zhicheng.audit.models import Event
from zhicheng.committees.models import Committee, Scope
from zhicheng.evaluation.meetings import meeting_open
from zhicheng.evaluation.models import MeetingReport, Panelist
from zhicheng.evaluation.reports import report_approve, report_content, report_refuse, report_submit
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import Title
from zhicheng.policy.workdays import Calendar
from zhicheng.publicity.models import PublicityEntry
from zhicheng.publicity.services import objection_answer, objection_file

MEETING_DAY = date(2023, 10, 16)  # a Monday; the working days before it hold no holiday or 调休


def at(day: str):
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


def run_queued_tasks() -> None:
    """Run what the commit queued, as the db_worker would."""
    for row in DBTaskResult.objects.order_by("enqueued_at"):
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    DBTaskResult.objects.all().delete()


def messages_for(username: str) -> list[str]:
    return list(Notification.objects.filter(user__username=username).values_list("message", flat=True))


@pytest.fixture
def meeting(world):
    return ready_meeting(world, on=MEETING_DAY)


@pytest.fixture
def city_bureau(world):
    return User.objects.get(username="rs_lishui")


def submitted(meeting, world, day: str = "2023-10-09") -> MeetingReport:
    with at(day):
        return report_submit(meeting, actor=world["office"])


# --- the date rule ---------------------------------------------------------------------------------


def test_the_calendar_puts_the_latest_report_date_five_working_days_before_the_meeting(db):
    calendar = Calendar()
    assert calendar.latest_report_date(MEETING_DAY, 5) == date(2023, 10, 9)
    assert calendar.count_workdays(date(2023, 10, 10), MEETING_DAY) == 4
    # Across National Day 2023 (29 Sep – 6 Oct off, Sat 7 and Sun 8 Oct worked) the count skips the holiday.
    assert calendar.latest_report_date(date(2023, 10, 9), 5) == date(2023, 9, 26)


def test_a_report_four_working_days_ahead_is_refused_and_names_the_latest_date(world, meeting):
    with at("2023-10-10"), pytest.raises(RuleViolation) as refused:
        report_submit(meeting, actor=world["office"])
    error = refused.value
    assert error.message.startswith(
        "评审会议须至少提前5个工作日报备，本次会议（2023年10月16日）最迟应于2023年10月9日报备"
    )
    assert "今天（2023年10月10日）距会议只有4个工作日" in error.message
    assert error.clause == "55号 §4(三)" and error.detail["latest_report_date"] == "2023-10-09"
    assert not MeetingReport.objects.exists() and events("meeting_report.submit") == 0


def test_exactly_five_working_days_ahead_is_accepted(world, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(meeting, world, "2023-10-09")
    assert report.state == MeetingReport.State.SUBMITTED and report.submitted_by == world["office"]
    assert report.filed_with_city_at is None  # a 初评委 reports to the district only
    assert events("meeting_report.submit") == 1
    run_queued_tasks()
    assert any("请审核并出具书面意见" in m for m in messages_for("rs_liandu"))
    assert not messages_for("rs_lishui")


def test_the_holiday_does_not_count_as_a_working_day(world):
    meeting = ready_meeting(world, on=date(2023, 10, 9), created_on=date(2023, 9, 20))
    with at("2023-09-27"), pytest.raises(RuleViolation, match="最迟应于2023年9月26日报备"):
        report_submit(meeting, actor=world["office"])
    assert submitted(meeting, world, "2023-09-26").state == MeetingReport.State.SUBMITTED


# --- the content ---------------------------------------------------------------------------------------


def test_the_content_holds_the_qualification_results_the_publicity_and_the_panel(world):
    meeting = ready_meeting(world, on=MEETING_DAY, cases=2)
    entry = PublicityEntry.objects.get(application__applicant__username="xuming", publicity__kind="pre_evaluation")
    with at("2022-10-10"):
        objection = objection_file(entry, contact_name="李先生", contact_phone="13900000000", text="业绩年限存疑")
    with at("2022-10-12"):
        objection_answer(objection, actor=world["office"], upheld=False, answer="经核实，业绩年限属实")

    report = submitted(meeting, world)
    content = report.content
    assert content == report_content(meeting) | {"generated_at": content["generated_at"]}

    names = [case["name"] for case in content["cases"]]
    assert names == ["张伟", "徐明"]
    zhang = content["cases"][0]
    assert zhang["employer"] == "丽水莲都智能装备有限公司" and zhang["specialty"] == "机械工程"
    assert zhang["title"] == "助理工程师" and zhang["in_mountain_pool"] is True
    assert zhang["qualification"]["passed"] and "学历学位证书核验" in [
        i["label"] for i in zhang["qualification"]["items"]
    ]

    publicity = content["publicity"]
    assert publicity["cases_listed"] == 2 and publicity["cases_not_listed"] == 0
    assert (publicity["objections"], publicity["answered"], publicity["open"]) == (1, 1, 0)
    listed = publicity["lists"][0]
    assert (listed["first_day"], listed["last_day"]) == ("2022-09-30", "2022-10-11")
    assert listed["objections"][0]["state_label"] == "异议不成立"
    assert listed["objections"][0]["answer"] == "经核实，业绩年限属实"

    committee = content["committee"]
    assert committee["name"] == "莲都区工程技术人员初级专业技术职务任职资格评审委员会"
    assert committee["level_label"] == "初评委" and len(committee["panel"]) == 5
    member = committee["panel"][0]
    drawn = Panelist.objects.get(meeting=meeting, order=1).expert
    assert member == {
        "order": 1,
        "name": drawn.user.name,
        "employer": "龙泉汽车空调配件股份有限公司",
        "title": "高级工程师",
        "specialty": "机械工程",
    }
    assert content["meeting"]["date"] == "2023-10-16"


# --- who may submit, and when -----------------------------------------------------------------------


def test_only_the_committee_office_reports(world, meeting):
    for who in ("bureau", "outsider", "professional"):
        with at("2023-10-09"), pytest.raises(Forbidden):
            report_submit(meeting, actor=world[who])
    assert events("meeting_report.submit") == 0


def test_there_is_nothing_to_report_before_the_panel_is_drawn(world, meeting):
    Panelist.objects.filter(meeting=meeting).delete()
    with at("2023-10-09"), pytest.raises(RuleViolation, match="请先抽取评审专家"):
        report_submit(meeting, actor=world["office"])


def test_a_second_report_is_refused_while_one_awaits_or_holds_approval(world, meeting):
    report = submitted(meeting, world)
    with at("2023-10-09"), pytest.raises(Conflict, match="已报备（待审批）"):
        report_submit(meeting, actor=world["office"])
    with at("2023-10-09"):
        report_approve(report, actor=world["bureau"], opinion="同意召开")
    with at("2023-10-09"), pytest.raises(Conflict, match="已报备（已同意）"):
        report_submit(meeting, actor=world["office"])
    assert events("meeting_report.submit") == 1


# --- the decision ----------------------------------------------------------------------------------


def test_only_the_bureau_where_the_committee_sits_approves(world, meeting, city_bureau):
    report = submitted(meeting, world)
    for actor in (city_bureau, world["outsider"], world["office"]):
        with at("2023-10-10"), pytest.raises(Forbidden, match="只有莲都区人力社保局可以审批"):
            report_approve(report, actor=actor, opinion="同意")
        with at("2023-10-10"), pytest.raises(Forbidden):
            report_refuse(report, actor=actor, reason="不同意")
    assert events("meeting_report.approve") == events("meeting_report.refuse") == 0
    with at("2023-10-10"):
        report = report_approve(report, actor=world["bureau"], opinion="材料齐全，同意召开")
    assert report.state == MeetingReport.State.APPROVED and report.decided_by == world["bureau"]
    assert events("meeting_report.approve") == 1


def test_approval_needs_a_written_opinion(world, meeting):
    report = submitted(meeting, world)
    with at("2023-10-10"), pytest.raises(RuleViolation, match="请填写书面意见"):
        report_approve(report, actor=world["bureau"], opinion="  ")
    with at("2023-10-10"), pytest.raises(RuleViolation, match="请填写不同意的理由"):
        report_refuse(report, actor=world["bureau"], reason="")
    report.refresh_from_db()
    assert report.state == MeetingReport.State.SUBMITTED and events("meeting_report.approve") == 0


def test_a_decided_report_is_not_decided_again(world, meeting):
    report = submitted(meeting, world)
    with at("2023-10-10"):
        report_refuse(report, actor=world["bureau"], reason="专家组成不合规定")
    with at("2023-10-10"), pytest.raises(Conflict, match="不同意"):
        report_approve(report, actor=world["bureau"], opinion="同意")


def test_the_meeting_opens_only_after_approval(world, meeting, django_capture_on_commit_callbacks):
    report = submitted(meeting, world)
    with at("2023-10-16"), pytest.raises(RuleViolation, match="须经人力社保局书面同意后方可召开"):
        meeting_open(meeting, actor=world["office"])
    with at("2023-10-10"), django_capture_on_commit_callbacks(execute=True):
        report_approve(report, actor=world["bureau"], opinion="同意召开")
    run_queued_tasks()
    assert any("同意" in m and "书面意见：同意召开" in m for m in messages_for("bgs_liandu"))
    with at("2023-10-16"):  # no attendance is needed to open
        assert meeting_open(meeting, actor=world["office"]).state == "open"


def test_a_refused_report_may_be_submitted_again_within_the_deadline(
    world, meeting, django_capture_on_commit_callbacks
):
    first = submitted(meeting, world, "2023-10-06")  # a holiday: the report is simply early
    with at("2023-10-07"), django_capture_on_commit_callbacks(execute=True):
        report_refuse(first, actor=world["bureau"], reason="评前公示材料不全")
    run_queued_tasks()
    assert any("理由：评前公示材料不全" in m and "最迟2023年10月9日" in m for m in messages_for("bgs_liandu"))
    second = submitted(meeting, world, "2023-10-09")
    assert second.pk != first.pk and second.state == MeetingReport.State.SUBMITTED
    assert events("meeting_report.submit") == 2


def test_a_refused_report_may_not_be_submitted_again_too_late(world, meeting):
    first = submitted(meeting, world)
    with at("2023-10-10"):
        report_refuse(first, actor=world["bureau"], reason="评前公示材料不全")
    with at("2023-10-10"), pytest.raises(RuleViolation, match="最迟应于2023年10月9日报备"):
        report_submit(meeting, actor=world["office"])


# --- a district's 中评委, a self-evaluating unit --------------------------------------------------------


def _committee(name: str, *, level: str, kind: str = Committee.Kind.REGULAR) -> Committee:
    liandu = Region.objects.get(path="浙江省/丽水市/莲都区/")
    office = Organisation.objects.create(name=f"{name}办公室", kind=Organisation.Kind.OFFICE, region=liandu)
    User.objects.create(username="bgs_new", name="柳青", role=Role.OFFICE, organisation=office)
    committee = Committee.objects.create(
        name=name,
        level=level,
        kind=kind,
        organiser=Organisation.objects.get(name="莲都区人力资源和社会保障局"),
        seat_region=liandu,
        jurisdiction=liandu,
    )
    committee.offices.add(office)
    title = Title.objects.get(series__name="工程", name="工程师")
    Scope.objects.create(committee=committee, series=title.series, title=title)
    return committee


def test_a_intermediate_committee_seated_in_the_district_also_files_with_the_city(
    world, city_bureau, django_capture_on_commit_callbacks
):
    committee = _committee("莲都区工程技术人员中级专业技术职务任职资格评审委员会", level=Committee.Level.INTERMEDIATE)
    meeting = ready_meeting(world, on=MEETING_DAY, committee=committee, experts=11)
    with at("2023-10-09"), django_capture_on_commit_callbacks(execute=True):
        report = report_submit(meeting, actor=User.objects.get(username="bgs_new"))
    assert report.filed_with_city_at is not None
    assert Event.objects.get(action="meeting_report.submit").data["filed_with_city"] is True
    run_queued_tasks()
    assert any("已报市人力社保局备案" in m for m in messages_for("rs_lishui"))
    assert any("请审核并出具书面意见" in m for m in messages_for("rs_liandu"))
    # Filing is not approving: the city bureau still may not decide.
    with at("2023-10-10"), pytest.raises(Forbidden):
        report_approve(report, actor=city_bureau, opinion="同意")


def test_a_self_evaluating_unit_reports_the_same_way_and_its_authority_is_told(
    world, django_capture_on_commit_callbacks
):
    committee = _committee(
        "丽水莲都智能装备有限公司自主评聘委员会", level=Committee.Level.JUNIOR, kind=Committee.Kind.SELF_EVALUATING
    )
    meeting = ready_meeting(world, on=MEETING_DAY, committee=committee)
    clerk = User.objects.get(username="bgs_new")
    with at("2023-10-10"), pytest.raises(RuleViolation) as late:
        report_submit(meeting, actor=clerk)
    assert late.value.clause == "55号 §4(四)"
    with at("2023-10-09"), django_capture_on_commit_callbacks(execute=True):
        report = report_submit(meeting, actor=clerk)
    assert report.filed_with_city_at is None
    run_queued_tasks()
    assert any("自主评聘单位" in m for m in messages_for("zg_lishui"))
    assert not messages_for("zg_hangzhou")
    with at("2023-10-10"):
        assert report_approve(report, actor=world["bureau"], opinion="同意").state == MeetingReport.State.APPROVED


# --- the pages -----------------------------------------------------------------------------------------


def test_the_report_page_needs_a_login_and_refuses_outsiders(client, world, meeting):
    url = f"/meetings/{meeting.pk}/report/"
    assert client.get(url).status_code == 302
    client.force_login(world["outsider"])
    assert client.get(url).status_code == 403
    panelist = Panelist.objects.filter(meeting=meeting).first().expert.user
    client.force_login(panelist)
    assert client.get(url).status_code == 403
    assert client.get("/meetings/reports/").status_code == 403


def test_the_office_previews_and_submits_through_the_page(client, world, meeting):
    client.force_login(world["office"])
    url = f"/meetings/{meeting.pk}/report/"
    with at("2023-10-09"):
        page = client.get(url).content.decode()
        assert "报备内容（预览）" in page and "张伟" in page and "2023年10月9日" in page and "提交报备" in page
        response = client.post(f"{url}submit/", follow=True)
    assert "已报备莲都区人力社保局，待审批" in response.content.decode()
    assert MeetingReport.objects.get(meeting=meeting).state == MeetingReport.State.SUBMITTED


def test_a_late_submission_through_the_page_shows_why(client, world, meeting):
    client.force_login(world["office"])
    url = f"/meetings/{meeting.pk}/report/"
    with at("2023-10-10"):
        assert "已过最迟报备日期" in client.get(url).content.decode()
        response = client.post(f"{url}submit/", follow=True)
    assert "最迟应于2023年10月9日报备" in response.content.decode()
    assert not MeetingReport.objects.exists()


def test_the_bureau_approves_through_the_page(client, world, meeting):
    report = submitted(meeting, world)
    client.force_login(world["bureau"])
    with at("2023-10-10"):
        listing = client.get("/meetings/reports/").content.decode()
        assert "待审批的评审会议报备（1）" in listing and f"/meetings/{meeting.pk}/report/" in listing
        url = f"/meetings/{meeting.pk}/report/"
        page = client.get(url).content.decode()
        assert "同意召开" in page and "一、资格审查情况" in page and "三、评委会组成情况" in page
        empty = client.post(f"{url}decide/", {"decision": "approve", "opinion": ""})
        assert empty.status_code == 422 and "请填写书面意见" in empty.content.decode()
        response = client.post(f"{url}decide/", {"decision": "approve", "opinion": "同意召开"}, follow=True)
    assert "已同意召开" in response.content.decode()
    report.refresh_from_db()
    assert report.state == MeetingReport.State.APPROVED and report.opinion == "同意召开"


def test_a_bureau_that_does_not_approve_sees_no_decision_form(client, world, meeting, city_bureau):
    submitted(meeting, world)
    client.force_login(city_bureau)
    url = f"/meetings/{meeting.pk}/report/"
    with at("2023-10-10"):
        assert "同意召开" not in client.get(url).content.decode()
        response = client.post(f"{url}decide/", {"decision": "approve", "opinion": "同意"}, follow=True)
    assert "只有莲都区人力社保局可以审批" in response.content.decode()
    assert MeetingReport.objects.get().state == MeetingReport.State.SUBMITTED
