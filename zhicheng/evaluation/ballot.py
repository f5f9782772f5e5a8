"""The secret ballot (40号令): one ballot per present, non-recused expert and case. Who voted is recorded
(VoteCast); what was voted only adds one to the case's count, so nothing stored links an expert to a choice.
A case passes with at least the policy's fraction of yes votes among the experts present and not recused."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from zhicheng.audit.services import record_event
from zhicheng.evaluation.meetings import is_recused, panelist_for
from zhicheng.evaluation.models import BallotChoice, Meeting, MeetingCase, Panelist, VoteCast
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    voters: int
    numerator: int
    denominator: int

    @property
    def passed(self) -> bool:
        """yes ≥ numerator/denominator of the experts present and not recused, in whole numbers."""
        return self.voters > 0 and self.yes * self.denominator >= self.numerator * self.voters

    def __str__(self) -> str:
        verdict = "通过" if self.passed else "未通过"
        return f"应投{self.voters}票：赞成{self.yes}、反对{self.no}、弃权{self.abstain}，{verdict}"


def voters_of(case: MeetingCase) -> list[Panelist]:
    """Who votes on a case: the present experts of the panel not recused from it."""
    recused = set(case.recusals.values_list("panelist_id", flat=True))
    return [p for p in case.meeting.panel.filter(present=True) if p.pk not in recused]


@transaction.atomic
def ballot_cast(case: MeetingCase, *, actor, choice: str) -> None:
    """Cast one ballot: the turnout record names the expert, the count it adds to does not."""
    meeting = Meeting.objects.select_for_update().get(pk=case.meeting_id)
    if meeting.state != Meeting.State.VOTING:
        raise Conflict(f"会议当前为「{meeting.get_state_display()}」，不在表决阶段")
    panelist = panelist_for(meeting, actor)
    if is_recused(case, panelist):
        raise Forbidden("您已回避该申报，不能表决")
    if choice not in BallotChoice.values:
        raise RuleViolation("请选择赞成、反对或弃权")
    try:
        with transaction.atomic():
            VoteCast.objects.create(meeting_case=case, panelist=panelist)
    except IntegrityError:
        raise Conflict("您已对该申报投票，每位专家对每件申报只能投一票", clause="40号令") from None
    MeetingCase.objects.filter(pk=case.pk).update(**{choice: F(choice) + 1})
    record_event(actor=actor, action="ballot.cast", obj=case)  # that a ballot was cast, never its choice


def case_tally(case: MeetingCase, policy) -> Tally:
    counts = MeetingCase.objects.values("yes", "no", "abstain").get(pk=case.pk)
    return Tally(
        **counts,
        voters=len(voters_of(case)),
        numerator=policy.pass_numerator,
        denominator=policy.pass_denominator,
    )
