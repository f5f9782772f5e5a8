"""Downloading the PDF: the holder, their employer and the bureau; audited; everyone else 403."""

import pytest
from django.urls import reverse

from zhicheng.accounts.models import User
from zhicheng.audit.models import Event
from zhicheng.certificates.services import certificate_revoke


def _download(client, user, certificate):
    client.force_login(user)
    return client.get(reverse("certificates:download", args=[certificate.pk]))


@pytest.mark.parametrize("who", ["professional", "employer", "bureau", "rs_lishui", "rs_province"])
def test_the_holder_the_employer_and_the_bureaus_download_it_and_it_is_audited(client, world, certificate, who):
    user = world[who] if who in world else User.objects.get(username=who)
    events = Event.objects.count()

    response = _download(client, user, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = Event.objects.order_by("id")[events:].get()
    assert (event.action, event.actor_id, event.object_id) == ("export", user.pk, f"职称证书 {certificate.number}")


@pytest.mark.parametrize("who", ["outsider", "office", "authority", "expert", "liuyang", "dw_xihu"])
def test_everyone_else_gets_403_and_nothing_is_recorded(client, world, certificate, who):
    user = world[who] if who in world else User.objects.get(username=who)
    events = Event.objects.count()
    response = _download(client, user, certificate)
    assert response.status_code == 403
    assert Event.objects.count() == events


def test_login_is_required(client, certificate):
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_revoked_certificate_is_kept_from_its_holder_but_not_from_the_bureau(client, world, certificate):
    certificate_revoke(certificate, actor=world["bureau"], reason="抄袭", evidence="调查报告")
    assert _download(client, world["professional"], certificate).status_code == 403
    assert _download(client, world["employer"], certificate).status_code == 403
    assert _download(client, world["bureau"], certificate).status_code == 200


def test_a_file_changed_on_disk_is_not_served(client, world, certificate):
    with open(certificate.file.path, "ab") as handle:
        handle.write(b"%tampered")
    response = _download(client, world["professional"], certificate)
    assert response.status_code == 409
    assert "校验值不符" in response.content.decode()
