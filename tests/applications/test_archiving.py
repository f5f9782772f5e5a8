"""Archiving (55号 §4(三)): the materials go back to the employer, a dossier of the case goes to the personal
file, and the case is read-only from then on."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from tests.factories import make_case
from zhicheng.applications.models import State
from zhicheng.applications.services import available_transitions
from zhicheng.certificates.models import Certificate
from zhicheng.lib.errors import RuleViolation


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_office_archives_through_the_case_page_with_the_materials_returned(client, world, media):
    case = make_case(State.CERTIFIED)
    client.force_login(world["office"])
    refused = client.post(f"/applications/{case.pk}/do/archive/", {"reason": ""})
    assert refused.status_code == 422 and "材料退还接收人" in refused.content.decode()
    response = client.post(
        f"/applications/{case.pk}/do/archive/",
        {"returned_to": "丽水莲都智能装备有限公司人事部 王秀英", "returned_on": "2022-12-30"},
    )
    case.refresh_from_db()
    assert response.status_code == 302 and case.state == State.ARCHIVED
    record = case.case_archive
    assert record.materials_returned_to == "丽水莲都智能装备有限公司人事部 王秀英"
    pdf = record.dossier.read()
    assert hashlib.sha256(pdf).hexdigest() == record.dossier_sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")
    certificate = Certificate.objects.get(application=case)
    for words in ("职称评审归档材料", "张伟", "助理工程师", "评审会议", certificate.number, "受理"):
        assert words in text, words


def test_an_archived_case_is_read_only(client, world, media):
    case = make_case(State.ARCHIVED)
    for user in world.values():
        assert available_transitions(case, user) == []
    client.force_login(world["professional"])
    page = client.get(f"/applications/{case.pk}/edit/")
    assert page.status_code == 409 and "已不能修改" in page.content.decode()


def test_the_return_of_materials_is_required(world, media):
    from zhicheng.applications.services import application_archive

    case = make_case(State.CERTIFIED)
    with pytest.raises(RuleViolation, match="请填写申报材料退还单位的接收人"):
        application_archive(case, actor=world["office"])


def test_the_dossier_is_downloaded_by_those_who_read_the_case(client, world, media):
    case = make_case(State.ARCHIVED)
    client.force_login(world["professional"])
    page = client.get(f"/applications/{case.pk}/").content.decode()
    assert "已归档（只读）" in page
    response = client.get(f"/applications/{case.pk}/dossier/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(world["outsider"])
    assert client.get(f"/applications/{case.pk}/dossier/").status_code in (403, 404)
