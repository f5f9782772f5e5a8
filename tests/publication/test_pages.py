"""The pages: the public results with masked ID numbers; the office prepares, previews and files; the bureau
publishes or returns; downloads are on the audit record; login and region bound who sees what."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.publication.helpers import file, passed
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.audit.models import Event
from zhicheng.publication.models import Publication, PublicationRequest
from zhicheng.publication.services import publication_publish

ZHANG_ID = "331102198503121237"


@pytest.fixture
def filed(world):
    passed("zhangwei")
    passed("xuming")
    return file(world["office"])


def login(client, user):
    client.force_login(user)
    return client


def assert_no_inline_code(html: str) -> None:
    """The CSP allows no inline script or style."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html


def test_the_public_page_lists_each_publication_and_its_people_with_masked_ids(client, world, filed):
    publication = publication_publish(filed, actor=world["bureau"], published_on=timezone.localdate())
    listing = client.get(reverse("publication:public_list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert publication.document_number in html and "莲都区人力资源和社会保障局" in html
    assert "莲都区工程技术人员初级专业技术职务任职资格评审委员会 2022年度" in html
    assert_no_inline_code(html)

    detail = client.get(reverse("publication:public_detail", args=[publication.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "张伟" in html and "徐明" in html and "丽水莲都智能装备有限公司" in html
    assert "331*************37" in html and ZHANG_ID not in html
    assert "助理工程师" in html and "山区26县单列" in html
    assert_no_inline_code(html)


def test_a_request_not_yet_published_is_not_public(client, filed):
    assert client.get(reverse("publication:public_list")).content.decode().count("莲职改办") == 0
    assert not Publication.objects.exists()


def test_the_office_previews_then_files(client, world):
    passed("zhangwei")
    login(client, world["office"])
    page = client.get(reverse("publication:office_list"))
    assert page.status_code == 200 and "2022年度（1人）" in page.content.decode()
    committee = world["office"].organisation.office_of.get()
    data = {"batch": f"{committee.pk}-2022", "letter_number": "莲职改办〔2022〕3号", "letter_date": "2022-11-01"}
    preview = client.post(reverse("publication:prepare"), data)
    html = preview.content.decode()
    assert preview.status_code == 200 and "确认报送" in html and "331*************37" in html
    assert_no_inline_code(html)
    assert not PublicationRequest.objects.exists()

    done = client.post(reverse("publication:prepare"), {**data, "confirm": "yes"})
    request = PublicationRequest.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("publication:request_detail", args=[request.pk])
    assert request.entries.count() == 1


def test_a_bad_letter_number_comes_back_beside_the_form(client, world):
    passed("zhangwei")
    login(client, world["office"])
    committee = world["office"].organisation.office_of.get()
    data = {"batch": f"{committee.pk}-2022", "letter_number": "三号", "letter_date": "2022-11-01"}
    response = client.post(reverse("publication:prepare"), data)
    assert response.status_code == 422 and "格式不对" in response.content.decode()


def test_the_bureau_publishes_on_its_page(client, world, filed):
    login(client, world["bureau"])
    awaiting = client.get(reverse("publication:bureau_list"))
    assert awaiting.status_code == 200 and "莲职改办〔2022〕3号" in awaiting.content.decode()
    detail = client.get(reverse("publication:request_detail", args=[filed.pk]))
    assert "发文公布" in detail.content.decode() and "退回评委会办公室" in detail.content.decode()
    assert_no_inline_code(detail.content.decode())
    response = client.post(
        reverse("publication:publish", args=[filed.pk]), {"published_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.state == PublicationRequest.State.PUBLISHED
    assert {e.application.state for e in filed.entries.all()} == {State.PUBLISHED}


def test_the_bureau_returns_on_its_page_and_a_missing_reason_is_shown(client, world, filed):
    login(client, world["bureau"])
    missing = client.post(reverse("publication:return", args=[filed.pk]), {"reason": ""})
    assert missing.status_code == 422 and "请填写退回理由" in missing.content.decode()
    client.post(reverse("publication:return", args=[filed.pk]), {"reason": "请补充公示情况"})
    filed.refresh_from_db()
    assert filed.state == PublicationRequest.State.RETURNED


def test_the_city_bureau_reads_the_district_request_but_cannot_publish_it(client, world, filed):
    login(client, User.objects.get(username="rs_lishui"))
    detail = client.get(reverse("publication:request_detail", args=[filed.pk]))
    assert detail.status_code == 200 and "退回评委会办公室" not in detail.content.decode()
    refused = client.post(
        reverse("publication:publish", args=[filed.pk]), {"published_on": timezone.localdate().isoformat()}
    )
    assert refused.status_code == 403
    filed.refresh_from_db()
    assert filed.state == PublicationRequest.State.SUBMITTED


def test_the_documents_download_and_each_download_is_recorded(client, world, filed):
    login(client, world["office"])
    for which in ("letter", "list"):
        response = client.get(reverse("publication:document", args=[filed.pk, which]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content)[:2] == b"PK"  # a .docx is a zip
    exports = Event.objects.filter(action="export").order_by("id")
    assert [e.object_id for e in exports] == [
        "关于要求公布评审通过人员名单的函 莲职改办〔2022〕3号",
        "评审通过人员名单 莲职改办〔2022〕3号",
    ]
    assert exports[0].data == {"rows": 2}
    assert client.get(reverse("publication:document", args=[filed.pk, "other"])).status_code == 404


@pytest.mark.parametrize("name", ["publication:office_list", "publication:prepare", "publication:bureau_list"])
def test_the_working_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_an_outsider_sees_neither_the_request_nor_its_documents(client, world, filed):
    login(client, world["outsider"])
    assert client.get(reverse("publication:request_detail", args=[filed.pk])).status_code == 404
    assert client.get(reverse("publication:document", args=[filed.pk, "letter"])).status_code == 404
    assert (
        client.post(reverse("publication:publish", args=[filed.pk]), {"published_on": "2026-01-01"}).status_code == 404
    )
    assert not Event.objects.filter(action="export").exists()


def test_each_role_reaches_only_its_own_pages(client, world):
    login(client, world["professional"])
    assert client.get(reverse("publication:office_list")).status_code == 403
    assert client.get(reverse("publication:bureau_list")).status_code == 403
    login(client, world["office"])
    assert client.get(reverse("publication:bureau_list")).status_code == 403
