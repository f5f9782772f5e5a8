"""The bureau's list (issue and revoke), 我的证书, and the employer's list: login, scope, and the actions."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from zhicheng.applications.models import State
from zhicheng.certificates.models import Certificate


@pytest.mark.parametrize("name", ["certificates:list", "certificates:mine"])
def test_pages_require_login(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_bureau_issues_from_its_list(client, world, published):
    client.force_login(world["bureau"])
    page = client.get(reverse("certificates:list")).content.decode()
    issue_url = reverse("certificates:issue", args=[published.pk])
    assert "待发证（1）" in page and issue_url in page

    response = client.post(issue_url)

    assert response.status_code == 302 and response["Location"] == reverse("certificates:list")
    certificate = Certificate.objects.get(application=published)
    published.refresh_from_db()
    assert published.state == State.CERTIFIED
    page = client.get(response["Location"]).content.decode()
    assert "待发证（0）" in page and certificate.number in page
    assert reverse("certificates:revoke", args=[certificate.pk]) in page
    assert f"证书编号 {certificate.number}" in page  # the message after issuing


def test_issuing_is_post_only_and_refused_to_another_county(client, world, published):
    client.force_login(world["bureau"])
    assert client.get(reverse("certificates:issue", args=[published.pk])).status_code == 405
    client.force_login(world["outsider"])
    assert client.post(reverse("certificates:issue", args=[published.pk])).status_code in (403, 404)
    assert not Certificate.objects.exists()


def test_another_countys_bureau_sees_neither_the_case_nor_the_certificate(client, world, certificate):
    client.force_login(world["outsider"])
    page = client.get(reverse("certificates:list")).content.decode()
    assert certificate.number not in page and "待发证（0）" in page


def test_the_city_bureau_sees_but_cannot_revoke_a_district_certificate(client, world, certificate):
    from zhicheng.accounts.models import User

    client.force_login(User.objects.get(username="rs_lishui"))
    page = client.get(reverse("certificates:list")).content.decode()
    assert certificate.number in page
    assert reverse("certificates:revoke", args=[certificate.pk]) not in page


def test_the_employer_lists_its_staffs_certificates_without_revoking(client, world, certificate):
    client.force_login(world["employer"])
    page = client.get(reverse("certificates:list")).content.decode()
    assert certificate.number in page and reverse("certificates:download", args=[certificate.pk]) in page
    assert reverse("certificates:revoke", args=[certificate.pk]) not in page
    assert "待发证" not in page


def test_the_list_filters_by_number_name_and_status(client, world, certificate):
    client.force_login(world["bureau"])
    url = reverse("certificates:list")
    assert certificate.number in client.get(url, {"q": "张"}).content.decode()
    assert certificate.number in client.get(url, {"q": certificate.number}).content.decode()
    assert certificate.number not in client.get(url, {"q": "李"}).content.decode()
    assert certificate.number not in client.get(url, {"status": "revoked"}).content.decode()


def test_a_professional_is_sent_to_my_certificates_instead_of_the_list(client, world):
    client.force_login(world["professional"])
    response = client.get(reverse("certificates:list"))
    assert response.status_code == 403 and "我的证书" in response.content.decode()


def test_my_certificates_shows_the_holders_own_with_a_download(client, world, certificate):
    client.force_login(world["professional"])
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.number in page and "助理工程师" in page
    assert reverse("certificates:download", args=[certificate.pk]) in page


def test_my_certificates_shows_nothing_of_someone_else(client, world, certificate):
    from zhicheng.accounts.models import User

    client.force_login(User.objects.get(username="liuyang"))
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.number not in page and "暂无证书" in page


def test_the_templates_have_no_inline_script_or_style():
    folder = Path(settings.BASE_DIR) / "zhicheng" / "templates" / "certificates"
    for template in folder.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert "<style" not in text and "style=" not in text and " on" + "click=" not in text, template.name
