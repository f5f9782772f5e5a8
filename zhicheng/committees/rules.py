"""Who may govern a committee: the bureau over its seat; who may file for it: its office."""

import rules

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains


@rules.predicate
def is_bureau_over(user, committee) -> bool:
    return user.role == Role.BUREAU and region_contains(user, committee.seat_region)


@rules.predicate
def is_office_of(user, committee) -> bool:
    return user.role == Role.OFFICE and committee.offices.filter(pk=user.organisation_id).exists()


@rules.predicate
def is_authority_over(user, committee) -> bool:
    return user.role == Role.AUTHORITY and region_contains(user, committee.seat_region)


rules.add_perm("committees.set_status", is_bureau_over)
rules.add_perm("committees.save_plan", is_office_of)
rules.add_perm("committees.file", is_office_of)
rules.add_perm("committees.approve_as_authority", is_authority_over)
rules.add_perm("committees.approve_as_bureau", is_bureau_over)
