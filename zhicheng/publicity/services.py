"""Publishing a publicity list, filing objections, and answering them (55号 §4(三), 40号令)."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.applications.services import (
    application_reject,
    application_return,
    application_start_pre_publicity,
    application_veto,
)
from zhicheng.audit.services import record_event
from zhicheng.lib import idnumber
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar
from zhicheng.publicity.models import Objection, Publicity, PublicityEntry

CLAUSE = "55号 §4(三)"
OUTCOME_SERVICES: dict[str, Callable[..., Application]] = {
    Objection.Outcome.RETURN: application_return,
    Objection.Outcome.REJECT: application_reject,
    Objection.Outcome.VETO: application_veto,
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
    )


def pre_evaluation_preview(committee, applications: list[Application], *, start: date) -> tuple[Publicity, list]:
    """What the public will see, before anything is published: the period and the list (ID masked)."""
    if not applications:
        raise RuleViolation("请至少选择一件资格审查通过的申报")
    wrong = [a for a in applications if a.committee_id != committee.pk or a.state != State.QUALIFIED]
    if wrong:
        names = "、".join(a.applicant.name for a in wrong)
        raise Conflict(f"以下申报不是本评委会资格审查通过的申报，不能列入评前公示：{names}", clause=CLAUSE)
    if start < timezone.localdate():
        raise Conflict("公示开始日期不能早于今天：公示只在平台上进行，不登记线下公示", clause="55号 §1")
    year = applications[0].year
    period = Calendar().publicity_period(start, policy_for(year).pre_publicity_workdays)
    publicity = Publicity(
        kind=Publicity.Kind.PRE_EVALUATION,
        committee=committee,
        title=f"{committee.name}{year}年度评前公示",
        first_day=period.first,
        last_day=period.last,
        workdays=period.workdays,
        provisional=period.provisional,
    )
    return publicity, [entry_for(a) for a in applications]


@transaction.atomic
def publicity_publish_pre_evaluation(committee, applications: list[Application], *, actor, start: date) -> Publicity:
    """The office publishes the qualified cases for the policy's working days; the cases enter 评前公示."""
    _ensure_office_of(actor, committee)
    locked = list(Application.objects.select_for_update().filter(pk__in=[a.pk for a in applications]).order_by("pk"))
    publicity, entries = pre_evaluation_preview(committee, locked, start=start)
    publicity.published_by = actor
    publicity.publisher = actor.organisation
    publicity.save()
    for entry in entries:
        entry.publicity = publicity
        application_start_pre_publicity(entry.application, actor=actor, reason=f"列入「{publicity.title}」")
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
    """The office investigates and answers; an upheld objection returns, rejects or vetoes the case."""
    objection = Objection.objects.select_for_update().select_related("entry__publicity__committee").get(pk=objection.pk)
    _ensure_office_of(actor, objection.entry.publicity.committee)
    if objection.state != Objection.State.OPEN:
        raise Conflict(f"这条异议已答复（{objection.get_state_display()}）")
    if not answer.strip():
        raise RuleViolation("请填写调查处理意见，异议人与申报人将看到这段答复")
    if upheld and outcome not in OUTCOME_SERVICES:
        raise RuleViolation("异议成立时请选择处理方式：退回修改、资格审查不通过或一票否决")
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
