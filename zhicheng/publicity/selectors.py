"""Reads of publicity: the public lists, and an office's own."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.publicity.models import Objection, Publicity


def publicity_list_public() -> QuerySet[Publicity]:
    return Publicity.objects.select_related("committee", "publisher")


def publicity_list_for_office(user) -> QuerySet[Publicity]:
    if user.role != Role.OFFICE:
        return Publicity.objects.none()
    return Publicity.objects.filter(committee__offices=user.organisation_id).select_related("committee")


def publicity_get_for_office(pk: int, user) -> Publicity:
    return get_object_or_404(publicity_list_for_office(user), pk=pk)


def qualified_cases_for_office(user) -> QuerySet[Application]:
    """Cases the office may put on a pre-evaluation list: qualified, of its committees."""
    if user.role != Role.OFFICE:
        return Application.objects.none()
    return (
        Application.objects.filter(committee__offices=user.organisation_id, state=State.QUALIFIED)
        .select_related("applicant", "employer", "specialty", "title", "committee", "professional")
        .order_by("committee_id", "id")
    )


def objections_for(publicity: Publicity) -> QuerySet[Objection]:
    return Objection.objects.filter(entry__publicity=publicity).select_related("entry").order_by("state", "filed_at")
