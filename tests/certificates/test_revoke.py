"""Revoking a certificate obtained by fraud: 已撤销, the title leaves the archive, an integrity record is made."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.applications.models import IntegrityRecord
from zhicheng.archive.models import TitleHeld
from zhicheng.audit.models import Event
from zhicheng.audit.selectors import events_for_object
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.services import certificate_revoke
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.selectors import policy_for


def _revoke(certificate, actor):
    return certificate_revoke(
        certificate, actor=actor, reason="代表作系抄袭", evidence="丽水市调查组结论（丽调〔2026〕3号）"
    )


def test_the_issuing_bureau_revokes_and_the_archive_and_integrity_record_follow(world, certificate):
    held_pk = certificate.title_held_id
    before = Event.objects.count()

    revoked = _revoke(certificate, world["bureau"])

    today = timezone.localdate()
    assert revoked.is_revoked and revoked.revoked_on == today and revoked.revoked_by == world["bureau"]
    assert not TitleHeld.objects.filter(pk=held_pk).exists()
    assert not TitleHeld.objects.filter(certificate_number=certificate.number).exists()
    record = IntegrityRecord.objects.get(professional=certificate.professional)
    assert record == revoked.integrity_record
    assert record.source == IntegrityRecord.Source.REVOCATION and record.application == certificate.application
    years = policy_for(today.year).integrity_bar_years
    assert record.bars_until.year == today.year + years
    assert certificate.number in record.reason and "抄袭" in record.reason and "丽调" in record.reason
    actions = [e.action for e in Event.objects.order_by("id")[before:]]
    assert actions == ["integrity_record.create", "certificate.revoke"]
    event = events_for_object(revoked).last()
    assert (event.before, event.after, event.reason) == ("valid", "revoked", "代表作系抄袭")
    assert event.data["title_held_removed"] == [held_pk]


def test_the_province_bureau_may_revoke_too(world, certificate):
    from zhicheng.accounts.models import User

    assert _revoke(certificate, User.objects.get(username="rs_province")).is_revoked


@pytest.mark.parametrize("role", ["outsider", "office", "employer", "professional", "authority"])
def test_anyone_else_is_refused_and_nothing_changes(world, certificate, role):
    events = Event.objects.count()
    with pytest.raises(Forbidden):
        _revoke(certificate, world[role])
    certificate.refresh_from_db()
    assert not certificate.is_revoked and certificate.title_held is not None
    assert Event.objects.count() == events and not IntegrityRecord.objects.exists()


def test_the_city_bureau_above_may_not_revoke_a_district_certificate(world, certificate):
    from zhicheng.accounts.models import User

    with pytest.raises(Forbidden):
        _revoke(certificate, User.objects.get(username="rs_lishui"))


def test_a_revoked_certificate_cannot_be_revoked_again(world, certificate):
    _revoke(certificate, world["bureau"])
    events = Event.objects.count()
    with pytest.raises(Conflict):
        _revoke(certificate, world["bureau"])
    assert Event.objects.count() == events and IntegrityRecord.objects.count() == 1


def test_reason_and_evidence_are_required(world, certificate):
    with pytest.raises(RuleViolation, match="撤销理由和证据说明"):
        certificate_revoke(certificate, actor=world["bureau"], reason="抄袭", evidence="  ")
    assert not Certificate.objects.get(pk=certificate.pk).is_revoked


def test_the_revoke_page_asks_for_confirmation_then_revokes(client, world, certificate):
    client.force_login(world["bureau"])
    url = reverse("certificates:revoke", args=[certificate.pk])
    page = client.get(url)
    assert page.status_code == 200 and "撤销证书" in page.content.decode()

    unconfirmed = client.post(url, {"reason": "抄袭", "evidence": "调查报告"})
    assert unconfirmed.status_code == 422
    assert not Certificate.objects.get(pk=certificate.pk).is_revoked

    response = client.post(url, {"reason": "抄袭", "evidence": "调查报告", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("certificates:list")
    assert Certificate.objects.get(pk=certificate.pk).is_revoked


def test_the_revoke_page_is_refused_to_others(client, world, certificate):
    client.force_login(world["outsider"])
    response = client.get(reverse("certificates:revoke", args=[certificate.pk]))
    assert response.status_code == 403
