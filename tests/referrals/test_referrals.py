"""Referral to the province (55号 §2, §4(三)): the city bureau's 委托评审函 for a recommended case, and the
province's decision recorded when it returns, which ends the case and, on a pass, adds the title."""

import hashlib
import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.applications.services import application_archive
from zhicheng.archive.models import TitleHeld
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.referrals.services import referral_issue, referral_record_decision


@pytest.fixture
def recommended(world):
    """周杰's 高级工程师 case, which the forestry 中评委 may only recommend, after its result publicity."""
    return make_case(
        State.RESULT_PUBLICITY, outcome="recommended", applicant="zhoujie", specialty="林业工程", title="高级工程师"
    )


@pytest.fixture
def city():
    return User.objects.get(username="rs_lishui")


def test_the_city_bureau_issues_the_letter_and_the_case_goes_up(world, recommended, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    referral = referral_issue(recommended, actor=city, number="丽人社函〔2022〕12号")
    recommended.refresh_from_db()
    assert recommended.state == State.PUBLISHED
    assert referral.to_committee == "浙江省工程技术人员高级专业技术职务任职资格评审委员会"
    pdf = referral.letter_pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == referral.letter_sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for words in ("委托评审函", "丽人社函〔2022〕12号", "周杰", "高级工程师", "丽水市林业工程"):
        assert words in text.replace(" ", "").replace("\n", "")
    document = Document(io.BytesIO(referral.letter_docx.read()))
    assert [cell.text for cell in document.tables[0].rows[1].cells][:2] == ["周杰", "男"]


def test_only_a_city_or_province_bureau_over_the_committee_refers(world, recommended):
    with pytest.raises(Forbidden, match="委托评审函由评委会所在市"):
        referral_issue(recommended, actor=world["bureau"], number="莲人社函〔2022〕1号")  # a district bureau
    with pytest.raises(Forbidden):
        referral_issue(recommended, actor=world["outsider"], number="1号")


def test_a_passed_case_is_not_referred_and_a_number_is_used_once(world, city, recommended, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    passed = make_case(State.RESULT_PUBLICITY, outcome="passed")
    with pytest.raises(Conflict, match="只有评审结果为「推荐上报」的申报需要委托评审"):
        referral_issue(passed, actor=city, number="丽人社函〔2022〕12号")
    referral_issue(recommended, actor=city, number="丽人社函〔2022〕12号")
    other = make_case(
        State.RESULT_PUBLICITY, outcome="recommended", applicant="gaofeng", specialty="林业工程", title="高级工程师"
    )
    with pytest.raises(Conflict, match="已被本单位使用"):
        referral_issue(other, actor=city, number="丽人社函〔2022〕12号")


def test_the_provinces_pass_adds_the_title_and_lets_the_case_close(world, city, recommended, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    referral = referral_issue(recommended, actor=city, number="丽人社函〔2022〕12号")
    office = User.objects.get(username="bgs_linye")
    returned = {"returned_to": "浙江丽水林业发展有限公司人事部", "returned_on": date(2022, 12, 28)}
    with pytest.raises(Conflict, match="推荐上报的申报须登记省级评审结果后方可归档"):
        application_archive(recommended, actor=office, **returned)
    with pytest.raises(RuleViolation, match="评审通过的，请填写省级颁发的证书编号"):
        referral_record_decision(
            referral, actor=city, decision="passed", document="浙人社发〔2022〕88号", decided_on=date(2022, 12, 20)
        )
    referral_record_decision(
        referral,
        actor=city,
        decision="passed",
        document="浙人社发〔2022〕88号",
        decided_on=date(2022, 12, 20),
        certificate_number="浙高工2022-0517",
    )
    held = TitleHeld.objects.get(professional=recommended.professional, title__name="高级工程师")
    assert (held.obtained_on, held.certificate_number) == (date(2022, 12, 20), "浙高工2022-0517")
    archived = application_archive(recommended, actor=office, **returned)
    assert archived.state == State.ARCHIVED
    dossier = PdfReader(io.BytesIO(archived.case_archive.dossier.read()))
    text = "".join(page.extract_text() for page in dossier.pages).replace(" ", "").replace("\n", "")
    assert "职称评审归档材料" in text and "委托评审" in text and "浙高工2022-0517" in text
    with pytest.raises(Conflict, match="已于2022年12月20日登记为「评审通过」"):
        referral_record_decision(referral, actor=city, decision="failed", document="x", decided_on=date(2022, 12, 21))


def test_the_desk_issues_and_records_through_the_pages(client, world, city, recommended, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(city)
    page = client.get("/referrals/").content.decode()
    assert "周杰" in page and "出具委托评审函" in page
    prefix = f"c{recommended.pk}"
    client.post(
        f"/referrals/issue/{recommended.pk}/",
        {
            f"{prefix}-number": "丽人社函〔2022〕12号",
            f"{prefix}-to_committee": "浙江省工程技术人员高级专业技术职务任职资格评审委员会",
        },
    )
    referral = recommended.__class__.objects.get(pk=recommended.pk).referral
    response = client.post(
        f"/referrals/{referral.pk}/decision/",
        {
            f"r{referral.pk}-decision": "failed",
            f"r{referral.pk}-document": "浙人社发〔2022〕88号",
            f"r{referral.pk}-decided_on": "2022-12-20",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "已登记省级评审结果：周杰，评审未通过。" in body
    assert client.get(f"/referrals/{referral.pk}/letter.pdf").status_code == 200
    client.force_login(world["outsider"])
    assert client.get(f"/referrals/{referral.pk}/letter.pdf").status_code == 403
