"""Who may see and move a case: `rules` predicates by role and region, the one place these are decided."""

import rules

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains
from zhicheng.applications.models import State
from zhicheng.applications.transitions import HOLDER_BY_STATE, TRANSITIONS


@rules.predicate
def is_applicant(user, application) -> bool:
    return application.applicant_id == user.pk


@rules.predicate
def is_case_employer(user, application) -> bool:
    return user.role == Role.EMPLOYER and user.organisation_id == application.employer_id


@rules.predicate
def is_case_authority(user, application) -> bool:
    if user.role != Role.AUTHORITY or not user.organisation_id:
        return False
    series_id = user.organisation.series_id
    return region_contains(user, application.employer.region) and series_id in (None, application.series_id)


@rules.predicate
def is_case_office(user, application) -> bool:
    if user.role != Role.OFFICE or not user.organisation_id:
        return False
    return application.committee.offices.filter(pk=user.organisation_id).exists()


@rules.predicate
def is_case_bureau(user, application) -> bool:
    """The bureau over the committee's seat publishes and certifies its results (55号 §4(三))."""
    return user.role == Role.BUREAU and region_contains(user, application.committee.seat_region)


@rules.predicate
def is_supervising_bureau(user, application) -> bool:
    """A bureau also watches the cases of employers in its region, whichever committee holds them."""
    return user.role == Role.BUREAU and region_contains(user, application.employer.region)


@rules.predicate
def is_case_expert(user, application) -> bool:
    if user.role != Role.EXPERT or application.state not in (State.SCHEDULED, State.EVALUATED):
        return False
    return application.committee.members.filter(pk=user.pk).exists()


@rules.predicate
def is_holder(user, application) -> bool:
    holder = HOLDER_BY_STATE.get(application.state)
    return holder is not None and ACTORS[holder].test(user, application)


@rules.predicate
def is_not_draft(user, application) -> bool:
    return application.state != State.DRAFT


ACTORS = {
    "applicant": is_applicant,
    "employer": is_case_employer,
    "authority": is_case_authority,
    "office": is_case_office,
    "bureau": is_case_bureau,
    "office_or_bureau": is_case_office | is_case_bureau,
    # Returning a case: coarse check that the user is one of those who ever hold it; the service then
    # requires that they hold it in its current state.
    "holder": is_case_employer | is_case_authority | is_case_office,
}

rules.add_perm(
    "applications.view_application",
    is_applicant
    | (is_not_draft & (is_case_employer | is_case_authority | is_case_office | is_case_bureau | is_supervising_bureau))
    | is_case_expert,
)
rules.add_perm("applications.change_application", is_applicant)
for _transition in TRANSITIONS:
    rules.add_perm(f"applications.{_transition.action}", ACTORS[_transition.actor])
