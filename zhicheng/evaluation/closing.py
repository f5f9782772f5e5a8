"""Closing a meeting: tally every case, record each result on its case, and write the minutes — all in one
transaction, so the results, the cases' states and the minutes never disagree (40号令, 55号 §2)."""

from django.core.files.base import ContentFile
from django.db import transaction

from zhicheng.applications.models import Outcome
from zhicheng.applications.services import application_record_evaluation
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Scope
from zhicheng.evaluation.ballot import Tally, case_tally, voters_of
from zhicheng.evaluation.meetings import ensure_office, ensure_state, lock
from zhicheng.evaluation.minutes import minutes_docx
from zhicheng.evaluation.models import Meeting, MeetingCase
from zhicheng.evaluation.scoring import ranking
from zhicheng.lib.errors import RuleViolation
from zhicheng.policy.selectors import policy_for

OUTCOME_WORDS: dict[str, str] = {Outcome.PASSED: "通过", Outcome.FAILED: "未通过", Outcome.RECOMMENDED: "推荐上报"}


def outcome_of(case: MeetingCase, tally: Tally) -> str:
    """A pass in a recommend-only scope means recommended upward (推荐, 55号 §2)."""
    if not tally.passed:
        return Outcome.FAILED
    return Outcome.RECOMMENDED if case.application.scope_mode == Scope.Mode.RECOMMEND else Outcome.PASSED


def unvoted(meeting: Meeting) -> list[str]:
    lines = []
    for case in meeting.cases.select_related("application__applicant"):
        voted = set(case.votes_cast.values_list("panelist_id", flat=True))
        waiting = [p for p in voters_of(case) if p.pk not in voted]
        if waiting:
            lines.append(f"{case.application.applicant.name}：尚有{len(waiting)}位专家未投票")
    return lines


@transaction.atomic
def meeting_close(meeting: Meeting, *, actor) -> Meeting:
    meeting = lock(meeting)
    ensure_office(meeting, actor)
    ensure_state(meeting, Meeting.State.VOTING, doing="结束")
    missing = unvoted(meeting)
    if missing:
        raise RuleViolation("表决尚未完成：" + "；".join(missing))
    policy = policy_for(meeting.date.year)
    tallies, outcomes = {}, {}
    for case in meeting.cases.select_related("application"):
        result = case_tally(case, policy)
        outcome = outcome_of(case, result)
        case.yes, case.no, case.abstain, case.voters, case.passed = (
            result.yes,
            result.no,
            result.abstain,
            result.voters,
            result.passed,
        )
        case.save(update_fields=["yes", "no", "abstain", "voters", "passed"])
        application_record_evaluation(case.application, actor=actor, outcome=outcome, reason=str(result))
        tallies[case.pk], outcomes[case.pk] = result, OUTCOME_WORDS[outcome]
    document = minutes_docx(meeting, tallies, outcomes, ranking(meeting))
    meeting.minutes.save(f"评审会议纪要-{meeting.pk}.docx", ContentFile(document), save=False)
    meeting.state = Meeting.State.CLOSED
    meeting.save(update_fields=["state", "minutes"])
    passed = sum(1 for t in tallies.values() if t.passed)
    record_event(
        actor=actor,
        action="meeting.close",
        obj=meeting,
        before="voting",
        after="closed",
        data={"cases": len(tallies), "passed": passed},
    )
    return meeting
