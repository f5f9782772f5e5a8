"""In chromium: choosing specialty and title on the new-application page shows the committee, with no reload."""

from playwright.sync_api import expect


def test_the_preview_follows_the_selects(page, live_server, transactional_db, login, screenshot):
    from tests.base import build_world

    build_world()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    login(page, "zhangwei")
    page.goto(f"{live_server.url}/applications/new/")
    preview = page.locator("#route-preview")
    expect(preview).to_contain_text("选择评审年度、专业和申报职称后")

    page.get_by_label("评审年度").fill("2023")
    page.get_by_label("专业").select_option(label="工程 · 机械工程")
    page.get_by_label("申报职称").select_option(label="工程 · 助理工程师（助理级）")
    expect(preview).to_contain_text("莲都区工程技术人员初级专业技术职务任职资格评审委员会")
    expect(preview).to_contain_text("评审计划尚未公布")

    page.get_by_label("申报职称").select_option(label="工程 · 高级工程师（副高级）")
    expect(preview).to_contain_text("没有受理「机械工程 · 高级工程师」的评审委员会")
    screenshot(page, "e2e-route-preview-refused")
    assert page.url.endswith("/applications/new/") and not errors
