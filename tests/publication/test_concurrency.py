"""Twenty publications at once on PostgreSQL: the bureau's numbers of the year are 1..20, no gap, no repeat.

Real threads, each with its own connection, publish twenty requests of the same bureau at the same moment;
the locked counter row makes them take their numbers one after another, and the unique constraint would
refuse a repeat. SQLite serialises every writer anyway (IMMEDIATE transactions), so the test means something
only on PostgreSQL: `bash .ci/postgres-tests tests/publication`.
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.publication.helpers import file, passed
from zhicheng.accounts.models import User
from zhicheng.applications.models import Application, State
from zhicheng.publication.models import DocumentCounter, Publication, PublicationRequest
from zhicheng.publication.services import publication_publish

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) are real only on PostgreSQL; run with .ci/postgres-tests",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20
# Ten 莲都区 applicants, a 2022 and a 2023 case each: twenty requests, one case on each.
APPLICANTS = [
    "zhangwei",
    "xuming",
    "liuyang",
    "sunli",
    "luoyu",
    "tangjun",
    "huangqiang",
    "wangfang",
    "zhoujie",
    "gaofeng",
]


def test_twenty_bureau_clerks_publishing_at_once_get_numbers_1_to_20(world):
    requests = []
    for year in (2022, 2023):
        for applicant in APPLICANTS:
            passed(applicant, year=year)
            requests.append(file(world["office"], year=year, number=f"莲职改办〔{year}〕{len(requests) + 1}号"))
    assert [r.entries.count() for r in requests] == [1] * THREADS

    start = threading.Barrier(THREADS)
    numbers: list[int] = []
    errors: list[BaseException] = []
    today = timezone.localdate()

    def publish(pk: int) -> None:
        try:
            actor = User.objects.select_related("organisation__region").get(username="rs_liandu")
            request = PublicationRequest.objects.get(pk=pk)
            start.wait(timeout=60)
            numbers.append(publication_publish(request, actor=actor, published_on=today).number)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(r.pk,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert sorted(numbers) == list(range(1, THREADS + 1))
    published = Publication.objects.filter(bureau=world["bureau"].organisation, year=today.year)
    assert sorted(published.values_list("number", flat=True)) == list(range(1, THREADS + 1))
    assert set(published.values_list("document_number", flat=True)) == {
        f"莲人社〔{today.year}〕{n}号" for n in range(1, THREADS + 1)
    }
    assert DocumentCounter.objects.get(organisation=world["bureau"].organisation, year=today.year).last_number == 20
    assert not PublicationRequest.objects.exclude(state=PublicationRequest.State.PUBLISHED).exists()
    assert set(Application.objects.filter(publication_entries__isnull=False).values_list("state", flat=True)) == {
        State.PUBLISHED
    }
