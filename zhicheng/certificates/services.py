"""Issuing and revoking certificates: permission, rule, change, archive bookkeeping and audit event, in one
transaction with the rows locked."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhicheng.accounts.models import Organisation
from zhicheng.applications.models import Application, IntegrityRecord
from zhicheng.applications.services import application_certify, integrity_record_create
from zhicheng.archive.models import TitleHeld
from zhicheng.archive.services import refresh_profile
from zhicheng.audit.models import Event
from zhicheng.audit.services import record_event
from zhicheng.certificates.document import render_certificate
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.numbering import format_number, next_serial
from zhicheng.evaluation.models import MeetingCase
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation


def _approved_on(application: Application):
    """The day of the meeting whose ballot passed the case, when it was held on the platform."""
    case = (
        MeetingCase.objects.filter(application=application, passed=True)
        .select_related("meeting")
        .order_by("-meeting__date")
        .first()
    )
    return case.meeting.date if case else None


def _published_on(application: Application):
    """The day the bureau published the passed list (发文公布), from the case's audit trail."""
    event = (
        Event.objects.filter(
            object_type=application._meta.label_lower, object_id=str(application.pk), action="application.publish"
        )
        .order_by("-id")
        .first()
    )
    return timezone.localdate(event.created_at) if event else None


@transaction.atomic
def certificate_issue(application: Application, *, actor, reason: str = "") -> Certificate:
    """The bureau certifies a passed, published case and issues its numbered certificate in the same step; the
    title goes into the holder's archive so the next application counts years in grade from it (55号 §4(三))."""
    # Checked first: a superuser passes the role check of application_certify but has no bureau to number for.
    if actor.organisation is None or actor.organisation.kind != Organisation.Kind.BUREAU:
        raise Forbidden("证书由人力社保局颁发，请使用发证机关的账号", clause="55号 §4(三)")
    application = application_certify(application, actor=actor, reason=reason)  # locks, checks role and state
    professional = application.professional
    if professional is None:
        raise RuleViolation("申报人尚未登记个人档案（身份证号），无法发证；请本人登记后再发证")
    bureau: Organisation = actor.organisation
    issued_at = timezone.now()
    issued_on = timezone.localdate(issued_at)
    serial = next_serial(bureau, issued_on.year)
    certificate = Certificate(
        application=application,
        professional=professional,
        bureau=bureau,
        employer=application.employer,
        title=application.title,
        number=format_number(bureau, issued_on.year, serial),
        year=issued_on.year,
        serial=serial,
        holder_name=professional.name,
        holder_sex=professional.sex,
        holder_id_number=professional.id_number,
        title_name=application.title.name,
        series_name=application.series.name,
        specialty_name=application.specialty.name,
        committee_name=application.committee.name,
        bureau_name=bureau.name,
        employer_name=application.employer.name,
        approved_on=_approved_on(application),
        published_on=_published_on(application),
        issued_on=issued_on,
        issued_by=actor,
        issued_at=issued_at,
    )
    pdf = render_certificate(certificate)
    certificate.sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.size = len(pdf)
    certificate.file.save(f"{certificate.sha256}.pdf", ContentFile(pdf), save=False)
    certificate.title_held = TitleHeld.objects.create(
        professional=professional,
        title=application.title,
        obtained_on=issued_on,
        certificate_number=certificate.number,
        how=TitleHeld.How.EVALUATED,
    )
    certificate.save()
    refresh_profile(professional)
    record_event(
        actor=actor,
        action="certificate.issue",
        obj=certificate,
        after=certificate.number,
        data={"application": application.pk, "sha256": certificate.sha256, "title_held": certificate.title_held.pk},
    )
    return certificate


@transaction.atomic
def certificate_revoke(certificate: Certificate, *, actor, reason: str, evidence: str) -> Certificate:
    """The issuing bureau (or the province) revokes a title obtained by fraud: the certificate shows 已撤销, the
    title leaves the holder's archive, and an integrity record bars new applications (40号令)."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("professional", "application", "bureau__region")
        .get(pk=certificate.pk)
    )
    if not actor.has_perm("certificates.revoke_certificate", certificate):
        raise Forbidden("只有发证机关或省人力社保厅可以撤销证书")
    if certificate.is_revoked:
        raise Conflict(f"该证书已于{certificate.revoked_on:%Y年%-m月%-d日}撤销，不能重复撤销")
    reason, evidence = reason.strip(), evidence.strip()
    if not reason or not evidence:
        raise RuleViolation("撤销证书须写明撤销理由和证据说明，二者将记入诚信档案", clause="40号令")
    professional = certificate.professional
    certificate.revoked_at = timezone.now()
    certificate.revoked_on = timezone.localdate(certificate.revoked_at)
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    certificate.revocation_evidence = evidence
    title_held = TitleHeld.objects.filter(
        Q(pk=certificate.title_held_id) | Q(professional=professional, certificate_number=certificate.number)
    )
    removed = sorted(title_held.values_list("pk", flat=True))
    title_held.delete()
    certificate.title_held = None
    certificate.integrity_record = integrity_record_create(
        professional,
        actor=actor,
        source=IntegrityRecord.Source.REVOCATION,
        reason=f"撤销职称证书 {certificate.number}（{certificate.title_name}）：{reason}。证据：{evidence}",
        application=certificate.application,
    )
    certificate.save()
    refresh_profile(professional)
    record_event(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        before="valid",
        after="revoked",
        reason=reason,
        data={
            "evidence": evidence,
            "title_held_removed": removed,
            "integrity_record": certificate.integrity_record.pk,
        },
    )
    return certificate


def certificate_facts(application: Application) -> list[list[str]]:
    """The certificate, for the case's dossier."""
    certificate = Certificate.objects.filter(application=application).first()
    if certificate is None:
        return []
    state = f"，已于{certificate.revoked_at:%Y年%-m月%-d日}撤销" if certificate.revoked_at else ""
    return [["职称证书", f"{certificate.number}（{certificate.issued_on:%Y年%-m月%-d日}颁发{state}）"]]


def certify_with_certificate(application: Application, *, actor, reason: str = "") -> Application:
    """The certify move as every caller makes it (the case page, the API, the demo): with its certificate."""
    return certificate_issue(application, actor=actor, reason=reason).application
