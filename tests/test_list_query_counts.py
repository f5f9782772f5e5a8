"""The N+1 guard: every list page costs the same number of queries however many rows it lists.

The demo scenario (cases in every state, meetings, publicity, certificates, referrals, plans, experts) is
loaded once for the module inside a transaction rolled back at its end. For each list page, as a user who
can see it: count the page's queries, add more rows of the kind it lists (copies of the rows it shows, so
they are visible to the same user, or rows made through the services where a copy cannot be unique), count
again. A count that grows with the rows is a query per row.
"""

import itertools

import pytest
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_professional
from zhicheng.accounts.models import Organisation, User
from zhicheng.alerts.models import Alert
from zhicheng.alerts.services import Finding, raise_alerts
from zhicheng.applications.models import Application, State
from zhicheng.archive.models import Achievement
from zhicheng.committees.models import AnnualPlan, Committee
from zhicheng.education.models import CERecord, ImportBatch
from zhicheng.evaluation.models import Meeting
from zhicheng.publicity.models import Publicity

MORE = 3  # copies of each listed row added between the two counts
_serial = itertools.count(1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo scenario, loaded once; each test's own changes roll back to it, and it rolls back at the end."""
    from zhicheng.demo.loader import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def as_user(demo, db):
    def login(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return login


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _copy(rows: QuerySet, times: int = MORE, **changes) -> int:
    """Save `times` copies of every row (new primary key; `changes` are values or functions of the row)."""
    originals: list[Model] = list(rows)
    assert originals, f"nothing to copy in {rows.model.__name__}: the page would list no rows"
    for original in originals:
        for _ in range(times):
            copy = type(original).objects.get(pk=original.pk)
            copy.pk = None
            for field in copy._meta.concrete_fields:
                if field.unique and not field.primary_key and field.get_internal_type() == "CharField":
                    setattr(copy, field.attname, f"{getattr(copy, field.attname)}-{next(_serial)}")
            for name, value in changes.items():
                setattr(copy, name, value(copy) if callable(value) else value)
            copy.save()
    return len(originals) * times


def _grows(client: Client, url: str, add_rows) -> tuple[int, int]:
    few = _queries(client, url)
    added = add_rows()
    assert added, "no rows were added"
    return few, _queries(client, url)


def _org(username: str) -> Organisation:
    return User.objects.get(username=username).organisation


# --- the pages ----------------------------------------------------------------------------------------------


def test_the_case_list(as_user):
    client = as_user("dw_liandu")
    few, many = _grows(client, "/applications/", lambda: _copy(Application.objects.filter(employer=_org("dw_liandu"))))
    assert many == few


def test_the_case_list_of_a_committee_office(as_user):
    client = as_user("bgs_qiche")
    cases = Application.objects.exclude(state=State.DRAFT).filter(committee__offices=_org("bgs_qiche"))
    few, many = _grows(client, "/applications/?sort=name", lambda: _copy(cases))
    assert many == few


@pytest.mark.parametrize("username", ["zhangwei", "dw_liandu", "zg_lishui", "bgs_liandu", "rs_liandu", "zj_zhao"])
def test_each_roles_workbench(as_user, username):
    client = as_user(username)
    few, many = _grows(client, "/", lambda: _copy(Application.objects.exclude(state=State.DRAFT), times=2))
    assert many == few


def test_the_alert_list(as_user):
    client = as_user("rs_liandu")
    region = User.objects.get(username="rs_liandu").region.pk

    def alerts(n: int, start: int = 0) -> int:
        findings = [
            Finding(Alert.Kind.CE_DAILY, f"guard-{start + i}", region, f"单日学时过多 {i}", {"hours": "30"})
            for i in range(n)
        ]
        return len(raise_alerts(findings))

    alerts(1)
    few, many = _grows(client, "/alerts/", lambda: alerts(MORE, start=1))
    assert many == few


def test_the_achievements_awaiting_verification(as_user):
    client = as_user("dw_liandu")
    staff_achievements = Achievement.objects.filter(professional__employer=_org("dw_liandu"))
    staff_achievements.update(status=Achievement.Status.PENDING)
    few, many = _grows(client, "/archive/pending/", lambda: _copy(staff_achievements))
    assert many == few


def test_the_staff_list(as_user):
    client = as_user("dw_liandu")
    employer = _org("dw_liandu")

    def staff() -> int:
        for _ in range(MORE):
            make_professional(employer, sequence=9000 + next(_serial))
        return MORE

    few, many = _grows(client, "/archive/staff/", staff)
    assert many == few


def _certified_cases() -> int:
    """Copies of the demo's certificate, each with a case and a title of its own (both are one-to-one)."""
    from zhicheng.archive.models import TitleHeld
    from zhicheng.certificates.models import Certificate

    for certificate in Certificate.objects.all():
        for _ in range(MORE):
            n = next(_serial)
            _copy(Application.objects.filter(pk=certificate.application_id), times=1)
            case = Application.objects.latest("pk")
            _copy(TitleHeld.objects.filter(pk=certificate.title_held_id), times=1)
            _copy(
                Certificate.objects.filter(pk=certificate.pk),
                times=1,
                application_id=case.pk,
                title_held_id=TitleHeld.objects.latest("pk").pk,
                serial=certificate.serial + 1000 + n,
            )
    return MORE


@pytest.mark.parametrize(("username", "url"), [("rs_liandu", "/certificates/"), ("zhangwei", "/certificates/mine/")])
def test_the_certificate_lists(as_user, username, url):
    client = as_user(username)
    few, many = _grows(client, url, _certified_cases)
    assert many == few


def test_the_committee_list(as_user):
    client = as_user("zhangwei")
    few, many = _grows(client, "/committees/", lambda: _copy(Committee.objects.all(), times=1))
    assert many == few


def test_the_public_annual_plans(as_user):
    client = as_user(None)
    plans = AnnualPlan.objects.filter(committee__seat_region__name="莲都区")

    def more_plans() -> int:
        added = 0
        for plan in plans:
            for _ in range(MORE):
                committee = Committee.objects.get(pk=plan.committee_id)
                committee.pk, committee.name = None, f"{committee.name}-{next(_serial)}"
                committee.save()
                added += _copy(AnnualPlan.objects.filter(pk=plan.pk), times=1, committee_id=committee.pk)
        return added

    few, many = _grows(client, "/committees/plans/?region=莲都区", more_plans)
    assert many == few


def test_the_filing_deadline_board(as_user):
    client = as_user("rs_lishui")
    units = Committee.objects.filter(kind=Committee.Kind.SELF_EVALUATING)
    few, many = _grows(client, "/committees/deadlines/", lambda: _copy(units))
    assert many == few


def test_the_expert_pool(as_user):
    from tests.evaluation.helpers import expert_pool

    client = as_user("rs_lishui")
    few, many = _grows(client, "/committees/experts/", lambda: len(expert_pool(MORE)))
    assert many == few


def test_the_ce_imports(as_user):
    client = as_user("rs_lishui")
    importer = User.objects.get(username="rs_lishui")
    batch = ImportBatch.objects.create(
        file_name="学时.xlsx",
        sha256="0" * 64,
        stored_path="/nonexistent",
        uploaded_by=importer,
        organisation=importer.organisation,
    )
    few, many = _grows(client, "/education/imports/", lambda: _copy(ImportBatch.objects.filter(pk=batch.pk)))
    assert many == few


def test_the_ce_hours_awaiting_confirmation(as_user):
    client = as_user("dw_liandu")
    records = CERecord.objects.filter(professional__employer=_org("dw_liandu"))[:2]
    CERecord.objects.filter(pk__in=[r.pk for r in records]).update(status=CERecord.Status.PENDING)
    pending = CERecord.objects.filter(professional__employer=_org("dw_liandu"), status=CERecord.Status.PENDING)
    few, many = _grows(client, "/education/", lambda: _copy(pending, fingerprint=lambda r: f"guard-{next(_serial)}"))
    assert many == few


def test_ones_own_ce_hours(as_user):
    client = as_user("zhangwei")
    mine = CERecord.objects.filter(professional__user__username="zhangwei")[:2]
    few, many = _grows(
        client,
        "/education/",
        lambda: _copy(
            CERecord.objects.filter(pk__in=[r.pk for r in mine]), fingerprint=lambda r: f"guard-{next(_serial)}"
        ),
    )
    assert many == few


@pytest.mark.parametrize("username", ["bgs_qiche", "rs_lishui"])
def test_the_meeting_list(as_user, username):
    client = as_user(username)
    few, many = _grows(client, "/meetings/", lambda: _copy(Meeting.objects.all()))
    assert many == few


@pytest.mark.parametrize(("username", "url"), [(None, "/publicity/"), ("bgs_liandu", "/publicity/office/")])
def test_the_publicity_lists(as_user, username, url):
    client = as_user(username)
    few, many = _grows(client, url, lambda: _copy(Publicity.objects.all()))
    assert many == few


def test_the_referral_desk(as_user):
    client = as_user("rs_lishui")
    few, many = _grows(client, "/referrals/", lambda: _copy(Application.objects.filter(referral__isnull=False)))
    assert many == few


def test_the_oversight_index(as_user):
    client = as_user("rs_lishui")
    few, many = _grows(client, "/oversight/", lambda: _copy(Committee.objects.all(), times=1))
    assert many == few


@pytest.mark.parametrize("url", ["/supervision/breadth/", "/supervision/dashboard/"])
def test_the_supervision_tables(as_user, url):
    client = as_user("rs_lishui")
    few, many = _grows(client, url, lambda: _copy(Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER)))
    assert many == few
