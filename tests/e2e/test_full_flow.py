"""In chromium: one case from an empty draft to a certificate the public can verify, through every role.

The platform holds only what it has before the case starts: the organisations and people, the 莲都区 初评委
with its 2025 plan (pass line 60), the bureau-approved 工程 助理级 standard and a 机械工程 expert pool.
张伟 drafts and submits his 助理工程师 application; 丽水莲都智能装备 runs the in-unit publicity and recommends;
丽水市经信局 approves; the committee office accepts, qualifies and publishes the 评前公示, sets the meeting
with its agenda, draws the panel and reports it; the 莲都区 bureau approves the report in writing; on the
day the office signs the experts in and opens the meeting, the experts score and vote on their phones, and
the office counts the ballot and closes it; the 评后公示 runs, the office files the request to publish, the
bureau publishes the list under its document number and issues the certificate, which the public verifies.

The clock is set to the 2025 calendar and moved on for each waiting period (the live server shares it).
"""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e import flow_steps as steps
from zhicheng.applications.models import Application, State

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 390, "height": 844}
COMMITTEE = steps.LIANDU_JUNIOR
CASE_LABEL = steps.ZHANGWEI_CASE
MASKED_ID = "331*************37"

# The committee's 2025 plan, valid against the 2025 working-day calendar (Qingming 4–6 April).
PLAN = {
    "application_opens": date(2025, 3, 1),
    "application_closes": date(2025, 3, 10),
    "review_deadline": date(2025, 3, 12),
    "pre_publicity_start": date(2025, 3, 12),
    "meeting_report_by": date(2025, 3, 24),
    "meeting_date": date(2025, 4, 8),
    "result_publicity_start": date(2025, 4, 8),
}
PASS_LINE = Decimal("60.0")
PANEL = 5  # the policy's minimum for a 初评委

# Each expert's points per indicator of the standard; the last one abstains in the ballot.
SCORES = [["16", "42", "26"], ["15", "40", "25"], ["17", "44", "27"], ["14", "38.5", "24"], ["16", "41", "25"]]
VOTES = ["赞成", "赞成", "赞成", "赞成", "弃权"]


def on(day: date, hour: int = 9):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=SHANGHAI))


def _seed_platform() -> list:
    """What the platform holds before any case: world, plan, approved standard, expert pool (with logins)."""
    from tests.base import build_world
    from tests.evaluation.helpers import approved_standard_for_assistants, expert_pool
    from zhicheng.committees.models import Committee
    from zhicheng.committees.services import annual_plan_save
    from zhicheng.demo.scenario import DEMO_PASSWORD

    world = build_world()
    annual_plan_save(
        Committee.objects.get(name=COMMITTEE),
        actor=world["office"],
        year=2025,
        dates=PLAN,
        pass_lines={"pass_score": PASS_LINE},
    )
    approved_standard_for_assistants(world)
    experts = expert_pool(PANEL + 1)
    for expert in experts:
        expert.user.set_password(DEMO_PASSWORD)
        expert.user.save(update_fields=["password"])
    return experts


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    yield context
    context.close()


def test_one_case_goes_from_draft_to_a_verified_certificate_through_every_role(
    page, phone, live_server, transactional_db, login, logout, settings, tmp_path
):
    from tests.evaluation.helpers import INDICATORS
    from zhicheng.certificates.models import Certificate
    from zhicheng.evaluation.models import Meeting

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    cache.clear()  # the verification page's rate limit counts in the shared in-process cache
    shot = steps.Screenshots("full-flow")
    with on(date(2025, 2, 24)):
        _seed_platform()

    with on(date(2025, 3, 3)):
        # The professional drafts, reads the self-check, submits.
        login(page, "zhangwei")
        steps.save_draft(
            page,
            specialty="工程 · 机械工程",
            title="工程 · 助理工程师（助理级）",
            statement="从事数控机床结构设计八年，主持完成三项产品开发。",
        )
        checks = page.locator("section", has=page.get_by_role("heading", name="资格自查"))
        expect(checks.locator(".check-bad")).to_have_count(0)
        expect(checks).to_contain_text("申报时间为2025年3月1日至2025年3月10日，现可提交")
        shot(page, "professional-draft")
        steps.submit(page)
        case = Application.objects.get(applicant__username="zhangwei")
        assert case.year == 2025 and case.committee.name == COMMITTEE
        shot(page, "professional-submitted")
        logout(page)

        # The employer opens the in-unit publicity.
        login(page, "dw_liandu")
        steps.publish_in_unit(page, CASE_LABEL)
        shot(page, "employer-in-unit-publicity")
        logout(page)

    with on(date(2025, 3, 12)):
        # The in-unit publicity is over: recommend, approve, accept and qualify, publish the 评前公示.
        login(page, "dw_liandu")
        steps.recommend(page, "张伟")
        shot(page, "employer-recommended")
        logout(page)

        login(page, "zg_lishui")
        steps.authority_approve(page, "张伟")
        shot(page, "authority-approved")
        logout(page)

        login(page, "bgs_liandu")
        steps.accept_and_qualify(page, "张伟")
        shot(page, "office-qualified")
        steps.publish_list(page, "发布评前公示", CASE_LABEL, COMMITTEE)
        shot(page, "office-pre-publicity")
        logout(page)

        page.get_by_role("link", name="公示", exact=True).click()
        page.get_by_role("link", name=COMMITTEE).first.click()
        expect(page.locator("table")).to_contain_text(MASKED_ID)
        expect(page.locator("table")).not_to_contain_text("331102198503121237")
        shot(page, "public-pre-publicity")

    with on(date(2025, 3, 24)):
        # The publicity is over: the office sets the meeting and its agenda, draws the panel, reports it.
        login(page, "bgs_liandu")
        page.get_by_role("link", name="评审会议", exact=True).click()
        page.get_by_role("link", name="安排评审会议").click()
        page.get_by_label("评审委员会").select_option(label=COMMITTEE)
        page.get_by_label("会议日期").fill(PLAN["meeting_date"].isoformat())
        page.get_by_label("会议地点").fill("莲都区人力社保局三楼会议室")
        page.get_by_label(CASE_LABEL).check()
        page.get_by_role("button", name="保存并列入评审").click()
        expect(page.get_by_text("已安排评审会议，共 1 件申报。下一步：抽取评审专家。")).to_be_visible()
        expect(page.get_by_label("抽取专家人数")).to_have_value(str(PANEL))
        page.get_by_role("button", name="抽取评审专家").click()
        expect(page.get_by_text("已抽取评审专家，回避关系已自动核对。")).to_be_visible()
        expect(page.locator(".facts")).to_contain_text(f"{PANEL} 人")
        meeting = Meeting.objects.get(cases__application=case)
        shot(page, "office-meeting-drawn")

        page.get_by_role("link", name="评审会议报备").click()
        expect(page.locator(".facts").first).to_contain_text("最迟报备日期2025年3月31日")
        page.get_by_role("button", name="提交报备").click()
        expect(page.get_by_text("已报备莲都区人力社保局")).to_be_visible()
        shot(page, "office-report-submitted")
        logout(page)

        # The bureau where the committee sits approves the report in writing.
        login(page, "rs_liandu")
        page.get_by_role("link", name="评审会议", exact=True).click()
        page.get_by_role("link", name="评审会议报备审批").click()
        page.get_by_role("row", name=COMMITTEE).get_by_role("link", name="审阅").click()
        expect(page.get_by_text("报备内容（2025年3月24日")).to_be_visible()
        page.get_by_label("书面意见").fill("资格审查、评前公示和专家组组成符合规定，同意召开。")
        page.get_by_role("button", name="同意召开").click()
        expect(page.get_by_text("已同意召开，并出具书面意见。")).to_be_visible()
        shot(page, "bureau-report-approved")
        logout(page)

    panel = list(meeting.panel.select_related("expert__user").order_by("order"))
    assert len(panel) == PANEL
    with on(PLAN["meeting_date"], hour=8):
        # The meeting day: the office signs the panel in and opens the meeting.
        login(page, "bgs_liandu")
        page.get_by_role("link", name="评审会议", exact=True).click()
        page.get_by_role("link", name="2025年4月8日").click()
        attendance = page.locator("form", has=page.get_by_role("button", name="登记出席"))
        steps.confirm_all(attendance)
        attendance.get_by_role("button", name="登记出席").click()
        expect(page.get_by_text(f"已登记出席 {PANEL} 人。")).to_be_visible()
        page.get_by_role("button", name="召开会议（开始评分）").click()
        expect(page.get_by_text("会议已开始，专家可以评分。")).to_be_visible()
        shot(page, "office-meeting-open")

        # Each expert scores on a phone.
        expert_page = phone.new_page()
        for n, (seat, points) in enumerate(zip(panel, SCORES, strict=True)):
            login(expert_page, seat.expert.user.username)
            expert_page.get_by_role("link", name="我的评审会议").click()
            expert_page.locator(".meeting-link").first.click()
            expect(expert_page.get_by_text("评分阶段")).to_be_visible()
            for (name, most, _), value in zip(INDICATORS, points, strict=True):
                expert_page.get_by_label(f"{name}（满分 {most:.0f} 分）").fill(value)
            expert_page.get_by_role("button", name="提交评分").click()
            total = sum(map(Decimal, points))
            expect(expert_page.get_by_text(f"已保存对张伟的评分，合计 {total:.1f} 分。")).to_be_visible()
            expect(expert_page.get_by_text("已评分 1 / 1 件")).to_be_visible()
            _fits_the_phone(expert_page)
            if n == 0:
                shot(expert_page, "expert-phone-scored")
            logout(expert_page)

        # Every score is in: the office checks the quorum and opens the secret ballot.
        page.reload()
        page.get_by_role("button", name="核对法定人数并开始投票").click()
        expect(page.get_by_text("法定人数已到，开始无记名投票。")).to_be_visible()

        for n, (seat, choice) in enumerate(zip(panel, VOTES, strict=True)):
            login(expert_page, seat.expert.user.username)
            expert_page.get_by_role("link", name="我的评审会议").click()
            expert_page.locator(".meeting-link").first.click()
            expect(expert_page.get_by_text("表决阶段")).to_be_visible()
            expert_page.get_by_role("button", name=choice).click()
            expect(expert_page.get_by_text("已对张伟的申报投票。")).to_be_visible()
            expect(expert_page.locator(".voted")).to_have_text("已投票，您的选票已投入票箱。")
            _fits_the_phone(expert_page)
            if n == 0:
                shot(expert_page, "expert-phone-voted")
            logout(expert_page)

        # The office counts the ballot and closes the meeting: 4 of 5 in favour passes (2/3, 40号令).
        page.reload()
        expect(page.get_by_text("全部专家已投票。")).to_be_visible()
        page.get_by_role("button", name="计票并结束会议").click()
        expect(page.get_by_text("会议已结束：表决结果已记入各申报，会议纪要已生成。")).to_be_visible()
        expect(page.locator("table").first).to_contain_text("应投 5：赞成 4、反对 0、弃权 1 · 通过")
        ranking = page.locator("section", has=page.get_by_role("heading", name="量化评分排序"))
        expect(ranking).to_contain_text(f"综合合格线 {PASS_LINE} 分")
        expect(ranking.locator("tbody tr").first).to_contain_text("达到")
        expect(page.get_by_role("link", name="下载会议纪要（.docx）")).to_be_visible()
        shot(page, "office-meeting-closed")

        # The 评后公示 goes up the same day.
        steps.publish_list(page, "发布评后公示", CASE_LABEL, COMMITTEE)
        shot(page, "office-result-publicity")
        logout(page)

    case.refresh_from_db()
    assert (case.state, case.outcome) == (State.RESULT_PUBLICITY, "passed")

    with on(date(2025, 4, 21)):
        # The 评后公示 is over: the office files the request to publish; the bureau publishes.
        letter = "莲职改办〔2025〕3号"
        login(page, "bgs_liandu")
        steps.file_publication_request(
            page, committee=COMMITTEE, year=2025, people=1, letter=letter, on=date(2025, 4, 21)
        )
        shot(page, "office-publication-request")
        logout(page)

        login(page, "rs_liandu")
        steps.publish_results(page, letter=letter, document_number="莲人社〔2025〕1号")
        shot(page, "bureau-published")
        steps.issue_certificate(page, "张伟")
        shot(page, "bureau-certificate-issued")
        logout(page)

        # Anyone reads the published list, with the ID number masked, and checks the certificate.
        page.get_by_role("link", name="评审结果").click()
        page.get_by_role("link", name="莲人社〔2025〕1号").click()
        expect(page.locator("table")).to_contain_text("张伟")
        expect(page.locator("table")).to_contain_text(MASKED_ID)
        shot(page, "public-results")
        certificate = Certificate.objects.get(application=case)
        steps.verify_certificate(page, number=certificate.number, holder="张伟")
        verdict = page.locator(".verdict")
        expect(verdict.locator(".verdict-head")).to_have_text("有效")
        expect(verdict).to_contain_text("张*")
        expect(verdict).to_contain_text("助理工程师")
        expect(verdict).to_contain_text("莲都区人力资源和社会保障局")
        shot(page, "public-verified")

    case.refresh_from_db()
    assert case.state == State.CERTIFIED
