"""Steps of a case's journey as each role takes them in the browser, shared by the end-to-end tests.

Each step starts from the signed-in user's workbench (or the public pages) and ends once the page confirms
the change, so a test can chain them, look at the page in between and take its own screenshots.
"""

import re
from datetime import date
from pathlib import Path

from django.db import connection
from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

LIANDU_JUNIOR = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"
ZHANGWEI_CASE = "张伟 · 丽水莲都智能装备有限公司 · 机械工程 · 助理工程师"


# --- finding things on a page ---------------------------------------------------------------------------


def action_form(page, label: str):
    """The action form with this heading on the case page (several forms share field labels)."""
    return page.locator("form.action-form", has=page.get_by_role("heading", name=label, exact=True))


def open_awaiting(page, name: str) -> None:
    """Open the first case of `name` in the workbench's 待我处理 list."""
    awaiting = page.locator("section", has=page.get_by_role("heading", name="待我处理"))
    awaiting.get_by_role("link", name=name).first.click()


def confirm_all(form) -> None:
    for box in form.get_by_role("checkbox").all():
        box.check()


class Screenshots:
    """Numbered full-page screenshots of one flow: artifacts/<prefix>-01-<step>.png, …

    Off SQLite the files go to artifacts/<database vendor>/, so a second run of the same flow on another
    database keeps the first run's pictures."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.taken: list[Path] = []
        self.folder = ARTIFACTS if connection.vendor == "sqlite" else ARTIFACTS / connection.vendor
        self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, step: str) -> Path:
        path = self.folder / f"{self.prefix}-{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


# --- intake: professional, employer, authority, committee office -------------------------------------------


def save_draft(page, *, specialty: str, title: str, statement: str) -> None:
    """The professional fills in a new application and saves it as a draft."""
    page.get_by_role("link", name="新建职称申报").click()
    page.get_by_label("专业").select_option(label=specialty)
    page.get_by_label("申报职称").select_option(label=title)
    page.get_by_label("个人陈述").fill(statement)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("申报草稿已保存")).to_be_visible()


def submit(page) -> None:
    """On the draft's page, after the self-check: submit it to the employer."""
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".badge.state-submitted").first).to_have_text("待单位审核")


def publish_in_unit(page, case_label: str) -> None:
    """The employer puts its candidates on the in-unit publicity (单位内公示): choose, preview, confirm."""
    page.get_by_role("link", name="公示", exact=True).click()
    page.get_by_role("link", name="发布单位内公示").click()
    page.get_by_label(case_label).check()
    page.get_by_role("button", name="预览").click()
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text("已发布「")).to_be_visible()


def recommend(page, name: str) -> None:
    open_awaiting(page, name)
    page.get_by_role("button", name="单位推荐").click()
    expect(page.get_by_text("已单位推荐。")).to_be_visible()


def authority_approve(page, name: str) -> None:
    open_awaiting(page, name)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator(".badge.state-authority_approved").first).to_be_visible()


def accept_and_qualify(page, name: str) -> None:
    """The committee office accepts the case and passes its qualification review, item by item."""
    open_awaiting(page, name)
    accepting = action_form(page, "受理")
    confirm_all(accepting)
    accepting.get_by_role("button", name="受理").click()
    expect(page.locator(".badge.state-accepted").first).to_be_visible()
    qualifying = action_form(page, "资格审查通过")
    confirm_all(qualifying)
    qualifying.get_by_role("button", name="资格审查通过").click()
    expect(page.locator(".badge.state-qualified").first).to_be_visible()


def publish_list(page, kind: str, case_label: str, committee: str) -> None:
    """The office publishes a publicity list (发布评前公示 / 发布评后公示): choose, preview, confirm."""
    page.get_by_role("link", name="公示", exact=True).click()
    page.get_by_role("link", name=kind).click()
    page.get_by_label(case_label).check()
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_text("预览：以下内容将向社会公开")).to_be_visible()
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text(f"已发布「{committee}")).to_be_visible()


# --- after the meeting: publication and the certificate ------------------------------------------------------


def file_publication_request(page, *, committee: str, year: int, people: int, letter: str, on: date) -> None:
    """The office asks the bureau to publish the passed list, with its letter's number and date (附件4-2/4-3)."""
    page.get_by_role("link", name="发文公布").click()
    expect(page.get_by_role("heading", name="评审结果报送")).to_be_visible()
    page.get_by_role("link", name="填报公布申请").click()
    page.get_by_label("评委会及评审年度").select_option(label=f"{committee} {year}年度（{people}人）")
    page.get_by_label("函号").fill(letter)
    page.get_by_label("函的日期").fill(on.isoformat())
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_text(re.compile("预览：以下名单将报送"))).to_be_visible()
    page.get_by_role("button", name="确认报送").click()
    expect(page.get_by_text(re.compile(f"已报送.*审核：{re.escape(letter)}，共{people}人。"))).to_be_visible()


def publish_results(page, *, letter: str, document_number: str) -> None:
    """The bureau reviews the office's request and publishes the list under its own document number."""
    page.get_by_role("link", name="发文公布").click()
    awaiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("待审核的公布申请")))
    awaiting.get_by_role("row", name=re.compile(re.escape(letter))).get_by_role("link", name="审核").click()
    expect(page.get_by_role("heading", name="审核并发文公布")).to_be_visible()
    page.get_by_role("button", name="发文公布").click()
    expect(page.get_by_text(f"已发文公布：{document_number}。")).to_be_visible()


def issue_certificate(page, name: str) -> None:
    """The bureau issues the certificate of a published case from its 待发证 list."""
    page.get_by_role("link", name="职称证书").click()
    waiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("待发证")))
    waiting.get_by_role("row", name=re.compile(name)).get_by_role("button", name="发放证书").click()
    expect(page.get_by_text(re.compile(f"已为{name}发证，证书编号"))).to_be_visible()


def verify_certificate(page, *, number: str, holder: str) -> None:
    """Anyone: the public verification page, asked with a certificate's number and its holder's name."""
    page.get_by_role("link", name="证书核验").click()
    expect(page.get_by_role("heading", name="职称证书核验")).to_be_visible()
    page.get_by_label("证书编号").fill(number)
    page.get_by_label("持证人姓名").fill(holder)
    page.get_by_role("button", name="查询").click()
