"""Referring a recommended case to the province and recording the province's decision (55号 §2, §4(三))."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.rules import region_contains
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.applications.services import application_publish
from zhicheng.archive.models import TitleHeld
from zhicheng.archive.services import refresh_profile
from zhicheng.audit.services import record_event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.referrals.letter import Letter, letter_docx, letter_pdf
from zhicheng.referrals.models import Referral

CLAUSE = "55号 §2、§4(三)"


def keeps_referral_desk(user) -> bool:
    """City and province bureaus send referrals to the province; district bureaus do not."""
    return user.role == Role.BUREAU and user.region is not None and user.region.level != "county"


def is_city_bureau_over(user, application: Application) -> bool:
    """The city bureau (or the province's) over the recommending committee issues and records referrals."""
    return keeps_referral_desk(user) and region_contains(user, application.committee.seat_region)


def province_committee_for(application: Application) -> str:
    """The senior committee the province keeps for the series (the addressee of the letter)."""
    return f"浙江省{application.series.name}技术人员高级专业技术职务任职资格评审委员会"


def _letter(application: Application, *, issuer: str, number: str, to_committee: str) -> Letter:
    decided = application.meeting_cases.filter(passed__isnull=False).select_related("meeting").last()
    tally = f"应投{decided.voters}票，赞成{decided.yes}票" if decided else "—"
    meeting = f"{decided.meeting.date:%Y年%-m月%-d日}" if decided else ""
    person = application.professional
    body = (
        f"经{application.committee.name}{meeting}评审会议表决，推荐{application.applicant.name}同志"
        f"（{application.employer.name}，{application.specialty.name}专业）申报{application.title.name}任职资格，"
        "已按规定完成资格审查、评前公示和评后公示。该评委会对此资格只有推荐权，根据莲人社〔2022〕55号第二条、"
        "第四条第（三）项，现委托贵委员会评审，请予受理，并将评审结果函告我局。"
    )
    return Letter(
        issuer=issuer,
        number=number,
        addressee=to_committee,
        body=body,
        header=["姓名", "性别", "工作单位", "专业", "申报资格", "推荐表决"],
        row=[
            application.applicant.name,
            person.sex if person else "",
            application.employer.name,
            application.specialty.name,
            application.title.name,
            tally,
        ],
        dated=timezone.localdate(),
    )


@transaction.atomic
def referral_issue(application: Application, *, actor, number: str, to_committee: str = "") -> Referral:
    """The city bureau sends a recommended case to the province with its 委托评审函; the case is thereby
    published upward (发文) and waits for the province's decision."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related(
            "committee__seat_region", "series", "title", "specialty", "employer", "applicant", "professional"
        )
        .get(pk=application.pk)
    )
    if not is_city_bureau_over(actor, application):
        raise Forbidden("委托评审函由评委会所在市（或省）人力社保局出具")
    if application.outcome != Outcome.RECOMMENDED:
        raise Conflict("只有评审结果为「推荐上报」的申报需要委托评审", clause=CLAUSE)
    if Referral.objects.filter(application=application).exists():
        raise Conflict("该申报已出具委托评审函")
    number = number.strip()
    if not number:
        raise RuleViolation("请填写委托评审函文号，如 丽人社函〔2022〕12号")
    if Referral.objects.filter(issuer=actor.organisation, number=number).exists():
        raise Conflict(f"文号「{number}」已被本单位使用")
    to_committee = to_committee.strip() or province_committee_for(application)
    application_publish(application, actor=actor, reason=f"委托{to_committee}评审（{number}）")
    letter = _letter(application, issuer=actor.organisation.name, number=number, to_committee=to_committee)
    pdf = letter_pdf(letter)
    referral = Referral(
        application=application,
        number=number,
        issuer=actor.organisation,
        to_committee=to_committee,
        issued_by=actor,
        issued_at=timezone.now(),
        letter_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    referral.letter_docx.save(f"委托评审函-{application.pk}.docx", ContentFile(letter_docx(letter)), save=False)
    referral.letter_pdf.save(f"委托评审函-{application.pk}.pdf", ContentFile(pdf), save=False)
    referral.save()
    record_event(
        actor=actor, action="referral.issue", obj=referral, reason=number, data={"sha256": referral.letter_sha256}
    )
    return referral


@transaction.atomic
def referral_record_decision(
    referral: Referral, *, actor, decision: str, document: str, decided_on, certificate_number: str = ""
) -> Referral:
    """The province's answer, as its document says; a pass puts the title in the holder's archive."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("application__committee__seat_region")
        .get(pk=referral.pk)
    )
    application = referral.application
    if not is_city_bureau_over(actor, application):
        raise Forbidden("省级评审结果由出函的市人力社保局或省人力社保厅登记")
    if referral.decision:
        raise Conflict(
            f"省级评审结果已于{referral.decided_on:%Y年%-m月%-d日}登记为「{referral.get_decision_display()}」"
        )
    if decision not in Referral.Decision.values:
        raise RuleViolation("请选择省级评审结果：评审通过或评审未通过")
    if not document.strip():
        raise RuleViolation("请填写省级发文文号")
    if decision == Referral.Decision.PASSED and not certificate_number.strip():
        raise RuleViolation("评审通过的，请填写省级颁发的证书编号")
    if decided_on > timezone.localdate():
        raise RuleViolation("省级评审日期不能晚于今天")
    referral.decision, referral.decision_document = decision, document.strip()
    referral.certificate_number, referral.decided_on, referral.recorded_by = (
        certificate_number.strip(),
        decided_on,
        actor,
    )
    referral.save()
    if decision == Referral.Decision.PASSED and application.professional is not None:
        TitleHeld.objects.create(
            professional=application.professional,
            title=application.title,
            obtained_on=decided_on,
            certificate_number=referral.certificate_number,
            how=TitleHeld.How.EVALUATED,
        )
        refresh_profile(application.professional)
    record_event(
        actor=actor, action="referral.decision", obj=referral, after=decision, reason=referral.decision_document
    )
    return referral


def ensure_referral_decided(application: Application) -> None:
    """A recommended case is closed only once the province's decision is on record (55号 §4(三))."""
    if application.outcome != Outcome.RECOMMENDED or application.state != State.PUBLISHED:
        return
    referral = Referral.objects.filter(application=application).first()
    if referral is None or not referral.decision:
        raise Conflict("推荐上报的申报须登记省级评审结果后方可归档", clause=CLAUSE)


def referral_facts(application: Application) -> list[list[str]]:
    """The referral and the province's answer, for the case's dossier."""
    referral = Referral.objects.filter(application=application).first()
    if referral is None:
        return []
    lines = [["委托评审", f"{referral.number}，{referral.issued_at:%Y年%-m月%-d日}委托{referral.to_committee}"]]
    if referral.decision:
        answer = f"{referral.get_decision_display()}（{referral.decision_document}）"
        if referral.certificate_number:
            answer += f"，证书编号 {referral.certificate_number}"
        lines.append(["省级评审结果", answer])
    return lines
