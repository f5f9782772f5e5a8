"""Committees over JSON: who evaluates what, their standing, and the public plans."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, Schema, UploadedFile

from zhicheng.applications.schemas import ERRORS, PUBLIC_ERRORS
from zhicheng.committees.selectors import (
    committee_list_public,
    committees_governed_by,
    deadline_board,
    expert_pool_for,
    filing_get_for_user,
    plans_for_region,
    region_by_name,
)
from zhicheng.committees.services import committee_set_status, filing_approve

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
    committees = committee_list_public()
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


@router.get("/committees/plans", auth=None, response={200: list[PlanOut], **PUBLIC_ERRORS})
def plan_list(request, region: str, year: int):
    """A district's or a city's plans for a year (附件1/2)."""
    place = region_by_name(region)
    if place is None:
        return []
    return [
        {"committee": p.committee.name, **{f: getattr(p, f) for f in PlanOut.model_fields if f != "committee"}}
        for p in plans_for_region(place, year)
    ]


class DueItemOut(Schema):
    committee: str
    kind: str
    label: str
    year: int
    due: date
    state: str
    workdays_left: int
    provisional: bool


class ExpertOut(Schema):
    name: str
    specialty: str
    title: str
    employer: str
    active: bool


class StatusOut(Schema):
    id: int
    name: str
    status: str
    status_reason: str


def _due_out(item) -> dict:
    return {
        "committee": item.committee.name,
        "kind": item.kind,
        "label": item.label,
        "year": item.year,
        "due": item.due,
        "state": item.state,
        "workdays_left": item.workdays_left,
        "provisional": item.provisional,
    }


@router.get("/committees/deadlines", response={200: list[DueItemOut], **ERRORS})
def deadlines(request, year: int):
    """The deadline board of the self-evaluating units the user answers for (55号 §4(四))."""
    return [_due_out(i) for i in deadline_board(request.auth, today=timezone.localdate(), year=year)]


@router.get("/committees/experts", response={200: list[ExpertOut], **ERRORS})
def experts(request):
    """The expert pool of the bureau's region."""
    return [
        {
            "name": e.user.name,
            "specialty": e.specialty.name,
            "title": e.title.name,
            "employer": e.employer.name,
            "active": e.active,
        }
        for e in expert_pool_for(request.auth)
    ]


@router.post("/committees/{int:committee_id}/status", response={200: StatusOut, **ERRORS})
def set_status(request, committee_id: int, to: Form[str], reason: Form[str], document: File[UploadedFile]):
    """The bureau over the committee warns, orders rectification, suspends or restores it (55号 §3)."""
    committee = get_object_or_404(committees_governed_by(request.auth), pk=committee_id)
    committee = committee_set_status(committee, actor=request.auth, to=to, reason=reason, document=document)
    return {
        "id": committee.pk,
        "name": committee.name,
        "status": committee.status,
        "status_reason": committee.status_reason,
    }


@router.post("/committees/filings/{int:filing_id}/approve", response={200: DueItemOut, **ERRORS})
def approve_filing(request, filing_id: int):
    """The authority, then the bureau, approve a self-evaluating unit's filing (55号 §4(四))."""
    filing = filing_get_for_user(filing_id, user=request.auth)
    filing = filing_approve(filing, actor=request.auth)
    item = next(
        i
        for i in deadline_board(request.auth, today=timezone.localdate(), year=filing.year)
        if i.filing is not None and i.filing.pk == filing.pk
    )
    return _due_out(item)
