"""Ten clerks of one bureau issue at once: the serials are 1..10, none repeated, none skipped (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from tests.base import build_world
from tests.factories import make_case
from zhicheng.accounts.models import Organisation, User
from zhicheng.applications.models import Application, State
from zhicheng.certificates.models import Certificate, CertificateCounter
from zhicheng.certificates.numbering import next_serial
from zhicheng.certificates.services import certificate_issue

THREADS = 10

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; row locking is tested on PostgreSQL"
)


def _published_cases(count: int) -> list[int]:
    """One case walked to 已公布 through the services, and copies of it in the same state."""
    case = make_case(State.PUBLISHED, outcome="passed")
    ids = [case.pk]
    for _ in range(count - 1):
        copy = Application.objects.get(pk=case.pk)
        copy.pk = None
        copy.save()
        ids.append(copy.pk)
    return ids


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_issues_get_serials_one_to_ten():
    build_world()
    ids = _published_cases(THREADS)
    start = threading.Barrier(THREADS)
    serials: list[int] = []
    errors: list[BaseException] = []

    def issue(pk: int) -> None:
        try:
            actor = User.objects.get(username="rs_liandu")
            application = Application.objects.get(pk=pk)
            start.wait()
            serials.append(certificate_issue(application, actor=actor).serial)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=issue, args=(pk,)) for pk in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert not errors, errors
    assert sorted(serials) == list(range(1, THREADS + 1))
    numbers = list(Certificate.objects.order_by("serial").values_list("number", flat=True))
    assert len(set(numbers)) == THREADS and numbers[-1].endswith("-00010")
    assert Application.objects.filter(pk__in=ids, state=State.CERTIFIED).count() == THREADS


@pytest.mark.django_db(transaction=True)
def test_the_counter_alone_hands_out_each_serial_once_even_for_the_years_first_issue(monkeypatch):
    """No other lock is taken here (issuing also appends to the audit chain, which serialises on its own), and
    each save waits a little, so an unlocked read-modify-write would hand out a serial twice."""
    build_world()
    bureau = Organisation.objects.get(name="莲都区人力资源和社会保障局")
    save = CertificateCounter.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.05)
        save(self, *args, **kwargs)

    monkeypatch.setattr(CertificateCounter, "save", slow_save)
    start = threading.Barrier(THREADS)
    serials: list[int] = []
    errors: list[BaseException] = []

    def take() -> None:
        try:
            start.wait()
            with transaction.atomic():
                serials.append(next_serial(bureau, 2031))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=take) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert not errors, errors
    assert sorted(serials) == list(range(1, THREADS + 1))
    assert CertificateCounter.objects.get(bureau=bureau, year=2031).last_serial == THREADS
