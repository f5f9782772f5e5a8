"""Annual plans checked against the 2022 working-day calendar and the policy (55号 §4(三))."""

from datetime import date

import pytest

from zhicheng.accounts.models import User
from zhicheng.committees.models import AnnualPlan, Committee
from zhicheng.committees.services import annual_plan_save
from zhicheng.lib.errors import Forbidden, RuleViolation

GOOD = {
    "application_opens": date(2022, 6, 1),
    "application_closes": date(2022, 7, 31),
    "review_deadline": date(2022, 9, 20),
    "pre_publicity_start": date(2022, 9, 21),
    "meeting_report_by": date(2022, 9, 30),
    "meeting_date": date(2022, 10, 12),
    "result_publicity_start": date(2022, 10, 17),
}


def _committee():
    return Committee.objects.get(name__startswith="莲都区")


def test_a_valid_plan_is_saved(world):
    plan = annual_plan_save(_committee(), actor=world["office"], year=2022, dates=GOOD)
    assert AnnualPlan.objects.get() == plan


def test_a_report_fewer_than_five_working_days_before_the_meeting_is_refused_with_the_latest_date(world):
    # 8 Oct (an adjusted working Saturday) leaves 8, 9, 10, 11 Oct: four working days before the 12th.
    late = {**GOOD, "meeting_report_by": date(2022, 10, 8)}
    with pytest.raises(RuleViolation) as error:
        annual_plan_save(_committee(), actor=world["office"], year=2022, dates=late)
    assert "只有 4 个工作日，至少须提前 5 个工作日；最迟应于2022年9月30日报告" in str(error.value)
    assert "55号 §4(三)" in str(error.value)
    assert not AnnualPlan.objects.exists()


def test_dates_out_of_order_are_refused(world):
    with pytest.raises(RuleViolation, match="申报截止（2022年9月25日）不能晚于审核截止"):
        annual_plan_save(
            _committee(), actor=world["office"], year=2022, dates={**GOOD, "application_closes": date(2022, 9, 25)}
        )


def test_only_the_committees_office_plans_it(world):
    with pytest.raises(Forbidden):
        annual_plan_save(_committee(), actor=User.objects.get(username="bgs_gongcheng"), year=2022, dates=GOOD)


def test_the_public_district_plan_page_lists_it(client, world):
    annual_plan_save(_committee(), actor=world["office"], year=2022, dates=GOOD)
    body = client.get("/committees/plans/", {"region": "莲都区", "year": 2022}).content.decode()
    assert "莲都区工程技术人员初级专业技术职务任职资格评审委员会" in body and "2022年10月12日" in body


def test_the_calendar_and_the_api_show_the_same_plan(client, world):
    annual_plan_save(_committee(), actor=world["office"], year=2022, dates=GOOD)
    body = client.get("/committees/plans/", {"region": "莲都区", "year": 2022}).content.decode()
    assert "2022年10月" in body and "评审会议</strong>" in body
    plans = client.get("/api/v1/committees/plans", {"region": "莲都区", "year": 2022}).json()
    assert plans[0]["meeting_date"] == "2022-10-12" and plans[0]["meeting_report_by"] == "2022-09-30"
    committees = client.get("/api/v1/committees").json()
    auto = next(c for c in committees if c["name"].startswith("丽水市汽车零部件"))
    assert {(s["specialty"], s["title"]) for s in auto["scopes"]} == {
        ("汽车零部件工程", "助理工程师"),
        ("汽车零部件工程", "工程师"),
    }


def test_the_committee_list_shows_members_against_the_policys_minimum(client, world):
    body = client.get("/committees/", {"year": 2022}).content.decode()
    assert "莲都区工程技术人员初级专业技术职务任职资格评审委员会" in body
    assert "少于 5 人" in body  # the district committee has two experts; the policy asks five of a 初评委
