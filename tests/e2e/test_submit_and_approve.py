"""In chromium: a professional creates and submits a case, and the employer recommends it."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from zhicheng.applications.models import Application, State


def test_a_professional_submits_and_the_employer_recommends(
    page, live_server, transactional_db, login, logout, screenshot
):
    from tests.base import build_world

    build_world()

    login(page, "zhangwei")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.get_by_role("link", name="新建职称申报").click()
    page.get_by_label("专业").select_option(label="工程 · 机械工程")
    page.get_by_label("申报职称").select_option(label="工程 · 助理工程师（助理级）")
    page.get_by_label("个人陈述").fill("从事数控机床结构设计八年，主持完成三项产品开发。")
    page.get_by_role("button", name="保存草稿").click()

    expect(page.get_by_text("申报草稿已保存")).to_be_visible()
    expect(page.get_by_text("莲都区工程技术人员初级专业技术职务任职资格评审委员会").first).to_be_visible()
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".badge.state-submitted").first).to_have_text("待单位审核")
    screenshot(page, "e2e-professional-submitted")
    logout(page)

    login(page, "dw_liandu")
    page.get_by_role("link", name="公示", exact=True).click()
    page.get_by_role("link", name="发布单位内公示").click()
    page.get_by_label("张伟 · 丽水莲都智能装备有限公司 · 机械工程 · 助理工程师").check()
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_text("预览：以下内容将在本单位内公开")).to_be_visible()
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text("已发布「丽水莲都智能装备有限公司")).to_be_visible()
    screenshot(page, "e2e-employer-in-unit-publicity")
    logout(page)

    # Two weeks later the in-unit publicity has run its five working days.
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        login(page, "dw_liandu")
        awaiting = page.locator("section", has=page.get_by_role("heading", name="待我处理"))
        awaiting.get_by_role("link", name="张伟").click()
        page.get_by_role("button", name="单位推荐").click()
        expect(page.get_by_text("已单位推荐。")).to_be_visible()
        expect(page.locator(".badge.state-employer_approved").first).to_have_text("单位已推荐")
        latest = page.locator(".timeline li").last
        expect(latest).to_contain_text("王秀英")
        expect(latest).to_contain_text("单位推荐")
        screenshot(page, "e2e-employer-approved")

        application = Application.objects.get(applicant__username="zhangwei")
        assert application.state == State.EMPLOYER_APPROVED


def test_the_case_page_reads_well_on_a_phone(browser, live_server, transactional_db, login, screenshot):
    from tests.base import build_world
    from tests.factories import make_case

    build_world()
    application = make_case(State.RETURNED, reason="请补充项目验收证明。")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = phone.new_page()
    login(page, "zhangwei")
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    expect(page.get_by_text("请补充项目验收证明。").first).to_be_visible()
    expect(page.get_by_role("button", name="提交申报")).to_be_visible()
    # Nothing wider than the screen: the page never scrolls sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "e2e-phone-case-page")
    phone.close()
