"""A committee's status, step by step, by the bureau over it: a suspended committee accepts no case and
opens no meeting, wherever the call comes from; after restoring, both work again."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.committees.helpers import pdf
from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.applications import checklists
from zhicheng.applications.models import State
from zhicheng.applications.services import application_accept
from zhicheng.audit.models import Event
from zhicheng.committees.models import Committee, StatusChange
from zhicheng.committees.services import committee_set_status
from zhicheng.evaluation.meetings import meeting_open
from zhicheng.evaluation.models import Meeting
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _suspend(committee, bureau):
    for step, reason in [("warned", "投诉较多"), ("rectifying", "告诫后未改"), ("suspended", "整改无明显改善")]:
        committee = committee_set_status(committee, actor=bureau, to=step, reason=reason, document=pdf())
    return committee


def test_a_suspended_committee_refuses_to_accept_and_to_open_a_meeting_until_restored(world, media):
    case = make_case(State.AUTHORITY_APPROVED)
    committee = _suspend(case.committee, world["bureau"])
    meeting = Meeting.objects.create(committee=committee, date=date(2022, 10, 20))
    with pytest.raises(Conflict, match="已被暂停评审权：整改无明显改善"):
        application_accept(case, actor=world["office"], checklist=checklists.complete("accept"))
    with pytest.raises(Conflict, match="已被暂停评审权：整改无明显改善"):
        meeting_open(meeting, actor=world["office"])

    committee_set_status(committee, actor=world["bureau"], to="active", reason="整改到位，恢复评审权", document=pdf())
    assert application_accept(case, actor=world["office"], checklist=checklists.complete("accept")).state == "accepted"
    # Restored, the meeting is held back only by what every meeting needs: the bureau's approval of its report.
    with pytest.raises(RuleViolation, match="须经人力社保局书面同意后方可召开"):
        meeting_open(meeting, actor=world["office"])
    assert list(StatusChange.objects.order_by("id").values_list("after", flat=True)) == [
        "warned",
        "rectifying",
        "suspended",
        "active",
    ]
    assert Event.objects.filter(action="committee.set_status").count() == 4


def test_steps_cannot_be_skipped(world, media):
    committee = Committee.objects.get(name__startswith="莲都区")
    with pytest.raises(Conflict, match="下一步只能是「告诫」"):
        committee_set_status(committee, actor=world["bureau"], to="suspended", reason="直接暂停", document=pdf())


def test_only_the_bureau_over_the_seat_may_change_it(world, media):
    committee = Committee.objects.get(name__startswith="莲都区")
    with pytest.raises(Forbidden):
        committee_set_status(committee, actor=world["outsider"], to="warned", reason="越权", document=pdf())
    with pytest.raises(Forbidden):
        committee_set_status(committee, actor=world["office"], to="warned", reason="越权", document=pdf())


def test_a_decision_needs_a_reason_and_a_real_pdf(world, media):
    committee = Committee.objects.get(name__startswith="莲都区")
    png = SimpleUploadedFile("决定.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    with pytest.raises(RuleViolation, match="不是 PDF"):
        committee_set_status(committee, actor=world["bureau"], to="warned", reason="投诉较多", document=png)
    with pytest.raises(RuleViolation, match="请写明事实与理由"):
        committee_set_status(committee, actor=world["bureau"], to="warned", reason=" ", document=pdf())
    committee.refresh_from_db()
    assert committee.status == "active"


def test_the_city_bureau_governs_city_committees(world, media):
    city = User.objects.get(username="rs_lishui")
    committee = Committee.objects.get(name__startswith="丽水市林业工程")
    assert (
        committee_set_status(committee, actor=city, to="warned", reason="抽查发现问题", document=pdf()).status
        == "warned"
    )


def test_the_bureau_sets_a_status_by_api_and_others_cannot(client, world, media):
    committee = Committee.objects.get(name__startswith="莲都区")
    client.force_login(world["bureau"])
    response = client.post(
        f"/api/v1/committees/{committee.pk}/status", {"to": "warned", "reason": "投诉较多", "document": pdf()}
    )
    assert response.status_code == 200 and response.json()["status"] == "warned"
    skipped = client.post(
        f"/api/v1/committees/{committee.pk}/status", {"to": "suspended", "reason": "跳级", "document": pdf()}
    )
    assert skipped.status_code == 409 and "下一步只能是「责令整改」" in skipped.json()["detail"]
    client.force_login(world["outsider"])
    other = client.post(
        f"/api/v1/committees/{committee.pk}/status", {"to": "rectifying", "reason": "x", "document": pdf()}
    )
    assert other.status_code == 404
