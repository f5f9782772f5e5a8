"""The audit log is a hash chain: `zhicheng audit verify` passes on an honest log and names the first
altered event after someone edits a row in the database."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import make_case
from zhicheng.applications.models import State
from zhicheng.audit.models import Event


def test_verify_passes_on_an_honest_log(world, capsys):
    make_case(State.ACCEPTED)
    call_command("audit", "verify")
    assert "审计链完好" in capsys.readouterr().out


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_names_the_event_whose_reason_was_rewritten(world):
    make_case(State.RETURNED, reason="材料不全")
    target = Event.objects.get(action="application.return")
    _tamper(f"UPDATE {Event._meta.db_table} SET reason = %s WHERE id = %s", ["材料齐全", target.pk])

    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    assert f"#{target.pk}" in str(error.value)
    assert "内容与哈希不符" in str(error.value)


def test_verify_notices_a_deleted_event(world):
    make_case(State.ACCEPTED)
    events = list(Event.objects.order_by("id"))
    removed, following = events[2], events[3]
    _tamper(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [removed.pk])

    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    assert f"#{following.pk}" in str(error.value)


def test_events_cannot_be_changed_or_deleted_through_the_application(world):
    make_case(State.SUBMITTED)
    event = Event.objects.first()
    event.reason = "改写"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(PermissionError):
        Event.objects.all().delete()


def test_each_event_records_the_request_that_caused_it(client, world):
    application = make_case(State.SUBMITTED)
    client.force_login(world["employer"])
    response = client.post(f"/applications/{application.pk}/do/employer_approve/", HTTP_X_REQUEST_ID="req-test-123")
    assert response["X-Request-ID"] == "req-test-123"
    event = Event.objects.latest("id")
    assert event.request_id == "req-test-123"
    assert event.before == State.SUBMITTED and event.after == State.EMPLOYER_APPROVED
