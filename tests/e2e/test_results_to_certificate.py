"""In chromium: from a meeting's result to a certificate anyone can check through its QR code.

The 莲都区 committee has passed 张伟's 助理工程师 case. Its office publishes the 评后公示 list, which the public
reads with the result and the ID number masked; once the working days are over the office files the request
to publish with 附件4-2 and 附件4-3, and the 莲都区 bureau publishes it under its own document number on the
public results page. The bureau issues the certificate; 张伟 downloads the PDF, and the QR code on it opens the
public verification page, which says 有效 with the name masked for his name and shows nothing for another.
"""

import io
import re
from datetime import timedelta

import pypdf
import time_machine
import zxingcpp
from django.core.cache import cache
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from zhicheng.applications.models import State
from zhicheng.certificates.models import Certificate

COMMITTEE = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"
CASE_LABEL = "张伟 · 丽水莲都智能装备有限公司 · 机械工程 · 助理工程师"
ID_NUMBER = "331102198503121237"
MASKED_ID = "331*************37"


def _docx_text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_a_passed_case_is_publicised_published_certified_and_verified_through_its_qr_code(
    page, live_server, transactional_db, login, logout, screenshot, tmp_path, settings
):
    from tests.base import build_world
    from tests.factories import make_case

    settings.MEDIA_ROOT = tmp_path / "media"
    # The QR code is an absolute address built from SITE_URL: point it at this server before anything is issued.
    settings.SITE_URL = live_server.url
    cache.clear()  # the verification page's rate limit counts in the (shared, in-process) cache
    build_world()
    case = make_case(State.EVALUATED, outcome="passed")
    start = timezone.now()

    # 1. The office publishes the 评后公示 list: choose, preview, confirm.
    login(page, "bgs_liandu")
    page.get_by_role("link", name="公示", exact=True).click()
    page.get_by_role("link", name="发布评后公示").click()
    expect(page.get_by_role("heading", name="发布评后公示")).to_be_visible()
    page.get_by_label(CASE_LABEL).check()
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_text("预览：以下内容将向社会公开")).to_be_visible()
    preview = page.locator("table")
    expect(preview).to_contain_text("评审结果")
    expect(preview).to_contain_text(MASKED_ID)
    screenshot(page, "e2e-results-publicity-preview")
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text(f"已发布「{COMMITTEE}")).to_be_visible()
    logout(page)

    # The public reads the list: the result is there, the ID number is masked.
    page.get_by_role("link", name="公示", exact=True).click()
    page.get_by_role("link", name=re.compile("评后公示")).first.click()
    expect(page.get_by_role("heading", name=re.compile(f"{COMMITTEE}.*评后公示"))).to_be_visible()
    listing = page.locator("table")
    expect(listing).to_contain_text("张伟")
    expect(listing).to_contain_text(case.get_outcome_display())
    expect(listing).to_contain_text(MASKED_ID)
    expect(listing).not_to_contain_text(ID_NUMBER)
    expect(page.get_by_role("button", name="提交异议")).to_be_visible()
    screenshot(page, "e2e-results-publicity-public")

    # The live server thread shares this process's clock: two weeks on, the publicity is over.
    with time_machine.travel(start + timedelta(days=14)):
        today = timezone.localdate()
        letter_number = f"莲职改办〔{today.year}〕3号"

        # 3. The office files the request to publish, with its own letter number and date.
        login(page, "bgs_liandu")
        page.get_by_role("link", name="发文公布").click()
        expect(page.get_by_role("heading", name="评审结果报送")).to_be_visible()
        expect(page.locator(".checks")).to_contain_text(f"{COMMITTEE} {case.year}年度（1人）")
        page.get_by_role("link", name="填报公布申请").click()
        page.get_by_label("评委会及评审年度").select_option(label=f"{COMMITTEE} {case.year}年度（1人）")
        page.get_by_label("函号").fill(letter_number)
        page.get_by_label("函的日期").fill(today.isoformat())
        page.get_by_role("button", name="预览").click()
        expect(page.get_by_text("预览：以下名单将报送莲都区人力资源和社会保障局")).to_be_visible()
        expect(page.locator("table")).to_contain_text(MASKED_ID)
        page.get_by_role("button", name="确认报送").click()
        expect(page.get_by_text(f"已报送莲都区人力资源和社会保障局审核：{letter_number}，共1人。")).to_be_visible()
        screenshot(page, "e2e-results-request-filed")

        # Both documents download; the letter names the committee and the list names 张伟.
        with page.expect_download() as letter:
            page.get_by_role("link", name=re.compile("附件4-2")).click()
        assert letter.value.suggested_filename == f"关于要求公布评审通过人员名单的函（{letter_number}）.docx"
        letter.value.save_as(tmp_path / "letter.docx")
        letter_text = _docx_text((tmp_path / "letter.docx").read_bytes())
        assert letter_number in letter_text and COMMITTEE in letter_text
        list_link = page.get_by_role("link", name=re.compile("附件4-3")).get_attribute("href")
        response = page.request.get(f"{live_server.url}{list_link}")
        assert response.ok
        assert "wordprocessingml" in response.headers["content-type"]
        assert "张伟" in _docx_text(response.body())
        logout(page)

        # 4. The bureau of the committee's seat publishes it under its own document number.
        login(page, "rs_liandu")
        page.get_by_role("link", name="发文公布").click()
        awaiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("待审核的公布申请")))
        expect(awaiting).to_contain_text(letter_number)
        awaiting.get_by_role("link", name="审核").click()
        expect(page.get_by_role("heading", name="审核并发文公布")).to_be_visible()
        expect(page.get_by_label("发文日期")).to_have_value(today.isoformat())
        page.get_by_role("button", name="发文公布").click()
        document_number = f"莲人社〔{today.year}〕1号"
        expect(page.get_by_text(f"已发文公布：{document_number}。")).to_be_visible()
        facts = page.locator(".facts")
        expect(facts).to_contain_text("已发文公布")
        expect(facts).to_contain_text(document_number)
        screenshot(page, "e2e-results-published")

        # 5. Still the bureau: the case awaits its certificate; issue it.
        page.get_by_role("link", name="职称证书").click()
        waiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("待发证")))
        row = waiting.get_by_role("row", name=re.compile("张伟"))
        expect(row).to_contain_text("助理工程师")
        screenshot(page, "e2e-results-awaiting-certificate")
        row.get_by_role("button", name="发放证书").click()
        certificate = Certificate.objects.get(application=case)
        expect(page.get_by_text(f"已为张伟发证，证书编号 {certificate.number}。")).to_be_visible()
        expect(waiting).to_contain_text("暂无待发证的申报")
        screenshot(page, "e2e-results-certificate-issued")
        logout(page)

        # The public results page shows the document number and 张伟 with the ID number masked.
        page.get_by_role("link", name="评审结果").click()
        expect(page.get_by_role("heading", name="职称评审结果公布")).to_be_visible()
        page.get_by_role("link", name=document_number).click()
        results = page.locator("table")
        expect(results).to_contain_text("张伟")
        expect(results).to_contain_text(MASKED_ID)
        expect(results).not_to_contain_text(ID_NUMBER)
        expect(page.locator(".facts")).to_contain_text(document_number)
        screenshot(page, "e2e-results-public-results")

        # 6. 张伟 downloads his certificate.
        login(page, "zhangwei")
        page.get_by_role("link", name="我的证书").click()
        card = page.locator("section.card", has=page.get_by_role("heading", name=re.compile("助理工程师")))
        expect(card).to_contain_text(certificate.number)
        expect(card.locator(".badge")).to_have_text("有效")
        screenshot(page, "e2e-results-my-certificate")
        with page.expect_download() as download:
            card.get_by_role("link", name="下载电子证书（PDF）").click()
        assert download.value.suggested_filename == f"职称证书-{certificate.number}.pdf"
        saved = tmp_path / "certificate.pdf"
        download.value.save_as(saved)
        pdf = pypdf.PdfReader(saved)
        text = pdf.pages[0].extract_text()
        assert "张伟" in text and certificate.number in text
        images = pdf.pages[0].images
        assert len(images) == 1
        codes = zxingcpp.read_barcodes(images[0].image)
        assert len(codes) == 1
        qr_url = codes[0].text
        assert qr_url.startswith(f"{live_server.url}/certificates/verify/?number=")
        logout(page)

        # 7. Anyone scanning the code lands on the verification page with the number filled in.
        page.goto(qr_url)
        expect(page.get_by_role("heading", name="职称证书核验")).to_be_visible()
        expect(page.get_by_label("证书编号")).to_have_value(certificate.number)
        expect(page.get_by_label("持证人姓名")).to_be_focused()
        page.get_by_label("持证人姓名").fill("张伟")
        page.get_by_role("button", name="查询").click()
        verdict = page.locator(".verdict")
        expect(verdict.locator(".verdict-head")).to_have_text("有效")
        expect(verdict).to_contain_text("张*")
        expect(verdict).to_contain_text(certificate.number)
        expect(verdict).to_contain_text("助理工程师")
        expect(page.locator("main")).not_to_contain_text("张伟")
        screenshot(page, "e2e-results-verified")

        # A wrong name shows no holder details.
        expect(page.get_by_label("证书编号")).to_have_value(certificate.number)
        page.get_by_label("持证人姓名").fill("李伟")
        page.get_by_role("button", name="查询").click()
        verdict = page.locator(".verdict")
        expect(verdict.locator(".verdict-head")).to_have_text("未查到与该编号和姓名相符的证书")
        expect(verdict).not_to_contain_text("张*")
        expect(page.locator(".facts")).to_have_count(0)
        screenshot(page, "e2e-results-verify-wrong-name")

    case.refresh_from_db()
    assert case.state == State.CERTIFIED
