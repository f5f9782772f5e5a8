"""Predicates about users themselves: role and region. Case rules build on these."""

import rules

from zhicheng.accounts.models import Role


def region_contains(user, region) -> bool:
    """True when `region` lies in the subtree of the user's organisation's region."""
    user_region = user.region
    return user_region is not None and region is not None and region.path.startswith(user_region.path)


def has_role(*roles: str):
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user) -> bool:
        return getattr(user, "role", None) in roles

    return predicate


is_bureau = has_role(Role.BUREAU)
is_admin = has_role(Role.ADMIN)
