"""Publishing a publicity list, filing objections, and answering them (55号 §4(三), 40号令)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.applications.services import (
    application_overturn,
    application_reject,
    application_return,
    application_start_pre_publicity,
    application_start_result_publicity,
    application_veto,
)
from zhicheng.audit.services import record_event
from zhicheng.lib import idnumber
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar
from zhicheng.publicity.models import Objection, Publicity, PublicityEntry
from zhicheng.publicity.selectors import PUBLICISED_OUTCOMES

CLAUSE = "55号 §4(三)"
OUTCOME_SERVICES: dict[str, Callable[..., Application]] = {
    Objection.Outcome.RETURN: application_return,
    Objection.Outcome.REJECT: application_reject,
    Objection.Outcome.VETO: application_veto,
    Objection.Outcome.OVERTURN: application_overturn,
}


@dataclass(frozen=True)
class CommitteeList:
    """What sets one kind of a committee's list apart: which cases go on it, for how long, what it does to them,
    and what an upheld objection to it may do."""

    what: str  # the cases that may go on it, in words
    belongs: Callable[[Application], bool]
    workdays_field: str
    start: Callable[..., Application]
    outcomes: tuple[str, ...]


COMMITTEE_LISTS: dict[str, CommitteeList] = {
    # 评前公示: the qualified cases; an objection found true returns, fails or vetoes the case (55号 §4(三)).
    Publicity.Kind.PRE_EVALUATION: CommitteeList(
        "本评委会资格审查通过的申报",
        lambda a: a.state == State.QUALIFIED,
        "pre_publicity_workdays",
        application_start_pre_publicity,
        (Objection.Outcome.RETURN, Objection.Outcome.REJECT, Objection.Outcome.VETO),
    ),
    # 评后公示: the evaluated cases that passed or are recommended upward (a failed case is not publicised);
    # an objection found true takes the pass back or vetoes the case (40号令).
    Publicity.Kind.RESULT: CommitteeList(
        "本评委会评审通过或推荐上报的申报",
        lambda a: a.state == State.EVALUATED and a.outcome in PUBLICISED_OUTCOMES,
        "result_publicity_workdays",
        application_start_result_publicity,
        (Objection.Outcome.OVERTURN, Objection.Outcome.VETO),
    ),
}


def _ensure_office_of(actor, committee) -> None:
    if actor.role != Role.OFFICE or not committee.offices.filter(pk=actor.organisation_id).exists():
        raise Forbidden(f"只有{committee.name}办公室可以办理此公示")


def entry_for(application: Application) -> PublicityEntry:
    professional = application.professional
    return PublicityEntry(
        application=application,
        name=application.applicant.name,
        masked_id_number=idnumber.mask(professional.id_number) if professional else "",
        employer=application.employer.name,
        specialty=application.specialty.name,
        title=application.title.name,
        in_mountain_pool=application.employer.region.is_mountain_county,
        result=application.get_outcome_display() if application.outcome else "",
    )


def _draft(kind: str, title: str, applications: list[Application], *, start: date, workdays_field: str, **owner):
    """The publicity as it will be published, with its period on working days, and its list."""
    if start < timezone.localdate():
        raise Conflict("公示开始日期不能早于今天：公示只在平台上进行，不登记线下公示", clause="55号 §1")
    policy = policy_for(applications[0].year)
    period = Calendar().publicity_period(start, getattr(policy, workdays_field))
    publicity = Publicity(
        kind=kind,
        title=title,
        first_day=period.first,
        last_day=period.last,
        workdays=period.workdays,
        provisional=period.provisional,
        **owner,
    )
    return publicity, [entry_for(a) for a in applications]


def _refuse_unless(applications: list[Application], belongs, what: str) -> None:
    if not applications:
        raise RuleViolation(f"请至少选择一件{what}")
    wrong = [a for a in applications if not belongs(a)]
    if wrong:
        names = "、".join(a.applicant.name for a in wrong)
        raise Conflict(f"以下申报不是{what}，不能列入本次公示：{names}", clause=CLAUSE)


def committee_preview(kind: str, committee, applications: list[Application], *, start: date) -> tuple[Publicity, list]:
    """What the public will see of a committee's list before anything is published: the period and the
    entries (ID masked)."""
    rules = COMMITTEE_LISTS[kind]
    _refuse_unless(applications, lambda a: a.committee_id == committee.pk and rules.belongs(a), rules.what)
    title = f"{committee.name}{applications[0].year}年度{Publicity.Kind(kind).label}"
    return _draft(kind, title, applications, start=start, workdays_field=rules.workdays_field, committee=committee)


def pre_evaluation_preview(committee, applications: list[Application], *, start: date) -> tuple[Publicity, list]:
    """The 评前公示 list of the qualified cases, as it will be published."""
    return committee_preview(Publicity.Kind.PRE_EVALUATION, committee, applications, start=start)


def in_unit_preview(employer, applications: list[Application], *, start: date) -> tuple[Publicity, list]:
    """The list the employer posts inside the unit before recommending (单位内公示)."""
    _refuse_unless(
        applications, lambda a: a.employer_id == employer.pk and a.state == State.SUBMITTED, "本单位待审核的申报"
    )
    title = f"{employer.name}{applications[0].year}年度职称申报单位内公示"
    return _draft(
        Publicity.Kind.IN_UNIT,
        title,
        applications,
        start=start,
        workdays_field="employer_publicity_workdays",
        publisher=employer,
    )


@transaction.atomic
def publicity_publish_in_unit(applications: list[Application], *, actor, start: date) -> Publicity:
    """The employer posts its candidates for the policy's working days; it may recommend them after (40号令)."""
    if actor.role != Role.EMPLOYER or actor.organisation is None:
        raise Forbidden("只有用人单位经办人可以发布单位内公示")
    locked = list(Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications]).order_by("pk"))
    publicity, entries = in_unit_preview(actor.organisation, locked, start=start)
    return _save(publicity, entries, actor=actor)


def _save(publicity: Publicity, entries: list[PublicityEntry], *, actor) -> Publicity:
    publicity.published_by = actor
    publicity.publisher = actor.organisation
    publicity.save()
    for entry in entries:
        entry.publicity = publicity
    PublicityEntry.objects.bulk_create(entries)
    record_event(
        actor=actor,
        action="publicity.publish",
        obj=publicity,
        reason=publicity.title,
        data={"first_day": str(publicity.first_day), "last_day": str(publicity.last_day), "cases": len(entries)},
    )
    return publicity


@transaction.atomic
def publicity_publish_committee(
    kind: str, committee, applications: list[Application], *, actor, start: date
) -> Publicity:
    """The office publishes its committee's list for the policy's working days; each case on it moves on
    (into 评前公示 or 评后公示) in the same transaction."""
    _ensure_office_of(actor, committee)
    locked = list(Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications]).order_by("pk"))
    publicity, entries = committee_preview(kind, committee, locked, start=start)
    for application in locked:
        COMMITTEE_LISTS[kind].start(application, actor=actor, reason=f"列入「{publicity.title}」")
    return _save(publicity, entries, actor=actor)


def publicity_publish_pre_evaluation(committee, applications: list[Application], *, actor, start: date) -> Publicity:
    """The office publishes the qualified cases for the policy's working days; the cases enter 评前公示."""
    return publicity_publish_committee(Publicity.Kind.PRE_EVALUATION, committee, applications, actor=actor, start=start)


def publicity_publish_result(committee, applications: list[Application], *, actor, start: date) -> Publicity:
    """The office publishes the passed and recommended cases with their results for the policy's working days
    (≥ 5, 40号令); the cases enter 评后公示, and the bureau publishes them only after it (55号 §4(三))."""
    return publicity_publish_committee(Publicity.Kind.RESULT, committee, applications, actor=actor, start=start)


@transaction.atomic
def objection_file(entry: PublicityEntry, *, contact_name: str, contact_phone: str, text: str) -> Objection:
    """Anyone may object during the period, leaving a way to be contacted; after it, no more (40号令)."""
    publicity = entry.publicity
    today = timezone.localdate()
    if not publicity.first_day <= today <= publicity.last_day:
        raise Conflict(
            f"公示期为{publicity.first_day:%Y年%-m月%-d日}至{publicity.last_day:%Y年%-m月%-d日}，"
            f"今天（{today:%Y年%-m月%-d日}）不在公示期内，不再受理异议",
            clause=CLAUSE,
        )
    if not (contact_name.strip() and contact_phone.strip() and text.strip()):
        raise RuleViolation("请填写联系人、联系电话和异议内容，以便调查核实后答复")
    objection = Objection.objects.create(
        entry=entry, contact_name=contact_name.strip(), contact_phone=contact_phone.strip(), text=text.strip()
    )
    record_event(actor=None, action="objection.file", obj=objection, after=objection.state, reason=text[:200])
    return objection


@transaction.atomic
def objection_answer(objection: Objection, *, actor, upheld: bool, answer: str, outcome: str = "") -> Objection:
    """The office investigates and answers; an upheld objection returns, rejects or vetoes the case during
    评前公示, and during 评后公示 takes the pass back or vetoes it (40号令)."""
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("entry__publicity__committee")
        .get(pk=objection.pk)
    )
    publicity = objection.entry.publicity
    _ensure_office_of(actor, publicity.committee)
    if objection.state != Objection.State.OPEN:
        raise Conflict(f"这条异议已答复（{objection.get_state_display()}）")
    if not answer.strip():
        raise RuleViolation("请填写调查处理意见，异议人与申报人将看到这段答复")
    allowed = COMMITTEE_LISTS[publicity.kind].outcomes
    if upheld and outcome not in allowed:
        choices = "或".join(Objection.Outcome(o).label for o in allowed)
        raise RuleViolation(f"{publicity.get_kind_display()}的异议成立时请选择处理方式：{choices}")
    before = objection.state
    objection.state = Objection.State.UPHELD if upheld else Objection.State.DISMISSED
    objection.outcome = outcome if upheld else ""
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    record_event(
        actor=actor, action="objection.answer", obj=objection, before=before, after=objection.state, reason=answer
    )
    if upheld:
        OUTCOME_SERVICES[outcome](objection.entry.application, actor=actor, reason=f"公示异议成立：{answer}")
    return objection
