"""Reads of meetings and standards, scoped to the user's role and region."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.evaluation.models import Meeting, Standard
from zhicheng.lib.errors import Forbidden
from zhicheng.policy.models import Series


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
