"""Every write of a spot check (双随机一公开, 55号 §3): pool, draw, findings, publication."""

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Region, Role, User
from zhicheng.accounts.rules import region_contains
from zhicheng.audit.services import record_event
from zhicheng.inspections import selectors
from zhicheng.inspections.draw import replay
from zhicheng.inspections.models import Campaign, CampaignInspector, Finding, InspectedUnit, InspectorPoolMember
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation

CLAUSE = "55号 §3"


@transaction.atomic
def inspector_add(person: User, *, actor) -> InspectorPoolMember:
    """The bureau designates one of its staff or an expert as an inspector of its region (55号 §3)."""
    region = actor.region if getattr(actor, "role", None) == Role.BUREAU else None
    if region is None:
        raise Forbidden("只有人力社保局可以维护检查人员库", clause=CLAUSE)
    if person.role == Role.BUREAU:
        if not region_contains(actor, person.region):
            raise RuleViolation(f"{person}不是本地区（{region.name}）人力社保局工作人员", clause=CLAUSE)
    elif person.role != Role.EXPERT:
        raise RuleViolation(
            f"检查人员应为人力社保局工作人员或评审专家，{person}的角色是「{person.get_role_display()}」", clause=CLAUSE
        )
    member, created = InspectorPoolMember.objects.select_for_update().get_or_create(
        user=person, region=region, defaults={"added_by": actor}
    )
    if not created:
        if member.active:
            raise Conflict(f"{person}已在{region.name}检查人员库中", clause=CLAUSE)
        member.active = True
        member.added_by = actor
        member.save(update_fields=["active", "added_by"])
    record_event(actor=actor, action="inspections.pool_add", obj=member, after="active")
    return member


@transaction.atomic
def inspector_remove(member: InspectorPoolMember, *, actor) -> InspectorPoolMember:
    """The bureau takes an inspector out of its pool; past draws keep them (55号 §3)."""
    member = InspectorPoolMember.objects.select_for_update().get(pk=member.pk)
    if not actor.has_perm("inspections.manage_pool", member):
        raise Forbidden("只有该地区的人力社保局可以维护检查人员库", clause=CLAUSE)
    if not member.active:
        raise Conflict(f"{member.user}已不在检查人员库中", clause=CLAUSE)
    member.active = False
    member.save(update_fields=["active"])
    record_event(actor=actor, action="inspections.pool_remove", obj=member, before="active", after="inactive")
    return member


def _ensure_enough(what: str, unit: str, candidates: list[int], size: int, region: Region) -> None:
    if size > len(candidates):
        raise RuleViolation(
            f"{region.name}可抽取的{what}只有{len(candidates)}{unit}，不足拟抽取的{size}{unit}",
            clause=CLAUSE,
            detail={"candidates": len(candidates), "requested": size},
        )


@transaction.atomic
def campaign_start(
    region: Region,
    *,
    actor,
    year: int,
    committee_count: int,
    organiser_count: int,
    inspector_count: int,
    seed: str = "",
    title: str = "",
) -> Campaign:
    """The bureau over the region draws units and inspectors at random with a published seed (双随机, 55号 §3)."""
    if not actor.has_perm("inspections.start", region):
        raise Forbidden(f"只有{region.name}或其上级人力社保局可以在该地区发起抽查", clause=CLAUSE)
    if min(committee_count, organiser_count, inspector_count) < 0:
        raise RuleViolation("抽取数量不能为负数", clause=CLAUSE)
    if committee_count + organiser_count == 0:
        raise RuleViolation("至少抽取一个评审委员会或组建单位", clause=CLAUSE)
    if inspector_count < 1:
        raise RuleViolation("至少抽取一名检查人员", clause=CLAUSE)
    committees = selectors.committee_candidates(region)
    organisers = selectors.organiser_candidates(region)
    inspectors = selectors.inspector_candidates(region)
    _ensure_enough("评审委员会", "个", committees, committee_count, region)
    _ensure_enough("组建单位", "个", organisers, organiser_count, region)
    _ensure_enough("检查人员", "人", inspectors, inspector_count, region)
    seed = seed.strip() or secrets.token_hex(16)
    picked_committees, picked_organisers, picked_inspectors = replay(
        seed, [(committees, committee_count), (organisers, organiser_count), (inspectors, inspector_count)]
    )
    campaign = Campaign.objects.create(
        region=region,
        year=year,
        title=title.strip() or f"{region.full_name}{year}年度职称评审“双随机一公开”抽查",
        seed=seed,
        committee_candidates=committees,
        organiser_candidates=organisers,
        inspector_candidates=inspectors,
        committee_count=committee_count,
        organiser_count=organiser_count,
        inspector_count=inspector_count,
        created_by=actor,
    )
    units = [
        InspectedUnit(campaign=campaign, kind=InspectedUnit.Kind.COMMITTEE, committee_id=pk, order=n)
        for n, pk in enumerate(picked_committees, start=1)
    ] + [
        InspectedUnit(campaign=campaign, kind=InspectedUnit.Kind.ORGANISER, organisation_id=pk, order=n)
        for n, pk in enumerate(picked_organisers, start=1)
    ]
    InspectedUnit.objects.bulk_create(units)
    CampaignInspector.objects.bulk_create(
        CampaignInspector(campaign=campaign, user_id=pk, order=n) for n, pk in enumerate(picked_inspectors, start=1)
    )
    record_event(
        actor=actor,
        action="inspections.campaign_start",
        obj=campaign,
        after=Campaign.State.DRAWN,
        data={
            "seed": seed,
            "candidates": {"committees": committees, "organisers": organisers, "inspectors": inspectors},
            "picked": {
                "committees": picked_committees,
                "organisers": picked_organisers,
                "inspectors": picked_inspectors,
            },
        },
    )
    return campaign


def _clean_issues(issues: Iterable[str]) -> list[str]:
    return [line.strip() for line in issues if line and line.strip()]


@transaction.atomic
def finding_record(unit: InspectedUnit, *, actor, rating: str, text: str, issues: Iterable[str] = ()) -> Finding:
    """A drawn inspector or the bureau records what was found at one unit, until publication (55号 §3)."""
    campaign = Campaign.objects.select_for_update().get(pk=unit.campaign_id)
    unit = InspectedUnit.objects.select_related("campaign").get(pk=unit.pk)
    if not actor.has_perm("inspections.record_finding", unit):
        raise Forbidden("只有本次抽中的检查人员或组织抽查的人力社保局可以录入检查结果", clause=CLAUSE)
    if campaign.state != Campaign.State.DRAWN:
        raise Conflict(f"{campaign.title}已公开，检查结果不能再修改", clause=CLAUSE)
    drawn = campaign.inspectors.filter(user=actor).exists()
    if drawn and actor.organisation_id and actor.organisation_id in _organisations_of(unit):
        raise Forbidden(f"您所在单位与{unit.name}有关，须回避，请由其他检查人员录入", clause=CLAUSE)
    if rating not in Finding.Rating.values:
        raise RuleViolation("检查结论应为合格、基本合格或不合格", clause=CLAUSE)
    if not text.strip():
        raise RuleViolation(f"请写明对{unit.name}的检查情况", clause=CLAUSE)
    issue_list = _clean_issues(issues)
    if rating != Finding.Rating.PASS and not issue_list:
        raise RuleViolation(f"结论为「{Finding.Rating(rating).label}」时，请逐条列出发现的问题", clause=CLAUSE)
    previous = Finding.objects.filter(unit=unit).first()
    before = previous.rating if previous else ""
    finding, _ = Finding.objects.update_or_create(
        unit=unit, defaults={"rating": rating, "text": text.strip(), "issues": issue_list, "entered_by": actor}
    )
    record_event(
        actor=actor,
        action="inspections.finding_record",
        obj=finding,
        before=before,
        after=rating,
        data={"campaign": campaign.pk, "unit": unit.pk, "issues": len(issue_list)},
    )
    return finding


def _organisations_of(unit: InspectedUnit) -> set[int]:
    """The organisations a drawn inspector from which may not judge the unit: its organiser and its offices.
    (The bureau that runs the campaign records findings as the supervisor, not as one of the drawn.)"""
    if unit.committee is None:
        return {unit.organisation_id} if unit.organisation_id else set()
    return {unit.committee.organiser_id, *unit.committee.offices.values_list("pk", flat=True)}


@transaction.atomic
def campaign_publish(campaign: Campaign, *, actor) -> Campaign:
    """The bureau publishes the draw and every unit's finding on the public page (双随机一公开, 55号 §3)."""
    campaign = Campaign.objects.select_for_update().select_related("region").get(pk=campaign.pk)
    if not actor.has_perm("inspections.publish", campaign):
        raise Forbidden("只有组织抽查的人力社保局可以公开抽查结果", clause=CLAUSE)
    if campaign.state != Campaign.State.DRAWN:
        raise Conflict(f"{campaign.title}已于{campaign.published_at:%Y年%m月%d日}公开", clause=CLAUSE)
    missing = [
        unit.name for unit in campaign.units.filter(finding__isnull=True).select_related("committee", "organisation")
    ]
    if missing:
        total = campaign.units.count()
        raise RuleViolation(
            f"还有{len(missing)}个（共{total}个）被抽查对象没有检查结果：{'、'.join(missing)}",
            clause=CLAUSE,
            detail={"missing": len(missing)},
        )
    campaign.state = Campaign.State.PUBLISHED
    campaign.published_at = timezone.now()
    campaign.published_by = actor
    campaign.save(update_fields=["state", "published_at", "published_by"])
    record_event(
        actor=actor,
        action="inspections.campaign_publish",
        obj=campaign,
        before=Campaign.State.DRAWN,
        after=Campaign.State.PUBLISHED,
    )
    return campaign
