"""Changes to CE hours: a professional's own entry, the employer's confirmation, and imports."""

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhicheng.accounts.models import Professional, Role
from zhicheng.audit.services import record_event
from zhicheng.education import importer
from zhicheng.education.models import CERecord, ImportBatch
from zhicheng.education.tasks import run_import_task
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.lib.tabular import sniff_kind, write_error_report
from zhicheng.policy.selectors import policy_for

IMPORTER_ROLES = (Role.BUREAU, Role.OFFICE)
# The namespace of the imports' PostgreSQL advisory locks (the high 32 bits of the key; the batch id is the rest).
IMPORT_LOCK_NAMESPACE = 0x43450001
UNFINISHED = (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING)


def _fingerprint(professional: Professional, year: int, category: str, hours: Decimal, course: str, day: date) -> str:
    key = f"{professional.id_number}|{year}|{category}|{hours}|{course}|{day}"
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def ce_record_add(
    professional: Professional,
    *,
    actor,
    category: str,
    hours: Decimal,
    course: str,
    study_date: date,
    provider: str = "",
) -> CERecord:
    """A professional records their own hours; they count once the employer confirms them."""
    if professional.user_id != actor.pk:
        raise Forbidden("只能登记本人的继续教育学时")
    limit = policy_for(study_date.year).ce_record_hours_max
    if not 0 < hours <= limit:
        raise RuleViolation(f"学时应大于 0 且不超过 {limit}", clause="继续教育学时登记规则")
    if study_date > timezone.localdate():
        raise RuleViolation("学习日期不能在未来")
    fingerprint = _fingerprint(professional, study_date.year, category, hours, course, study_date)
    if CERecord.objects.filter(fingerprint=fingerprint).exists():
        raise Conflict("这条学时记录已经登记过了")
    record = CERecord.objects.create(
        professional=professional,
        year=study_date.year,
        category=category,
        hours=hours,
        course=course,
        provider=provider,
        study_date=study_date,
        source=CERecord.Source.MANUAL,
        status=CERecord.Status.PENDING,
        fingerprint=fingerprint,
    )
    record_event(actor=actor, action="ce_record.add", obj=record, after=record.status)
    return record


def _decide(record: CERecord, *, actor, status: str, reason: str) -> CERecord:
    record = CERecord.objects.select_for_update(of=("self",)).select_related("professional").get(pk=record.pk)
    if actor.role != Role.EMPLOYER or record.professional.employer_id != actor.organisation_id:
        raise Forbidden("只有本单位经办人可以确认本单位人员的学时")
    if record.status != CERecord.Status.PENDING:
        raise Conflict(f"这条学时记录已是「{record.get_status_display()}」")
    before = record.status
    record.status = status
    record.save(update_fields=["status"])
    record_event(actor=actor, action=f"ce_record.{status}", obj=record, before=before, after=status, reason=reason)
    return record


@transaction.atomic
def ce_record_confirm(record: CERecord, *, actor) -> CERecord:
    """The employer confirms hours a staff member entered; only confirmed hours count (55号 §4(二))."""
    return _decide(record, actor=actor, status=CERecord.Status.CONFIRMED, reason="")


@transaction.atomic
def ce_record_reject(record: CERecord, *, actor, reason: str) -> CERecord:
    """The employer does not confirm the hours, saying why."""
    if not reason.strip():
        raise RuleViolation("请填写不予确认的理由")
    return _decide(record, actor=actor, status=CERecord.Status.REJECTED, reason=reason)


def _store_upload(upload) -> tuple[Path, str]:
    digest = hashlib.sha256()
    folder = Path(settings.MEDIA_ROOT) / "imports" / timezone.localdate().strftime("%Y%m")
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"upload-{timezone.now():%H%M%S%f}.part"
    with temporary.open("wb") as handle:
        for piece in upload.chunks():
            digest.update(piece)
            handle.write(piece)
    kind = sniff_kind(temporary)
    final = folder / f"{digest.hexdigest()}.{kind}"
    temporary.replace(final)
    return final, digest.hexdigest()


@transaction.atomic
def ce_import_start(upload, *, actor) -> ImportBatch:
    """An authorised office or bureau uploads a file; the worker checks and imports it (55号 §4(二))."""
    if actor.role not in IMPORTER_ROLES or actor.region is None:
        raise Forbidden("只有人力社保局或评委会办公室可以批量导入学时")
    if upload.size > settings.CE_IMPORT_MAX_BYTES:
        raise RuleViolation(f"文件超过 {settings.CE_IMPORT_MAX_BYTES // (1024 * 1024)} MB，请拆分后上传")
    path, sha256 = _store_upload(upload)
    batch = ImportBatch.objects.create(
        file_name=upload.name[:200],
        sha256=sha256,
        stored_path=str(path),
        uploaded_by=actor,
        organisation=actor.organisation,
    )
    record_event(actor=actor, action="ce_import.start", obj=batch, after=batch.status, data={"sha256": sha256})
    batch_id = batch.pk
    transaction.on_commit(lambda: run_import_task.enqueue(batch_id))
    return batch


@contextmanager
def _run_lock(batch_id: int) -> Iterator[bool]:
    """Held by the one live run of a batch; yields False when another live run holds it.

    A status alone cannot tell a live run from one whose worker was killed: both say 导入中. The lock can,
    because the database server (an advisory lock of the session) or the kernel (an flock, for the embedded
    SQLite database, whose runs share one machine) drops it the moment the process holding it dies."""
    if connection.vendor == "postgresql":
        key = (IMPORT_LOCK_NAMESPACE << 32) | batch_id
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s::bigint)", [key])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s::bigint)", [key])
        return
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"batch-{batch_id}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ce_import_run(batch_id: int) -> ImportBatch:
    """Check then write one uploaded file, unless another live run has it; the batch as it then stands."""
    with _run_lock(batch_id) as free:
        if not free:
            return ImportBatch.objects.get(pk=batch_id)
        return _run_locked(batch_id)


def ce_import_resume() -> list[ImportBatch]:
    """Run to the end every import a dead worker left 排队中 or 导入中 (`zhicheng ce resume`).

    Safe while workers run: a batch a live run holds is skipped (it comes back still unfinished), and a
    finished one is not run twice. A killed run wrote nothing, since its rows go in one transaction."""
    pending = ImportBatch.objects.filter(status__in=UNFINISHED).order_by("pk").values_list("pk", flat=True)
    return [ce_import_run(pk) for pk in list(pending)]


def _run_locked(batch_id: int) -> ImportBatch:
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(of=("self",))
            .select_related("uploaded_by", "organisation__region")
            .get(pk=batch_id)
        )
        if batch.status not in UNFINISHED:
            return batch  # already finished: running it again changes nothing
        if batch.status == ImportBatch.Status.RUNNING:
            # We hold the run lock, so the run that set 导入中 is dead: its write transaction was rolled back.
            record_event(
                actor=None,
                action="ce_import.restart",
                obj=batch,
                before=batch.status,
                after=batch.status,
                reason="上次导入未完成（处理进程中断），未写入任何记录，现重新检查并导入",
            )
        batch.status = ImportBatch.Status.RUNNING
        batch.processed_rows = 0
        batch.save(update_fields=["status", "processed_rows"])
    path = Path(batch.stored_path)
    checker = importer.RowChecker(region_path=batch.organisation.region.path, today=timezone.localdate())

    def progress(done: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(processed_rows=done)

    try:
        total, errors = importer.check_file(path, checker, progress)
    except RuleViolation as error:
        return _finish(batch_id, status=ImportBatch.Status.FAILED, message=str(error))
    if errors:
        report = path.with_name(f"{path.stem}-errors-{batch_id}.xlsx")
        write_error_report(errors, importer.COLUMNS, report)
        return _finish(
            batch_id,
            status=ImportBatch.Status.FAILED,
            total=total,
            errors=len(errors),
            report=str(report),
            message=f"{len(errors)} 行有错误，整个文件未导入。请下载错误报告，改正后重新上传。",
        )
    with transaction.atomic():
        added, duplicates = importer.write_file(path, checker, batch_id=batch_id)
        return _finish(
            batch_id,
            status=ImportBatch.Status.SUCCEEDED,
            total=total,
            added=added,
            duplicates=duplicates,
            message=f"已导入 {added} 条学时记录" + (f"，{duplicates} 条此前已导入，未重复添加" if duplicates else ""),
        )


@transaction.atomic
def _finish(
    batch_id: int,
    *,
    status: str,
    total: int = 0,
    added: int = 0,
    duplicates: int = 0,
    errors: int = 0,
    report: str = "",
    message: str = "",
) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("uploaded_by").get(pk=batch_id)
    before = batch.status
    batch.status = status
    batch.total_rows = total
    batch.processed_rows = total
    batch.imported_rows = added
    batch.duplicate_rows = duplicates
    batch.error_count = errors
    batch.error_report_path = report
    batch.message = message
    batch.finished_at = timezone.now()
    batch.save()
    record_event(
        actor=batch.uploaded_by,
        action="ce_import.finish",
        obj=batch,
        before=before,
        after=status,
        reason=message,
        data={"total": total, "added": added, "duplicates": duplicates, "errors": errors},
    )
    return batch
