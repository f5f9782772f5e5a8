"""Reads of publicity: the public lists, and an office's own."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.publicity.models import Objection, Publicity

# The results that go on 评后公示: a failed case is not publicised, it is archived (40号令).
PUBLICISED_OUTCOMES = (Outcome.PASSED, Outcome.RECOMMENDED)


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


def candidates_for(user, kind: str = "") -> QuerySet[Application]:
    """Cases a user may put on a list of this kind: an employer its submitted cases (单位内公示); an office
    its qualified cases (评前公示) or its passed and recommended evaluated ones (评后公示)."""
    if user.role == Role.OFFICE and kind == Publicity.Kind.RESULT:
        cases = Application.objects.filter(
            committee__offices=user.organisation_id, state=State.EVALUATED, outcome__in=PUBLICISED_OUTCOMES
        )
    elif user.role == Role.OFFICE:
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
