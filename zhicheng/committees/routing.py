"""Routing: the one committee competent for a case, and why (55号 §2)."""

from dataclasses import dataclass

from django.db.models import Q

from zhicheng.committees.models import Committee, Scope
from zhicheng.lib.errors import RuleViolation


@dataclass(frozen=True)
class Route:
    committee: Committee
    scope: Scope
    reason: str


def _jurisdiction_filter(region) -> Q:
    """Committees whose jurisdiction is the employer's region or one of its ancestors."""
    ancestors = []
    path = region.path
    while path:
        ancestors.append(path)
        path = path[: path.rstrip("/").rfind("/") + 1] if "/" in path.rstrip("/") else ""
    return Q(committee__jurisdiction__path__in=ancestors)


def _in_force(year: int | None) -> Q:
    if year is None:
        return Q()
    return (Q(first_year__isnull=True) | Q(first_year__lte=year)) & (Q(last_year__isnull=True) | Q(last_year__gte=year))


def _own_committee(specialty, title, employer, year) -> Route | None:
    """An employer with its own self-evaluating committee for this title evaluates its own staff (55号 §4(四))."""
    scope = (
        Scope.objects.select_related("committee")
        .filter(_in_force(year), title=title, series=specialty.series, committee__organiser=employer)
        .filter(committee__kind=Committee.Kind.SELF_EVALUATING)
        .filter(Q(specialty=specialty) | Q(specialty__isnull=True))
        .order_by("specialty_id")  # a specialty line before a series-wide one
        .first()
    )
    if scope is None:
        return None
    why = f"{employer.name}为自主评聘单位，本单位人员的{title.name}由本单位{scope.committee.name}评审"
    return Route(scope.committee, scope, why)


def route_case(*, specialty, title, employer, year: int | None = None) -> Route:
    """The employer's own self-evaluating committee first; then a specialty-specific scope beats a series-wide
    one within the jurisdiction; no match, or two equally good, is an error naming the candidates.

    A suspended committee still owns its scope: its cases are refused at submission and acceptance rather
    than quietly sent to the general committee the notice took them away from.
    """
    own = _own_committee(specialty, title, employer, year)
    if own is not None:
        return own
    candidates = list(
        Scope.objects.select_related("committee", "specialty", "title")
        .filter(_in_force(year))
        .exclude(committee__kind=Committee.Kind.SELF_EVALUATING)
        .filter(_jurisdiction_filter(employer.region), title=title, series=specialty.series)
        .filter(Q(specialty=specialty) | Q(specialty__isnull=True))
    )
    if not candidates:
        raise RuleViolation(
            f"{employer.region.full_name}没有受理「{specialty.name} · {title.name}」的评审委员会，请联系人力社保局",
            clause="55号 §2",
        )
    specific = [s for s in candidates if s.specialty_id == specialty.pk]
    best = specific or candidates
    if len(best) > 1:
        names = "、".join(sorted(s.committee.name for s in best))
        raise RuleViolation(
            f"「{specialty.name} · {title.name}」同时由多个评委会受理：{names}，请联系人力社保局", clause="55号 §2"
        )
    scope = best[0]
    mode = "评审" if scope.mode == Scope.Mode.DECIDE else "推荐上报（由上级评委会评审）"
    if scope.specialty_id:
        why = f"{scope.committee.name}专门受理{specialty.name}专业的{title.name}申报（{mode}），其他评委会不再受理"
    else:
        where = employer.region.full_name
        why = f"{scope.committee.name}受理{where}{specialty.series.name}系列{title.name}申报（{mode}）"
    return Route(scope.committee, scope, why)
