"""评后公示 on real dates: the committee office publishes the passed and recommended results (never a failed
one) for 5 working days from Mon 17 Oct 2022; objections close at the end of Fri 21 Oct; an upheld
objection takes the pass back or vetoes the case; the bureau publishes only after the period, with every
objection answered (40号令, 55号 §4(三))."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.applications.models import IntegrityRecord, Outcome, State
from zhicheng.applications.services import (
    application_archive,
    application_publish,
)
from zhicheng.applications.tasks import notify_applicant
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.workdays import Calendar
from zhicheng.publicity.models import Objection, Publicity
from zhicheng.publicity.selectors import candidates_for
from zhicheng.publicity.services import objection_answer, objection_file, publicity_publish_result

MONDAY = "2022-10-17 09:00 +0800"
START = date(2022, 10, 17)


def _publish(world, *applications):
    with time_machine.travel(MONDAY, tick=False):
        return publicity_publish_result(
            applications[0].committee, list(applications), actor=world["office"], start=START
        )


@pytest.fixture
def published(world):
    application = make_case(State.EVALUATED, outcome=Outcome.PASSED)
    publicity = _publish(world, application)
    application.refresh_from_db()
    return publicity, application


def _object(publicity, when: str = "2022-10-19 10:00 +0800", text: str = "代表作涉嫌抄袭") -> Objection:
    with time_machine.travel(when, tick=False):
        return objection_file(publicity.entries.get(), contact_name="李四", contact_phone="13800000000", text=text)


def test_five_working_days_from_monday_17_october_end_on_friday_21_october(db):
    period = Calendar().publicity_period(START, 5)
    assert (period.first, period.last, period.days_off) == (START, date(2022, 10, 21), [])


def test_publishing_the_result_list_moves_the_case_and_records_its_result(published):
    publicity, application = published
    assert publicity.kind == Publicity.Kind.RESULT
    assert publicity.title == "莲都区工程技术人员初级专业技术职务任职资格评审委员会2022年度评后公示"
    assert (publicity.first_day, publicity.last_day, publicity.workdays) == (START, date(2022, 10, 21), 5)
    assert application.state == State.RESULT_PUBLICITY
    entry = publicity.entries.get()
    assert (entry.name, entry.result, entry.masked_id_number) == ("张伟", "通过", "331*************37")
    assert Event.objects.filter(action="publicity.publish", object_id=str(publicity.pk)).count() == 1
    moved = Event.objects.get(action="application.start_result_publicity", object_id=str(application.pk))
    assert moved.reason == f"列入「{publicity.title}」"


def test_the_public_page_shows_the_result_with_the_id_masked(client, published):
    publicity, _ = published
    with time_machine.travel("2022-10-18 10:00 +0800", tick=False):
        listing = client.get("/publicity/").content.decode()
        body = client.get(f"/publicity/{publicity.pk}/").content.decode()
    assert publicity.title in listing and "评后公示" in listing
    assert "评审结果" in body and '<td data-label="评审结果">通过</td>' in body
    assert "张伟" in body and "331*************37" in body and "331102198503121237" not in body
    assert "提交异议" in body


def test_a_recommended_case_is_publicised_as_recommended(world):
    application = make_case(
        State.EVALUATED, applicant="zhoujie", specialty="林业工程", title="高级工程师", outcome=Outcome.RECOMMENDED
    )
    forestry_office = User.objects.get(username="bgs_linye")
    with time_machine.travel(MONDAY, tick=False):
        publicity = publicity_publish_result(application.committee, [application], actor=forestry_office, start=START)
    assert publicity.entries.get().result == "推荐上报"


def test_a_failed_case_cannot_be_put_on_the_list(world):
    failed = make_case(State.EVALUATED, outcome=Outcome.FAILED)
    assert failed not in candidates_for(world["office"], Publicity.Kind.RESULT)
    with pytest.raises(Conflict, match=r"不是本评委会评审通过或推荐上报的申报.*张伟"):
        _publish(world, failed)
    failed.refresh_from_db()
    assert failed.state == State.EVALUATED
    assert not Publicity.objects.filter(kind=Publicity.Kind.RESULT).exists()


def test_a_case_not_yet_evaluated_cannot_be_put_on_the_list(world):
    scheduled = make_case(State.SCHEDULED)
    with pytest.raises(Conflict, match="不能列入本次公示"):
        _publish(world, scheduled)


def test_the_office_of_another_committee_cannot_publish(world):
    application = make_case(State.EVALUATED, outcome=Outcome.PASSED)
    with time_machine.travel(MONDAY, tick=False), pytest.raises(Forbidden):
        publicity_publish_result(
            application.committee, [application], actor=User.objects.get(username="bgs_gongcheng"), start=START
        )
    application.refresh_from_db()
    assert application.state == State.EVALUATED


def test_an_objection_on_the_last_day_is_taken_and_one_after_the_weekend_refused(published):
    publicity, _ = published
    _object(publicity, "2022-10-21 23:30 +0800")
    with pytest.raises(Conflict, match="今天（2022年10月24日）不在公示期内，不再受理异议"):
        _object(publicity, "2022-10-24 08:00 +0800", "迟到的异议")
    assert Objection.objects.count() == 1


def test_an_upheld_objection_can_overturn_the_pass(published, world):
    publicity, application = published
    objection = _object(publicity)
    with time_machine.travel("2022-10-24 10:00 +0800", tick=False):
        objection_answer(objection, actor=world["office"], upheld=True, outcome="overturn", answer="经查业绩不实")
        application.refresh_from_db()
        assert (application.state, application.outcome) == (State.EVALUATED, Outcome.FAILED)
        event = Event.objects.get(action="application.overturn", object_id=str(application.pk))
        assert (event.before, event.after, event.reason) == (
            State.RESULT_PUBLICITY,
            State.EVALUATED,
            "公示异议成立：经查业绩不实",
        )
        assert event.data == {"outcome": "failed", "overturned": "passed"}
        assert not IntegrityRecord.objects.exists()
        # A failed case is closed by archiving it, like any failed one.
        returned = {"returned_to": "丽水莲都智能装备有限公司人事部", "returned_on": timezone.localdate()}
        archived = application_archive(application, actor=world["office"], **returned)
        assert archived.state == State.ARCHIVED


def test_an_upheld_objection_can_veto_the_case_with_an_integrity_record(published, world):
    publicity, application = published
    objection = _object(publicity)
    with time_machine.travel("2022-10-24 10:00 +0800", tick=False):
        objection_answer(objection, actor=world["office"], upheld=True, outcome="veto", answer="经查代表作抄袭属实")
    application.refresh_from_db()
    assert application.state == State.VETOED
    record = IntegrityRecord.objects.get(application=application)
    assert record.professional == application.professional and record.bars_until == date(2025, 10, 24)


def test_a_result_objection_cannot_return_the_case(published, world):
    publicity, application = published
    objection = _object(publicity)
    with pytest.raises(RuleViolation, match="评后公示的异议成立时请选择处理方式：撤销评审通过或一票否决"):
        objection_answer(objection, actor=world["office"], upheld=True, outcome="return", answer="材料不全")
    objection.refresh_from_db()
    application.refresh_from_db()
    assert (objection.state, application.state) == (Objection.State.OPEN, State.RESULT_PUBLICITY)


def test_the_bureau_publishes_only_after_the_period_and_every_objection_answered(published, world):
    publicity, application = published
    bureau = world["bureau"]
    objection = _object(publicity)
    with (
        time_machine.travel("2022-10-21 16:00 +0800", tick=False),
        pytest.raises(Conflict, match="评后公示至2022年10月21日结束，期满后才能发文公布"),
    ):
        application_publish(application, actor=bureau)
    with time_machine.travel("2022-10-24 09:00 +0800", tick=False):
        with pytest.raises(Conflict, match="还有 1 条异议未调查答复，答复后才能发文公布"):
            application_publish(application, actor=bureau)
        objection_answer(objection, actor=world["office"], upheld=False, answer="经核实，业绩真实")
        assert application_publish(application, actor=bureau).state == State.PUBLISHED


def test_a_case_never_publicised_cannot_be_published(world):
    application = make_case(State.RESULT_PUBLICITY)
    application.publicity_entries.filter(publicity__kind=Publicity.Kind.RESULT).delete()
    with pytest.raises(Conflict, match="此申报尚未列入评后公示名单"):
        application_publish(application, actor=world["bureau"])


def test_the_applicant_is_told_the_pass_was_overturned(published, world):
    publicity, application = published
    objection = _object(publicity)
    with time_machine.travel("2022-10-24 10:00 +0800", tick=False):
        objection_answer(objection, actor=world["office"], upheld=True, outcome="overturn", answer="经查业绩不实")
        notify_applicant.call(application.pk, "overturn", "公示异议成立：经查业绩不实")
    note = world["professional"].notifications.get()
    assert note.message.startswith("您申报的2022年度助理工程师：撤销评审通过，当前状态「已评审」。")
    assert "说明：公示异议成立：经查业绩不实" in note.message


# --- pages --------------------------------------------------------------------------------------------


def test_the_office_previews_then_publishes_the_result_list_from_the_page(client, world):
    application = make_case(State.EVALUATED, outcome=Outcome.PASSED)
    make_case(State.EVALUATED, applicant="liuyang", outcome=Outcome.FAILED)
    client.force_login(world["office"])
    with time_machine.travel(MONDAY, tick=False):
        listing = client.get("/publicity/office/").content.decode()
        assert "/publicity/office/new/result/" in listing and "发布评后公示" in listing
        form = client.get("/publicity/office/new/result/").content.decode()
        assert "张伟" in form and "刘洋" not in form  # a failed case is not offered
        data = {"start": "2022-10-17", "cases": [application.pk]}
        preview = client.post("/publicity/office/new/result/", data).content.decode()
        assert "预览" in preview and "评审结果" in preview and "2022年10月21日" in preview
        assert not Publicity.objects.filter(kind=Publicity.Kind.RESULT).exists()
        done = client.post("/publicity/office/new/result/", {**data, "confirm": "yes"}, follow=True)
    publicity = Publicity.objects.get(kind=Publicity.Kind.RESULT)
    assert f"已发布「{publicity.title}」，公示至2022年10月21日" in done.content.decode()
    application.refresh_from_db()
    assert application.state == State.RESULT_PUBLICITY


def test_the_result_page_refuses_an_unknown_kind_and_an_employer(client, world):
    client.force_login(world["office"])
    assert client.get("/publicity/office/new/nonsense/").status_code == 404
    client.force_login(world["employer"])
    assert client.get("/publicity/office/new/result/").status_code == 404


def test_the_public_files_an_objection_from_the_page_during_the_period_only(client, published):
    publicity, _ = published
    data = {"entry": publicity.entries.get().pk, "contact_name": "李四", "contact_phone": "138", "text": "请核实"}
    with time_machine.travel("2022-10-20 10:00 +0800", tick=False):
        assert client.post(f"/publicity/{publicity.pk}/", data).status_code == 302
    with time_machine.travel("2022-10-24 10:00 +0800", tick=False):
        late = client.post(f"/publicity/{publicity.pk}/", data)
    assert late.status_code == 422 and "不受理异议" in late.content.decode()
    assert Objection.objects.get().text == "请核实"


def test_the_office_answers_with_the_result_stage_choices_from_the_page(client, published, world):
    publicity, application = published
    objection = _object(publicity)
    client.force_login(world["office"])
    page = client.get(f"/publicity/office/{publicity.pk}/").content.decode()
    assert "撤销评审通过" in page and "退回修改" not in page
    with time_machine.travel("2022-10-24 10:00 +0800", tick=False):
        client.post(
            f"/publicity/office/objections/{objection.pk}/answer/",
            {"upheld": "yes", "outcome": "overturn", "answer": "经查业绩不实"},
        )
    application.refresh_from_db()
    assert (application.state, application.outcome) == (State.EVALUATED, Outcome.FAILED)
