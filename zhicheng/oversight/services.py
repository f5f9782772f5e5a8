"""Changes of oversight (55号 §3): the re-review draw, assignment and verdict; complaints; escalation."""

import math
import secrets
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhicheng.alerts.models import Alert
from zhicheng.alerts.services import raise_alert
from zhicheng.applications.models import Application
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Committee
from zhicheng.committees.services import committee_set_status
from zhicheng.evaluation.meetings import replay_draw
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.oversight.models import Complaint, Rereview, RereviewDraw
from zhicheng.oversight.selectors import (
    committees_in_region_of,
    decided_cases,
    escalation_proposal,
    panelist_user_ids,
)
from zhicheng.policy.selectors import policy_for

CLAUSE = "55号 §3"


def sample_size(decided: int, percent: Decimal) -> int:
    """ceil(percent % of the decided cases), at least one when there are any."""
    if decided == 0:
        return 0
    return max(1, math.ceil(Decimal(decided) * percent / 100))


def committee_seed(seed: str, committee_id: int | str) -> str:
    """Each committee's sample is drawn with the draw's seed and its id, so samples are independent."""
    return f"{seed}:{committee_id}"


def replay_sample(draw: RereviewDraw, committee_id: int | str) -> list[int]:
    """The cases the stored draw picks for a committee: anyone can check it from the seed."""
    entry = draw.candidates[str(committee_id)]
    return replay_draw(committee_seed(draw.seed, committee_id), entry["candidates"], entry["size"])


@transaction.atomic
def rereview_draw(*, actor, year: int, seed: str = "") -> RereviewDraw:
    """A city or province bureau samples policy.rereview_percent of each committee's decided cases of the
    year in its region, once a year, replayably (55号 §3 复审)."""
    if not actor.has_perm("oversight.draw"):
        raise Forbidden("复审抽样由市、省人力社保局组织", clause=CLAUSE)
    region = actor.region
    if RereviewDraw.objects.filter(region=region, year=year).exists():
        raise Conflict(f"{region.full_name}{year}年度复审已抽样，不能重复抽取", clause=CLAUSE)
    percent = policy_for(year).rereview_percent
    seed = seed or secrets.token_hex(16)
    candidates: dict[str, dict] = {}
    for committee in committees_in_region_of(actor):
        ids = list(decided_cases(committee, year).values_list("id", flat=True))
        if ids:
            candidates[str(committee.pk)] = {"candidates": ids, "size": sample_size(len(ids), percent)}
    if not candidates:
        raise RuleViolation(f"{region.full_name}{year}年度没有已评审的案件可供复审", clause=CLAUSE)
    draw = RereviewDraw.objects.create(
        region=region, year=year, seed=seed, percent=percent, candidates=candidates, drawn_by=actor
    )
    committees = dict(
        Application.objects.filter(pk__in=[i for e in candidates.values() for i in e["candidates"]]).values_list(
            "pk", "committee_id"
        )
    )
    cases = [
        Rereview(draw=draw, application_id=pk, committee_id=committees[pk])
        for committee_id in candidates
        for pk in replay_sample(draw, committee_id)
    ]
    Rereview.objects.bulk_create(cases)
    record_event(
        actor=actor,
        action="rereview.draw",
        obj=draw,
        reason=f"{year}年度复审抽样",
        data={"seed": seed, "percent": str(percent), "sizes": {k: v["size"] for k, v in candidates.items()}},
    )
    return draw


def _lock(rereview: Rereview) -> Rereview:
    return (
        Rereview.objects.select_for_update(of=("self",)).select_related("committee", "application").get(pk=rereview.pk)
    )


@transaction.atomic
def rereview_assign(rereview: Rereview, *, actor, reviewer) -> Rereview:
    """The bureau over the committee chooses a pool expert who did not sit on the case's panel (55号 §3)."""
    rereview = _lock(rereview)
    if not actor.has_perm("oversight.govern", rereview.committee):
        raise Forbidden("只有评委会设立地的人力社保局可以指定复审专家", clause=CLAUSE)
    if rereview.state not in (Rereview.State.DRAWN, Rereview.State.ASSIGNED):
        raise Conflict(f"该案件已{rereview.get_state_display()}，不能再指定复审专家", clause=CLAUSE)
    profile = getattr(reviewer, "expert_profile", None)
    if reviewer.role != "expert" or profile is None or not profile.active:
        raise RuleViolation(f"{reviewer}不是在库评审专家，不能担任复审专家", clause=CLAUSE)
    if reviewer.pk in panelist_user_ids(rereview.application) or reviewer.pk == rereview.application.applicant_id:
        raise RuleViolation(f"{reviewer}参加过该案件的评审会议，须回避，不能担任复审专家", clause=CLAUSE)
    before = rereview.state
    rereview.reviewer, rereview.state = reviewer, Rereview.State.ASSIGNED
    rereview.save(update_fields=["reviewer", "state"])
    record_event(
        actor=actor, action="rereview.assign", obj=rereview, before=before, after=rereview.state, reason=str(reviewer)
    )
    return rereview


@transaction.atomic
def rereview_decide(rereview: Rereview, *, actor, confirm: bool, reason: str = "") -> Rereview:
    """The re-reviewer confirms the result, or disputes it with a reason; a dispute raises a warning and is
    registered as a complaint against the committee (55号 §3)."""
    rereview = _lock(rereview)
    if not actor.has_perm("oversight.rereview", rereview):
        raise Forbidden("只有指定的复审专家可以作出复审意见", clause=CLAUSE)
    if rereview.state != Rereview.State.ASSIGNED:
        raise Conflict(f"该案件{rereview.get_state_display()}，不能作出复审意见", clause=CLAUSE)
    reason = reason.strip()
    if not confirm and not reason:
        raise RuleViolation("对评审结果存疑的，须写明理由", clause=CLAUSE)
    rereview.state = Rereview.State.CONFIRMED if confirm else Rereview.State.DISPUTED
    rereview.reason, rereview.decided_at = reason, timezone.now()
    rereview.save(update_fields=["state", "reason", "decided_at"])
    record_event(
        actor=actor,
        action="rereview.decide",
        obj=rereview,
        before=Rereview.State.ASSIGNED,
        after=rereview.state,
        reason=reason,
    )
    if not confirm:
        Complaint.objects.create(
            committee=rereview.committee,
            source=Complaint.Source.REREVIEW,
            text=reason,
            received_on=timezone.localdate(),
            application=rereview.application,
            recorded_by=actor,
        )
        _raise_dispute_alert(rereview)
    return rereview


def _raise_dispute_alert(rereview: Rereview) -> Alert:
    """The high-severity warning a disputed re-review raises, once per re-review (55号 §3)."""
    application, committee = rereview.application, rereview.committee
    return raise_alert(
        Alert.Kind.REREVIEW_DISPUTE,
        f"rereview:{rereview.pk}",
        region=committee.seat_region,
        summary=f"{committee.name}{application.year}年度案件（{application}）复审存疑",
        evidence={
            "application_id": application.pk,
            "case": str(application),
            "rereview_id": rereview.pk,
            "reviewer": str(rereview.reviewer),
            "reason": rereview.reason,
        },
        severity=Alert.Severity.HIGH,
        committee_id=committee.pk,
    )


@transaction.atomic
def complaint_file_public(
    committee: Committee, *, actor=None, contact_name: str, contact_phone: str, text: str, today: date | None = None
) -> Complaint:
    """Anyone may complain about a committee, leaving a name and a phone number to be reached (55号 §3)."""
    if not (contact_name.strip() and contact_phone.strip() and text.strip()):
        raise RuleViolation("请填写联系人、联系电话和投诉内容", clause=CLAUSE)
    complaint = Complaint.objects.create(
        committee=committee,
        source=Complaint.Source.PUBLIC,
        text=text.strip(),
        received_on=today or timezone.localdate(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(actor=None, action="complaint.file", obj=complaint, reason=complaint.get_source_display())
    return complaint


@transaction.atomic
def complaint_record(
    committee: Committee, *, actor, source: str, text: str, received_on: date, application=None
) -> Complaint:
    """The bureau over the committee registers a complaint it received or a finding of a spot check
    (55号 §3). Upheld objections are counted from the objections themselves, so they are not entered."""
    if not actor.has_perm("oversight.govern", committee):
        raise Forbidden("只有评委会设立地的人力社保局可以登记投诉", clause=CLAUSE)
    if source not in (Complaint.Source.PUBLIC, Complaint.Source.INSPECTION):
        raise RuleViolation("异议成立和复审存疑由系统自动计入，无需登记", clause=CLAUSE)
    if not text.strip():
        raise RuleViolation("请写明投诉或抽查发现的内容", clause=CLAUSE)
    if application is not None and application.committee_id != committee.pk:
        raise RuleViolation("相关案件不属于该评委会", clause=CLAUSE)
    complaint = Complaint.objects.create(
        committee=committee,
        source=source,
        text=text.strip(),
        received_on=received_on,
        application=application,
        recorded_by=actor,
    )
    record_event(actor=actor, action="complaint.record", obj=complaint, reason=complaint.get_source_display())
    return complaint


@transaction.atomic
def escalation_confirm(committee: Committee, *, actor, reason: str, document, today: date | None = None) -> Committee:
    """The bureau decides the step the complaints propose, by committee_set_status with its PDF decision;
    the proposal must still stand (55号 §3). committee_set_status writes the status change and its event."""
    today = today or timezone.localdate()
    if not actor.has_perm("oversight.govern", committee):
        raise Forbidden("只有评委会设立地的人力社保局可以作出决定", clause=CLAUSE)
    proposal = escalation_proposal(committee, today)
    if proposal is None:
        raise Conflict(f"{committee.name}近12个月投诉未达到下一步处理的标准", clause=CLAUSE)
    basis = f"（近12个月投诉{proposal.count}件，达到「{proposal.label}」标准{proposal.threshold}件）"
    text = reason.strip()
    if not text:
        raise RuleViolation("请写明事实与理由", clause=CLAUSE)
    return committee_set_status(committee, actor=actor, to=proposal.to, reason=text + basis, document=document)
