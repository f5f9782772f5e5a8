"""单位内公示: the employer posts its candidates for the policy's working days before recommending."""

from datetime import date

import pytest
import time_machine

from tests.factories import make_case
from zhicheng.applications.models import State
from zhicheng.applications.services import application_create, application_employer_approve, application_submit
from zhicheng.lib.errors import Conflict, Forbidden
from zhicheng.policy.models import Specialty, Title
from zhicheng.publicity.services import publicity_publish_in_unit


def _fresh_submitted(world):
    """A case submitted without the scenario's seeded publicity, as a real one would be."""
    application = application_create(
        actor=world["professional"],
        year=2023,
        specialty=Specialty.objects.get(name="机械工程"),
        title=Title.objects.get(name="助理工程师"),
    )
    return application_submit(application, actor=world["professional"])


def test_the_employer_cannot_recommend_before_the_in_unit_publicity_has_run(world):
    with time_machine.travel("2023-05-31 09:00 +0800", tick=False):
        application = _fresh_submitted(world)
        with pytest.raises(Conflict, match=r"尚未在单位内公示（5 个工作日）.*40号令"):
            application_employer_approve(application, actor=world["employer"])
        publicity = publicity_publish_in_unit([application], actor=world["employer"], start=date(2023, 5, 31))
    assert (publicity.first_day, publicity.last_day) == (date(2023, 5, 31), date(2023, 6, 6))
    with time_machine.travel("2023-06-06 16:00 +0800", tick=False), pytest.raises(Conflict, match="2023年6月6日结束"):
        application_employer_approve(application, actor=world["employer"])
    with time_machine.travel("2023-06-07 09:00 +0800", tick=False):
        assert application_employer_approve(application, actor=world["employer"]).state == State.EMPLOYER_APPROVED


def test_only_the_applicants_employer_may_post_it(world):
    application = make_case(State.SUBMITTED, year=2023)
    from zhicheng.accounts.models import User

    with pytest.raises((Forbidden, Conflict)):
        publicity_publish_in_unit([application], actor=User.objects.get(username="dw_xihu"), start=date(2099, 1, 1))
    with pytest.raises(Forbidden):
        publicity_publish_in_unit([application], actor=world["office"], start=date(2099, 1, 1))


def test_the_employer_previews_and_publishes_from_the_page(client, world):
    with time_machine.travel("2023-05-31 09:00 +0800", tick=False):
        application = _fresh_submitted(world)
        client.force_login(world["employer"])
        preview = client.post("/publicity/office/new/", {"start": "2023-05-31", "cases": [application.pk]})
        body = preview.content.decode()
        assert "发布单位内公示" in body and "2023年6月6日" in body and "在本单位内" in body
        done = client.post(
            "/publicity/office/new/", {"start": "2023-05-31", "cases": [application.pk], "confirm": "yes"}, follow=True
        )
    assert "已发布「丽水莲都智能装备有限公司2023年度职称申报单位内公示」" in done.content.decode()


def test_an_in_unit_list_is_not_on_the_public_pages(client, world):
    application = make_case(State.SUBMITTED, year=2023)
    in_unit = application.publicity_entries.get().publicity
    assert in_unit.kind == "in_unit"
    assert client.get(f"/publicity/{in_unit.pk}/").status_code == 404
    assert in_unit.title not in client.get("/publicity/").content.decode()
