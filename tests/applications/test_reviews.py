"""Acceptance and qualification are confirmed item by item; a return names what to fix; every round is kept."""

import pytest

from tests.factories import make_case
from zhicheng.applications import checklists
from zhicheng.applications.models import ReviewRecord, State
from zhicheng.applications.services import (
    application_accept,
    application_authority_approve,
    application_employer_approve,
    application_qualify,
    application_return,
    application_submit,
)
from zhicheng.lib.errors import RuleViolation


def test_acceptance_needs_every_item_and_names_the_missing_ones(world):
    case = make_case(State.AUTHORITY_APPROVED)
    partial = {**checklists.complete("accept"), "materials": False}
    with pytest.raises(RuleViolation, match="以下项目尚未确认：申报材料齐全、签章完整"):
        application_accept(case, actor=world["office"], checklist=partial)
    case.refresh_from_db()
    assert case.state == State.AUTHORITY_APPROVED and not ReviewRecord.objects.exists()
    accepted = application_accept(case, actor=world["office"], checklist=checklists.complete("accept"))
    review = ReviewRecord.objects.get(application=case)
    assert accepted.state == State.ACCEPTED and review.stage == "accept" and all(i["ok"] for i in review.items)


def test_qualification_runs_the_eligibility_rules_too(world):
    case = make_case(State.ACCEPTED)
    case.committee.status = "suspended"
    case.committee.save()
    with pytest.raises(RuleViolation, match="已被暂停评审权"):
        application_qualify(case, actor=world["office"], checklist=checklists.complete("qualify"))


def test_a_return_keeps_its_comments_per_item_and_each_round_is_kept(client, world):
    case = make_case(State.ACCEPTED)
    application_return(
        case,
        actor=world["office"],
        reason="业绩材料需补充",
        comments={"achievements": "缺少项目验收报告", "ce": "2021年专业科目学时证明不清晰", "statement": ""},
    )
    resubmitted = application_submit(case, actor=world["professional"])
    assert resubmitted.round == 2
    # The fixed case goes the whole way again: the employer and the authority see the new round first.
    application_employer_approve(resubmitted, actor=world["employer"])
    application_authority_approve(resubmitted, actor=world["authority"])
    accepted = application_accept(resubmitted, actor=world["office"], checklist=checklists.complete("accept"))
    rounds = list(ReviewRecord.objects.filter(application=case).values_list("round", "stage"))
    assert rounds == [(1, "accept"), (1, "return"), (2, "accept")]
    returned = ReviewRecord.objects.get(stage="return")
    assert returned.items == [
        {"key": "achievements", "label": "业绩成果材料", "note": "缺少项目验收报告"},
        {"key": "ce", "label": "继续教育学时", "note": "2021年专业科目学时证明不清晰"},
    ]
    client.force_login(world["professional"])
    body = client.get(f"/applications/{accepted.pk}/").content.decode()
    assert "第 1 轮 · 退回修改" in body and "缺少项目验收报告" in body


def test_the_office_confirms_the_checklist_on_the_case_page(client, world):
    case = make_case(State.AUTHORITY_APPROVED)
    client.force_login(world["office"])
    page = client.get(f"/applications/{case.pk}/").content.decode()
    assert "申报材料齐全、签章完整" in page
    data = {f"check_{key}": "on" for key, _ in checklists.ACCEPTANCE_ITEMS}
    response = client.post(f"/applications/{case.pk}/do/accept/", data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
