"""In chromium: one case from draft to 评前公示 through every role, returned once by the office and resubmitted.

张伟 applies; 丽水莲都智能装备 publicises and recommends; 丽水市经信局 approves; the 莲都区 committee office
returns the case for a missing acceptance certificate, 张伟 fixes his statement and resubmits, and the case
goes round again, is accepted and qualified item by item, and appears on the public pre-evaluation list with
the ID number masked. The clock moves on twice, for the in-unit publicity and for the resubmission.
"""

from datetime import timedelta

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e import flow_steps as steps
from zhicheng.applications.models import Application, State

CASE_LABEL = steps.ZHANGWEI_CASE


def test_a_case_goes_from_draft_to_pre_publicity_with_one_return(
    page, live_server, transactional_db, login, logout, screenshot
):
    from tests.base import build_world

    build_world()
    start = timezone.now()

    # The professional: draft, self-check, submit.
    login(page, "zhangwei")
    page.get_by_role("link", name="新建职称申报").click()
    page.get_by_label("专业").select_option(label="工程 · 机械工程")
    page.get_by_label("申报职称").select_option(label="工程 · 助理工程师（助理级）")
    expect(page.locator("#route-preview")).to_contain_text("莲都区工程技术人员初级专业技术职务任职资格评审委员会")
    page.get_by_label("个人陈述").fill("从事数控机床结构设计八年，主持完成三项产品开发。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("申报草稿已保存")).to_be_visible()
    checks = page.locator("section", has=page.get_by_role("heading", name="资格自查"))
    expect(checks).to_contain_text("本科学历申报助理工程师须毕业后从事专业技术工作满1年")
    expect(checks).to_contain_text("继续教育学时均合格")
    expect(checks.locator(".check-bad")).to_have_count(0)
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".badge.state-submitted").first).to_have_text("待单位审核")
    case = Application.objects.get(applicant__username="zhangwei")
    logout(page)

    # The employer publicises the candidates in the unit.
    login(page, "dw_liandu")
    steps.publish_in_unit(page, CASE_LABEL)
    expect(page.get_by_text("已发布「丽水莲都智能装备有限公司")).to_be_visible()
    logout(page)

    with time_machine.travel(start + timedelta(days=14)):
        # The publicity has run its working days: the employer recommends, the authority approves.
        login(page, "dw_liandu")
        steps.recommend(page, "张伟")
        logout(page)

        login(page, "zg_lishui")
        steps.authority_approve(page, "张伟")
        logout(page)

        # The office returns it, pointing at the achievements, with a reason the applicant reads.
        login(page, "bgs_liandu")
        steps.open_awaiting(page, "张伟")
        returning = steps.action_form(page, "退回修改")
        returning.get_by_label("理由（申报人可见）").fill("请补充项目验收证明。")
        returning.get_by_label("业绩成果材料").fill("智能装备远程运维平台项目缺少验收证明")
        returning.get_by_role("button", name="退回修改").click()
        expect(page.locator(".badge.state-returned").first).to_have_text("退回修改")
        logout(page)

        login(page, "zhangwei")
        page.goto(f"{live_server.url}/applications/{case.pk}/")
        expect(page.get_by_text("智能装备远程运维平台项目缺少验收证明").first).to_be_visible()
        screenshot(page, "e2e-intake-returned")
        page.get_by_role("link", name="修改个人陈述与申报业绩").click()
        page.get_by_label("个人陈述").fill("从事数控机床结构设计八年，主持完成三项产品开发；项目验收证明已补充。")
        page.get_by_role("button", name="保存").click()
        page.get_by_role("button", name="提交申报").click()
        expect(page.locator(".badge.state-submitted").first).to_have_text("待单位审核")
        logout(page)

    with time_machine.travel(start + timedelta(days=16)):
        # Second round: employer and authority again, then acceptance and qualification item by item.
        login(page, "dw_liandu")
        steps.recommend(page, "张伟")
        logout(page)
        login(page, "zg_lishui")
        steps.authority_approve(page, "张伟")
        logout(page)

        login(page, "bgs_liandu")
        steps.accept_and_qualify(page, "张伟")
        reviews = page.locator("section", has=page.get_by_role("heading", name="审核记录"))
        expect(reviews).to_contain_text("第 2 轮 · 资格审查")
        expect(reviews).to_contain_text("第 1 轮 · 退回修改")
        expect(reviews).to_contain_text("任职年限：本科学历申报助理工程师")
        expect(page.locator(".timeline")).to_contain_text("选择申报业绩")
        expect(page.locator(".timeline")).not_to_contain_text("application.")
        screenshot(page, "e2e-intake-qualified")

        # The office publishes the pre-evaluation list; the public sees it with the ID masked.
        steps.publish_list(page, "发布评前公示", CASE_LABEL, steps.LIANDU_JUNIOR)
        logout(page)

        page.goto(f"{live_server.url}/publicity/")
        page.get_by_role("link", name=steps.LIANDU_JUNIOR).first.click()
        listing = page.locator("table")
        expect(listing).to_contain_text("张伟")
        expect(listing).to_contain_text("331*************37")
        expect(listing).not_to_contain_text("331102198503121237")
        screenshot(page, "e2e-intake-public-list")

    case.refresh_from_db()
    assert case.state == State.PRE_PUBLICITY and case.round == 2
