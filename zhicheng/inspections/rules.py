"""Who may run spot checks: the bureau over the region; who may record a finding: its drawn inspectors too."""

import rules

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains


@rules.predicate
def is_bureau_over_region(user, region) -> bool:
    return getattr(user, "role", None) == Role.BUREAU and region_contains(user, region)


@rules.predicate
def is_bureau_over_campaign(user, campaign) -> bool:
    return is_bureau_over_region(user, campaign.region)


@rules.predicate
def is_bureau_over_member(user, member) -> bool:
    return is_bureau_over_region(user, member.region)


@rules.predicate
def may_record_finding(user, unit) -> bool:
    if is_bureau_over_campaign(user, unit.campaign):
        return True
    return bool(getattr(user, "pk", None)) and unit.campaign.inspectors.filter(user_id=user.pk).exists()


rules.add_perm("inspections.start", is_bureau_over_region)
rules.add_perm("inspections.publish", is_bureau_over_campaign)
rules.add_perm("inspections.manage_pool", is_bureau_over_member)
rules.add_perm("inspections.record_finding", may_record_finding)
