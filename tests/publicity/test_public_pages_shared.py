"""The public list the crowd opens when a publicity goes up is rendered once per interval, not per visitor."""

from datetime import date

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case
from zhicheng.applications.models import State
from zhicheng.publicity.services import publicity_publish_pre_evaluation


def _publish(world):
    application = make_case(State.QUALIFIED)
    return publicity_publish_pre_evaluation(
        application.committee, [application], actor=world["office"], start=date.today()
    )


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_visitors_share_the_list_for_the_interval_and_then_see_the_new_one(world, settings):
    settings.CACHES = {
        **settings.CACHES,
        "public_pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared-test"},
    }
    with time_machine.travel("2022-09-30 09:00 +0800", tick=False) as clock:
        first, queries = _get(Client(), "/publicity/")
        assert queries > 0
        again, queries = _get(Client(), "/publicity/")  # another visitor in the same interval
        assert (again, queries) == (first, 0)

        publicity = _publish(world)
        assert publicity.title not in _get(Client(), "/publicity/")[0]  # still the shared rendering
        clock.shift(settings.PUBLIC_PAGE_CACHE_SECONDS + 1)
        assert publicity.title in _get(Client(), "/publicity/")[0]


def test_a_logged_in_user_is_never_served_a_visitors_copy(client, world, settings):
    settings.CACHES = {
        **settings.CACHES,
        "public_pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared-test-2"},
    }
    anonymous, _ = _get(Client(), "/publicity/")
    client.force_login(world["office"])
    mine, queries = _get(client, "/publicity/")
    assert queries > 0 and world["office"].name in mine and world["office"].name not in anonymous
