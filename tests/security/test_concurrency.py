"""The same action twice at the same moment, on PostgreSQL: one takes effect, the other is refused.

Real threads, each with its own connection, go through the real code. So that "at the same moment" is not
left to timing, the test first holds the row both will lock (or an uncommitted row with the key both will
insert) and lets go only once pg_stat_activity shows both sessions waiting there: both have read the old
state by then, which is exactly the race a missing lock or re-check would lose.
Run with `bash .ci/postgres-tests tests/security/test_concurrency.py`.
"""

import threading
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from tests.evaluation.meeting_flow import voting
from tests.factories import make_case, xlsx_bytes
from tests.security.blocking import Held, wait_for_waiters
from zhicheng.accounts.models import Role, User
from zhicheng.applications import checklists
from zhicheng.applications.models import Application, ReviewRecord, State
from zhicheng.audit.models import Event
from zhicheng.education.importer import COLUMNS, RowChecker
from zhicheng.education.models import CERecord, ImportBatch
from zhicheng.education.services import ce_import_run, ce_import_start
from zhicheng.evaluation.ballot import ballot_cast
from zhicheng.evaluation.models import Meeting, VoteCast
from zhicheng.lib.errors import Conflict
from zhicheng.lib.tabular import Row

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) are real only on PostgreSQL; run with .ci/postgres-tests",
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(*calls) -> list:
    """Run each call in its own thread and connection; their results (or the exceptions they raised)."""
    results: list = [None] * len(calls)

    def run(n: int, call) -> None:
        try:
            results[n] = call()
        except BaseException as error:  # compared by the test
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    return results


def test_two_office_clerks_accepting_one_case_at_once_one_gets_200_the_other_409(world):
    case = make_case(State.AUTHORITY_APPROVED)
    first = world["office"]
    second = User.objects.create_user(
        username="bgs_liandu_b", password="x", name="周敏", role=Role.OFFICE, organisation=first.organisation
    )
    clients = []
    for clerk in (first, second):
        client = Client()
        client.force_login(clerk)
        clients.append(client)
    url = f"/api/v1/applications/{case.pk}/transitions/accept"
    body = {"reason": "材料齐全", "checklist": checklists.complete("accept")}

    def post(client: Client):
        return lambda: client.post(url, body, content_type="application/json")

    with Held(lambda: Application.objects.select_for_update().get(pk=case.pk)) as held:
        calls = [post(client) for client in clients]
        results: list = []
        runner = threading.Thread(target=lambda: results.extend(at_once(*calls)))
        runner.start()
        wait_for_waiters('SELECT "applications_application"', 2, exclude={held.backend_pid})
    runner.join(180)

    assert sorted(r.status_code for r in results) == [200, 409]
    refused = next(r for r in results if r.status_code == 409).json()
    assert refused["detail"] == "申报当前为「已受理」，不能执行「受理」"
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
    assert Event.objects.filter(action="application.accept", object_id=str(case.pk)).count() == 1
    assert ReviewRecord.objects.filter(application=case, stage=ReviewRecord.Stage.ACCEPT).count() == 1


def test_an_expert_double_submitting_a_ballot_casts_one(world):
    meeting, came = voting(world, panel=5)
    case = meeting.cases.get()
    expert = came[0].expert.user

    with Held(lambda: Meeting.objects.select_for_update().get(pk=meeting.pk)) as held:
        results: list = []
        calls = [lambda choice=choice: ballot_cast(case, actor=expert, choice=choice) for choice in ("yes", "no")]
        runner = threading.Thread(target=lambda: results.extend(at_once(*calls)))
        runner.start()
        wait_for_waiters('SELECT "evaluation_meeting"', 2, exclude={held.backend_pid})
    runner.join(180)

    refused = [r for r in results if isinstance(r, BaseException)]
    assert results.count(None) == 1 and len(refused) == 1, results
    assert isinstance(refused[0], Conflict) and "每位专家对每件申报只能投一票" in str(refused[0])
    case.refresh_from_db()
    assert case.yes + case.no + case.abstain == 1
    assert VoteCast.objects.filter(meeting_case=case).count() == 1
    assert Event.objects.filter(action="ballot.cast", object_id=str(case.pk)).count() == 1


ZHANGWEI = ("331102198503121237", "张伟")
IMPORT_ROWS = 3000  # two chunks of the importer


def ce_rows() -> list[list]:
    first = date(2022, 1, 1)
    return [
        [*ZHANGWEI, 2022, "专业科目", 2, f"智能制造专题讲座第{n}讲", (first + timedelta(days=n % 360)).isoformat()]
        for n in range(IMPORT_ROWS)
    ]


def fingerprint_of(row: list, office: User) -> str:
    """The fingerprint the importer gives a row, by the importer's own checker."""
    checker = RowChecker(region_path=office.region.path, today=date.today())
    clean, errors = checker.check([Row(2, dict(zip(COLUMNS, (str(v) for v in row), strict=True)))])
    assert not errors
    return clean[0].fingerprint


def test_the_same_file_imported_twice_at_once_adds_each_row_once(world, tmp_path):
    office = world["office"]
    rows = ce_rows()
    content = xlsx_bytes(COLUMNS, rows, tmp_path / "学时.xlsx")
    batches = [ce_import_start(SimpleUploadedFile("学时.xlsx", content), actor=office) for _ in range(2)]
    zhangwei = world["professional"].professional
    blocker_print = fingerprint_of(rows[0], office)

    def hold_first_row() -> None:
        # Uncommitted: both imports see no such record, so both try to insert it, and wait on this one.
        CERecord.objects.create(
            professional=zhangwei,
            year=2022,
            category="professional",
            hours=2,
            course="占位",
            study_date=date(2022, 1, 1),
            source=CERecord.Source.MANUAL,
            fingerprint=blocker_print,
        )

    with Held(hold_first_row) as held:
        results: list = []
        calls = [lambda pk=batch.pk: ce_import_run(pk) for batch in batches]
        runner = threading.Thread(target=lambda: results.extend(at_once(*calls)))
        runner.start()
        wait_for_waiters('INSERT INTO "education_cerecord"', 2, exclude={held.backend_pid})
    runner.join(180)

    assert not [r for r in results if isinstance(r, BaseException)], results
    assert {r.status for r in results} == {ImportBatch.Status.SUCCEEDED}
    assert sorted(r.imported_rows for r in results) == [0, IMPORT_ROWS]
    assert sum(r.imported_rows for r in results) == IMPORT_ROWS
    assert all(r.imported_rows + r.duplicate_rows == IMPORT_ROWS for r in results)
    imported = CERecord.objects.filter(batch__in=batches)
    assert imported.count() == IMPORT_ROWS
    assert imported.values("fingerprint").distinct().count() == IMPORT_ROWS
    assert Event.objects.filter(action="ce_import.finish", after="succeeded").count() == 2
