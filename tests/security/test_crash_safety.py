"""A worker killed with SIGKILL in the middle of its work leaves the database as if it had not started the
step it was in, and the step can be run again to completion (PostgreSQL).

The kill point is chosen, not timed: the test holds a row the killed process will need late in its work,
waits until pg_stat_activity shows the process's session waiting for it (with thousands of rows already
written in its open transaction), and kills the process there. Real subprocesses: the django-tasks
database worker (`zhicheng db_worker`) for the import, `zhicheng alerts run` for the detectors, and the
operator's `zhicheng ce resume` and a second `zhicheng alerts run` to finish the work.
Run with `bash .ci/postgres-tests tests/security/test_crash_safety.py`.
"""

import fcntl
import io
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook

from tests.factories import make_professional, xlsx_bytes
from tests.security.blocking import ZHICHENG, Held, database_url, stop, wait_for_waiters, wait_until_gone
from zhicheng.accounts.models import Organisation, Professional, User
from zhicheng.alerts.detectors import DETECTORS
from zhicheng.alerts.models import Alert
from zhicheng.alerts.services import alert_dismiss
from zhicheng.alerts.tasks import run_all
from zhicheng.archive.models import Achievement
from zhicheng.audit.models import Event
from zhicheng.education.importer import CHUNK, COLUMNS, RowChecker
from zhicheng.education.models import CERecord, ImportBatch
from zhicheng.education.services import IMPORT_LOCK_NAMESPACE, ce_import_resume, ce_import_start
from zhicheng.lib.tabular import Row

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the kill point is found in pg_stat_activity; run with .ci/postgres-tests"
)

EMPLOYER = "丽水莲都智能装备有限公司"
PEOPLE = 20
ROWS_EACH = 1000  # 20,000 rows: ten chunks of the importer's write phase


def subprocess_env() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "true"}


def start(*args: str, log) -> subprocess.Popen:
    return subprocess.Popen([ZHICHENG, *args], env=subprocess_env(), stdout=log, stderr=subprocess.STDOUT)


def finish(*args: str) -> str:
    done = subprocess.run([ZHICHENG, *args], env=subprocess_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


# --- a large CE import, the worker killed in its write phase -----------------------------------------------


def large_file(path) -> tuple[list[list], bytes]:
    employer = Organisation.objects.get(name=EMPLOYER)
    people = [make_professional(employer, sequence=600 + n) for n in range(PEOPLE)]
    first = date(2022, 1, 1)
    rows = [
        [
            p.id_number,
            p.name,
            2022,
            "专业科目",
            2,
            f"数字经济专题第{n}讲",
            (first + timedelta(days=n % 365)).isoformat(),
        ]
        for p in people
        for n in range(ROWS_EACH)
    ]
    return rows, xlsx_bytes(COLUMNS, rows, path)


def fingerprint_of(row: list, office: User) -> str:
    checker = RowChecker(region_path=office.region.path, today=date.today())
    clean, errors = checker.check([Row(2, dict(zip(COLUMNS, (str(v) for v in row), strict=True)))])
    assert not errors
    return clean[0].fingerprint


@on_postgresql
def test_a_worker_killed_while_writing_an_import_leaves_nothing_and_ce_resume_finishes_it(world, tmp_path):
    office = world["office"]
    rows, content = large_file(tmp_path / "全市学时.xlsx")
    last = rows[-1]
    batch = ce_import_start(SimpleUploadedFile("全市学时.xlsx", content), actor=office)  # enqueues the task
    people = CERecord.objects.filter(professional__id_number__in={r[0] for r in rows})

    def hold_last_row() -> None:
        # An uncommitted record with the last row's fingerprint: the worker writes nine chunks, then waits here.
        CERecord.objects.create(
            professional=Professional.objects.get(id_number=last[0]),
            year=2022,
            category="professional",
            hours=Decimal(2),
            course="占位",
            study_date=date(2022, 1, 1),
            source=CERecord.Source.MANUAL,
            fingerprint=fingerprint_of(last, office),
        )

    worker = None
    held = Held(hold_last_row)
    try:
        with (tmp_path / "worker.log").open("w") as log:
            held.start()
            worker = start("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0.1", log=log)
            [pid] = wait_for_waiters('INSERT INTO "education_cerecord"', exclude={held.backend_pid}, process=worker)
            batch.refresh_from_db()
            assert (batch.status, batch.processed_rows) == (ImportBatch.Status.RUNNING, len(rows))

            # While the worker lives, its run holds the batch: the operator's resume leaves it alone.
            out = io.StringIO()
            call_command("ce", "resume", stdout=out)
            assert f"批次 {batch.pk}（全市学时.xlsx）正由其他进程导入，未重复运行。" in out.getvalue()

            worker.kill()  # SIGKILL, in the write phase, with nine chunks inserted in its transaction
            worker.wait(60)
            held.release()
            wait_until_gone(pid)
    finally:
        stop(worker)
        held.release()

    # Nothing half-imported: the write transaction died with the worker.
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING and batch.imported_rows == 0
    assert not batch.records.exists() and not people.exists()
    assert not Event.objects.filter(action="ce_import.finish").exists()

    said = finish("ce", "resume")
    assert f"批次 {batch.pk}（全市学时.xlsx）已导入：已导入 {len(rows)} 条学时记录" in said
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.SUCCEEDED
    assert (batch.total_rows, batch.imported_rows, batch.duplicate_rows) == (len(rows), len(rows), 0)
    assert batch.records.count() == people.count() == len(rows)
    assert people.values("fingerprint").distinct().count() == len(rows)
    assert Event.objects.filter(action="ce_import.finish", object_id=str(batch.pk)).count() == 1
    assert Event.objects.filter(action="ce_import.restart", object_id=str(batch.pk)).count() == 1
    assert ce_import_resume() == []  # nothing left to resume
    assert len(rows) == PEOPLE * ROWS_EACH and len(rows) // CHUNK == 10


@contextmanager
def live_run_of(batch_id: int) -> Iterator[None]:
    """The lock a live run of the batch holds, held here instead (by another session, or another open file)."""
    if connection.vendor == "postgresql":
        key = (IMPORT_LOCK_NAMESPACE << 32) | batch_id

        def take() -> None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s::bigint)", [key])

        with Held(take):
            yield
        return
    with (Path(settings.MEDIA_ROOT) / "imports" / f"batch-{batch_id}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def test_resume_leaves_a_batch_a_live_run_holds_and_finishes_one_a_dead_run_left(world, tmp_path):
    """What a killed worker leaves (导入中, no records, no lock) is taken up; a live run's batch is not."""
    office = world["office"]
    rows = [["331102198503121237", "张伟", 2022, "专业科目", 8, f"讲座{n}", f"2022-03-{n + 1:02d}"] for n in range(5)]
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "学时.xlsx")
    batch = ce_import_start(SimpleUploadedFile("学时.xlsx", (tmp_path / "学时.xlsx").read_bytes()), actor=office)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, processed_rows=5)

    with live_run_of(batch.pk):
        [held] = ce_import_resume()
    assert held.status == ImportBatch.Status.RUNNING and not held.records.exists()

    [done] = ce_import_resume()
    assert (done.status, done.imported_rows) == (ImportBatch.Status.SUCCEEDED, 5)
    assert done.records.count() == 5
    assert Event.objects.filter(action="ce_import.restart", object_id=str(batch.pk)).count() == 1


# --- the nightly detectors, `alerts run` killed inside one detector ------------------------------------------

DAYS_EACH = 120  # 30 people × 120 days over the daily limit: 3,600 ce_daily alerts, four upsert statements


def detector_data() -> None:
    """Findings for a detector before ce_daily (a shared DOI) and many for ce_daily itself."""
    employer = Organisation.objects.get(name=EMPLOYER)
    people = [make_professional(employer, sequence=700 + n) for n in range(30)]
    for n, person in enumerate(people[:2]):
        Achievement.objects.create(
            professional=person,
            kind="paper",
            title=f"论文{n}",
            role="第一作者",
            achieved_on=date(2021, 5, 1),
            identifier_key="doi:10.1000/shared",
        )
    first = date(2022, 1, 3)
    CERecord.objects.bulk_create(
        CERecord(
            professional=person,
            year=2022,
            category="professional",
            hours=Decimal(14),
            course="集中培训",
            study_date=first + timedelta(days=day),
            source=CERecord.Source.IMPORT,
            status=CERecord.Status.CONFIRMED,
            fingerprint=f"crash-{person.pk}-{day}",
        )
        for person in people
        for day in range(DAYS_EACH)
    )


def snapshot() -> dict[tuple[str, str], tuple]:
    """Every alert by (kind, key), with what a run writes into it (not its times)."""
    return {
        (a.kind, a.key): (a.region_id, a.summary, a.evidence, a.severity, a.committee_id, a.organisation_id)
        for a in Alert.objects.all()
    }


@on_postgresql
def test_alerts_run_killed_inside_a_detector_leaves_it_all_or_nothing_and_a_rerun_completes(world, tmp_path):
    detector_data()
    run_all(year=2022)  # the reference: an uninterrupted run on the same data
    reference = snapshot()
    kinds_by_detector = {"duplicate_identifiers": Alert.Kind.DUPLICATE_IDENTIFIER, "ce_daily": Alert.Kind.CE_DAILY}
    daily = sorted(key for kind, key in reference if kind == Alert.Kind.CE_DAILY)
    assert len(daily) == 30 * DAYS_EACH
    assert [key for kind, key in reference if kind == Alert.Kind.DUPLICATE_IDENTIFIER]
    Alert.objects.all().delete()

    # The bureau dismissed one ce_daily alert, the last one the detector writes; a rerun must not reopen it.
    fields = ("region_id", "summary", "evidence", "severity", "committee_id", "organisation_id")
    found = dict(zip(fields, reference[(Alert.Kind.CE_DAILY, daily[-1])], strict=True))
    dismissed = alert_dismiss(
        Alert.objects.create(kind=Alert.Kind.CE_DAILY, key=daily[-1], **found),
        actor=world["bureau"],
        reason="经核实为单位集中脱产培训，排除",
    )

    run = None
    held = Held(lambda: Alert.objects.select_for_update().get(pk=dismissed.pk))
    try:
        with (tmp_path / "alerts.log").open("w") as log:
            held.start()
            run = start("alerts", "run", "--year", "2022", log=log)
            [pid] = wait_for_waiters('INSERT INTO "alerts_alert"', exclude={held.backend_pid}, process=run)
            run.kill()  # SIGKILL inside ce_daily, its upsert part-way through the alerts in its open transaction
            run.wait(60)
            held.release()
            wait_until_gone(pid)
    finally:
        stop(run)
        held.release()

    after_kill = snapshot()
    order = DETECTORS.index("ce_daily")
    earlier = {kinds_by_detector.get(name) for name in DETECTORS[:order]} - {None}
    # The detectors before ce_daily finished and stay; ce_daily left nothing new; none after it ran.
    assert {k: v for k, v in after_kill.items() if k[0] in earlier} == {
        k: v for k, v in reference.items() if k[0] in earlier
    }
    assert [k for k in after_kill if k[0] == Alert.Kind.CE_DAILY] == [(Alert.Kind.CE_DAILY, daily[-1])]
    assert not [k for k in after_kill if k[0] not in earlier | {Alert.Kind.CE_DAILY}]

    said = finish("alerts", "run", "--year", "2022")
    assert "跟踪预警检测完成" in said
    assert snapshot() == reference
    dismissed.refresh_from_db()
    assert (dismissed.state, dismissed.reason) == (Alert.State.DISMISSED, "经核实为单位集中脱产培训，排除")
    assert Alert.objects.exclude(pk=dismissed.pk).exclude(state=Alert.State.OPEN).count() == 0
