"""Committees over JSON: who evaluates what, their standing, and the public plans."""

from datetime import date

from ninja import Router, Schema

from zhicheng.committees.models import Committee
from zhicheng.committees.selectors import plans_for_region, region_by_name

router = Router(tags=["committees"])


class ScopeOut(Schema):
    specialty: str | None
    title: str
    mode: str
    first_year: int | None
    last_year: int | None


class CommitteeOut(Schema):
    id: int
    name: str
    level: str
    kind: str
    seat_region: str
    status: str
    status_reason: str
    scopes: list[ScopeOut]


class PlanOut(Schema):
    committee: str
    year: int
    application_opens: date
    application_closes: date
    review_deadline: date
    pre_publicity_start: date
    meeting_report_by: date
    meeting_date: date
    result_publicity_start: date


@router.get("/committees", auth=None, response=list[CommitteeOut])
def committee_list(request):
    """Every committee with its remit and standing: public, as the notice publishes them."""
    committees = Committee.objects.select_related("seat_region").prefetch_related("scopes__title", "scopes__specialty")
    return [
        {
            "id": c.pk,
            "name": c.name,
            "level": c.level,
            "kind": c.kind,
            "seat_region": c.seat_region.full_name,
            "status": c.status,
            "status_reason": c.status_reason,
            "scopes": [
                {
                    "specialty": s.specialty.name if s.specialty_id else None,
                    "title": s.title.name,
                    "mode": s.mode,
                    "first_year": s.first_year,
                    "last_year": s.last_year,
                }
                for s in c.scopes.all()
            ],
        }
        for c in committees
    ]


@router.get("/committees/plans", auth=None, response=list[PlanOut])
def plan_list(request, region: str, year: int):
    """A district's or a city's plans for a year (附件1/2)."""
    place = region_by_name(region)
    if place is None:
        return []
    return [
        {"committee": p.committee.name, **{f: getattr(p, f) for f in PlanOut.model_fields if f != "committee"}}
        for p in plans_for_region(place, year)
    ]
