"""The employer verifies each achievement (待核验 → 已核验 / 退回); any edit sends a verified one back."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import pdf_bytes
from zhicheng.accounts.models import User
from zhicheng.archive.models import Achievement, Profile
from zhicheng.archive.services import (
    achievement_create,
    achievement_return,
    achievement_update,
    achievement_verify,
    evidence_add,
)
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation

DATA = {
    "kind": "patent",
    "title": "一种数控机床主轴冷却装置",
    "achieved_on": date(2020, 8, 1),
    "role": "第一发明人",
    "identifier": "ZL 2020 2 0123456.7",
}


@pytest.fixture
def achievement(world, zhangwei):
    return achievement_create(zhangwei, actor=world["professional"], data=DATA)


def test_a_new_achievement_waits_for_verification(achievement):
    assert achievement.status == Achievement.Status.PENDING
    assert Event.objects.filter(action="archive.achievement_create", object_id=str(achievement.pk)).count() == 1


def test_the_employer_verifies_it_and_the_count_goes_up(world, achievement):
    achievement_verify(achievement, actor=world["employer"])
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.VERIFIED
    assert achievement.verified_by == world["employer"] and achievement.verified_at is not None
    assert Profile.objects.get(pk=achievement.professional_id).verified_achievements == 1
    event = Event.objects.get(action="archive.achievement_verify")
    assert (event.before, event.after, event.actor_name) == ("pending", "verified", "王秀英")


def test_editing_a_verified_entry_resets_verification(world, achievement):
    achievement_verify(achievement, actor=world["employer"])
    achievement_update(achievement, actor=world["professional"], data={**DATA, "role": "第二发明人"})
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.PENDING
    assert achievement.verified_by is None and achievement.verified_at is None
    assert Profile.objects.get(pk=achievement.professional_id).verified_achievements == 0
    event = Event.objects.get(action="archive.achievement_update")
    assert (event.before, event.after) == ("verified", "pending")


def test_adding_a_file_to_a_verified_entry_resets_verification(world, achievement):
    achievement_verify(achievement, actor=world["employer"])
    evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.PENDING


def test_editing_a_verified_entry_by_page_resets_verification(client, world, achievement):
    achievement_verify(achievement, actor=world["employer"])
    client.force_login(world["professional"])
    edit = client.get(reverse("archive:achievement_edit", args=[achievement.pk])).content.decode()
    assert "保存修改后将重新进入「待核验」" in edit
    response = client.post(
        reverse("archive:achievement_edit", args=[achievement.pk]),
        {**DATA, "achieved_on": "2020-08-01", "title": "一种数控机床主轴冷却装置（修订）"},
    )
    assert response.status_code == 302
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.PENDING


def test_the_employer_returns_it_with_a_reason_the_owner_sees(client, world, achievement):
    achievement_return(achievement, actor=world["employer"], reason="专利证书扫描件不清晰")
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.RETURNED
    client.force_login(world["professional"])
    body = client.get(reverse("archive:achievement", args=[achievement.pk])).content.decode()
    assert "单位退回：专利证书扫描件不清晰" in body


def test_a_return_needs_a_reason(world, achievement):
    with pytest.raises(RuleViolation, match="退回须填写理由"):
        achievement_return(achievement, actor=world["employer"], reason=" ")


def test_a_returned_entry_edited_by_the_owner_goes_back_to_pending(world, achievement):
    achievement_return(achievement, actor=world["employer"], reason="请补充证书")
    achievement_update(achievement, actor=world["professional"], data=DATA)
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.PENDING


@pytest.mark.parametrize("role", ["professional", "bureau", "office", "authority"])
def test_only_the_persons_employer_verifies(world, achievement, role):
    events = Event.objects.count()
    with pytest.raises(Forbidden):
        achievement_verify(achievement, actor=world[role])
    assert Event.objects.count() == events


def test_another_employer_cannot_verify(world, achievement):
    with pytest.raises(Forbidden):
        achievement_verify(achievement, actor=User.objects.get(username="dw_longquan"))


def test_verifying_twice_is_a_conflict(world, achievement):
    achievement_verify(achievement, actor=world["employer"])
    events = Event.objects.count()
    with pytest.raises(Conflict, match="当前为「已核验」，不能核验"):
        achievement_verify(achievement, actor=world["employer"])
    assert Event.objects.count() == events


def test_the_employer_verifies_from_the_pending_queue(client, world, achievement):
    client.force_login(world["employer"])
    queue = client.get(reverse("archive:pending")).content.decode()
    assert "一种数控机床主轴冷却装置" in queue
    response = client.post(reverse("archive:verify", args=[achievement.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("archive:pending")
    achievement.refresh_from_db()
    assert achievement.status == Achievement.Status.VERIFIED


def test_a_patent_needs_its_number(world, zhangwei):
    with pytest.raises(RuleViolation, match="专利须填写专利号"):
        achievement_create(zhangwei, actor=world["professional"], data={**DATA, "identifier": ""})


def test_an_achievement_dated_in_the_future_is_refused(world, zhangwei):
    with pytest.raises(RuleViolation, match="取得时间不能晚于今天"):
        achievement_create(zhangwei, actor=world["professional"], data={**DATA, "achieved_on": date(2999, 1, 1)})
