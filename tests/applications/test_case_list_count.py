"""The workbench's case count: exact for ordinary lists; a large list's count is shared for a few seconds."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_case
from zhicheng.applications import selectors
from zhicheng.applications.models import State


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_small_list_is_counted_exactly_on_every_view(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "SLOW_COUNT_SECONDS", 60)  # however slow this machine counts
    make_case(State.SUBMITTED, applicant="liuyang")
    client.force_login(world["office"])
    assert client.get(reverse("applications:list")).context["page"].paginator.count == 1
    make_case(State.SUBMITTED, applicant="huangqiang")
    assert client.get(reverse("applications:list")).context["page"].paginator.count == 2


def test_a_large_lists_count_is_reused_briefly_and_each_filter_has_its_own(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "LARGE_COUNT", 1)
    make_case(State.SUBMITTED, applicant="liuyang")
    client.force_login(world["office"])
    assert client.get(reverse("applications:list")).context["page"].paginator.count == 1
    make_case(State.SUBMITTED, applicant="huangqiang")
    listed = client.get(reverse("applications:list"))
    assert listed.context["page"].paginator.count == 1  # the shared count of a moment ago
    assert len(listed.context["page"].object_list) == 2  # while the rows shown are live
    filtered = client.get(reverse("applications:list"), {"state": State.SUBMITTED, "sort": "name"})
    assert filtered.context["page"].paginator.count == 2


def test_a_slow_count_of_a_small_list_is_reused_briefly(client, world, monkeypatch):
    """A one-character name search counts few cases but reads every name to find them."""
    monkeypatch.setattr(selectors, "SLOW_COUNT_SECONDS", 0)  # every count is slow
    make_case(State.SUBMITTED, applicant="liuyang")
    client.force_login(world["office"])
    assert client.get(reverse("applications:list")).context["page"].paginator.count == 1
    make_case(State.SUBMITTED, applicant="huangqiang")
    listed = client.get(reverse("applications:list"))
    assert listed.context["page"].paginator.count == 1
    assert len(listed.context["page"].object_list) == 2
