"""Routing to the one competent committee (55号 §2), a self-evaluating employer's own committee first."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhicheng.accounts.models import Organisation, Region
from zhicheng.committees.models import Committee, Scope
from zhicheng.committees.routing import route_case
from zhicheng.lib.errors import RuleViolation
from zhicheng.policy.models import Specialty, Title


def _route(specialty: str, title: str, employer: str, year: int = 2022):
    return route_case(
        specialty=Specialty.objects.get(name=specialty),
        title=Title.objects.get(name=title),
        employer=Organisation.objects.get(name=employer),
        year=year,
    )


def test_an_auto_parts_engineer_from_longquan_goes_to_the_auto_parts_committee(world):
    route = _route("汽车零部件工程", "工程师", "龙泉汽车空调配件股份有限公司")
    assert route.committee.name == "丽水市汽车零部件工程技术人员中级专业技术职务任职资格评审委员会"
    assert "其他评委会不再受理" in route.reason


def test_a_forestry_senior_engineer_goes_to_the_forestry_committee_to_be_recommended(world):
    route = _route("林业工程", "高级工程师", "浙江丽水林业发展有限公司")
    assert route.committee.name.startswith("丽水市林业工程") and route.scope.mode == Scope.Mode.RECOMMEND


def test_a_self_evaluating_employer_evaluates_its_own_staff(world):
    employer = Organisation.objects.get(name="丽水莲都智能装备有限公司")
    own = Committee.objects.create(
        name="丽水莲都智能装备有限公司自主评聘委员会",
        level="intermediate",
        kind="self_evaluating",
        organiser=employer,
        seat_region=employer.region,
        jurisdiction=employer.region,
    )
    Scope.objects.create(
        committee=own,
        series=own.organiser.series or Title.objects.get(name="工程师").series,
        title=Title.objects.get(name="工程师"),
    )
    route = _route("机械工程", "工程师", "丽水莲都智能装备有限公司")
    assert route.committee == own and "自主评聘单位" in route.reason
    # Another employer's staff never reach it.
    assert _route("机械工程", "工程师", "浙江丽水林业发展有限公司").committee != own


def test_a_case_no_committee_covers_is_a_clear_error(world):
    with pytest.raises(RuleViolation, match="没有受理「机械工程 · 正高级工程师」的评审委员会"):
        _route("机械工程", "正高级工程师", "丽水莲都智能装备有限公司")


def test_two_equal_matches_are_an_error_naming_both(world):
    lishui = Region.objects.get(name="丽水市")
    general = Committee.objects.get(name="丽水市工程技术人员中级专业技术职务任职资格评审委员会")
    twin = Committee.objects.create(
        name="丽水市另一工程中评委",
        level="intermediate",
        organiser=general.organiser,
        seat_region=lishui,
        jurisdiction=lishui,
    )
    Scope.objects.create(committee=twin, series=general.scopes.first().series, title=Title.objects.get(name="工程师"))
    with pytest.raises(RuleViolation, match="同时由多个评委会受理：丽水市另一工程中评委、丽水市工程技术人员中级"):
        _route("机械工程", "工程师", "丽水莲都智能装备有限公司")


def test_a_scope_outside_its_years_does_not_route(world):
    Scope.objects.filter(committee__name__startswith="丽水市汽车零部件").update(first_year=2022)
    route = _route("汽车零部件工程", "工程师", "龙泉汽车空调配件股份有限公司", year=2021)
    assert route.committee.name == "丽水市工程技术人员中级专业技术职务任职资格评审委员会"


SPECIALTIES = ["机械工程", "电气工程", "建筑工程", "化学工程", "水利工程"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*SPECIALTIES, None]), min_size=1, max_size=6, unique=True))
def test_non_overlapping_scopes_give_every_routable_case_exactly_one_committee(world, owned):
    """Committees each own distinct specialties (None = the general line); every case lands once."""
    Scope.objects.all().delete()
    lishui = Region.objects.get(name="丽水市")
    title = Title.objects.get(name="工程师")
    organiser = Organisation.objects.get(name="丽水市人力资源和社会保障局")
    owner = {}
    for index, specialty in enumerate(owned):
        committee, _ = Committee.objects.get_or_create(
            name=f"测试评委会{index}",
            defaults={"level": "intermediate", "organiser": organiser, "seat_region": lishui, "jurisdiction": lishui},
        )
        Scope.objects.create(
            committee=committee,
            series=title.series,
            title=title,
            specialty=Specialty.objects.get(name=specialty) if specialty else None,
        )
        owner[specialty] = committee
    for specialty in SPECIALTIES:
        expected = owner.get(specialty) or owner.get(None)
        if expected is None:
            with pytest.raises(RuleViolation):
                _route(specialty, "工程师", "丽水莲都智能装备有限公司")
        else:
            assert _route(specialty, "工程师", "丽水莲都智能装备有限公司").committee == expected
