"""Who may see and change an archive: the owner, their employer, the supervisors of the employer's region,
and the offices of committees whose jurisdiction holds the employer.
Mirrors accounts.selectors.professional_visibility_q."""

import rules

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains
from zhicheng.accounts.selectors import office_jurisdiction_paths


def _employer_region(professional):
    return professional.employer.region if professional.employer_id else None


@rules.predicate
def is_owner(user, professional) -> bool:
    return professional is not None and professional.user_id is not None and professional.user_id == user.pk


@rules.predicate
def is_employer_of(user, professional) -> bool:
    return (
        user.role == Role.EMPLOYER
        and professional is not None
        and professional.employer_id is not None
        and professional.employer_id == user.organisation_id
    )


@rules.predicate
def is_supervisor_of(user, professional) -> bool:
    """Bureaus and sector authorities watch the archives of employers in their region."""
    return user.role in (Role.BUREAU, Role.AUTHORITY) and region_contains(user, _employer_region(professional))


@rules.predicate
def is_office_for(user, professional) -> bool:
    """A committee office sees the archives of those its committees would evaluate (its jurisdiction)."""
    region = _employer_region(professional)
    if user.role != Role.OFFICE or region is None or not user.organisation_id:
        return False
    return any(region.path.startswith(path) for path in office_jurisdiction_paths(user))


is_admin = rules.predicate(lambda user: user.is_superuser or user.role == Role.ADMIN, name="is_admin")
can_view = is_owner | is_employer_of | is_supervisor_of | is_office_for | is_admin

rules.add_perm("archive.view_professional", can_view)
rules.add_perm("archive.change_profile", is_owner)
rules.add_perm("archive.add_achievement", is_owner)
rules.add_perm("archive.verify_achievement", is_employer_of)
rules.add_perm("archive.remind_staff", is_employer_of)
