"""Issuing a certificate: the case is certified, numbered, the PDF stored with its hash, the title archived."""

import hashlib
import io

import pypdf
import pytest
import zxingcpp
from django.db import transaction
from django.utils import timezone

from tests.factories import make_case
from zhicheng.accounts.models import Organisation
from zhicheng.applications.models import Application, State
from zhicheng.archive.models import TitleHeld
from zhicheng.archive.selectors import title_held
from zhicheng.audit.models import Event
from zhicheng.audit.selectors import events_for_object
from zhicheng.certificates.models import Certificate, CertificateCounter
from zhicheng.certificates.numbering import format_number, next_serial, normalise_number, verification_url
from zhicheng.certificates.services import certificate_issue
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation


def _pdf(certificate: Certificate) -> pypdf.PdfReader:
    with certificate.file.open("rb") as handle:
        return pypdf.PdfReader(io.BytesIO(handle.read()))


def test_issuing_certifies_the_case_and_puts_the_title_in_the_archive(world, published):
    before = Event.objects.count()

    certificate = certificate_issue(published, actor=world["bureau"])

    published.refresh_from_db()
    assert published.state == State.CERTIFIED
    today = timezone.localdate()
    held = TitleHeld.objects.get(professional=published.professional, certificate_number=certificate.number)
    assert (held.title, held.obtained_on, held.how) == (published.title, today, TitleHeld.How.EVALUATED)
    assert certificate.title_held == held
    assert certificate.bureau == world["bureau"].organisation
    assert certificate.issued_on == today and certificate.serial == 1
    assert certificate.holder_name == "张伟" and certificate.title_name == "助理工程师"
    assert [e.action for e in Event.objects.order_by("id")[before:]] == ["application.certify", "certificate.issue"]
    assert events_for_object(certificate).get().after == certificate.number


def test_the_number_is_the_bureau_the_year_and_a_five_digit_serial(world, certificate):
    bureau = world["bureau"].organisation
    year = timezone.localdate().year
    assert certificate.number == format_number(bureau, year, 1) == f"浙J{bureau.pk:05d}-{year}-00001"


def test_the_pdf_holds_the_holder_the_title_and_the_number(world, certificate):
    text = _pdf(certificate).pages[0].extract_text()
    professional = certificate.professional
    for expected in [
        "专业技术职务任职资格证书",
        "张伟",
        professional.id_number,
        professional.sex,
        "助理工程师",
        "机械工程",
        certificate.committee_name,
        "莲都区人力资源和社会保障局",
        certificate.number,
        f"{certificate.issued_on.year}年{certificate.issued_on.month}月{certificate.issued_on.day}日",
    ]:
        assert expected in text, expected


def test_the_pdf_shows_when_the_case_was_passed_and_published(world, certificate):
    assert certificate.approved_on is not None and certificate.published_on is not None
    text = _pdf(certificate).pages[0].extract_text()
    assert f"评审通过：{certificate.approved_on.year}年{certificate.approved_on.month}月" in text
    assert f"公布日期：{certificate.published_on.year}年" in text


def test_the_qr_code_in_the_pdf_opens_the_verification_page_for_this_number(world, certificate):
    images = _pdf(certificate).pages[0].images
    assert len(images) == 1
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(images[0].image)]
    assert decoded == [verification_url(certificate.number)]
    assert decoded[0].startswith("http://127.0.0.1:8000/certificates/verify/?number=")


def test_the_qr_code_uses_the_configured_site_address(world, published, settings):
    settings.SITE_URL = "https://zc.example.gov.cn/"
    certificate = certificate_issue(published, actor=world["bureau"])
    image = _pdf(certificate).pages[0].images[0].image
    decoded = zxingcpp.read_barcodes(image)[0].text
    assert decoded.startswith("https://zc.example.gov.cn/certificates/verify/?number=")
    assert decoded == verification_url(certificate.number)


def test_the_stored_sha256_is_that_of_the_stored_file(world, certificate):
    with certificate.file.open("rb") as handle:
        content = handle.read()
    assert certificate.sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.size == len(content)
    assert certificate.file.name.startswith(f"certificates/{certificate.year}/")


def test_numbers_run_one_by_one_per_bureau_and_year(world, published):
    first = certificate_issue(published, actor=world["bureau"])
    second = certificate_issue(make_case(State.PUBLISHED, outcome="passed"), actor=world["bureau"])

    assert (first.serial, second.serial) == (1, 2)
    assert second.number == format_number(world["bureau"].organisation, first.year, 2)
    assert second.number.endswith("-00002")
    # Another bureau, or the same bureau in another year, starts from 1.
    other = Organisation.objects.get(name="丽水市人力资源和社会保障局")
    with transaction.atomic():
        assert next_serial(other, first.year) == 1
        assert next_serial(world["bureau"].organisation, first.year + 1) == 1
        assert next_serial(world["bureau"].organisation, first.year) == 3


def test_only_the_bureau_over_the_committee_may_issue_and_a_refusal_leaves_no_trace(world, published):
    events = Event.objects.count()
    for role in ["outsider", "office", "employer", "professional"]:
        with pytest.raises(Forbidden):
            certificate_issue(published, actor=world[role])
    published.refresh_from_db()
    assert published.state == State.PUBLISHED
    assert not Certificate.objects.exists() and not CertificateCounter.objects.exists()
    assert Event.objects.count() == events


def test_a_case_not_yet_published_cannot_be_issued(world):
    application = make_case(State.RESULT_PUBLICITY, outcome="passed")
    with pytest.raises(Conflict):
        certificate_issue(application, actor=world["bureau"])
    assert not Certificate.objects.exists()


def test_a_case_cannot_be_issued_twice(world, certificate):
    with pytest.raises(Conflict):
        certificate_issue(certificate.application, actor=world["bureau"])
    assert Certificate.objects.count() == 1


def test_a_case_without_an_archive_record_is_refused_and_nothing_changes(world, published):
    Application.objects.filter(pk=published.pk).update(professional=None)
    with pytest.raises(RuleViolation):
        certificate_issue(published, actor=world["bureau"])
    published.refresh_from_db()
    assert published.state == State.PUBLISHED
    assert not Certificate.objects.exists()


def test_an_issue_that_fails_midway_gives_its_serial_back(world, published, monkeypatch):
    def broken(certificate):
        raise OSError("disk full")

    monkeypatch.setattr("zhicheng.certificates.services.render_certificate", broken)
    with pytest.raises(OSError):
        certificate_issue(published, actor=world["bureau"])
    published.refresh_from_db()
    assert published.state == State.PUBLISHED
    assert not CertificateCounter.objects.filter(last_serial__gt=0).exists()
    assert not TitleHeld.objects.filter(obtained_on=timezone.localdate()).exists()

    monkeypatch.undo()
    assert certificate_issue(published, actor=world["bureau"]).serial == 1


def test_a_number_typed_with_spaces_lower_case_or_zj_reads_as_stored():
    assert normalise_number(" zj J00012-2026-00001 ") == "浙J00012-2026-00001"
    assert normalise_number("浙331102 - 2022 - 00001") == "浙331102-2022-00001"


def test_the_next_application_counts_years_in_grade_from_the_new_title(world, published):
    professional = published.professional
    professional.titles_held.filter(title=published.title).delete()  # the demo gave him the title already

    certificate = certificate_issue(published, actor=world["bureau"])

    held = title_held(professional, published.title)
    assert held is not None and held.obtained_on == certificate.issued_on
    assert held.certificate_number == certificate.number
