"""The compliance engine (55号 §4(二)): examples, and properties that hold for any hours."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.education.helpers import COMPLIANT_YEAR
from zhicheng.education.compliance import Thresholds, evaluate

T = Thresholds(Decimal(90), Decimal(60), Decimal(18), Decimal(12), grandfather_before=2019, consecutive_years=2)


def years(*numbers, hours=COMPLIANT_YEAR):
    return {year: dict(hours) for year in numbers}


def test_a_person_missing_only_the_application_year_fails_and_is_told_the_year():
    verdict = evaluate(years(2018, 2019, 2020, 2021), application_year=2022, required_years=2, thresholds=T)
    assert not verdict.compliant
    assert verdict.shortfalls == [
        "2022年 无继续教育学时：总学时差 90 学时，专业科目差 60 学时，公需科目差 18 学时，一般公需科目差 12 学时"
        " — 55号 §4(二)"
    ]


def test_a_person_missing_only_the_year_before_fails():
    verdict = evaluate(years(2019, 2020, 2022), application_year=2022, required_years=2, thresholds=T)
    assert not verdict.compliant
    assert {s[:5] for s in verdict.shortfalls} == {"2021年"}


def test_enough_hours_in_total_but_too_few_general_public_hours():
    hours = years(2021, 2022)
    hours[2021] = {"professional": Decimal(70), "general_public": Decimal(8), "industry_public": Decimal(12)}
    verdict = evaluate(hours, application_year=2022, required_years=2, thresholds=T)
    assert not verdict.compliant
    assert verdict.shortfalls == ["2021年 一般公需科目 8/12 学时，差 4 学时 — 55号 §4(二)"]


def test_a_2016_engineer_applying_for_senior_in_2022_with_2019_to_2022_compliant():
    verdict = evaluate(
        years(2019, 2020, 2021, 2022), application_year=2022, required_years=5, thresholds=T, title_obtained_year=2016
    )
    assert verdict.compliant
    assert verdict.window == (2018, 2022)
    assert [t.year for t in verdict.years if t.grandfathered and t.in_window] == [2018]
    assert any("2018年在2019年以前，视同合格" in note for note in verdict.notes)


def test_a_half_hour_short_is_said_with_the_half_hour():
    hours = years(2021, 2022)
    hours[2022] = {**COMPLIANT_YEAR, "professional": Decimal("59.5")}
    verdict = evaluate(hours, application_year=2022, required_years=2, thresholds=T)
    assert "2022年 专业科目 59.5/60 学时，差 0.5 学时 — 55号 §4(二)" in verdict.shortfalls
    assert "2022年 总学时 89.5/90 学时，差 0.5 学时 — 55号 §4(二)" in verdict.shortfalls


hours_st = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)
year_st = st.fixed_dictionaries(
    {"professional": hours_st, "general_public": hours_st, "industry_public": hours_st, "other_public": hours_st}
)


@pytest.mark.parametrize(
    ("category", "threshold", "others"),
    [
        ("professional", 60, {"general_public": 12, "industry_public": 18}),
        ("general_public", 12, {"professional": 60, "industry_public": 18}),
    ],
)
def test_thresholds_hold_exactly_and_fail_a_tenth_below(category, threshold, others):
    at = {category: Decimal(threshold), **{k: Decimal(v) for k, v in others.items()}}
    below = {**at, category: Decimal(threshold) - Decimal("0.1")}
    assert evaluate({2021: at, 2022: at}, application_year=2022, required_years=2, thresholds=T).compliant
    assert not evaluate({2021: at, 2022: below}, application_year=2022, required_years=2, thresholds=T).compliant


def test_the_total_and_public_thresholds_hold_exactly_at_90_and_18():
    exact = {"professional": Decimal(72), "general_public": Decimal(12), "industry_public": Decimal(6)}
    assert evaluate({2021: exact, 2022: exact}, application_year=2022, required_years=2, thresholds=T).compliant
    short = {**exact, "industry_public": Decimal("5.9")}
    verdict = evaluate({2021: exact, 2022: short}, application_year=2022, required_years=2, thresholds=T)
    assert not verdict.compliant
    assert {s.split(" ")[1] for s in verdict.shortfalls} == {"总学时", "公需科目"}


@settings(max_examples=200)
@given(
    st.dictionaries(st.integers(2015, 2022), year_st, max_size=8),
    st.integers(2015, 2022),
    st.sampled_from(["professional", "general_public", "industry_public", "other_public"]),
    hours_st,
    st.sampled_from([0, 2, 4, 5]),
)
def test_adding_hours_never_turns_compliant_into_non_compliant(hours, year, category, extra, required):
    before = evaluate(hours, application_year=2022, required_years=required, thresholds=T)
    more = {y: dict(v) for y, v in hours.items()}
    more.setdefault(year, {})[category] = more.get(year, {}).get(category, Decimal(0)) + extra
    after = evaluate(more, application_year=2022, required_years=required, thresholds=T)
    assert after.compliant or not before.compliant
    assert after.streak >= before.streak


@given(st.dictionaries(st.integers(2010, 2018), year_st, max_size=9), st.integers(2010, 2018))
def test_every_year_before_2019_passes_whatever_its_hours(hours, application_year):
    verdict = evaluate(hours, application_year=application_year, required_years=5, thresholds=T)
    assert verdict.compliant and all(t.compliant for t in verdict.years)


@given(st.dictionaries(st.integers(2013, 2022), year_st, max_size=10), st.sampled_from([0, 2, 4, 5]))
def test_the_verdict_is_the_streak_reaching_the_window(hours, required):
    verdict = evaluate(hours, application_year=2022, required_years=required, thresholds=T)
    assert verdict.compliant == (verdict.streak >= max(required, 2))
