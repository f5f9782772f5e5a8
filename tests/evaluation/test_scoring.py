"""Scores and the ranked lists (55号 §2, §4(一)): the mean of the experts' totals, the mountain-county weighting
from the policy, and at equal scores the mountain-county applicant first."""

import re
from decimal import Decimal

import pytest

from tests.evaluation.meeting_flow import opened
from zhicheng.applications.models import Application
from zhicheng.evaluation.scoring import ranking, score_submit
from zhicheng.lib.errors import RuleViolation
from zhicheng.policy.models import Policy


def _score(case, panelists, total_share: dict[str, Decimal]) -> None:
    for panelist in panelists:
        points = {
            str(i.pk): i.max_points * total_share.get(i.name, Decimal("0.8")) for i in case.standard.indicators.all()
        }
        score_submit(case, actor=panelist.expert.user, points=points)


def _two_cases(world):
    """张伟 (first on the agenda) is not in the mountain pool; 徐明 (second) is, with `years` there."""
    meeting, came = opened(world, panel=5, cases=2)
    first, second = meeting.cases.select_related("application__applicant").order_by("order")
    Application.objects.filter(pk=first.application_id).update(in_mountain_pool=False, mountain_years=0)
    return meeting, came, first, second


def _order(rows) -> list[str]:
    return [row.case.application.applicant.username for row in rows]


def test_at_equal_scores_the_mountain_county_applicant_ranks_first(world):
    meeting, came, first, second = _two_cases(world)
    Application.objects.filter(pk=second.application_id).update(mountain_years=0)
    _score(first, came, {})
    _score(second, came, {})
    result = ranking(meeting)
    assert [row.total for row in result.general] == [Decimal("80.00"), Decimal("80.00")]
    assert _order(result.general) == ["xuming", "zhangwei"]
    assert _order(result.mountain) == ["xuming"]


def test_the_mountain_weighting_moves_the_ranking_by_exactly_the_policys_points(world):
    meeting, came, first, second = _two_cases(world)
    Application.objects.filter(pk=second.application_id).update(mountain_years=Decimal("4"))
    _score(first, came, {})  # 80
    _score(second, came, {"专业技术工作业绩": Decimal("0.78")})  # 16 + 39 + 24 = 79
    rows = {row.case.application.applicant.username: row for row in ranking(meeting).general}
    assert rows["xuming"].mean == Decimal("79.00") and rows["xuming"].bonus == Decimal("2.0")  # 4 years × 0.5
    assert (
        rows["xuming"].total - rows["xuming"].mean
        == Decimal("4") * Policy.objects.get(year=2022).mountain_points_per_year
    )
    assert _order(ranking(meeting).general) == ["xuming", "zhangwei"]

    Policy.objects.filter(year=2022).update(mountain_points_per_year=Decimal("0.2"))  # 4 × 0.2 = 0.8: 79.8 < 80
    assert _order(ranking(meeting).general) == ["zhangwei", "xuming"]


def test_the_weighting_stops_at_the_policys_cap(world):
    meeting, came, _, second = _two_cases(world)
    Application.objects.filter(pk=second.application_id).update(mountain_years=Decimal("20"))
    _score(second, came, {})
    row = next(r for r in ranking(meeting).general if r.case.pk == second.pk)
    assert row.bonus == Policy.objects.get(year=2022).mountain_points_cap == Decimal("5")


def test_the_mean_is_of_the_experts_totals(world):
    meeting, came = opened(world, panel=5)
    case = meeting.cases.get()
    for n, panelist in enumerate(came):
        share = Decimal("0.5") + Decimal(n) / 10  # 50, 60, 70, 80, 90
        score_submit(
            case,
            actor=panelist.expert.user,
            points={str(i.pk): i.max_points * share for i in case.standard.indicators.all()},
        )
    assert ranking(meeting).general[0].mean == Decimal("70.00")


def test_a_score_over_the_indicators_maximum_is_refused_with_the_maximum(world):
    meeting, came = opened(world, panel=5)
    case = meeting.cases.get()
    points = {str(i.pk): i.max_points + 1 for i in case.standard.indicators.all()}
    with pytest.raises(RuleViolation, match=re.escape("「学历与任职年限」的得分应在 0 至 20.0 分之间，现为 21.0")):
        score_submit(case, actor=came[0].expert.user, points=points)


def test_every_indicator_must_be_scored(world):
    meeting, came = opened(world, panel=5)
    case = meeting.cases.get()
    with pytest.raises(RuleViolation, match="以下指标尚未评分：学历与任职年限、专业技术工作业绩、继续教育与职业道德"):
        score_submit(case, actor=came[0].expert.user, points={})


def test_each_list_is_held_against_its_own_pass_line_from_the_plan(world):
    from zhicheng.committees.services import annual_plan_save
    from zhicheng.demo.scenario import PLAN_2022

    meeting, came, first, second = _two_cases(world)
    lines = {"pass_score": Decimal("80"), "mountain_pass_score": Decimal("78")}
    annual_plan_save(meeting.committee, actor=world["office"], year=2022, dates=PLAN_2022, pass_lines=lines)
    _score(first, came, {"专业技术工作业绩": Decimal("0.78")})  # 79: under the general line
    _score(second, came, {"专业技术工作业绩": Decimal("0.78")})  # 79 + 0 years: over the mountain line only
    Application.objects.filter(pk=second.application_id).update(mountain_years=0)
    result = ranking(meeting)
    assert [(r.case.pk, r.above_line) for r in result.general] == [(second.pk, False), (first.pk, False)]
    assert [(r.case.pk, r.above_line) for r in result.mountain] == [(second.pk, True)]
    assert (result.pass_score, result.mountain_pass_score) == (Decimal("80"), Decimal("78"))


def test_the_office_sets_the_pass_lines_on_the_plan_page(client, world):
    from zhicheng.committees.models import Committee
    from zhicheng.demo.scenario import PLAN_2022

    committee = Committee.objects.get(name__startswith="莲都区")
    url = f"/committees/{committee.pk}/plan/2022/"
    form = {name: value.isoformat() for name, value in PLAN_2022.items()}
    client.force_login(world["office"])
    refused = client.post(url, {**form, "pass_score": "120"})
    assert refused.status_code == 422 and "综合评分合格线应在 0 至 100 分之间，现为 120" in refused.content.decode()
    assert client.post(url, {**form, "pass_score": "75", "mountain_pass_score": "72.5"}).status_code == 302
    plan = committee.plans.get(year=2022)
    assert (plan.pass_score, plan.mountain_pass_score) == (Decimal("75.0"), Decimal("72.5"))
    client.force_login(world["bureau"])
    assert client.get(url).status_code == 403
