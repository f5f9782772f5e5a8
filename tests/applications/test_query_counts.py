"""List pages cost the same number of queries however many rows they show (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case
from zhicheng.applications.models import State


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_case_list_and_workbench_do_not_grow_with_rows(client, world):
    client.force_login(world["employer"])
    make_case(State.SUBMITTED)
    few = (_queries(client, "/applications/"), _queries(client, "/"))
    for specialty in ["电气工程", "建筑工程", "化学工程", "水利工程"]:
        make_case(State.SUBMITTED, specialty=specialty)
    many = (_queries(client, "/applications/"), _queries(client, "/"))
    assert many == few
