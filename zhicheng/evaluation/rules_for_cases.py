"""What the meeting adds to a case's transitions: a result comes only from a meeting's ballot (55号 §1)."""

from zhicheng.applications.models import Application, Outcome
from zhicheng.committees.models import Scope
from zhicheng.evaluation.models import MeetingCase
from zhicheng.lib.errors import Conflict


def ensure_decided_by_meeting(application: Application) -> None:
    """The result recorded must be the one the meeting's secret ballot gave; there is no other way in."""
    decided = MeetingCase.objects.filter(application=application, passed__isnull=False).order_by("-id").first()
    if decided is None:
        raise Conflict("评审结果只能由评审会议表决产生，不能另行录入", clause="55号 §1、40号令")
    if not decided.passed:
        expected = Outcome.FAILED
    elif application.scope_mode == Scope.Mode.RECOMMEND:
        expected = Outcome.RECOMMENDED
    else:
        expected = Outcome.PASSED
    if application.outcome != expected:
        raise Conflict(f"评审结果须与评审会议表决结果一致（表决结果：{Outcome(expected).label}）", clause="40号令")


def meeting_facts(application: Application) -> list[list[str]]:
    """The meeting's ballot, for the case's dossier."""
    decided = (
        MeetingCase.objects.filter(application=application, passed__isnull=False)
        .select_related("meeting")
        .order_by("-id")
        .first()
    )
    if decided is None:
        return []
    tally = f"应投{decided.voters}票，赞成{decided.yes}、反对{decided.no}、弃权{decided.abstain}"
    return [["评审会议", f"{decided.meeting.date:%Y年%-m月%-d日}（无记名投票）：{tally}"]]
