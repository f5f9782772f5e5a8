"""评前公示 on real dates: the period across National Day 2022, objections inside and after it, and the
case waiting for the period's end and an answer to every objection before it can be scheduled."""

from datetime import date

import pytest
import time_machine

from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.applications.services import application_schedule
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden
from zhicheng.publicity.models import Objection, Publicity
from zhicheng.publicity.services import objection_answer, objection_file, publicity_publish_pre_evaluation

FRIDAY = "2022-09-30 09:00 +0800"


@pytest.fixture
def published(world):
    application = make_case(State.QUALIFIED)
    with time_machine.travel(FRIDAY, tick=False):
        publicity = publicity_publish_pre_evaluation(
            application.committee, [application], actor=world["office"], start=date(2022, 9, 30)
        )
    application.refresh_from_db()
    return publicity, application


def test_a_list_published_on_friday_30_september_runs_to_tuesday_11_october(published):
    publicity, application = published
    assert (publicity.first_day, publicity.last_day) == (date(2022, 9, 30), date(2022, 10, 11))
    assert application.state == State.PRE_PUBLICITY
    assert Event.objects.filter(action="publicity.publish", object_id=str(publicity.pk)).count() == 1


def test_an_objection_on_the_last_day_is_taken_and_one_a_day_later_refused(published):
    publicity, _ = published
    entry = publicity.entries.get()
    with time_machine.travel("2022-10-11 23:30 +0800", tick=False):
        objection_file(entry, contact_name="李四", contact_phone="13800000000", text="论文涉嫌抄袭")
    with time_machine.travel("2022-10-12 08:00 +0800", tick=False), pytest.raises(Conflict, match="不在公示期内"):
        objection_file(entry, contact_name="王五", contact_phone="13900000000", text="迟到的异议")
    assert Objection.objects.count() == 1


def test_the_case_cannot_be_scheduled_during_the_period_or_with_an_open_objection(published, world):
    publicity, application = published
    entry = publicity.entries.get()
    with time_machine.travel("2022-10-10 10:00 +0800", tick=False):
        objection = objection_file(entry, contact_name="李四", contact_phone="13800000000", text="业绩不实")
        with pytest.raises(Conflict, match="评前公示至2022年10月11日结束"):
            application_schedule(application, actor=world["office"])
    with time_machine.travel("2022-10-12 10:00 +0800", tick=False):
        with pytest.raises(Conflict, match="还有 1 条异议未调查答复"):
            application_schedule(application, actor=world["office"])
        objection_answer(objection, actor=world["office"], upheld=False, answer="经核实，业绩真实")
        assert application_schedule(application, actor=world["office"]).state == State.SCHEDULED


def test_an_upheld_objection_vetoes_the_case(published, world):
    publicity, application = published
    with time_machine.travel("2022-10-10 10:00 +0800", tick=False):
        objection = objection_file(publicity.entries.get(), contact_name="李四", contact_phone="138", text="代表作抄袭")
        objection_answer(objection, actor=world["office"], upheld=True, outcome="veto", answer="经查抄袭属实")
    application.refresh_from_db()
    assert application.state == State.VETOED
    assert Event.objects.filter(action="application.veto", reason__contains="公示异议成立").exists()


def test_the_office_of_another_committee_cannot_publish(world):
    application = make_case(State.QUALIFIED)
    other_office = User.objects.get(username="bgs_gongcheng")
    with time_machine.travel(FRIDAY, tick=False), pytest.raises(Forbidden):
        publicity_publish_pre_evaluation(
            application.committee, [application], actor=other_office, start=date(2022, 9, 30)
        )
    assert not Publicity.objects.filter(kind="pre_evaluation").exists()


def test_a_publicity_cannot_start_in_the_past(world):
    application = make_case(State.QUALIFIED)
    with time_machine.travel(FRIDAY, tick=False), pytest.raises(Conflict, match="不能早于今天"):
        publicity_publish_pre_evaluation(
            application.committee, [application], actor=world["office"], start=date(2022, 9, 29)
        )


def test_the_public_page_shows_the_list_with_ids_masked_and_takes_objections(client, published):
    publicity, _ = published
    with time_machine.travel("2022-10-08 10:00 +0800", tick=False):
        body = client.get(f"/publicity/{publicity.pk}/").content.decode()
        assert "张伟" in body and "331*************37" in body and "331102198503121237" not in body
        response = client.post(
            f"/publicity/{publicity.pk}/",
            {"entry": publicity.entries.get().pk, "contact_name": "李四", "contact_phone": "138", "text": "请核实"},
        )
    assert response.status_code == 302
    assert Objection.objects.get().text == "请核实"


def test_the_office_previews_before_publishing(client, world):
    application = make_case(State.QUALIFIED)
    client.force_login(world["office"])
    with time_machine.travel(FRIDAY, tick=False):
        preview = client.post("/publicity/office/new/", {"start": "2022-09-30", "cases": [application.pk]})
        assert "预览" in preview.content.decode() and "2022年10月11日" in preview.content.decode()
        assert not Publicity.objects.filter(kind="pre_evaluation").exists()
        client.post("/publicity/office/new/", {"start": "2022-09-30", "cases": [application.pk], "confirm": "yes"})
    assert Publicity.objects.filter(kind="pre_evaluation").count() == 1
