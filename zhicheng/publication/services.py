"""Filing, publishing and returning a request to publish the passed list (55号 §4(三)).

公示无异议的，由评委会办公室填报《关于要求公布评审通过人员名单的函》（附件4-2）、《评审通过人员名单》（附件4-3）
送区人力社保局审核并发文公布（设在我区的中评委由区人力社保局发文公布）.

Every change: permission, rule, change, audit event, one transaction; notifications are queued after commit.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Organisation, Role, User
from zhicheng.applications import guards
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.applications.services import application_publish
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Committee
from zhicheng.evaluation.reports import notify_users
from zhicheng.lib import idnumber
from zhicheng.lib.errors import Conflict, DomainError, Forbidden, RuleViolation
from zhicheng.publication import documents
from zhicheng.publication.models import Publication, PublicationEntry, PublicationRequest
from zhicheng.publication.numbering import take_number

CLAUSE = "55号 §4(三)"
# 莲职改办〔2022〕3号: the office's 代字, the year in 六角括号, the number.
LETTER_NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")
BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕"})


# --- who is concerned ------------------------------------------------------------------------------------


def seat_bureau(committee: Committee) -> Organisation:
    """The bureau of the very region the committee sits in: it checks and publishes the committee's results
    (a 中评委 seated in a district: the district bureau; a city committee: the city bureau)."""
    bureau = (
        Organisation.objects.filter(kind=Organisation.Kind.BUREAU, region_id=committee.seat_region_id)
        .select_related("region")
        .order_by("pk")
        .first()
    )
    if bureau is None:
        raise RuleViolation(
            f"{committee.seat_region.full_name}尚未登记人力社保局，无法报送{committee.name}的评审结果，请联系系统管理员",
            clause=CLAUSE,
        )
    return bureau


def _tell(users: QuerySet[User], message: str, link: str) -> None:
    ids = list(users.filter(is_active=True).order_by("id").values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: notify_users.enqueue(ids, message, link))


def _office_users(committee: Committee) -> QuerySet[User]:
    return User.objects.filter(role=Role.OFFICE, organisation__in=committee.offices.all())


def _bureau_users(bureau: Organisation) -> QuerySet[User]:
    return User.objects.filter(role=Role.BUREAU, organisation=bureau)


def _link(request: PublicationRequest) -> str:
    return reverse("publication:request_detail", args=[request.pk])


# --- the list ---------------------------------------------------------------------------------------------


def passed_in_publicity(committee: Committee, year: int) -> QuerySet[Application]:
    """The committee's cases of the year in 评后公示 whose result is passed. Recommended cases are not on a
    评审通过 list: the committee above evaluates them."""
    return Application.objects.filter(
        committee=committee, year=year, state=State.RESULT_PUBLICITY, outcome=Outcome.PASSED
    )


def listable(committee: Committee, year: int) -> QuerySet[Application]:
    """Those of them not already on a list awaiting or holding publication."""
    return passed_in_publicity(committee, year).exclude(publication_entries__live=True)


def _entry(order: int, application: Application) -> PublicationEntry:
    professional = application.professional
    return PublicationEntry(
        application=application,
        order=order,
        name=application.applicant.name,
        sex=professional.sex if professional else "",
        masked_id_number=idnumber.mask(professional.id_number) if professional else "",
        employer=application.employer.name,
        specialty=application.specialty.name,
        title=application.title.name,
        in_mountain_pool=application.in_mountain_pool,
    )


def normalise_letter_number(raw: str) -> str:
    return "".join((raw or "").split()).translate(BRACKETS)


@dataclass
class Draft:
    """A request as it will be filed, before anything is written: what the office previews."""

    committee: Committee
    year: int
    office: Organisation
    bureau: Organisation
    letter_number: str
    letter_date: date
    entries: list[PublicationEntry] = field(default_factory=list)


def _ensure_office(actor, committee: Committee) -> None:
    if not actor.has_perm("publication.file_request", committee):
        raise Forbidden(f"只有{committee.name}办公室可以报送其评审通过人员名单")


def _already_listed(committee: Committee, year: int) -> Conflict | None:
    entry = (
        PublicationEntry.objects.filter(live=True, application__in=passed_in_publicity(committee, year))
        .select_related("request")
        .order_by("-request__submitted_at")
        .first()
    )
    if entry is None:
        return None
    return Conflict(
        f"{committee.name}{year}年度的评审通过人员已列入{entry.request.letter_number}"
        f"（{entry.request.get_state_display()}），不能重复报送",
        clause=CLAUSE,
        detail={"request": entry.request.pk},
    )


def _ensure_publishable(cases: list[Application]) -> None:
    """The office files only what the bureau may publish: every rule of the publish move holds for each case
    (its result publicity is over and every objection answered, 55号 §4(三))."""
    refused = []
    for case in cases:
        try:
            guards.run("publish", case)
        except DomainError as error:
            refused.append(f"{case.applicant.name}：{error.message}")
    if refused:
        raise Conflict("以下人员尚不能报送公布：" + "；".join(refused), clause=CLAUSE)


def publication_request_preview(
    committee: Committee, *, actor, year: int, letter_number: str, letter_date: date
) -> Draft:
    """What the office will file, checked but not written: the passed cases of the committee and year in result
    publicity not on another live list, the bureau of the committee's seat, the letter's number and date."""
    _ensure_office(actor, committee)
    number = normalise_letter_number(letter_number)
    if not LETTER_NUMBER.match(number):
        raise RuleViolation(
            f"函号「{letter_number}」格式不对：请按「莲职改办〔{year}〕3号」的格式填写本办公室的发文字号"
            "（代字、六角括号内的年份、序号）"
        )
    today = timezone.localdate()
    if letter_date > today:
        raise RuleViolation(f"函的日期（{documents.cn_date(letter_date)}）不能晚于今天（{documents.cn_date(today)}）")
    reused = (
        PublicationRequest.objects.filter(office=actor.organisation, letter_number=number)
        .exclude(state=PublicationRequest.State.RETURNED)
        .first()
    )
    if reused is not None:
        raise Conflict(
            f"函号{number}已用于{reused.committee.name}{reused.year}年度的报送（{reused.get_state_display()}），请核对",
            clause=CLAUSE,
        )
    cases = list(
        listable(committee, year)
        .select_related("applicant", "professional", "employer", "specialty", "title")
        .order_by("title_id", "specialty_id", "pk")
    )
    if not cases:
        conflict = _already_listed(committee, year)
        if conflict is not None:
            raise conflict
        raise RuleViolation(
            f"{committee.name}{year}年度没有可报送的评审通过人员：名单只列评后公示中、评审结果为「通过」的申报"
            "（推荐上报的由上级评委会评审，不列入本名单）",
            clause=CLAUSE,
        )
    _ensure_publishable(cases)
    return Draft(
        committee=committee,
        year=year,
        office=actor.organisation,
        bureau=seat_bureau(committee),
        letter_number=number,
        letter_date=letter_date,
        entries=[_entry(order, case) for order, case in enumerate(cases, start=1)],
    )


def _documents(draft: Draft, actor) -> dict:
    head = documents.Letterhead(
        office_name=draft.office.name,
        bureau_name=draft.bureau.name,
        committee_name=draft.committee.name,
        year=draft.year,
        letter_number=draft.letter_number,
        letter_date=draft.letter_date,
        contact_name=actor.name or actor.username,
        contact_phone=actor.phone,
    )
    rows = [
        {
            "application": e.application.pk,
            "order": e.order,
            "name": e.name,
            "sex": e.sex,
            "employer": e.employer,
            "specialty": e.specialty,
            "title": e.title,
            "in_mountain_pool": e.in_mountain_pool,
        }
        for e in draft.entries
    ]
    return documents.context(head, rows)


def _attach(file_field, content: bytes, stem: str) -> str:
    sha256 = hashlib.sha256(content).hexdigest()
    file_field.save(f"{stem}-{sha256[:16]}.docx", ContentFile(content), save=False)
    return sha256


@transaction.atomic
def publication_request_submit(
    committee: Committee, *, actor, year: int, letter_number: str, letter_date: date
) -> PublicationRequest:
    """After the result publicity, the office files 附件4-2 and 附件4-3 with the bureau of the committee's seat,
    listing every passed case of the committee and year in result publicity; a case is on one live list only
    (55号 §4(三))."""
    _ensure_office(actor, committee)
    # Two clerks filing at once: the second waits here, then finds the cases listed.
    list(
        Application.objects.select_for_update(of=("self",))
        .filter(committee=committee, year=year, state=State.RESULT_PUBLICITY)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    draft = publication_request_preview(
        committee, actor=actor, year=year, letter_number=letter_number, letter_date=letter_date
    )
    values = _documents(draft, actor)
    request = PublicationRequest(
        committee=committee,
        year=year,
        office=draft.office,
        bureau=draft.bureau,
        letter_number=draft.letter_number,
        letter_date=draft.letter_date,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    request.letter_sha256 = _attach(request.letter, documents.letter_docx(values), "letter-4-2")
    request.name_list_sha256 = _attach(request.name_list, documents.name_list_docx(values), "name-list-4-3")
    request.save()
    for entry in draft.entries:
        entry.request = request
    PublicationEntry.objects.bulk_create(draft.entries)
    record_event(
        actor=actor,
        action="publication_request.submit",
        obj=request,
        after=request.state,
        reason=request.letter_number,
        data={
            "committee": committee.pk,
            "year": year,
            "bureau": draft.bureau.pk,
            "cases": [e.application.pk for e in draft.entries],
            "letter_sha256": request.letter_sha256,
            "name_list_sha256": request.name_list_sha256,
        },
    )
    _tell(
        _bureau_users(draft.bureau),
        f"{committee.name}报送了《关于要求公布评审通过人员名单的函》（{request.letter_number}），"
        f"{year}年度评审通过{len(draft.entries)}人，请审核并发文公布。",
        _link(request),
    )
    return request


# --- the bureau's decision ---------------------------------------------------------------------------------


def _lock(request: PublicationRequest) -> PublicationRequest:
    return (
        PublicationRequest.objects.select_for_update(of=("self",))
        .select_related("committee", "bureau__region")
        .get(pk=request.pk)
    )


def _ensure_decidable(request: PublicationRequest, actor, perm: str, what: str) -> None:
    if not actor.has_perm(perm, request):
        raise Forbidden(f"只有{request.bureau.name}可以{what}{request.committee.name}的评审通过人员名单", clause=CLAUSE)
    if request.state != PublicationRequest.State.SUBMITTED:
        raise Conflict(f"该函当前为「{request.get_state_display()}」，不能再{what}")


def _ensure_still_passed(entries: list[PublicationEntry]) -> None:
    """A case may have left result publicity since it was listed (an objection upheld, a veto)."""
    stale = [
        e for e in entries if e.application.state != State.RESULT_PUBLICITY or e.application.outcome != Outcome.PASSED
    ]
    if stale:
        names = "、".join(f"{e.name}（{e.application.get_state_display()}）" for e in stale)
        raise Conflict(
            f"名单中以下人员的申报已不在评后公示中，不能公布：{names}。请将该函退回评委会办公室重新报送",
            clause=CLAUSE,
        )


@transaction.atomic
def publication_publish(request: PublicationRequest, *, actor, published_on: date) -> Publication:
    """The bureau of the committee's seat checks the list and publishes it by document, numbered per bureau per
    year with no gap; every listed case moves to 已公布 in the same transaction (55号 §4(三))."""
    request = _lock(request)
    _ensure_decidable(request, actor, "publication.publish", "发文公布")
    today, submitted_on = timezone.localdate(), timezone.localdate(request.submitted_at)
    if published_on > today:
        raise RuleViolation(f"发文日期（{documents.cn_date(published_on)}）不能晚于今天（{documents.cn_date(today)}）")
    if published_on < submitted_on:
        raise RuleViolation(
            f"发文日期（{documents.cn_date(published_on)}）不能早于评委会办公室报送的日期（{documents.cn_date(submitted_on)}）"
        )
    ids = list(request.entries.values_list("application_id", flat=True))
    locked = {a.pk: a for a in Application.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")}
    entries = list(request.entries.order_by("order"))
    for entry in entries:
        entry.application = locked[entry.application_id]
    _ensure_still_passed(entries)
    number = take_number(request.bureau, published_on.year)  # locked until commit: the next publisher waits
    for entry in entries:
        application_publish(entry.application, actor=actor, reason=f"{number}发文公布")
    now = timezone.now()
    publication = Publication.objects.create(
        request=request,
        bureau=request.bureau,
        year=number.year,
        number=number.number,
        document_number=str(number),
        published_on=published_on,
        published_by=actor,
        published_at=now,
    )
    before = request.state
    request.state = PublicationRequest.State.PUBLISHED
    request.decided_by, request.decided_at = actor, now
    request.save(update_fields=["state", "decided_by", "decided_at"])
    record_event(
        actor=actor,
        action="publication_request.publish",
        obj=request,
        before=before,
        after=request.state,
        reason=str(number),
        data={
            "publication": publication.pk,
            "document_number": str(number),
            "published_on": published_on.isoformat(),
            "cases": ids,
        },
    )
    _tell(
        _office_users(request.committee),
        f"{request.bureau.name}已发文公布{request.committee.name}{request.year}年度评审通过人员名单"
        f"（{number}，{len(entries)}人），申报已转为「已公布」。",
        _link(request),
    )
    return publication


@transaction.atomic
def publication_request_return(request: PublicationRequest, *, actor, reason: str) -> PublicationRequest:
    """The bureau of the committee's seat returns the request with its reasons; the cases are let go from the
    list and the office may file them again (55号 §4(三))."""
    request = _lock(request)
    _ensure_decidable(request, actor, "publication.return_request", "退回")
    if not reason.strip():
        raise RuleViolation("请填写退回理由，评委会办公室将据此修改后重新报送", clause=CLAUSE)
    before = request.state
    request.entries.update(live=False)
    request.state = PublicationRequest.State.RETURNED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.return_reason = reason.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "return_reason"])
    record_event(
        actor=actor,
        action="publication_request.return",
        obj=request,
        before=before,
        after=request.state,
        reason=request.return_reason,
    )
    _tell(
        _office_users(request.committee),
        f"{request.bureau.name}退回了{request.letter_number}（{request.committee.name}{request.year}年度评审通过人员名单）。"
        f"理由：{request.return_reason}。请修改后重新报送。",
        _link(request),
    )
    return request


def publish_only_by_document(application: Application, *, actor, reason: str = "") -> Application:
    """The publish move as the case page, the API and bulk actions would make it: refused, since a bureau
    publishes a whole 评审通过人员名单 under one document number, from the publication page (55号 §4(三))."""
    raise Conflict(
        "发文公布须由人力社保局按评审通过人员名单整批办理、编发文号，请在「发文公布」页面办理；"
        "推荐上报的申报由市人力社保局出具委托评审函",
        clause="55号 §4(三)",
    )


def publication_facts(application: Application) -> list[list[str]]:
    """The publication that named the case, for the case's dossier."""
    entry = (
        PublicationEntry.objects.filter(application=application, request__publication__isnull=False)
        .select_related("request__publication")
        .first()
    )
    if entry is None:
        return []
    publication = entry.request.publication
    return [["发文公布", f"{publication.document_number}（{publication.published_on:%Y年%-m月%-d日}）"]]
