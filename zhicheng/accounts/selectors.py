"""Reads about users."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhicheng.accounts.models import ApiToken, Professional, Role


def user_for_api_token(key: str):
    """The active user a bearer token belongs to, or None; marks the token used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def office_jurisdiction_paths(user) -> list[str]:
    """The regions of the committees an office user works for, read through the reverse name of
    Committee.offices so that accounts does not import committees."""
    paths = user.organisation.office_of.values_list("jurisdiction__path", flat=True)
    return [path for path in paths if path]


def professional_visibility_q(user, prefix: str = "") -> Q | None:
    """The professionals (or, with prefix "professional__", their rows) `user` may see; None for none.

    Oneself; an employer its staff; a bureau or authority the staff of employers in its region; an office
    the staff of employers inside its committees' jurisdictions. Mirrors the archive's view permission.
    """
    if user.is_superuser or user.role == Role.ADMIN:
        return Q()
    if user.role == Role.PROFESSIONAL:
        return Q(**{f"{prefix}user": user})
    if user.role == Role.EMPLOYER and user.organisation_id:
        return Q(**{f"{prefix}employer_id": user.organisation_id})
    region = user.region
    if region is None:
        return None
    if user.role in (Role.BUREAU, Role.AUTHORITY):
        return Q(**{f"{prefix}employer__region__path__startswith": region.path})
    if user.role == Role.OFFICE:
        condition = Q(pk__in=[])
        for path in office_jurisdiction_paths(user):
            condition |= Q(**{f"{prefix}employer__region__path__startswith": path})
        return condition
    return None


def professional_list_visible_to(user) -> QuerySet[Professional]:
    condition = professional_visibility_q(user)
    return Professional.objects.none() if condition is None else Professional.objects.filter(condition)
