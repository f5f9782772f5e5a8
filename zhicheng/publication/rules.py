"""Who files a request to publish, who decides it, who reads it (55号 §4(三)).

The committee's office files; the bureau of the very region the committee sits in (the district bureau for a
committee seated in a district, the city bureau for a city committee) publishes or returns; bureaus above it
may read the requests of their region.
"""

import rules

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains
from zhicheng.committees.rules import is_office_of


@rules.predicate
def is_request_office(user, request) -> bool:
    return is_office_of(user, request.committee)


@rules.predicate
def is_addressed_bureau(user, request) -> bool:
    """The bureau the request was filed with: the one of the committee's seat."""
    return user.role == Role.BUREAU and user.organisation_id is not None and user.organisation_id == request.bureau_id


@rules.predicate
def is_bureau_above(user, request) -> bool:
    return user.role == Role.BUREAU and region_contains(user, request.bureau.region)


rules.add_perm("publication.file_request", is_office_of)  # on a committee
rules.add_perm("publication.view_request", is_request_office | is_addressed_bureau | is_bureau_above)
rules.add_perm("publication.publish", is_addressed_bureau)
rules.add_perm("publication.return_request", is_addressed_bureau)
