"""双随机一公开 (55号 §3): the pool, a replayable draw, findings, publication and the public page."""

import random

import pytest
from django.urls import reverse

from zhicheng.accounts.models import Region, User
from zhicheng.audit.models import Event
from zhicheng.committees.models import Committee
from zhicheng.inspections.models import Campaign, Finding, InspectedUnit
from zhicheng.inspections.selectors import campaign_replay, unsatisfactory_findings
from zhicheng.inspections.services import (
    campaign_publish,
    campaign_start,
    finding_record,
    inspector_add,
    inspector_remove,
)
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation

LISHUI = "浙江省/丽水市/"
EXPERTS = ["zj_zhao", "zj_qian", "zj_sun"]


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


@pytest.fixture
def city(world):
    bureau = User.objects.get(username="rs_lishui")
    for username in EXPERTS:
        inspector_add(User.objects.get(username=username), actor=bureau)
    return {"bureau": bureau, "region": Region.objects.get(path=LISHUI)}


def start(city, **overrides):
    arguments = {"year": 2025, "committee_count": 2, "organiser_count": 1, "inspector_count": 2, "seed": "2025-丽水"}
    arguments.update(overrides)
    return campaign_start(city["region"], actor=city["bureau"], **arguments)


def record_all(campaign, actor, rating=Finding.Rating.PASS):
    for unit in campaign.units.all():
        issues = [] if rating == Finding.Rating.PASS else ["评审材料归档不全"]
        finding_record(unit, actor=actor, rating=rating, text="查阅评审档案和会议记录", issues=issues)


def test_the_draw_replays_from_the_published_seed(city):
    campaign = start(city)
    committees = list(Committee.objects.filter(seat_region__path__startswith=LISHUI).order_by("id"))
    assert campaign.committee_candidates == [c.pk for c in committees]
    generator = random.Random("2025-丽水")
    expected = generator.sample(campaign.committee_candidates, 2)
    picked = list(campaign.units.filter(kind=InspectedUnit.Kind.COMMITTEE).values_list("committee_id", flat=True))
    assert picked == expected
    assert campaign_replay(campaign)["matches"]
    assert campaign.inspectors.count() == 2
    assert events("inspections.campaign_start") == 1


def test_the_same_seed_gives_the_same_picks_and_another_seed_its_own(city):
    first = campaign_replay(start(city))["stored"]
    again = campaign_replay(start(city))["stored"]
    other = campaign_replay(start(city, seed="另一个种子"))
    assert again == first
    assert other["matches"]
    assert other["stored"] != first
    assert other["stored"] == campaign_replay(start(city, seed="另一个种子"))["stored"]


def test_a_seed_is_generated_when_none_is_given(city):
    campaign = start(city, seed="")
    assert len(campaign.seed) == 32
    assert campaign_replay(campaign)["matches"]


def test_it_refuses_more_committees_than_the_region_has(city):
    with pytest.raises(RuleViolation) as refused:
        start(city, committee_count=9)
    assert "只有4个" in refused.value.message and "9个" in refused.value.message
    assert refused.value.clause == "55号 §3"
    assert not Campaign.objects.exists()
    assert events("inspections.campaign_start") == 0


def test_it_refuses_more_inspectors_than_the_pool_has(city):
    with pytest.raises(RuleViolation, match="只有3人"):
        start(city, inspector_count=4)


@pytest.mark.parametrize("username", ["rs_liandu", "rs_xihu", "bgs_liandu", "zhangwei"])
def test_only_a_bureau_over_the_region_starts_a_campaign(city, username):
    with pytest.raises(Forbidden):
        campaign_start(
            city["region"],
            actor=User.objects.get(username=username),
            year=2025,
            committee_count=1,
            organiser_count=0,
            inspector_count=1,
        )
    assert events("inspections.campaign_start") == 0


def test_a_district_bureau_draws_within_its_own_district(city, world):
    district = world["bureau"]
    inspector_add(User.objects.get(username="zj_zhao"), actor=district)
    campaign = campaign_start(
        district.region, actor=district, year=2025, committee_count=1, organiser_count=1, inspector_count=1
    )
    assert len(campaign.committee_candidates) == 1
    assert campaign.units.count() == 2


def test_findings_by_an_inspector_not_drawn_are_refused(city):
    campaign = start(city, seed="s1")
    drawn = set(campaign.inspectors.values_list("user__username", flat=True))
    outsider = User.objects.get(username=next(name for name in EXPERTS if name not in drawn))
    unit = campaign.units.first()
    with pytest.raises(Forbidden):
        finding_record(unit, actor=outsider, rating=Finding.Rating.PASS, text="合格")
    assert events("inspections.finding_record") == 0
    inspector = campaign.inspectors.first().user
    finding_record(unit, actor=inspector, rating=Finding.Rating.PASS, text="合格")
    assert events("inspections.finding_record") == 1


def test_an_inspector_from_the_inspected_units_organiser_steps_aside(city):
    campaign = start(city, seed="s1", inspector_count=3)
    unit = campaign.units.select_related("committee").filter(kind=InspectedUnit.Kind.COMMITTEE).first()
    inspector = campaign.inspectors.first().user
    User.objects.filter(pk=inspector.pk).update(organisation=unit.committee.organiser)
    inspector.refresh_from_db()
    with pytest.raises(Forbidden, match="须回避"):
        finding_record(unit, actor=inspector, rating=Finding.Rating.PASS, text="合格")
    assert events("inspections.finding_record") == 0


def test_a_failing_finding_needs_its_issues(city):
    campaign = start(city)
    with pytest.raises(RuleViolation, match="逐条列出"):
        finding_record(campaign.units.first(), actor=city["bureau"], rating=Finding.Rating.FAIL, text="问题较多")


def test_publishing_needs_every_finding(city):
    campaign = start(city)
    first, *rest = campaign.units.all()
    finding_record(first, actor=city["bureau"], rating=Finding.Rating.PASS, text="合格")
    with pytest.raises(RuleViolation, match=f"还有{len(rest)}个"):
        campaign_publish(campaign, actor=city["bureau"])
    record_all(campaign, city["bureau"])
    with pytest.raises(Forbidden):
        campaign_publish(campaign, actor=campaign.inspectors.first().user)
    campaign_publish(campaign, actor=city["bureau"])
    assert Campaign.objects.get(pk=campaign.pk).state == Campaign.State.PUBLISHED
    assert events("inspections.campaign_publish") == 1
    with pytest.raises(Conflict):
        campaign_publish(campaign, actor=city["bureau"])
    with pytest.raises(Conflict):
        finding_record(first, actor=city["bureau"], rating=Finding.Rating.PASS, text="改")


def test_the_public_page_shows_the_seed_and_findings(city, client):
    campaign = start(city)
    record_all(campaign, city["bureau"], rating=Finding.Rating.FAIL)
    assert client.get(reverse("inspections:public_detail", args=[campaign.pk])).status_code == 404
    campaign_publish(campaign, actor=city["bureau"])
    listing = client.get(reverse("inspections:public_list")).content.decode()
    assert campaign.title in listing
    page = client.get(reverse("inspections:public_detail", args=[campaign.pk])).content.decode()
    assert "2025-丽水" in page
    assert "评审材料归档不全" in page and "不合格" in page
    assert "复核抽取" in page and "重新计算的结果与公布的抽取结果一致" in page


def test_unsatisfactory_findings_returns_the_failing_ones(city):
    campaign = start(city, committee_count=4, organiser_count=0)
    units = list(campaign.units.select_related("committee"))
    failing, passing = units[0], units[1]
    for unit in units:
        rating = Finding.Rating.FAIL if unit == failing else Finding.Rating.PASS
        finding_record(unit, actor=city["bureau"], rating=rating, text="检查", issues=["问题"])
    assert not unsatisfactory_findings(failing.committee).exists()
    campaign_publish(campaign, actor=city["bureau"])
    assert [f.unit_id for f in unsatisfactory_findings(failing.committee)] == [failing.pk]
    assert not unsatisfactory_findings(passing.committee).exists()


def test_the_pool_is_kept_by_the_bureau(city, world):
    zhao = User.objects.get(username="zj_zhao")
    with pytest.raises(Conflict):
        inspector_add(zhao, actor=city["bureau"])
    with pytest.raises(RuleViolation):
        inspector_add(world["professional"], actor=city["bureau"])
    with pytest.raises(Forbidden):
        inspector_add(zhao, actor=world["office"])
    member = zhao.inspector_pools.get()
    with pytest.raises(Forbidden):
        inspector_remove(member, actor=world["outsider"])
    inspector_remove(member, actor=city["bureau"])
    with pytest.raises(RuleViolation, match="只有2人"):
        start(city, inspector_count=3)


def test_the_pages_work_for_the_bureau_and_refuse_others(city, client):
    client.force_login(city["bureau"])
    response = client.post(
        reverse("inspections:manage"),
        {"year": 2025, "committee_count": 1, "organiser_count": 1, "inspector_count": 1, "seed": "页面"},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("inspections:campaign", args=[campaign.pk]))
    assert page.status_code == 200 and "确认公开" in page.content.decode()
    unit = campaign.units.first()
    saved = client.post(
        reverse("inspections:finding", args=[unit.pk]),
        {f"u{unit.pk}-rating": "basic", f"u{unit.pk}-text": "基本规范", f"u{unit.pk}-issues": "会议记录缺签名\n"},
    )
    assert saved.status_code == 302
    assert Finding.objects.get(unit=unit).issues == ["会议记录缺签名"]
    assert client.get(reverse("inspections:pool")).status_code == 200
    assert client.post(reverse("inspections:pool"), {"username": "zhangwei"}).status_code == 422
    client.force_login(User.objects.get(username="rs_xihu"))
    assert client.get(reverse("inspections:campaign", args=[campaign.pk])).status_code == 404
    assert client.post(reverse("inspections:publish", args=[campaign.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("inspections:manage")).status_code == 302
