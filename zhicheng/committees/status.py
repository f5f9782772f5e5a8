"""A committee's standing (55号 §3): the one check every service calls before a committee acts."""

from zhicheng.committees.models import Committee
from zhicheng.lib.errors import Conflict


def ensure_committee_active(committee: Committee) -> None:
    """A suspended committee accepts no case and holds no meeting, wherever the call comes from."""
    if committee.status == Committee.Status.SUSPENDED:
        reason = f"：{committee.status_reason}" if committee.status_reason else ""
        raise Conflict(f"{committee.name}已被暂停评审权{reason}，不受理申报、不召开评审会议", clause="55号 §3")
