"""The personal dossier (个人业绩档案) as PDF, read back with pypdf."""

import io

from django.urls import reverse
from pypdf import PdfReader

from tests.factories import complete_archive
from zhicheng.accounts.models import User
from zhicheng.archive.services import achievement_update


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_dossier_names_the_person_and_their_achievements(client, world, zhangwei, paper):
    complete_archive(zhangwei)
    # Text that is markup to reportlab's paragraphs is printed as typed.
    achievement_update(paper, actor=world["professional"], data={"identifier": "10.1000/a<b>&c"})
    client.force_login(world["employer"])
    response = client.get(reverse("archive:dossier", args=[zhangwei.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "专业技术人才业绩档案" in text
    assert "张伟" in text
    assert "数控机床主轴热变形补偿研究" in text
    assert "331*************37" in text  # the ID number masked
    assert "档案完善情况" in text
    assert "10.1000/a<b>&c" in text


def test_the_dossier_is_refused_to_another_employer(client, world, zhangwei):
    client.force_login(User.objects.get(username="dw_xihu"))
    assert client.get(reverse("archive:dossier", args=[zhangwei.pk])).status_code == 403
