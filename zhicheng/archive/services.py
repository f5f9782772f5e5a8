"""Every change to an archive: permission, rule, change, audit event, in one transaction (55号 §1)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from zhicheng.accounts.models import Professional, Role
from zhicheng.archive.completeness import complete_q, profile_gaps
from zhicheng.archive.identifiers import identifier_key
from zhicheng.archive.imports import StaffRow, read_staff_file
from zhicheng.archive.models import Achievement, Evidence, Profile
from zhicheng.archive.tasks import remind_incomplete
from zhicheng.archive.uploads import check_upload
from zhicheng.audit.services import record_event
from zhicheng.lib import idnumber
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.lib.tabular import RowError

ACHIEVEMENT_FIELDS = ("kind", "title", "achieved_on", "role", "identifier", "description")
PROFILE_FIELDS = ("phone", "email", "address")


# --- checks and bookkeeping shared by the services ---------------------------------------------------


def ensure_can(actor, perm: str, professional: Professional, message: str) -> None:
    if not actor.has_perm(perm, professional):
        raise Forbidden(message)


def ensure_valid(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Model invariants (clean()) as a 422 the pages and the API both show."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        messages = [f"{_label(obj, name)}：{'；'.join(errors)}" for name, errors in exc.message_dict.items()]
        raise RuleViolation("；".join(messages), detail={"errors": exc.message_dict}) from exc


def _label(obj: models.Model, name: str) -> str:
    if name == "__all__":
        return "填写内容"
    return str(getattr(obj._meta.get_field(name), "verbose_name", name))


def refresh_profile(professional: Professional, *, touched: bool = True) -> Profile:
    """Recount what the completeness rule reads; every archive change also marks the archive as updated."""
    profile, _ = Profile.objects.select_for_update().get_or_create(professional=professional)
    profile.profile_complete = not profile_gaps(professional, profile)
    profile.verified_achievements = professional.achievements.filter(status=Achievement.Status.VERIFIED).count()
    if touched:
        profile.updated_at = timezone.now()
    profile.save()
    return profile


def _refresh_identifier_flags(*keys: str) -> None:
    """An identifier claimed by two or more people marks all their entries for review (early warning, 55号 §3)."""
    for key in {k for k in keys if k}:
        claims = Achievement.objects.filter(identifier_key=key)
        people = claims.values("professional_id").distinct().count()
        claims.update(needs_review=people > 1)


def _back_to_pending(achievement: Achievement) -> str:
    """Any change to a verified or returned entry sends it back to the employer (待核验)."""
    before = achievement.status
    if before != Achievement.Status.PENDING:
        achievement.status = Achievement.Status.PENDING
        achievement.verified_by = None
        achievement.verified_at = None
    return before


def _record_edit(achievement: Achievement, *, actor, action: str, data: dict | None = None) -> None:
    """The owner changed the entry or its files: back to 待核验, recount the archive, one audit event."""
    before = _back_to_pending(achievement)
    achievement.save()
    refresh_profile(achievement.professional)
    record_event(actor=actor, action=action, obj=achievement, before=before, after=achievement.status, data=data)


def _locked(achievement: Achievement) -> Achievement:
    return Achievement.objects.select_for_update(of=("self",)).select_related("professional").get(pk=achievement.pk)


# --- the person and the profile ----------------------------------------------------------------------


@transaction.atomic
def professional_register(*, actor, name: str, id_number: str) -> Professional:
    """A professional without a record registers once, keyed by ID number (one person, one archive)."""
    if actor.role != Role.PROFESSIONAL:
        raise Forbidden("只有专业技术人才本人可以登记个人档案")
    if Professional.objects.filter(user=actor).exists():
        raise Conflict("您已登记个人档案，无需重复登记")
    try:
        identity = idnumber.parse(id_number)
    except idnumber.InvalidIdNumber as exc:
        raise RuleViolation(str(exc)) from exc
    if not name.strip():
        raise RuleViolation("请填写姓名")
    if Professional.objects.filter(id_number=identity.value).exists():
        raise Conflict("该身份证号已有档案（一人一档），请联系所在单位经办人为您关联账号")
    professional = Professional.objects.create(
        id_number=identity.value,
        name=name.strip(),
        birth_date=identity.birth_date,
        sex=identity.sex,
        employer=actor.organisation,
        user=actor,
    )
    refresh_profile(professional)
    record_event(actor=actor, action="archive.register", obj=professional, after=identity.masked)
    return professional


@transaction.atomic
def profile_update(professional: Professional, *, actor, **values: str) -> Profile:
    """The owner keeps their contact details current."""
    ensure_can(actor, "archive.change_profile", professional, "只有本人可以修改个人档案")
    profile, _ = Profile.objects.select_for_update().get_or_create(professional=professional)
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(profile, name, (values[name] or "").strip())
    ensure_valid(profile)
    profile.save()
    refresh_profile(professional)
    record_event(actor=actor, action="archive.profile_update", obj=profile, data={"fields": sorted(values)})
    return profile


@transaction.atomic
def profile_entry_add(professional: Professional, entry: models.Model, *, actor) -> models.Model:
    """The owner adds a school record, a period of work or a title held."""
    ensure_can(actor, "archive.change_profile", professional, "只有本人可以修改个人档案")
    entry.professional = professional  # type: ignore[attr-defined]
    ensure_valid(entry)
    entry.save()
    refresh_profile(professional)
    record_event(actor=actor, action=f"archive.{entry._meta.model_name}_add", obj=entry, after=str(entry))
    return entry


@transaction.atomic
def profile_entry_delete(entry: models.Model, *, actor) -> None:
    professional = entry.professional  # type: ignore[attr-defined]
    ensure_can(actor, "archive.change_profile", professional, "只有本人可以修改个人档案")
    record_event(actor=actor, action=f"archive.{entry._meta.model_name}_delete", obj=entry, before=str(entry))
    entry.delete()
    refresh_profile(professional)


# --- achievements ------------------------------------------------------------------------------------


def _apply(achievement: Achievement, data: dict) -> None:
    for name in ACHIEVEMENT_FIELDS:
        if name in data:
            value = data[name]
            setattr(achievement, name, value.strip() if isinstance(value, str) else value)
    achievement.identifier_key = identifier_key(achievement.kind, achievement.identifier)
    ensure_valid(achievement, exclude=["professional"])


@transaction.atomic
def achievement_create(professional: Professional, *, actor, data: dict) -> Achievement:
    """The owner records an achievement; it waits for the employer's verification (待核验)."""
    ensure_can(actor, "archive.add_achievement", professional, "只有本人可以登记业绩")
    achievement = Achievement(professional=professional)
    _apply(achievement, data)
    achievement.save()
    _refresh_identifier_flags(achievement.identifier_key)
    refresh_profile(professional)
    record_event(actor=actor, action="archive.achievement_create", obj=achievement, after=achievement.status)
    return achievement


@transaction.atomic
def achievement_update(achievement: Achievement, *, actor, data: dict) -> Achievement:
    """The owner corrects an entry; a verified or returned one goes back to 待核验."""
    achievement = _locked(achievement)
    ensure_can(actor, "archive.add_achievement", achievement.professional, "只有本人可以修改业绩")
    old_key = achievement.identifier_key
    _apply(achievement, data)
    _record_edit(achievement, actor=actor, action="archive.achievement_update")
    _refresh_identifier_flags(old_key, achievement.identifier_key)
    return achievement


@transaction.atomic
def achievement_delete(achievement: Achievement, *, actor) -> None:
    achievement = _locked(achievement)
    professional = achievement.professional
    ensure_can(actor, "archive.add_achievement", professional, "只有本人可以删除业绩")
    record_event(actor=actor, action="archive.achievement_delete", obj=achievement, before=achievement.status)
    key = achievement.identifier_key
    achievement.delete()
    _refresh_identifier_flags(key)
    refresh_profile(professional)


@transaction.atomic
def evidence_add(achievement: Achievement, *, actor, upload: UploadedFile) -> Evidence:
    """Attach a PDF/PNG/JPG (checked by content, ≤ the size limit), kept once under its SHA-256."""
    achievement = _locked(achievement)
    ensure_can(actor, "archive.add_achievement", achievement.professional, "只有本人可以上传证明材料")
    checked = check_upload(upload)
    evidence = Evidence(
        achievement=achievement,
        name=checked.name,
        file_type=checked.file_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    stored = Evidence.objects.filter(sha256=checked.sha256).values_list("file", flat=True).first()
    if stored and default_storage.exists(stored):
        evidence.file.name = stored
    else:
        evidence.file.save(checked.name, upload, save=False)
    evidence.save()
    _record_edit(
        achievement,
        actor=actor,
        action="archive.evidence_add",
        data={"evidence": evidence.pk, "sha256": checked.sha256, "size": checked.size},
    )
    return evidence


@transaction.atomic
def evidence_delete(evidence: Evidence, *, actor) -> None:
    achievement = _locked(evidence.achievement)
    ensure_can(actor, "archive.add_achievement", achievement.professional, "只有本人可以删除证明材料")
    sha, path = evidence.sha256, evidence.file.name or ""
    evidence.delete()
    _record_edit(achievement, actor=actor, action="archive.evidence_delete", data={"sha256": sha})
    if not Evidence.objects.filter(sha256=sha).exists():
        transaction.on_commit(lambda: default_storage.delete(path))


def _ensure_pending(achievement: Achievement, label: str) -> None:
    if achievement.status != Achievement.Status.PENDING:
        raise Conflict(f"此业绩当前为「{achievement.get_status_display()}」，不能{label}；本人修改后会重新进入待核验")


@transaction.atomic
def achievement_verify(achievement: Achievement, *, actor) -> Achievement:
    """The employer confirms an entry against the originals (单位核验, 55号 §1)."""
    achievement = _locked(achievement)
    ensure_can(actor, "archive.verify_achievement", achievement.professional, "只有本人所在单位可以核验业绩")
    _ensure_pending(achievement, "核验")
    achievement.status = Achievement.Status.VERIFIED
    achievement.verified_by = actor
    achievement.verified_at = timezone.now()
    achievement.return_reason = ""
    achievement.save()
    refresh_profile(achievement.professional)
    record_event(
        actor=actor, action="archive.achievement_verify", obj=achievement, before="pending", after=achievement.status
    )
    return achievement


@transaction.atomic
def achievement_return(achievement: Achievement, *, actor, reason: str) -> Achievement:
    """The employer sends an entry back with what is wrong; the owner sees the reason."""
    achievement = _locked(achievement)
    ensure_can(actor, "archive.verify_achievement", achievement.professional, "只有本人所在单位可以退回业绩")
    _ensure_pending(achievement, "退回")
    if not reason.strip():
        raise RuleViolation("退回须填写理由，本人将看到这段说明")
    achievement.status = Achievement.Status.RETURNED
    achievement.return_reason = reason.strip()
    achievement.save()
    refresh_profile(achievement.professional)
    record_event(
        actor=actor,
        action="archive.achievement_return",
        obj=achievement,
        before="pending",
        after=achievement.status,
        reason=reason.strip(),
    )
    return achievement


# --- the employer's staff ----------------------------------------------------------------------------


def _ensure_employer(actor) -> None:
    if actor.role != Role.EMPLOYER or not actor.organisation_id:
        raise Forbidden("只有用人单位经办人可以办理本单位人员的档案事务")


@transaction.atomic
def staff_remind(*, actor, year: int) -> int:
    """Remind every member of staff whose archive is incomplete (in-app and e-mail, after commit)."""
    _ensure_employer(actor)
    ids = list(
        Professional.objects.filter(employer_id=actor.organisation_id)
        .exclude(complete_q(year))
        .values_list("pk", flat=True)
    )
    record_event(
        actor=actor, action="archive.staff_remind", obj=actor.organisation, data={"year": year, "count": len(ids)}
    )
    if ids:
        name = actor.organisation.name
        transaction.on_commit(lambda: remind_incomplete.enqueue(ids, year, name))
    return len(ids)


@dataclass
class ImportOutcome:
    created: int = 0
    existing: int = 0
    errors: list[RowError] = field(default_factory=list)


@transaction.atomic
def staff_import(path: Path, *, actor, file_name: str) -> ImportOutcome:
    """An employer onboards its staff from .xlsx/.csv: every row is checked; one bad row imports nothing."""
    _ensure_employer(actor)
    rows, errors = read_staff_file(path, employer_id=actor.organisation_id)
    outcome = ImportOutcome(errors=errors)
    if errors:
        return outcome
    new_rows: list[StaffRow] = [row for row in rows if not row.exists]
    outcome.existing = len(rows) - len(new_rows)
    Professional.objects.bulk_create(
        [
            Professional(
                id_number=row.identity.value,
                name=row.name,
                birth_date=row.identity.birth_date,
                sex=row.identity.sex,
                employer_id=actor.organisation_id,
            )
            for row in new_rows
        ]
    )
    by_id = Professional.objects.in_bulk([row.identity.value for row in new_rows], field_name="id_number")
    Profile.objects.bulk_create(
        [
            Profile(professional=by_id[row.identity.value], phone=row.phone, email=row.email, updated_at=timezone.now())
            for row in new_rows
        ]
    )
    outcome.created = len(new_rows)
    record_event(
        actor=actor,
        action="archive.staff_import",
        obj=actor.organisation,
        reason=file_name,
        data={"created": outcome.created, "existing": outcome.existing},
    )
    return outcome
