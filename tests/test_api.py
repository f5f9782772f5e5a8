"""The JSON API: OpenAPI schema, health check, session and token auth, and the case's transitions."""

from django.core.management import call_command

from tests.factories import make_case
from zhicheng.accounts.services import api_token_create
from zhicheng.applications.models import State
from zhicheng.audit.models import Event


def test_openapi_schema_lists_the_case_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/applications" in schema["paths"]
    assert "/api/v1/applications/{application_id}/transitions/{action}" in schema["paths"]


def test_healthz_answers_without_login(client, db):
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/api/v1/healthz").json()["status"] == "ok"


def test_the_api_needs_authentication(client, world):
    assert client.get("/api/v1/applications").status_code == 401


def test_a_token_user_moves_a_case_and_gets_409_for_an_illegal_move(client, world):
    application = make_case(State.SUBMITTED)
    key = api_token_create(world["employer"], actor=None, name="人事系统对接")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    listed = client.get("/api/v1/applications", **auth).json()
    assert [item["id"] for item in listed["items"]] == [application.pk]

    url = f"/api/v1/applications/{application.pk}/transitions/employer_approve"
    ok = client.post(url, {"reason": "单位公示无异议"}, content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["state"] == State.EMPLOYER_APPROVED

    events = Event.objects.count()
    again = client.post(url, {}, content_type="application/json", **auth)
    assert again.status_code == 409
    assert "不能执行「单位推荐」" in again.json()["detail"]
    assert Event.objects.count() == events


def test_another_role_gets_403_by_api(client, world):
    application = make_case(State.SUBMITTED)
    client.force_login(world["professional"])
    response = client.post(
        f"/api/v1/applications/{application.pk}/transitions/employer_approve", {}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_timeline_endpoint_reads_the_audit_log(client, world):
    application = make_case(State.EMPLOYER_APPROVED)
    client.force_login(world["professional"])
    actions = [e["action"] for e in client.get(f"/api/v1/applications/{application.pk}/timeline").json()]
    assert actions == ["application.create", "application.submit", "application.employer_approve"]


def test_a_professional_creates_a_draft_by_api(client, world):
    from zhicheng.policy.models import Specialty, Title

    client.force_login(world["professional"])
    response = client.post(
        "/api/v1/applications",
        {
            "year": 2022,
            "specialty_id": Specialty.objects.get(name="林业工程").pk,
            "title_id": Title.objects.get(name="高级工程师").pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["committee"].startswith("丽水市林业工程")


def test_session_writes_need_the_csrf_token(world):
    from django.test import Client

    application = make_case(State.SUBMITTED)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["employer"])
    response = strict.post(
        f"/api/v1/applications/{application.pk}/transitions/employer_approve", {}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_token_command_prints_a_working_token(client, world, capsys):
    call_command("token", "create", "rs_liandu")
    key = capsys.readouterr().out.strip().rsplit("：", 1)[-1]
    assert client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
