"""Reads of publication: the public results, an office's requests and what it may file, a bureau's requests."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.committees.models import Committee
from zhicheng.publication.models import Publication, PublicationEntry, PublicationRequest


def publication_list_public() -> QuerySet[Publication]:
    """What anyone may read: every published document, newest first, with the size of its list."""
    return (
        Publication.objects.select_related("bureau", "request__committee")
        .annotate(people=Count("request__entries"))
        .order_by("-published_on", "-pk")
    )


def publication_get_public(pk: int) -> Publication:
    return get_object_or_404(publication_list_public(), pk=pk)


def entries_of(request: PublicationRequest) -> QuerySet[PublicationEntry]:
    return request.entries.order_by("order")


def request_list_visible_to(user) -> QuerySet[PublicationRequest]:
    """An office: the requests of the committees it runs; a bureau: those filed with it or with a bureau of
    its region; anyone else: none."""
    requests = PublicationRequest.objects.select_related("committee", "bureau", "office", "submitted_by")
    if user.role == Role.OFFICE and user.organisation_id:
        return requests.filter(committee__offices=user.organisation_id)
    if user.role == Role.BUREAU and user.region is not None:
        return requests.filter(bureau__region__path__startswith=user.region.path)
    return requests.none()


def request_get_for_user(pk: int, *, user) -> PublicationRequest:
    return get_object_or_404(request_list_visible_to(user).select_related("publication", "decided_by"), pk=pk)


def requests_for_bureau(user) -> dict[str, QuerySet[PublicationRequest]]:
    """A bureau's requests: awaiting its decision, those it decided, and those of the bureaus below it."""
    visible = request_list_visible_to(user)
    own = visible.filter(bureau_id=user.organisation_id)
    return {
        "awaiting": own.filter(state=PublicationRequest.State.SUBMITTED).order_by("submitted_at", "id"),
        "decided": own.exclude(state=PublicationRequest.State.SUBMITTED).order_by("-decided_at", "-id")[:50],
        "below": visible.exclude(bureau_id=user.organisation_id).order_by("-submitted_at", "-id")[:50],
    }


@dataclass(frozen=True)
class Batch:
    """A committee's year with passed cases in result publicity that no live list holds yet."""

    committee: Committee
    year: int
    cases: int

    @property
    def key(self) -> str:
        return f"{self.committee.pk}-{self.year}"

    def __str__(self) -> str:
        return f"{self.committee.name} {self.year}年度（{self.cases}人）"


def batches_for_office(user) -> list[Batch]:
    """What an office may file now: per committee it runs and year, the passed cases not yet listed."""
    if user.role != Role.OFFICE or not user.organisation_id:
        return []
    rows = (
        Application.objects.filter(
            committee__offices=user.organisation_id, state=State.RESULT_PUBLICITY, outcome=Outcome.PASSED
        )
        .exclude(publication_entries__live=True)
        .values("committee_id", "year")
        .annotate(cases=Count("id"))
        .order_by("committee_id", "year")
    )
    committees = Committee.objects.in_bulk({row["committee_id"] for row in rows})
    return [Batch(committees[row["committee_id"]], row["year"], row["cases"]) for row in rows]
