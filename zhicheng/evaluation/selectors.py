"""Reads of meetings and standards, scoped to the user's role and region."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.committees.models import Committee
from zhicheng.evaluation.models import Meeting, Standard
from zhicheng.lib.errors import Forbidden
from zhicheng.policy.models import Series

# A meeting still to be held: its agenda holds its cases.
OPEN_STATES = (Meeting.State.SCHEDULED, Meeting.State.OPEN, Meeting.State.VOTING)


def approved_standard(series: Series, grade: str) -> Standard | None:
    """The latest approved version of the quantified standard for a series and grade (55号 §4(一))."""
    return (
        Standard.objects.filter(series=series, grade=grade, state=Standard.State.APPROVED).order_by("-version").first()
    )


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """An office sees its committees' meetings, a bureau those seated in its region, an expert those it sits on."""
    meetings = Meeting.objects.select_related("committee")
    if user.role == Role.OFFICE:
        return meetings.filter(committee__offices=user.organisation_id).distinct()
    if user.role == Role.BUREAU and user.region is not None:
        return meetings.filter(committee__seat_region__path__startswith=user.region.path)
    if user.role == Role.EXPERT:
        return meetings.filter(panel__expert__user=user).distinct()
    return meetings.none()


def meeting_get_for_user(pk: int, *, user) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if not user.has_perm("evaluation.view_meeting", meeting):
        raise Forbidden("您无权查看这次评审会议")
    return meeting


def office_committees(user) -> QuerySet[Committee]:
    """The committees whose office the user works in."""
    return Committee.objects.filter(offices=user.organisation_id).order_by("name")


def cases_ready_for_meeting(committees) -> QuerySet[Application]:
    """Cases of these committees a meeting can take: in pre-evaluation publicity or already scheduled, and on
    no meeting still to be held."""
    return (
        Application.objects.filter(committee__in=committees, state__in=[State.PRE_PUBLICITY, State.SCHEDULED])
        .exclude(meeting_cases__meeting__state__in=OPEN_STATES)
        .select_related("applicant", "employer", "specialty", "title")
        .order_by("committee_id", "applicant__name")
    )
