"""Changes to meetings."""

from django.db import transaction

from zhicheng.accounts.models import Role
from zhicheng.audit.services import record_event
from zhicheng.committees.status import ensure_committee_active
from zhicheng.evaluation.models import Meeting
from zhicheng.lib.errors import Conflict, Forbidden


@transaction.atomic
def meeting_open(meeting: Meeting, *, actor) -> Meeting:
    """The office opens the meeting; a suspended committee holds none (55号 §3)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=meeting.pk)
    if actor.role != Role.OFFICE or not meeting.committee.offices.filter(pk=actor.organisation_id).exists():
        raise Forbidden(f"只有{meeting.committee.name}办公室可以召开评审会议")
    if meeting.state != Meeting.State.SCHEDULED:
        raise Conflict(f"会议当前为「{meeting.get_state_display()}」，不能再次召开")
    ensure_committee_active(meeting.committee)
    meeting.state = Meeting.State.OPEN
    meeting.save(update_fields=["state"])
    record_event(actor=actor, action="meeting.open", obj=meeting, before="scheduled", after="open")
    return meeting
