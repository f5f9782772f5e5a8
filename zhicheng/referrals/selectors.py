"""Reads for the city bureau's referral desk, scoped to the committees seated in its region."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.lib.errors import Forbidden
from zhicheng.referrals.models import Referral
from zhicheng.referrals.services import is_city_bureau_over, keeps_referral_desk


def _in_region(user) -> dict:
    return {"committee__seat_region__path__startswith": user.region.path}


def awaiting_referral(user) -> QuerySet[Application]:
    """Recommended cases in or after their result publicity that have no letter yet."""
    if not keeps_referral_desk(user):
        return Application.objects.none()
    return (
        Application.objects.filter(outcome=Outcome.RECOMMENDED, state=State.RESULT_PUBLICITY, referral__isnull=True)
        .filter(**_in_region(user))
        .select_related("applicant", "employer", "specialty", "title", "committee")
        .order_by("committee_id", "applicant__name")
    )


def referrals_for(user) -> QuerySet[Referral]:
    if not keeps_referral_desk(user):
        return Referral.objects.none()
    return (
        Referral.objects.filter(**{f"application__{k}": v for k, v in _in_region(user).items()})
        .select_related("application__applicant", "application__title", "issuer")
        .order_by("decision", "-issued_at")
    )


def referral_get_for_user(pk: int, *, user) -> Referral:
    """The letter is read by the bureaus over the committee, the committee's office and the applicant."""
    referral = get_object_or_404(Referral.objects.select_related("application__committee__seat_region"), pk=pk)
    application = referral.application
    if not (
        is_city_bureau_over(user, application)
        or user.pk == application.applicant_id
        or (user.role == Role.OFFICE and application.committee.offices.filter(pk=user.organisation_id).exists())
    ):
        raise Forbidden("您无权查看这份委托评审函")
    return referral
