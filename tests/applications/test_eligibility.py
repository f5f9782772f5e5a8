"""The eligibility rules that block submission, each with its message and clause."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case
from zhicheng.applications.models import IntegrityRecord, State
from zhicheng.applications.services import application_submit, application_veto
from zhicheng.archive.models import EducationEntry, TitleHeld
from zhicheng.committees.models import Committee
from zhicheng.education.models import CERecord
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


def test_the_case_page_reads_what_its_checks_share_once(client, world):
    """The years-in-grade and CE checks share the year's policy and its years-in-grade line; the window check
    and the page share the committee's plan. Each is read once, whatever reads it."""
    draft = make_case(State.DRAFT)
    client.force_login(world["professional"])
    with CaptureQueriesContext(connection) as captured:
        body = client.get(f"/applications/{draft.pk}/").content.decode()
    assert "任职年限" in body and "继续教育" in body and "申报时间" in body
    tables = ["policy_policy", "policy_yearsingrade", "committees_annualplan"]
    reads = {table: sum(f'FROM "{table}"' in query["sql"] for query in captured) for table in tables}
    assert reads == dict.fromkeys(tables, 1)


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


# --- the person's conditions: years in grade and CE hours, from the archive and the year's policy ---------


def _holds_assistant_since(when: str) -> None:
    TitleHeld.objects.filter(professional__user__username="zhangwei", title__name="助理工程师").update(obtained_on=when)


def test_too_few_years_in_grade_says_how_many_months_are_missing(world):
    _holds_assistant_since("2019-12-20")
    draft = make_case(State.DRAFT, title="工程师")
    expected = (
        "本科学历申报工程师须任助理工程师满4年：2019年12月20日取得助理工程师，至2022年12月31日满3年，"
        "尚差12个月（2023年12月20日满4年）（人社部职称评价基本标准（工程系列））"
    )
    with pytest.raises(RuleViolation, match=re.escape(expected)):
        application_submit(draft, actor=world["professional"])


def test_the_years_are_counted_to_the_day_the_policy_names(world):
    from zhicheng.policy.models import Policy

    _holds_assistant_since("2018-12-20")
    draft = make_case(State.DRAFT, title="工程师")
    Policy.objects.filter(year=2022).update(seniority_until_month=9, seniority_until_day=30)
    with pytest.raises(RuleViolation, match=r"至2022年9月30日满3年，尚差3个月（2022年12月20日满4年）"):
        application_submit(draft, actor=world["professional"])
    Policy.objects.filter(year=2022).update(seniority_until_month=12, seniority_until_day=31)
    assert application_submit(draft, actor=world["professional"]).state == State.SUBMITTED


def test_the_prior_title_must_be_on_record(world):
    TitleHeld.objects.filter(professional__user__username="zhangwei").delete()
    draft = make_case(State.DRAFT, title="工程师")
    with pytest.raises(RuleViolation, match="须任助理工程师满4年，业绩档案中没有助理工程师的取得记录"):
        application_submit(draft, actor=world["professional"])


def test_a_new_graduate_waits_a_year_of_work_for_assistant_engineer(world):
    EducationEntry.objects.filter(professional__user__username="zhangwei").update(graduated_on="2022-07-01")
    draft = make_case(State.DRAFT)
    with pytest.raises(
        RuleViolation,
        match=re.escape(
            "须毕业后从事专业技术工作满1年：2022年7月1日本科毕业，至2022年12月31日不满1年，尚差7个月（2023年7月1日满1年）"
        ),
    ):
        application_submit(draft, actor=world["professional"])


def test_without_education_on_record_the_case_cannot_be_checked_and_ce_is_not_counted_twice(client, world):
    EducationEntry.objects.filter(professional__user__username="zhangwei").delete()
    draft = make_case(State.DRAFT)
    with pytest.raises(RuleViolation) as refusal:
        application_submit(draft, actor=world["professional"])
    assert [f["label"] for f in refusal.value.detail["failures"]] == ["任职年限"]
    assert "业绩档案中没有学历记录" in refusal.value.message
    client.force_login(world["professional"])
    body = client.get(f"/applications/{draft.pk}/").content.decode()
    assert "暂无法核对须合格的年度" in body


def _zhangwei_hours(year: int, category: str, hours: int) -> None:
    """张伟's confirmed hours of one subject in one year, as a single record."""
    records = CERecord.objects.filter(professional__user__username="zhangwei", year=year, category=category)
    keep = records.first()
    records.exclude(pk=keep.pk).delete()
    CERecord.objects.filter(pk=keep.pk).update(hours=hours)


def test_ce_hours_short_name_the_year_the_subject_and_the_hours(world):
    _zhangwei_hours(2021, "general_public", 8)
    CERecord.objects.filter(professional__user__username="zhangwei", year=2022).delete()
    draft = make_case(State.DRAFT)
    expected = "须2021年至2022年每年学时合格：2021年一般公需科目差4学时；2022年无继续教育学时（55号 §4(二)）"
    with pytest.raises(RuleViolation, match=re.escape(expected)):
        application_submit(draft, actor=world["professional"])


def test_an_engineer_needs_every_year_of_the_years_in_grade(world):
    _zhangwei_hours(2019, "professional", 50)
    assert application_submit(make_case(State.DRAFT), actor=world["professional"]).state == State.SUBMITTED
    draft = make_case(State.DRAFT, title="工程师")
    with pytest.raises(
        RuleViolation, match=re.escape("须2019年至2022年每年学时合格：2019年总学时差10学时、专业科目差10学时")
    ):
        application_submit(draft, actor=world["professional"])


def test_qualification_rechecks_the_conditions_and_records_each(world):
    case = make_case(State.QUALIFIED)
    review = case.reviews.get(stage="qualify")
    rules = {item["key"]: item for item in review.items if item.get("rule")}
    assert set(rules) == {"rule:诚信记录", "rule:任职年限", "rule:继续教育", "rule:评审委员会", "rule:重复申报"}
    assert all(item["ok"] for item in rules.values())
    assert "本科学历申报助理工程师须毕业后从事专业技术工作满1年" in rules["rule:任职年限"]["label"]


def test_qualification_refuses_a_case_whose_conditions_no_longer_hold(world):
    from zhicheng.applications import checklists
    from zhicheng.applications.services import application_qualify

    case = make_case(State.ACCEPTED)
    CERecord.objects.filter(professional__user__username="zhangwei", year=2022).delete()
    with pytest.raises(RuleViolation, match="2022年无继续教育学时"):
        application_qualify(case, actor=world["office"], checklist=checklists.complete("qualify"))


def test_qualification_after_the_window_has_closed_is_not_refused_for_it(world):
    from tests.factories import plan_2023
    from zhicheng.applications import checklists
    from zhicheng.applications.services import application_qualify
    from zhicheng.committees.services import annual_plan_save
    from zhicheng.demo.loader import walk_case

    draft = make_case(State.DRAFT, year=2023)
    annual_plan_save(draft.committee, actor=world["office"], year=2023, dates=plan_2023())
    with time_machine.travel("2023-07-03 10:00 +0800", tick=False):
        walk_case(draft, State.ACCEPTED, "", "")
    draft.refresh_from_db()
    with time_machine.travel("2023-09-01 10:00 +0800", tick=False):
        qualified = application_qualify(draft, actor=world["office"], checklist=checklists.complete("qualify"))
    assert qualified.state == State.QUALIFIED
