"""Memory at scale: the peak resident set size of the real export and the real import, each in a process of
its own measured by `/usr/bin/time -v` (or, where that is missing, by the kernel's figure for children).

(a) Export: the case list's .xlsx export (/applications/?export=xlsx, the page's own view, write-only
    openpyxl streamed from a temporary file) of 1,000,000 cases, as the administrator who sees them all.
    Limit: peak ≤ 500 MB.
(b) Import: a 200,000-row CE hours .xlsx for people on the platform, through the real import (upload stored,
    every row checked in read-only mode, then written in one transaction). Limit: peak ≤ 1 GB.

Both run on PostgreSQL in a database of their own, `zhicheng_bench_memory` beside the scale database: the
million cases and the people would otherwise be left in the scale set the other benchmarks measure. It is
created, migrated and given the demo when missing; the cases and people are copied in once and kept, so a
later run only clears the hours the last import wrote. The preparation runs in a child process too, as
Django in this one stays on the scale database. BENCH_MEMORY_EXPORT_ROWS and BENCH_MEMORY_IMPORT_ROWS shrink
the sizes for a quick trial.
"""

import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.setup import ROOT_DIR, create_database, database_url, setup_django

DATABASE = "zhicheng_bench_memory"
EXPORT_ROWS = int(os.environ.get("BENCH_MEMORY_EXPORT_ROWS", 1_000_000))
IMPORT_ROWS = int(os.environ.get("BENCH_MEMORY_IMPORT_ROWS", 200_000))
ROWS_PER_PERSON = 10  # the import file holds ten years × courses per person
YEAR = 2022
EXPORT_LIMIT_MB = 500
IMPORT_LIMIT_MB = 1024
PREFIX = "内存基准"
IMPORTER = "rs_lishui"  # a city bureau: may import for the people of its employers
EMPLOYER = "dw_liandu"  # the people's employer, inside the importer's city


def _generate_cases() -> None:
    from django.db import connection

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application, State
    from zhicheng.committees.models import Scope

    present = Application.objects.count()
    if present >= EXPORT_ROWS:
        print(f"  {present:,} cases already present")
        return
    started = time.perf_counter()
    scopes = list(Scope.objects.all())
    applicants = list(User.objects.filter(role="professional").values_list("pk", "organisation_id"))
    states = [s for s in State.values if s != State.DRAFT]
    rng = random.Random(1_000_000)
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cursor:
        columns = (
            "applicant_id, employer_id, year, series_id, specialty_id, title_id, committee_id, scope_mode, "
            "routing_reason, statement, state, outcome, created_at, updated_at, submitted_at, round, "
            "in_mountain_pool, mountain_years"
        )
        with cursor.copy(f"COPY applications_application ({columns}) FROM STDIN") as copy:
            for n in range(EXPORT_ROWS - present):
                scope = scopes[n % len(scopes)]
                applicant, employer = applicants[n % len(applicants)]
                stamp = f"2022-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00+08"
                where = (scope.series_id, scope.specialty_id or 3, scope.title_id, scope.committee_id, scope.mode)
                state = rng.choice(states)
                copy.write_row(
                    (applicant, employer, 2018 + n % 5, *where, "", "", state, "", stamp, stamp, stamp, 1, False, 0)
                )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE applications_application")
    print(f"  {EXPORT_ROWS - present:,} cases copied in {time.perf_counter() - started:.0f} s")


def _generate_people() -> list[tuple[str, str]]:
    """People of the importer's city to import hours for: (ID number, name), copied in once."""
    from django.db import connection

    from zhicheng.accounts.models import Professional, User
    from zhicheng.lib import idnumber

    wanted = -(-IMPORT_ROWS // ROWS_PER_PERSON)
    people = list(
        Professional.objects.filter(name__startswith=PREFIX).order_by("pk").values_list("id_number", "name")[:wanted]
    )
    if len(people) >= wanted:
        return people
    employer = User.objects.get(username=EMPLOYER).organisation_id
    start = len(people)
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cursor:
        columns = "id_number, name, birth_date, sex, employer_id, created_at, updated_at"
        with cursor.copy(f"COPY accounts_professional ({columns}) FROM STDIN") as copy:
            for i in range(start, wanted):
                born = date(1960, 1, 1) + timedelta(days=i % 10_000)
                number = idnumber.make(f"{950000 + i // 10_000:06d}", born, 0)
                copy.write_row((number, f"{PREFIX}{i:06d}", born, "男", employer, "2022-01-01", "2022-01-01"))
    return list(
        Professional.objects.filter(name__startswith=PREFIX).order_by("pk").values_list("id_number", "name")[:wanted]
    )


def _write_import_file(people: list[tuple[str, str]], path: Path) -> None:
    """The CE template's columns, ten rows per person (years 2013–2022, one course each), write-only."""
    from openpyxl import Workbook

    from zhicheng.education.importer import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("学时")
    sheet.append(COLUMNS)
    for n in range(IMPORT_ROWS):
        number, name = people[n // ROWS_PER_PERSON]
        year = YEAR - n % ROWS_PER_PERSON
        sheet.append([number, name, year, "专业科目", 8, f"专业课程{n % 97}", f"{year}-0{1 + n % 9}-15"])
    workbook.save(path)


def _env() -> dict[str, str]:
    """The children's environment: Django on the memory database, uploads apart from the development site's."""
    return os.environ | {
        "BENCH_DATABASE_URL": database_url(DATABASE),
        "ZHICHENG_VAR_DIR": str(ROOT_DIR / "var" / "bench_memory"),
    }


def _child(argv: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, capture_output=True, text=True, env=_env())
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return done


def _peak_mb(argv: list[str]) -> tuple[float, str]:
    """Run `argv`; its peak RSS in MB (from /usr/bin/time -v when present) and its standard output."""
    if Path("/usr/bin/time").exists():
        done = _child(["/usr/bin/time", "-v", *argv])
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        assert match, done.stderr[-2000:]
        return int(match.group(1)) / 1024, done.stdout
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = _child(argv)
    # ru_maxrss of children is the largest child so far (kB on Linux): valid as this is the largest one.
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, done.stdout


def run() -> None:
    setup_django()
    from bench import results

    results.start(
        "memory",
        title="Memory: the .xlsx export and import (peak RSS of the process)",
        scale={"cases exported": EXPORT_ROWS, "rows imported": IMPORT_ROWS},
    )
    python = [sys.executable, "-m", "bench.bench_memory"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "学时导入.xlsx"
        started = time.perf_counter()
        print(f"  {DATABASE}: {_child([*python, 'prepare', str(path)]).stdout.strip()}", flush=True)
        print(f"  prepared in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        peak, output = _peak_mb([*python, "export"])
        results.record(
            "memory",
            f"case list export to .xlsx ({EXPORT_ROWS:,} rows)",
            peak,
            "MB",
            max_value=EXPORT_LIMIT_MB,
            note=f"{output.strip()}; {time.perf_counter() - started:.0f} s",
        )
        started = time.perf_counter()
        peak, output = _peak_mb([*python, "import", str(path)])
    results.record(
        "memory",
        f"CE hours import from .xlsx ({IMPORT_ROWS:,} rows)",
        peak,
        "MB",
        max_value=IMPORT_LIMIT_MB,
        note=f"{output.strip()}; {time.perf_counter() - started:.0f} s",
    )


# --- the child processes: the preparation, then each measured one does one real thing and says what it did ---


def _prepare(path: str) -> str:
    """The memory database made ready: created and migrated, the demo, the cases and people (once), and the
    import file; the hours an earlier run imported are cleared, so each run measures a first import."""
    from zhicheng.accounts.models import User
    from zhicheng.demo.loader import load_demo
    from zhicheng.education.models import CERecord

    create_database()
    if not User.objects.filter(username=IMPORTER).exists():
        load_demo()
    _generate_cases()
    people = _generate_people()
    CERecord.objects.filter(professional__name__startswith=PREFIX).delete()
    _write_import_file(people, Path(path))
    return f"{len(people):,} people, import file of {IMPORT_ROWS:,} rows written"


def _export() -> str:
    from django.test import Client

    from zhicheng.accounts.models import User

    client = Client()
    client.force_login(User.objects.filter(is_superuser=True).first())
    response = client.get("/applications/?export=xlsx")
    assert response.status_code == 200, response.status_code
    size = 0
    for piece in response.streaming_content:  # as the server sends it, never whole in memory
        size += len(piece)
    return f"{size / 1024 / 1024:.0f} MB file"


def _import(path: str) -> str:
    from django.core.files.uploadedfile import UploadedFile

    from zhicheng.accounts.models import User
    from zhicheng.education.models import ImportBatch
    from zhicheng.education.services import ce_import_run, ce_import_start

    importer = User.objects.get(username=IMPORTER)
    # The upload as Django hands it over for a large file: on disk, read in chunks.
    with open(path, "rb") as handle:
        upload = UploadedFile(handle, name=Path(path).name, size=Path(path).stat().st_size)
        batch = ce_import_start(upload, actor=importer)
    batch = ce_import_run(batch.pk)
    assert batch.status == ImportBatch.Status.SUCCEEDED, batch.message
    return f"{batch.imported_rows:,} rows imported"


CHILDREN = {"prepare": _prepare, "export": _export, "import": _import}

if __name__ == "__main__":
    setup_django(collect_static=False)
    print(CHILDREN[sys.argv[1]](*sys.argv[2:]))
