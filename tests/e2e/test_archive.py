"""In chromium: a professional adds an achievement with a PDF, the employer verifies it, the archive is complete."""

from playwright.sync_api import expect

from tests.factories import complete_archive, pdf_bytes
from zhicheng.accounts.models import Professional
from zhicheng.archive.models import Achievement


def test_a_professional_adds_an_achievement_the_employer_verifies_and_the_archive_is_complete(
    page, live_server, transactional_db, login, logout, screenshot, tmp_path, settings
):
    from tests.base import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    build_world()
    # Everything but a verified achievement: profile, freshness and last year's CE hours are in place.
    complete_archive(Professional.objects.get(user__username="zhangwei"), verified_achievement=False)
    evidence = tmp_path / "验收证明.pdf"
    evidence.write_bytes(pdf_bytes("项目验收证明", "数控机床远程运维平台"))

    login(page, "zhangwei")
    page.get_by_role("link", name="我的业绩档案").click()
    checklist = page.locator(".checklist")
    expect(checklist.locator("li.missing")).to_have_count(1)
    expect(checklist).to_contain_text("已核验 0 条，还差 1 条")
    page.get_by_role("link", name="登记业绩").first.click()
    page.get_by_label("类型").select_option(label="项目")
    page.get_by_label("名称").fill("数控机床远程运维平台开发")
    page.get_by_label("取得时间").fill("2021-12-01")
    page.get_by_label("本人角色或排名").fill("技术负责人")
    page.get_by_label("标识号").fill("LD2021-017")
    page.get_by_role("button", name="保存，下一步上传材料").click()
    expect(page.get_by_text("业绩已登记")).to_be_visible()
    page.get_by_label("证明材料").set_input_files(str(evidence))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("link", name="验收证明.pdf")).to_be_visible()
    screenshot(page, "e2e-archive-achievement-uploaded")
    logout(page)

    login(page, "dw_liandu")
    page.get_by_role("link", name="业绩核验").click()
    page.get_by_role("link", name="数控机床远程运维平台开发").click()
    with page.expect_popup() as popup:
        page.get_by_role("link", name="验收证明.pdf").click()
    assert popup.value.url.endswith(".pdf") or "/archive/evidence/" in popup.value.url
    popup.value.close()
    page.get_by_role("button", name="核验通过").click()
    expect(page.get_by_text("已核验「数控机床远程运维平台开发」")).to_be_visible()
    logout(page)

    login(page, "zhangwei")
    page.get_by_role("link", name="我的业绩档案").click()
    expect(page.locator("h1 .badge")).to_have_text("档案已完善")
    expect(page.locator(".checklist li.missing")).to_have_count(0)
    expect(page.locator(".checklist")).to_contain_text("已核验 1 条")
    screenshot(page, "e2e-archive-complete")
    assert Achievement.objects.get(title="数控机床远程运维平台开发").status == Achievement.Status.VERIFIED
