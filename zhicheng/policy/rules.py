"""Who may edit policy: a province or city bureau user (and the platform administrator)."""

import rules

from zhicheng.accounts.models import Region, Role


@rules.predicate
def is_policy_editor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    region = user.region
    return (
        user.role == Role.BUREAU and region is not None and region.level in (Region.Level.PROVINCE, Region.Level.CITY)
    )


rules.add_perm("policy.edit_policy", is_policy_editor)
