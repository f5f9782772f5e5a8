"""The deadline board of self-evaluating units (55号 §4(四))."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from tests.committees.helpers import pdf
from zhicheng.accounts.models import Notification, Organisation, User
from zhicheng.committees.models import Committee, Filing, Scope
from zhicheng.committees.selectors import deadline_board
from zhicheng.committees.services import filing_approve, filing_submit
from zhicheng.lib.errors import Forbidden
from zhicheng.policy.models import Title


@pytest.fixture
def unit(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    employer = Organisation.objects.get(name="丽水莲都智能装备有限公司")
    committee = Committee.objects.create(
        name="丽水莲都智能装备有限公司自主评聘委员会",
        level="intermediate",
        kind="self_evaluating",
        organiser=employer,
        seat_region=employer.region,
        jurisdiction=employer.region,
    )
    committee.offices.add(employer)
    title = Title.objects.get(name="工程师")
    Scope.objects.create(committee=committee, series=title.series, title=title)
    clerk = User.objects.create_user("zp_office", name="评聘办", role="office", organisation=employer)
    return committee, clerk


def _states(user, today):
    return {(i.committee.name, i.kind): i.state for i in deadline_board(user, today=today, year=2022)}


def test_on_1_december_a_unit_that_filed_no_plan_is_overdue(unit, world):
    committee, _ = unit
    board = _states(world["bureau"], date(2022, 12, 1))
    assert board[(committee.name, "annual_plan")] == "overdue"
    assert board[(committee.name, "summary")] == "due"
    assert _states(world["bureau"], date(2022, 11, 30))[(committee.name, "annual_plan")] == "due"


def test_a_filed_plan_is_done_and_is_approved_by_the_authority_then_the_bureau(unit, world):
    committee, clerk = unit
    filing = filing_submit(committee, actor=clerk, kind="annual_plan", year=2022, document=pdf("方案.pdf"))
    assert _states(world["bureau"], date(2022, 12, 1))[(committee.name, "annual_plan")] == "done"
    with pytest.raises(Forbidden, match="须先由行业主管部门审核同意"):
        filing_approve(filing, actor=world["bureau"])
    filing_approve(filing, actor=world["authority"])
    filing = filing_approve(filing, actor=world["bureau"])
    assert filing.authority_approved_by == world["authority"] and filing.bureau_approved_by == world["bureau"]


def test_the_unit_is_reminded_in_advance_once(unit):
    _, clerk = unit
    with time_machine.travel("2022-11-21 09:00 +0800", tick=False):
        call_command("committees", "remind")
        call_command("committees", "remind")
    reminders = Notification.objects.filter(user=clerk)
    assert reminders.count() == 2  # the three-year plan and the annual plan, each once
    assert all("2022年11月30日" in n.message for n in reminders)
    assert not Filing.objects.exists()


def test_the_board_page_shows_overdue_first(client, unit, world):
    committee, _ = unit
    client.force_login(world["bureau"])
    with time_machine.travel("2022-12-01 09:00 +0800", tick=False):
        body = client.get("/committees/deadlines/", {"year": 2022}).content.decode()
    assert committee.name in body and "已逾期" in body


def test_the_unit_files_from_the_board_and_the_authority_then_the_bureau_approve_there(client, unit, world):
    committee, clerk = unit
    client.force_login(clerk)
    client.post(
        "/committees/filings/new/",
        {"committee": committee.pk, "kind": "annual_plan", "year": 2022, "document": pdf("方案.pdf")},
    )
    filing = Filing.objects.get(committee=committee, kind="annual_plan")
    client.force_login(world["bureau"])
    client.post(f"/committees/filings/{filing.pk}/approve/", follow=True)
    filing.refresh_from_db()
    assert filing.bureau_approved_at is None  # the authority comes first
    client.force_login(world["authority"])
    assert "审核同意" in client.get("/committees/deadlines/", {"year": 2022}).content.decode()
    client.post(f"/committees/filings/{filing.pk}/approve/")
    client.force_login(world["bureau"])
    client.post(f"/committees/filings/{filing.pk}/approve/")
    filing.refresh_from_db()
    assert filing.authority_approved_by == world["authority"] and filing.bureau_approved_by == world["bureau"]


def test_the_board_and_approvals_by_api(client, unit, world):
    committee, clerk = unit
    filing = filing_submit(committee, actor=clerk, kind="annual_plan", year=2022, document=pdf("方案.pdf"))
    client.force_login(world["authority"])
    board = client.get("/api/v1/committees/deadlines", {"year": 2022}).json()
    assert {(i["label"], i["state"]) for i in board if i["committee"] == committee.name} >= {("年度评聘方案", "done")}
    approved = client.post(f"/api/v1/committees/filings/{filing.pk}/approve")
    assert approved.status_code == 200
    client.force_login(world["bureau"])
    assert client.post(f"/api/v1/committees/filings/{filing.pk}/approve").status_code == 200
    assert client.post(f"/api/v1/committees/filings/{filing.pk}/approve").status_code == 409
