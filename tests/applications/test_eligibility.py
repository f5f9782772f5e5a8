"""The eligibility rules that block submission, each with its message and clause."""

import pytest
import time_machine

from tests.factories import make_case
from zhicheng.applications.models import IntegrityRecord, State
from zhicheng.applications.services import application_submit, application_veto
from zhicheng.committees.models import Committee
from zhicheng.lib.errors import RuleViolation


def test_a_vetoed_person_is_barred_for_the_policys_three_years(world):
    with time_machine.travel("2022-10-10 10:00 +0800", tick=False):
        vetoed = make_case(State.QUALIFIED)
        application_veto(vetoed, actor=world["office"], reason="代表作抄袭属实")
    record = IntegrityRecord.objects.get()
    assert str(record.bars_until) == "2025-10-10"
    with time_machine.travel("2025-10-10 10:00 +0800", tick=False):
        draft = make_case(State.DRAFT, year=2025)
        with pytest.raises(RuleViolation, match=r"2025年10月10日前不得申报职称（40号令、55号 §4\(一\)）"):
            application_submit(draft, actor=world["professional"])
    with time_machine.travel("2025-10-11 10:00 +0800", tick=False):
        assert application_submit(draft, actor=world["professional"]).state == State.SUBMITTED


def test_a_suspended_committee_takes_no_submission(world):
    draft = make_case(State.DRAFT)
    Committee.objects.filter(pk=draft.committee_id).update(status="suspended", status_reason="投诉较多，整改无明显改善")
    with pytest.raises(RuleViolation, match=r"已被暂停评审权：投诉较多，整改无明显改善.*55号 §3"):
        application_submit(draft, actor=world["professional"])


def test_a_second_open_case_for_the_same_title_and_year_is_refused(world):
    first = make_case(State.SUBMITTED)
    second = make_case(State.DRAFT, year=first.year + 1)
    second.year = first.year
    second.save(update_fields=["year"])
    with pytest.raises(RuleViolation, match=f"已有一件{first.year}年度助理工程师申报在办（编号 {first.pk}"):
        application_submit(second, actor=world["professional"])


def test_the_case_page_lists_the_checks_before_submission(client, world):
    draft = make_case(State.DRAFT)
    client.force_login(world["professional"])
    body = client.get(f"/applications/{draft.pk}/").content.decode()
    assert "资格自查" in body and "无禁止申报的诚信记录" in body


def test_submission_waits_for_the_committees_application_window(world):
    from tests.factories import plan_2023
    from zhicheng.committees.services import annual_plan_save

    draft = make_case(State.DRAFT, year=2023)
    annual_plan_save(
        draft.committee,
        actor=world["office"],
        year=2023,
        dates=plan_2023(),
    )
    with time_machine.travel("2023-05-31 10:00 +0800", tick=False), pytest.raises(RuleViolation, match="尚未开始"):
        application_submit(draft, actor=world["professional"])
    with time_machine.travel("2023-08-01 10:00 +0800", tick=False), pytest.raises(RuleViolation, match="已截止"):
        application_submit(draft, actor=world["professional"])
    with time_machine.travel("2023-07-31 17:00 +0800", tick=False):
        assert application_submit(draft, actor=world["professional"]).state == State.SUBMITTED
