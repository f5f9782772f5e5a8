"""Reads for spot checks, scoped to the user: the bureau sees its region, an inspector their campaigns."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Organisation, Region, Role, User
from zhicheng.committees.models import Committee
from zhicheng.inspections.draw import replay
from zhicheng.inspections.models import Campaign, Finding, InspectedUnit, InspectorPoolMember


def committee_candidates(region: Region) -> list[int]:
    """Committees seated in the region's subtree, by id: the first pool of the draw."""
    return list(
        Committee.objects.filter(seat_region__path__startswith=region.path).order_by("id").values_list("id", flat=True)
    )


def organiser_candidates(region: Region) -> list[int]:
    """The organising units (组建单位) of those committees, each once, by id."""
    return list(
        Organisation.objects.filter(organised_committees__seat_region__path__startswith=region.path)
        .distinct()
        .order_by("id")
        .values_list("id", flat=True)
    )


def inspector_candidates(region: Region) -> list[int]:
    """Active pool members designated in the region's subtree, as distinct user ids."""
    return list(
        InspectorPoolMember.objects.filter(active=True, region__path__startswith=region.path)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def campaign_list_visible_to(user) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("region").annotate(
        unit_total=Count("units", distinct=True), finding_total=Count("units__finding", distinct=True)
    )
    if not getattr(user, "is_authenticated", False):
        return campaigns.none()
    if user.role == Role.BUREAU and user.region is not None:
        return campaigns.filter(Q(region__path__startswith=user.region.path) | Q(inspectors__user=user)).distinct()
    return campaigns.filter(inspectors__user=user).distinct()


def campaign_get_for_user(pk: int, *, user) -> Campaign:
    try:
        return campaign_list_visible_to(user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("没有这个抽查任务，或不在您的管辖范围内") from None


def unit_get_for_user(pk: int, *, user) -> InspectedUnit:
    unit = InspectedUnit.objects.select_related("campaign__region").filter(pk=pk).first()
    if unit is None:
        raise Http404("没有这个被抽查对象")
    campaign_get_for_user(unit.campaign_id, user=user)
    return unit


def campaign_units(campaign: Campaign) -> list[InspectedUnit]:
    return list(
        campaign.units.select_related("committee", "organisation", "finding__entered_by").order_by("kind", "order")
    )


def published_campaigns() -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(state=Campaign.State.PUBLISHED)
        .select_related("region")
        .annotate(
            unit_total=Count("units", distinct=True),
            fail_total=Count("units", filter=Q(units__finding__rating=Finding.Rating.FAIL), distinct=True),
        )
        .order_by("-published_at", "-id")
    )


def published_campaign_get(pk: int) -> Campaign:
    try:
        return published_campaigns().get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("没有这个已公开的抽查结果") from None


def findings_summary(units: list[InspectedUnit]) -> list[tuple[str, int]]:
    """How many units got each rating, in the order 合格, 基本合格, 不合格."""
    counts = {rating: 0 for rating in Finding.Rating.values}
    for unit in units:
        finding = getattr(unit, "finding", None)
        if finding is not None:
            counts[finding.rating] += 1
    return [(Finding.Rating(rating).label, count) for rating, count in counts.items()]


def campaign_replay(campaign: Campaign) -> dict:
    """The draw recomputed from the published seed and candidates, beside the stored picks."""
    computed = replay(
        campaign.seed,
        [
            (campaign.committee_candidates, campaign.committee_count),
            (campaign.organiser_candidates, campaign.organiser_count),
            (campaign.inspector_candidates, campaign.inspector_count),
        ],
    )
    stored_units = list(campaign.units.order_by("kind", "order").values_list("kind", "committee_id", "organisation_id"))
    stored = [
        [c for kind, c, _ in stored_units if kind == InspectedUnit.Kind.COMMITTEE],
        [o for kind, _, o in stored_units if kind == InspectedUnit.Kind.ORGANISER],
        list(campaign.inspectors.order_by("order").values_list("user_id", flat=True)),
    ]
    return {"computed": computed, "stored": stored, "matches": computed == stored}


def candidate_names(campaign: Campaign) -> dict[str, list[tuple[int, str]]]:
    """The published candidate lists in draw order, with names for the committees and organising units."""
    committees = dict(Committee.objects.filter(pk__in=campaign.committee_candidates).values_list("id", "name"))
    organisers = dict(Organisation.objects.filter(pk__in=campaign.organiser_candidates).values_list("id", "name"))
    return {
        "committees": [(pk, committees.get(pk, "")) for pk in campaign.committee_candidates],
        "organisers": [(pk, organisers.get(pk, "")) for pk in campaign.organiser_candidates],
    }


def pool_members_visible_to(user) -> QuerySet[InspectorPoolMember]:
    if getattr(user, "role", None) != Role.BUREAU or user.region is None:
        return InspectorPoolMember.objects.none()
    return InspectorPoolMember.objects.filter(region__path__startswith=user.region.path).select_related(
        "user__organisation", "region"
    )


def pool_member_get_for_user(pk: int, *, user) -> InspectorPoolMember:
    try:
        return pool_members_visible_to(user).get(pk=pk)
    except InspectorPoolMember.DoesNotExist:
        raise Http404("没有这名检查人员，或不在您的管辖范围内") from None


def user_by_username(username: str) -> User | None:
    return User.objects.select_related("organisation__region").filter(username=username.strip()).first()


def unsatisfactory_findings(committee: Committee, *, published_only: bool = True) -> QuerySet[Finding]:
    """不合格 findings about a committee or its organising unit: a complaint source for the bureau (55号 §3).

    Only published campaigns by default: a finding may still change until its campaign is published.
    """
    findings = Finding.objects.filter(rating=Finding.Rating.FAIL).filter(
        Q(unit__committee=committee) | Q(unit__organisation_id=committee.organiser_id)
    )
    if published_only:
        findings = findings.filter(unit__campaign__state=Campaign.State.PUBLISHED)
    return findings.select_related("unit__campaign", "unit__committee", "unit__organisation").order_by(
        "-unit__campaign__published_at", "-id"
    )
