"""Who oversees: a city or province bureau draws re-reviews over its region; the bureau over a committee's
seat keeps its complaint register and decides its escalation; the assigned expert gives the verdict."""

import rules

from zhicheng.accounts.models import Region, Role
from zhicheng.committees.rules import is_bureau_over


@rules.predicate
def is_city_or_province_bureau(user) -> bool:
    region = getattr(user, "region", None)
    return getattr(user, "role", None) == Role.BUREAU and region is not None and region.level != Region.Level.COUNTY


@rules.predicate
def is_assigned_reviewer(user, rereview) -> bool:
    return rereview.reviewer_id is not None and rereview.reviewer_id == user.pk


rules.add_perm("oversight.draw", is_city_or_province_bureau)
rules.add_perm("oversight.govern", is_bureau_over)
rules.add_perm("oversight.rereview", is_assigned_reviewer)
