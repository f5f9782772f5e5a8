"""Every change to a case: permission, guard, change, audit event, in one transaction with the row locked."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Professional, Role
from zhicheng.applications import checklists, guards
from zhicheng.applications.archiving import archive_record, check_return
from zhicheng.applications.eligibility import CaseFacts, Check, conditions, eligibility, failures
from zhicheng.applications.materials import freeze_materials, mountain_pool
from zhicheng.applications.models import Application, IntegrityRecord, Outcome, ReviewRecord, State
from zhicheng.applications.rules import is_holder
from zhicheng.applications.tasks import notify_applicant
from zhicheng.applications.transitions import BY_ACTION, Transition
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Scope
from zhicheng.committees.routing import route_case
from zhicheng.committees.status import ensure_committee_active
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.selectors import policy_for

# --- checks shared by the services -------------------------------------------------------------------


def ensure_can(actor, transition: Transition, application: Application) -> None:
    if not actor.has_perm(f"applications.{transition.action}", application):
        raise Forbidden(f"您的角色或所在地区无权对此申报执行「{transition.label}」")


def ensure_transition(application: Application, transition: Transition) -> None:
    if application.state not in transition.sources:
        raise Conflict(
            f"申报当前为「{application.get_state_display()}」，不能执行「{transition.label}」",
            detail={"state": application.state, "action": transition.action},
        )


def ensure_reason(transition: Transition, reason: str) -> None:
    if transition.needs_reason and not reason.strip():
        raise RuleViolation(f"「{transition.label}」须填写理由，申报人将看到这段说明")


def ensure_checklist(stage: str, answers: dict[str, bool] | None) -> None:
    missing = checklists.unconfirmed(stage, answers)
    if missing:
        raise RuleViolation(
            f"以下项目尚未确认：{'、'.join(missing)}。不符合的请退回修改或不予受理", clause="55号 §4(三)"
        )


def _review(application: Application, stage: str, items: list[dict], actor) -> ReviewRecord:
    return ReviewRecord.objects.create(
        application=application, round=application.round, stage=stage, items=items, created_by=actor
    )


def ensure_eligible(application: Application, checks: list[Check] | None = None) -> None:
    """Refuse while any check fails, naming each; by default the checks of submission."""
    failed = failures(eligibility(CaseFacts(application)) if checks is None else checks)
    if failed:
        raise RuleViolation(
            "尚不符合申报条件：" + "；".join(str(c) for c in failed),
            detail={"failures": [{"label": c.label, "message": c.message, "clause": c.clause} for c in failed]},
        )


def _guard_outcome_recorded(application: Application, outcome: str) -> None:
    if outcome not in Outcome.values:
        raise RuleViolation("请选择评审结果：通过、未通过或推荐上报")
    if outcome == Outcome.PASSED and application.scope_mode == Scope.Mode.RECOMMEND:
        raise Conflict("该评委会对此职称只有推荐权，结果应为「推荐上报」", clause="55号 §2")
    if outcome == Outcome.RECOMMENDED and application.scope_mode == Scope.Mode.DECIDE:
        raise Conflict("该评委会对此职称有评审权，结果应为「通过」或「未通过」", clause="55号 §2")


def _guard_result_publicity(application: Application) -> None:
    if application.outcome == Outcome.FAILED:
        raise Conflict("未通过的申报不进入评后公示，请直接归档")


def _guard_certify(application: Application) -> None:
    if application.outcome != Outcome.PASSED:
        raise Conflict("只有评审通过并已公布的申报才能发证；推荐上报的由上级评委会评审发证")


def _guard_archive(application: Application) -> None:
    ready: dict[str, bool] = {
        State.EVALUATED: application.outcome == Outcome.FAILED,
        State.PUBLISHED: application.outcome == Outcome.RECOMMENDED,
        State.CERTIFIED: True,
    }
    if not ready.get(application.state, False):
        raise Conflict("此申报尚未办结（通过的须先发证，推荐上报的须先公布），不能归档")


def _guard_return(actor, application: Application) -> None:
    if not is_holder(actor, application):
        raise Forbidden("此申报当前不在您的环节，只有当前环节的经办人可以退回")


# --- the one path every transition takes -----------------------------------------------------------------


def _move(
    application: Application,
    action: str,
    *,
    actor,
    reason: str = "",
    guard: Callable[[Application], None] | None = None,
    data: dict | None = None,
    **changes,
) -> Application:
    transition = BY_ACTION[action]
    application = Application.objects.select_for_update().get(pk=application.pk)
    ensure_can(actor, transition, application)
    ensure_transition(application, transition)
    ensure_reason(transition, reason)
    if guard is not None:
        guard(application)
    before = application.state
    for field, value in changes.items():
        setattr(application, field, value)
    guards.run(action, application)  # after the changes, so a guard can check what is being recorded
    application.state = transition.target
    application.save()
    record_event(
        actor=actor,
        action=f"application.{action}",
        obj=application,
        before=before,
        after=application.state,
        reason=reason,
        data=data,
    )
    if actor.pk != application.applicant_id:
        case_id = application.pk
        transaction.on_commit(lambda: notify_applicant.enqueue(case_id, action, reason))
    return application


# --- creating and editing a draft --------------------------------------------------------------------


@transaction.atomic
def application_create(*, actor, year: int, specialty, title, statement: str = "") -> Application:
    """A professional starts a draft; the platform routes it to its one competent committee (55号 §2)."""
    if actor.role != Role.PROFESSIONAL or not actor.organisation_id:
        raise Forbidden("只有已登记工作单位的专业技术人才可以发起申报")
    route = route_case(specialty=specialty, title=title, employer=actor.organisation, year=year)
    application = Application.objects.create(
        applicant=actor,
        professional=Professional.objects.filter(user=actor).first(),
        employer=actor.organisation,
        year=year,
        series=specialty.series,
        specialty=specialty,
        title=title,
        committee=route.committee,
        scope_mode=route.scope.mode,
        routing_reason=route.reason,
        statement=statement,
    )
    record_event(actor=actor, action="application.create", obj=application, after=application.state)
    return application


def ensure_editable(application: Application) -> None:
    """Only a draft or a returned case is the applicant's to change; a submitted or archived one is read-only."""
    if application.state not in (State.DRAFT, State.RETURNED):
        raise Conflict(f"申报当前为「{application.get_state_display()}」，已不能修改")


@transaction.atomic
def application_update(application: Application, *, actor, statement: str) -> Application:
    """The applicant edits a draft or a returned case; nothing else can change once submitted."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not actor.has_perm("applications.change_application", application):
        raise Forbidden("只有申报人本人可以修改申报")
    ensure_editable(application)
    application.statement = statement
    application.save(update_fields=["statement", "updated_at"])
    record_event(actor=actor, action="application.update", obj=application, before=application.state)
    return application


# --- the main path ---------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(application: Application, *, actor, reason: str = "") -> Application:
    """The applicant submits to the employer once every eligibility rule holds (each failure cited); the
    chosen archive entries are frozen into the case and the mountain-county pool recorded (55号 §1, §2)."""
    application = _move(
        application,
        "submit",
        actor=actor,
        reason=reason,
        guard=ensure_eligible,
        submitted_at=timezone.now(),
        round=application.round + 1,
        **mountain_pool(application),
    )
    freeze_materials(application)
    return application


@transaction.atomic
def application_employer_approve(application: Application, *, actor, reason: str = "") -> Application:
    """The employer recommends the case after in-unit publicity (单位推荐)."""
    return _move(application, "employer_approve", actor=actor, reason=reason)


@transaction.atomic
def application_authority_approve(application: Application, *, actor, reason: str = "") -> Application:
    """The sector authority approves the case (主管部门审核)."""
    return _move(application, "authority_approve", actor=actor, reason=reason)


@transaction.atomic
def application_accept(
    application: Application, *, actor, reason: str = "", checklist: dict[str, bool] | None = None
) -> Application:
    """The committee office accepts a case routed to its committee once every checklist item is confirmed
    (55号 §4(三)); never while the committee is suspended (55号 §3)."""

    def guard(case: Application) -> None:
        ensure_committee_active(case.committee)
        ensure_checklist("accept", checklist)

    application = _move(application, "accept", actor=actor, reason=reason, guard=guard)
    _review(application, ReviewRecord.Stage.ACCEPT, checklists.items("accept", checklist or {}), actor)
    return application


@transaction.atomic
def application_qualify(
    application: Application, *, actor, reason: str = "", checklist: dict[str, bool] | None = None
) -> Application:
    """The office records a passed qualification check, item by item, against the same rules as the
    applicant's own check (资格审查, 55号 §4(三))."""

    checks: list[Check] = []

    def guard(case: Application) -> None:
        ensure_checklist("qualify", checklist)
        checks.extend(conditions(CaseFacts(case)))
        ensure_eligible(case, checks)

    application = _move(application, "qualify", actor=actor, reason=reason, guard=guard)
    items = checklists.items("qualify", checklist or {}) + checklists.rule_items(checks)
    _review(application, ReviewRecord.Stage.QUALIFY, items, actor)
    return application


@transaction.atomic
def application_start_pre_publicity(application: Application, *, actor, reason: str = "") -> Application:
    """The office puts the case on the pre-evaluation publicity list (评前公示, 55号 §4(三))."""
    return _move(application, "start_pre_publicity", actor=actor, reason=reason)


@transaction.atomic
def application_schedule(application: Application, *, actor, reason: str = "") -> Application:
    """The office puts a case whose publicity is over on the meeting's list (待评审)."""
    return _move(application, "schedule", actor=actor, reason=reason)


@transaction.atomic
def application_record_evaluation(
    application: Application, *, actor, outcome: str = "", reason: str = ""
) -> Application:
    """The office records the meeting's result; recommend-only scopes can only recommend (55号 §2)."""
    return _move(
        application,
        "record_evaluation",
        actor=actor,
        reason=reason,
        guard=lambda a: _guard_outcome_recorded(a, outcome),
        data={"outcome": outcome},
        outcome=outcome,
    )


@transaction.atomic
def application_start_result_publicity(application: Application, *, actor, reason: str = "") -> Application:
    """The office publishes the result for public scrutiny (评后公示, 55号 §4(三))."""
    return _move(application, "start_result_publicity", actor=actor, reason=reason, guard=_guard_result_publicity)


@transaction.atomic
def application_publish(application: Application, *, actor, reason: str = "") -> Application:
    """The bureau publishes the passed list by document (发文公布, 55号 §4(三))."""
    return _move(application, "publish", actor=actor, reason=reason)


@transaction.atomic
def application_certify(application: Application, *, actor, reason: str = "") -> Application:
    """The bureau issues the certificate of a passed and published case."""
    return _move(application, "certify", actor=actor, reason=reason, guard=_guard_certify)


@transaction.atomic
def application_archive(
    application: Application, *, actor, reason: str = "", returned_to: str = "", returned_on: date | None = None
) -> Application:
    """The office closes the case: the materials go back to the employer, a dossier of the whole case goes to
    the personal file (归入本人档案), and the case is read-only from then on (55号 §4(三))."""
    check_return(returned_to, returned_on)
    assert returned_on is not None  # checked above
    application = _move(application, "archive", actor=actor, reason=reason, guard=_guard_archive)
    archive_record(application, actor=actor, returned_to=returned_to, returned_on=returned_on)
    return application


# --- side exits ------------------------------------------------------------------------------------------


@transaction.atomic
def application_return(
    application: Application, *, actor, reason: str = "", comments: dict[str, str] | None = None
) -> Application:
    """Whoever holds the case returns it to the applicant with what to fix, item by item (退回修改)."""
    application = _move(application, "return", actor=actor, reason=reason, guard=lambda a: _guard_return(actor, a))
    _review(application, ReviewRecord.Stage.RETURN, checklists.comment_items(comments), actor)
    return application


@transaction.atomic
def application_withdraw(application: Application, *, actor, reason: str = "") -> Application:
    """The applicant withdraws the case before it is evaluated."""
    return _move(application, "withdraw", actor=actor, reason=reason)


@transaction.atomic
def application_reject(application: Application, *, actor, reason: str = "") -> Application:
    """The office refuses acceptance or fails the qualification check, with reasons (55号 §4(三))."""
    return _move(application, "reject", actor=actor, reason=reason)


@transaction.atomic
def application_veto(application: Application, *, actor, reason: str = "") -> Application:
    """Proven academic fraud fails the case at any stage: one-vote veto (一票否决, 55号 §4(一)); the person
    is barred from applying for the policy's years (40号令)."""
    application = _move(application, "veto", actor=actor, reason=reason)
    if application.professional_id:
        integrity_record_create(
            application.professional,
            actor=actor,
            source=IntegrityRecord.Source.VETO,
            reason=reason,
            application=application,
        )
    return application


@transaction.atomic
def application_overturn(application: Application, *, actor, reason: str = "") -> Application:
    """An objection to the result publicity is found true: the office takes the pass (or recommendation)
    back and the case fails, with the finding as its reason (撤销评审通过, 40号令)."""
    data: dict[str, str] = {"outcome": Outcome.FAILED}

    def guard(case: Application) -> None:
        data["overturned"] = case.outcome  # read under the row lock, before the change

    return _move(application, "overturn", actor=actor, reason=reason, guard=guard, data=data, outcome=Outcome.FAILED)


def integrity_record_create(professional, *, actor, source: str, reason: str, application=None) -> IntegrityRecord:
    """Record a proven breach; it bars applications for `integrity_bar_years` from today (40号令)."""
    today = timezone.localdate()
    years = policy_for(today.year).integrity_bar_years
    try:
        bars_until = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        bars_until = today.replace(year=today.year + years, day=28)
    record = IntegrityRecord.objects.create(
        professional=professional,
        application=application,
        source=source,
        reason=reason,
        recorded_on=today,
        bars_until=bars_until,
        recorded_by=actor,
    )
    record_event(
        actor=actor, action="integrity_record.create", obj=record, reason=reason, data={"bars_until": str(bars_until)}
    )
    return record


TRANSITION_SERVICES: dict[str, Callable[..., Application]] = {
    "submit": application_submit,
    "employer_approve": application_employer_approve,
    "authority_approve": application_authority_approve,
    "accept": application_accept,
    "qualify": application_qualify,
    "start_pre_publicity": application_start_pre_publicity,
    "schedule": application_schedule,
    "record_evaluation": application_record_evaluation,
    "start_result_publicity": application_start_result_publicity,
    "publish": application_publish,
    "certify": application_certify,
    "archive": application_archive,
    "return": application_return,
    "withdraw": application_withdraw,
    "reject": application_reject,
    "veto": application_veto,
    "overturn": application_overturn,
}


def provide_service(action: str, service: Callable[..., Application], *, on_case_page: bool = True) -> None:
    """A later app supplies the whole service of a move that needs more than the case: certificates issue
    the certificate with the certify move; publication publishes only a whole list under a document number,
    from its own page. Every caller of TRANSITION_SERVICES (case page, API, bulk actions) then goes through it."""
    TRANSITION_SERVICES[action] = service
    if not on_case_page:
        NOT_ON_CASE_PAGE.add(action)


NOT_ON_CASE_PAGE: set[str] = set()


# Guards that depend only on the case, so a page can hide a button that would certainly be refused.
STATE_GUARDS: dict[str, Callable[[Application], None]] = {
    "start_result_publicity": _guard_result_publicity,
    "certify": _guard_certify,
    "archive": _guard_archive,
}


def available_transitions(application: Application, user) -> list[Transition]:
    """The moves this user can make on this case now: what the case page offers as buttons."""
    offered = []
    for action in TRANSITION_SERVICES:
        if action in NOT_ON_CASE_PAGE:
            continue
        transition = BY_ACTION[action]
        if application.state not in transition.sources:
            continue
        if not user.has_perm(f"applications.{action}", application):
            continue
        if action == "return" and not is_holder(user, application):
            continue
        try:
            if action in STATE_GUARDS:
                STATE_GUARDS[action](application)
            guards.run(action, application)
        except Conflict:
            continue
        offered.append(transition)
    return offered
