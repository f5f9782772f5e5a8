"""Running a meeting: the agenda, the expert draw, recusals, attendance, opening, and the quorum for voting.

Every change is one service: permission, rule, change, audit event, one transaction (DESIGN.md).
"""

import random
import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application, State
from zhicheng.applications.services import application_schedule
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Committee, DeclaredConflict, Expert
from zhicheng.committees.rules import is_office_of
from zhicheng.committees.status import ensure_committee_active
from zhicheng.evaluation.models import Meeting, MeetingCase, MeetingReport, Panelist, Recusal, Score, VoteCast
from zhicheng.evaluation.selectors import OPEN_STATES, approved_standard
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import Policy
from zhicheng.policy.selectors import policy_for

MIN_PANEL_FIELD: dict[str, str] = {
    Committee.Level.JUNIOR: "committee_min_members_junior",
    Committee.Level.INTERMEDIATE: "committee_min_members_intermediate",
    Committee.Level.SENIOR: "committee_min_members_senior",
}


def ensure_office(meeting_or_committee, actor) -> None:
    committee = getattr(meeting_or_committee, "committee", meeting_or_committee)
    if not is_office_of(actor, committee):
        raise Forbidden(f"只有{committee.name}办公室可以办理评审会议事务")


def lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("committee").get(pk=meeting.pk)


def ensure_state(meeting: Meeting, *states: str, doing: str) -> None:
    if meeting.state not in states:
        raise Conflict(f"会议当前为「{meeting.get_state_display()}」，不能{doing}")


# --- the agenda -----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(committee: Committee, *, actor, on: date, venue: str, applications: list[Application]) -> Meeting:
    """A meeting with its agenda: cases of this committee whose pre-evaluation publicity is over and every
    objection answered (the schedule guard says so), each scored on its series' approved standard."""
    ensure_office(committee, actor)
    ensure_committee_active(committee)
    if on < timezone.localdate():
        raise RuleViolation("会议日期不能早于今天")
    if not applications:
        raise RuleViolation("请至少选择一件待评审的申报")
    meeting = Meeting.objects.create(committee=committee, date=on, venue=venue.strip(), created_by=actor)
    for order, application in enumerate(applications, start=1):
        _add_case(meeting, application, order, actor)
    record_event(actor=actor, action="meeting.create", obj=meeting, after=meeting.state, data={"cases": order})
    return meeting


def _add_case(meeting: Meeting, application: Application, order: int, actor) -> MeetingCase:
    if application.committee_id != meeting.committee_id:
        raise RuleViolation(f"{application.applicant.name}的申报不由{meeting.committee.name}评审")
    if MeetingCase.objects.filter(application=application, meeting__state__in=OPEN_STATES).exists():
        raise Conflict(f"{application.applicant.name}的申报已列入另一次评审会议")
    standard = approved_standard(application.series, application.title.grade)
    if standard is None:
        raise RuleViolation(
            f"{application.series.name}系列{application.title.get_grade_display()}尚无经人力社保局批准的量化评价标准，"
            "不能评审",
            clause="55号 §4(一)",
        )
    if application.state == State.PRE_PUBLICITY:
        application_schedule(application, actor=actor)
    elif application.state != State.SCHEDULED:
        raise Conflict(f"{application.applicant.name}的申报当前为「{application.get_state_display()}」，不能列入评审")
    return MeetingCase.objects.create(meeting=meeting, application=application, order=order, standard=standard)


NOTE_LIMIT = Recusal._meta.get_field("note").max_length or 200


# --- the draw -------------------------------------------------------------------------------------------


def draw_candidates(meeting: Meeting) -> list[int]:
    """The pool the draw picks from: active experts of the agenda's specialties, in a fixed order."""
    specialties = meeting.cases.values_list("application__specialty_id", flat=True)
    return list(
        Expert.objects.filter(active=True, specialty_id__in=specialties).order_by("id").values_list("id", flat=True)
    )


def replay_draw(seed: str, candidates: list[int], size: int) -> list[int]:
    """The experts a draw with this seed picks, in order: anyone can check a stored draw this way."""
    return random.Random(seed).sample(candidates, size)


def minimum_panel(meeting: Meeting, policy: Policy) -> int:
    return getattr(policy, MIN_PANEL_FIELD[meeting.committee.level])


def minimum_panel_for(meeting: Meeting) -> int:
    """The fewest experts this meeting's committee level must draw, from the policy of the meeting's year."""
    return minimum_panel(meeting, policy_for(meeting.date.year))


@transaction.atomic
def panel_draw(meeting: Meeting, *, actor, size: int, seed: str = "") -> list[Panelist]:
    """Draw the panel at random from the pool; the seed and the candidates are stored so the draw can be
    replayed and audited. Recusals for each case follow at once (40号令)."""
    meeting = lock(meeting)
    ensure_office(meeting, actor)
    ensure_state(meeting, Meeting.State.SCHEDULED, doing="抽取专家")
    if meeting.panel.exists():
        raise Conflict("本次会议已抽取专家，不能重复抽取")
    policy = policy_for(meeting.date.year)
    least = minimum_panel(meeting, policy)
    if size < least:
        raise RuleViolation(
            f"{meeting.committee.get_level_display()}评审专家不少于{least}人，本次拟抽取{size}人",
            clause=Policy.clause_of(MIN_PANEL_FIELD[meeting.committee.level]),
        )
    candidates = draw_candidates(meeting)
    if len(candidates) < size:
        raise RuleViolation(f"专家库中符合本次评审专业的在库专家只有{len(candidates)}人，不足拟抽取的{size}人")
    seed = seed or secrets.token_hex(16)
    chosen = replay_draw(seed, candidates, size)
    meeting.draw_seed, meeting.draw_candidates, meeting.draw_size = seed, candidates, size
    meeting.save(update_fields=["draw_seed", "draw_candidates", "draw_size"])
    panel = Panelist.objects.bulk_create(
        Panelist(meeting=meeting, expert_id=expert_id, order=n) for n, expert_id in enumerate(chosen, start=1)
    )
    recusals = _automatic_recusals(meeting)
    record_event(
        actor=actor,
        action="meeting.draw",
        obj=meeting,
        data={"seed": seed, "candidates": len(candidates), "drawn": chosen, "recusals": recusals},
    )
    return panel


def _automatic_recusals(meeting: Meeting) -> int:
    """An expert steps aside from the cases of their own employer and of people or units they declared."""
    panel = list(meeting.panel.select_related("expert"))
    declared: dict[int, list[DeclaredConflict]] = {p.expert_id: [] for p in panel}
    for conflict in DeclaredConflict.objects.filter(expert_id__in=declared):
        declared[conflict.expert_id].append(conflict)
    created = 0
    for case in meeting.cases.select_related("application__professional", "application__employer"):
        application = case.application
        for panelist in panel:
            reason, note = _conflict(panelist.expert, application, declared[panelist.expert_id])
            if reason:
                Recusal.objects.create(meeting_case=case, panelist=panelist, reason=reason, note=note)
                created += 1
    return created


def _conflict(expert: Expert, application: Application, declared: list[DeclaredConflict]) -> tuple[str, str]:
    if expert.employer_id == application.employer_id:
        return Recusal.Reason.SAME_EMPLOYER, f"同在{application.employer.name}"
    id_number = application.professional.id_number if application.professional else ""
    for conflict in declared:
        if conflict.organisation_id == application.employer_id or (
            id_number and conflict.person_id_number == id_number
        ):
            return Recusal.Reason.DECLARED, conflict.get_kind_display()
    return "", ""


# --- attendance, opening, recusal at the meeting --------------------------------------------------------


@transaction.atomic
def attendance_record(meeting: Meeting, *, actor, present: set[int]) -> Meeting:
    """The office records who came (签到); it may be corrected until voting opens."""
    meeting = lock(meeting)
    ensure_office(meeting, actor)
    ensure_state(meeting, Meeting.State.SCHEDULED, Meeting.State.OPEN, doing="登记出席")
    panel = {p.pk: p for p in meeting.panel.all()}
    unknown = set(present) - set(panel)
    if unknown:
        raise RuleViolation("出席名单中有不属于本次专家组的人员")
    for pk, panelist in panel.items():
        if panelist.present != (pk in present):
            panelist.present = pk in present
            panelist.save(update_fields=["present"])
    record_event(
        actor=actor, action="meeting.attendance", obj=meeting, data={"present": len(present), "panel": len(panel)}
    )
    return meeting


@transaction.atomic
def meeting_open(meeting: Meeting, *, actor) -> Meeting:
    """The office opens the meeting: only with the bureau's written approval of its report (55号 §4(三)),
    a drawn panel, and a committee not suspended (55号 §3)."""
    meeting = lock(meeting)
    ensure_office(meeting, actor)
    ensure_state(meeting, Meeting.State.SCHEDULED, doing="召开")
    ensure_committee_active(meeting.committee)
    if not meeting.reports.filter(state=MeetingReport.State.APPROVED).exists():
        raise RuleViolation("评审会议须经人力社保局书面同意后方可召开，本次会议的报备尚未获同意", clause="55号 §4(三)")
    if not meeting.panel.exists():
        raise RuleViolation("请先抽取评审专家")
    meeting.state = Meeting.State.OPEN
    meeting.save(update_fields=["state"])
    record_event(actor=actor, action="meeting.open", obj=meeting, before="scheduled", after="open")
    return meeting


def panelist_for(meeting: Meeting, actor) -> Panelist:
    panelist = meeting.panel.filter(expert__user=actor).first()
    if panelist is None:
        raise Forbidden("您不是本次会议的评审专家")
    if not panelist.present:
        raise Forbidden("您未登记出席本次会议，不能评分或表决")
    return panelist


def is_recused(case: MeetingCase, panelist: Panelist) -> bool:
    return case.recusals.filter(panelist=panelist).exists()


@transaction.atomic
def recuse_at_meeting(case: MeetingCase, *, actor, note: str) -> Recusal:
    """An expert declares a conflict at the meeting and steps aside from the case (40号令)."""
    meeting = lock(case.meeting)
    ensure_state(meeting, Meeting.State.OPEN, Meeting.State.VOTING, doing="申请回避")
    panelist = panelist_for(meeting, actor)
    note = note.strip()
    if not note:
        raise RuleViolation("请说明回避原因")
    if len(note) > NOTE_LIMIT:
        raise RuleViolation(f"回避原因请控制在{NOTE_LIMIT}字以内，现为{len(note)}字")
    if VoteCast.objects.filter(meeting_case=case, panelist=panelist).exists():
        raise Conflict("您已对该申报投票，不能再申请回避")
    if is_recused(case, panelist):
        raise Conflict("您已回避该申报")
    Score.objects.filter(meeting_case=case, panelist=panelist).delete()
    recusal = Recusal.objects.create(meeting_case=case, panelist=panelist, reason=Recusal.Reason.AT_MEETING, note=note)
    record_event(actor=actor, action="meeting.recuse", obj=case, reason=note)
    return recusal


# --- the quorum and voting ------------------------------------------------------------------------------


def quorum_needed(panel_size: int, policy: Policy) -> int:
    """The fewest present that make a quorum: at least numerator/denominator of the panel (40号令)."""
    return -(-panel_size * policy.quorum_numerator // policy.quorum_denominator)


@transaction.atomic
def voting_open(meeting: Meeting, *, actor) -> Meeting:
    """Voting opens once the quorum is present and every present, non-recused expert has scored every case."""
    meeting = lock(meeting)
    ensure_office(meeting, actor)
    ensure_state(meeting, Meeting.State.OPEN, doing="开始投票")
    policy = policy_for(meeting.date.year)
    panel_size = meeting.panel.count()
    present = meeting.panel.filter(present=True).count()
    needed = quorum_needed(panel_size, policy)
    if present < needed:
        raise RuleViolation(
            f"出席专家{present}人，不足专家组{panel_size}人的{policy.quorum_numerator}/{policy.quorum_denominator}"
            f"（至少{needed}人），不能表决",
            clause=Policy.clause_of("quorum_numerator"),
        )
    missing = unscored(meeting)
    if missing:
        raise RuleViolation("以下评分尚未完成：" + "；".join(missing))
    meeting.state = Meeting.State.VOTING
    meeting.save(update_fields=["state"])
    record_event(
        actor=actor,
        action="meeting.voting_open",
        obj=meeting,
        before="open",
        after="voting",
        data={"present": present, "panel": panel_size},
    )
    return meeting


def unscored(meeting: Meeting) -> list[str]:
    """Who has yet to score which case, among the present experts not recused from it."""
    present = list(meeting.panel.filter(present=True).select_related("expert__user"))
    lines = []
    for case in meeting.cases.select_related("application__applicant"):
        recused = set(case.recusals.values_list("panelist_id", flat=True))
        scored = set(case.scores.values_list("panelist_id", flat=True))
        waiting = [p.expert.user.name for p in present if p.pk not in recused and p.pk not in scored]
        if waiting:
            lines.append(f"{case.application.applicant.name}：{'、'.join(waiting)}")
    return lines
