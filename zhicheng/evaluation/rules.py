"""Who does what at a meeting: the committee's office runs it, the bureau where it sits approves its report,
the drawn experts score and vote, the province and city bureaus approve quantified standards."""

import rules

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains
from zhicheng.committees.rules import is_office_of


@rules.predicate
def is_meeting_office(user, meeting) -> bool:
    return is_office_of(user, meeting.committee)


@rules.predicate
def is_seat_bureau(user, meeting) -> bool:
    """The bureau of the very region the committee sits in (the district bureau for a district's committee)."""
    return user.role == Role.BUREAU and user.region is not None and user.region == meeting.committee.seat_region


@rules.predicate
def is_bureau_over_meeting(user, meeting) -> bool:
    return user.role == Role.BUREAU and region_contains(user, meeting.committee.seat_region)


@rules.predicate
def is_authority_over_meeting(user, meeting) -> bool:
    """The sector authority over a self-evaluating unit's region reads its meeting reports (55号 §4(四))."""
    return (
        user.role == Role.AUTHORITY
        and meeting.committee.kind == "self_evaluating"
        and region_contains(user, meeting.committee.seat_region)
    )


@rules.predicate
def is_panelist(user, meeting) -> bool:
    return user.role == Role.EXPERT and meeting.panel.filter(expert__user=user).exists()


rules.add_perm("evaluation.run_meeting", is_meeting_office)
rules.add_perm("evaluation.approve_report", is_seat_bureau)
rules.add_perm(
    "evaluation.view_meeting",
    is_meeting_office | is_bureau_over_meeting | is_authority_over_meeting | is_panelist,
)
rules.add_perm("evaluation.sit_on_panel", is_panelist)
