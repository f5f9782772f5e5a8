"""Reads of publicity: the public lists, and an office's own."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.publicity.models import Objection, Publicity


def publicity_list_public() -> QuerySet[Publicity]:
    """What anyone may read: the committees' lists; an in-unit list stays inside its unit."""
    return Publicity.objects.exclude(kind=Publicity.Kind.IN_UNIT).select_related("committee", "publisher")


def publicity_list_for_office(user) -> QuerySet[Publicity]:
    """The lists a user manages: an office its committees' publicity, an employer its in-unit publicity."""
    if user.role == Role.OFFICE:
        return Publicity.objects.filter(committee__offices=user.organisation_id).select_related("committee")
    if user.role == Role.EMPLOYER:
        return Publicity.objects.filter(kind=Publicity.Kind.IN_UNIT, publisher_id=user.organisation_id)
    return Publicity.objects.none()


def publicity_get_for_office(pk: int, user) -> Publicity:
    return get_object_or_404(publicity_list_for_office(user), pk=pk)


def candidates_for(user) -> QuerySet[Application]:
    """Cases a user may put on a list: an office its qualified cases, an employer its submitted ones."""
    if user.role == Role.OFFICE:
        cases = Application.objects.filter(committee__offices=user.organisation_id, state=State.QUALIFIED)
    elif user.role == Role.EMPLOYER:
        cases = Application.objects.filter(employer_id=user.organisation_id, state=State.SUBMITTED)
    else:
        return Application.objects.none()
    return cases.select_related("applicant", "employer", "specialty", "title", "committee", "professional").order_by(
        "committee_id", "id"
    )


def objections_for(publicity: Publicity) -> QuerySet[Objection]:
    return Objection.objects.filter(entry__publicity=publicity).select_related("entry").order_by("state", "filed_at")


def objection_get_for_office(pk: int, user) -> Objection:
    """An objection to a list the user manages; 404 otherwise."""
    return get_object_or_404(Objection.objects.filter(entry__publicity__in=publicity_list_for_office(user)), pk=pk)
