"""Evidence files: type read from the content, size limited, stored by SHA-256, served only to those allowed."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import pdf_bytes, png_bytes
from zhicheng.archive.models import Achievement, Evidence
from zhicheng.archive.services import evidence_add
from zhicheng.audit.models import Event
from zhicheng.lib.errors import RuleViolation


@pytest.fixture
def achievement(paper):
    return paper


def _upload(client, user, achievement, name, content):
    client.force_login(user)
    return client.post(
        reverse("archive:evidence_add", args=[achievement.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def test_a_pdf_is_stored_under_its_sha256_and_sends_the_entry_to_pending(world, achievement):
    content = pdf_bytes("验收证明")
    evidence = evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("证明.pdf", content))
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.file.name.endswith(f"{evidence.sha256}.pdf")
    assert evidence.file.read() == content
    assert evidence.file_type == "pdf" and evidence.size == len(content)
    assert Event.objects.filter(action="archive.evidence_add").count() == 1


def test_a_png_renamed_pdf_is_refused(client, world, achievement):
    response = _upload(client, world["professional"], achievement, "scan.pdf", png_bytes())
    assert response.status_code == 422
    assert "文件内容是PNG 图片，但文件名后缀为「.pdf」" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_real_png_and_jpg_are_accepted(world, achievement):
    for name, content in [("photo.png", png_bytes()), ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 64)]:
        evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile(name, content))
    assert sorted(Evidence.objects.values_list("file_type", flat=True)) == ["jpg", "png"]


def test_a_file_that_is_none_of_the_three_types_is_refused(world, achievement):
    with pytest.raises(RuleViolation, match="只能上传 PDF、PNG 或 JPG"):
        evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("a.pdf", b"MZ\x90\x00exe"))


def test_a_21_mb_file_is_refused_by_the_service(world, achievement):
    big = pdf_bytes() + b"0" * (21 * 1024 * 1024)
    with pytest.raises(RuleViolation, match=r"超过每个文件 20\.0 MB 的上限"):
        evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("big.pdf", big))
    assert not Evidence.objects.exists()


def test_a_21_mb_file_is_refused_by_the_page_in_chinese(client, world, achievement):
    response = _upload(client, world["professional"], achievement, "big.pdf", b"%PDF-" + b"0" * (21 * 1024 * 1024))
    assert response.status_code == 422
    assert "超过每个文件 20.0 MB 的上限" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_same_file_twice_is_kept_once(world, achievement):
    content = pdf_bytes("同一份文件")
    first = evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("a.pdf", content))
    second = evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("b.pdf", content))
    assert first.file.name == second.file.name


def test_only_the_owner_uploads(client, world, achievement):
    response = _upload(client, world["employer"], achievement, "x.pdf", pdf_bytes())
    assert response.status_code == 403


class TestWhoMayReadTheFile:
    @pytest.fixture
    def evidence(self, world, achievement):
        return evidence_add(
            achievement, actor=world["professional"], upload=SimpleUploadedFile("证明.pdf", pdf_bytes())
        )

    @pytest.mark.parametrize("role", ["professional", "employer", "bureau", "authority"])
    def test_the_owner_the_employer_and_the_region_read_it(self, client, world, evidence, role):
        client.force_login(world[role])
        response = client.get(reverse("archive:evidence", args=[evidence.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    def test_another_employers_user_gets_403_by_page(self, client, world, evidence):
        from zhicheng.accounts.models import User

        client.force_login(User.objects.get(username="dw_longquan"))
        response = client.get(reverse("archive:evidence", args=[evidence.pk]))
        assert response.status_code == 403
        assert "无权查看此人的业绩档案" in response.content.decode()

    def test_another_employers_user_gets_403_by_api(self, client, world, evidence):
        from zhicheng.accounts.models import User

        client.force_login(User.objects.get(username="dw_longquan"))
        response = client.get(f"/api/v1/archive/evidence/{evidence.pk}")
        assert response.status_code == 403
        assert "无权查看" in response.json()["detail"]

    def test_the_bureau_of_another_county_gets_403(self, client, world, evidence):
        client.force_login(world["outsider"])
        assert client.get(reverse("archive:evidence", args=[evidence.pk])).status_code == 403

    def test_an_anonymous_visitor_is_sent_to_login(self, client, evidence):
        response = client.get(reverse("archive:evidence", args=[evidence.pk]))
        assert response.status_code == 302


def test_files_live_under_media_root_not_static(world, achievement, settings):
    evidence = evidence_add(achievement, actor=world["professional"], upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    assert Achievement.objects.get(pk=achievement.pk).status == Achievement.Status.PENDING
