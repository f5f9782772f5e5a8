"""The permission matrix: every page and every API operation, called as every actor, against the table.

The routes come from the URL configuration and the operations from the OpenAPI schema, so a new endpoint
has no row in tests/security/permission_table.py and fails here until someone decides who may call it.
Each call runs inside the test's own transaction, rolled back after it, so a POST that changes something
leaves the next call the same world.

A call is refused when the platform says no: 401, 403, 404 (the object is hidden from this actor), a
redirect to the login page, or a permission refusal (Forbidden) that the view caught and turned into a
message. Anything else that is not a server error passed the permission check: a page, a download, a
redirect elsewhere, or a 400/409/422 about the form or the state.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import pdf_bytes
from tests.security.matrix_world import ACTORS, build_matrix_world
from tests.security.permission_table import ALLOWED
from zhicheng.api import api
from zhicheng.lib.errors import Forbidden

SKIPPED_PREFIXES = ("admin/", "api/v1/")  # the admin is Django's; the API is walked through its schema
API_PREFIX = "/api/v1"
ALLOWED_VERDICT, REFUSED_VERDICT = "allowed", "refused"

# --- what exists -------------------------------------------------------------------------------------


def _walk(patterns, namespace: str = "", prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(SKIPPED_PREFIXES):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL {route} has no name, so the permission table cannot name it"
            yield namespace + entry.name


def page_routes() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def api_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, methods in schema["paths"].items() for method in methods)


ROUTES = page_routes() + api_operations()
PAIRS = [(route, actor) for route in ROUTES for actor in ACTORS]


# --- how each route is called in the world -------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """The URL arguments (or API path parameters) from the world, and what a POST sends."""

    kwargs: Callable[[dict], dict] = lambda o: {}
    data: Callable[[dict], dict] = lambda o: {}
    query: dict = field(default_factory=dict)
    multipart: bool = False  # an API upload: the data goes as a form, with a real PDF as "file"/"document"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes("证明材料"), content_type="application/pdf")


def _pk(name: str) -> Callable[[dict], dict]:
    return lambda o: {"pk": o[name].pk}


CALLS: dict[str, Call] = {
    # applications: 张伟's submitted case; his draft to edit; a colleague's archived case for the dossier
    "applications:detail": Call(_pk("submitted")),
    "applications:edit": Call(_pk("draft")),
    "applications:dossier": Call(_pk("archived")),
    "applications:transition": Call(lambda o: {"pk": o["submitted"].pk, "action": "employer_approve"}),
    # archive: 张伟's own records
    "archive:entry_delete": Call(lambda o: {"kind": "education", "pk": o["education_entry"].pk}),
    "archive:professional": Call(_pk("professional")),
    "archive:dossier": Call(_pk("professional")),
    "archive:achievement": Call(_pk("achievement")),
    "archive:achievement_edit": Call(_pk("achievement")),
    "archive:achievement_delete": Call(_pk("achievement")),
    "archive:evidence_add": Call(_pk("achievement")),
    "archive:verify": Call(_pk("achievement")),
    "archive:return": Call(_pk("achievement"), data=lambda o: {"reason": "证明材料不清晰"}),
    "archive:evidence": Call(_pk("evidence")),
    "archive:evidence_delete": Call(_pk("evidence")),
    "archive:entry_add": Call(lambda o: {"kind": "education"}),
    "archive:import_report": Call(lambda o: {"token": "no-such-report"}),
    # alerts, certificates, committees, education
    "alerts:detail": Call(_pk("alert")),
    "alerts:confirm": Call(_pk("alert"), data=lambda o: {"reason": "经核实属实"}),
    "alerts:dismiss": Call(_pk("alert"), data=lambda o: {"reason": "经核实不属实"}),
    "certificates:issue": Call(lambda o: {"application_pk": o["published"].pk}),
    "certificates:revoke": Call(_pk("certificate")),
    "certificates:download": Call(_pk("certificate")),
    "committees:filing_approve": Call(_pk("filing")),
    "committees:status": Call(_pk("committee")),
    "committees:plan_edit": Call(lambda o: {"pk": o["committee"].pk, "year": 2027}),
    "education:record_confirm": Call(_pk("ce_record")),
    "education:record_reject": Call(_pk("ce_record"), data=lambda o: {"reason": "无学时证明"}),
    "education:import_detail": Call(_pk("ce_import")),
    "education:import_report": Call(_pk("ce_import")),
    # evaluation: the 初评委's open meeting, 马静's case on it, the approved standard
    "evaluation:meeting": Call(_pk("meeting")),
    "evaluation:meeting_action": Call(lambda o: {"pk": o["meeting"].pk, "action": "voting"}),
    "evaluation:minutes": Call(_pk("meeting")),
    "evaluation:standard_detail": Call(_pk("standard")),
    "evaluation:standard_indicator_add": Call(_pk("standard")),
    "evaluation:standard_indicator_edit": Call(lambda o: {"pk": o["standard"].pk, "indicator_pk": o["indicator"].pk}),
    "evaluation:standard_indicator_remove": Call(lambda o: {"pk": o["standard"].pk, "indicator_pk": o["indicator"].pk}),
    "evaluation:standard_action": Call(lambda o: {"pk": o["standard"].pk, "action": "new_version"}),
    "evaluation:report": Call(_pk("meeting")),
    "evaluation:report_submit": Call(_pk("meeting")),
    "evaluation:report_decide": Call(_pk("meeting"), data=lambda o: {"decision": "approve", "opinion": "同意"}),
    "evaluation:panel": Call(_pk("meeting")),
    "evaluation:panel_score": Call(lambda o: {"pk": o["meeting"].pk, "case_pk": o["meeting_case"].pk}),
    "evaluation:panel_recuse": Call(lambda o: {"pk": o["meeting"].pk, "case_pk": o["meeting_case"].pk}),
    "evaluation:panel_vote": Call(
        lambda o: {"pk": o["meeting"].pk, "case_pk": o["meeting_case"].pk}, data=lambda o: {"choice": "yes"}
    ),
    # inspections, oversight
    "inspections:public_detail": Call(_pk("campaign")),
    "inspections:campaign": Call(_pk("campaign")),
    "inspections:publish": Call(_pk("campaign")),
    "inspections:finding": Call(_pk("inspected_unit")),
    "inspections:pool_remove": Call(_pk("inspector")),
    "oversight:draw_detail": Call(_pk("rereview_draw")),
    "oversight:assign": Call(_pk("rereview")),
    "oversight:rereview": Call(_pk("rereview")),
    "oversight:committee": Call(_pk("committee")),
    "oversight:escalate": Call(_pk("committee")),
    "oversight:complain": Call(_pk("committee")),
    # publication, publicity, referrals
    "publication:public_detail": Call(_pk("publication")),
    "publication:request_detail": Call(_pk("publication_request")),
    "publication:document": Call(lambda o: {"pk": o["publication_request"].pk, "which": "letter"}),
    "publication:publish": Call(_pk("publication_request")),
    "publication:return": Call(_pk("publication_request"), data=lambda o: {"reason": "名单有误"}),
    "publicity:public_detail": Call(_pk("pre_publicity")),
    "publicity:prepare_kind": Call(lambda o: {"kind": "pre_evaluation"}),
    "publicity:office_detail": Call(_pk("pre_publicity")),
    "publicity:answer": Call(_pk("objection")),
    "referrals:issue": Call(lambda o: {"application_pk": o["recommended"].pk}),
    "referrals:decide": Call(_pk("referral")),
    "referrals:letter": Call(lambda o: {"pk": o["referral"].pk, "kind": "pdf"}),
    # the API: path parameters and JSON bodies that pass validation, so the permission check is reached
    "POST /api/v1/applications": Call(
        data=lambda o: {"year": 2026, "specialty_id": o["draft"].specialty_id, "title_id": o["draft"].title_id}
    ),
    "GET /api/v1/applications/{application_id}": Call(lambda o: {"application_id": o["submitted"].pk}),
    "GET /api/v1/applications/{application_id}/timeline": Call(lambda o: {"application_id": o["submitted"].pk}),
    "POST /api/v1/applications/{application_id}/transitions/{action}": Call(
        lambda o: {"application_id": o["submitted"].pk, "action": "employer_approve"}
    ),
    "POST /api/v1/education/compliance": Call(
        data=lambda o: {"application_year": 2026, "title_id": o["draft"].title_id, "education": "bachelor"}
    ),
    "POST /api/v1/committees/{committee_id}/status": Call(
        lambda o: {"committee_id": o["committee"].pk},
        data=lambda o: {"to": "warned", "reason": "评审材料审核不严", "document": _pdf("告诫决定书.pdf")},
        multipart=True,
    ),
    "GET /api/v1/committees/plans": Call(query={"region": "莲都区", "year": 2022}),
    "GET /api/v1/committees/deadlines": Call(query={"year": 2022}),
    "POST /api/v1/committees/filings/{filing_id}/approve": Call(lambda o: {"filing_id": o["filing"].pk}),
    "PUT /api/v1/archive/profile": Call(data=lambda o: {"phone": "13800000001"}),
    "GET /api/v1/archive/professionals/{professional_id}": Call(lambda o: {"professional_id": o["professional"].pk}),
    "GET /api/v1/archive/professionals/{professional_id}/completeness": Call(
        lambda o: {"professional_id": o["professional"].pk}
    ),
    "GET /api/v1/professionals/{professional_id}/compliance": Call(
        lambda o: {"professional_id": o["professional"].pk}, query={"title": 0, "year": 2026}
    ),
    "POST /api/v1/archive/achievements": Call(
        data=lambda o: {"kind": "paper", "title": "新论文", "achieved_on": "2022-01-01", "role": "第一作者"}
    ),
    "GET /api/v1/archive/achievements/{achievement_id}": Call(lambda o: {"achievement_id": o["achievement"].pk}),
    "PUT /api/v1/archive/achievements/{achievement_id}": Call(
        lambda o: {"achievement_id": o["achievement"].pk},
        data=lambda o: {"kind": "paper", "title": "改题", "achieved_on": "2021-03-01", "role": "第一作者"},
    ),
    "DELETE /api/v1/archive/achievements/{achievement_id}": Call(lambda o: {"achievement_id": o["achievement"].pk}),
    "POST /api/v1/archive/achievements/{achievement_id}/verify": Call(
        lambda o: {"achievement_id": o["achievement"].pk}
    ),
    "POST /api/v1/archive/achievements/{achievement_id}/return": Call(
        lambda o: {"achievement_id": o["achievement"].pk}, data=lambda o: {"reason": "证明材料不清晰"}
    ),
    "POST /api/v1/archive/achievements/{achievement_id}/evidence": Call(
        lambda o: {"achievement_id": o["achievement"].pk}, data=lambda o: {"file": _pdf("证明.pdf")}, multipart=True
    ),
    "GET /api/v1/archive/evidence/{evidence_id}": Call(lambda o: {"evidence_id": o["evidence"].pk}),
}


# --- calling and judging ----------------------------------------------------------------------------------


@contextmanager
def forbidden_raised() -> Iterator[list[Forbidden]]:
    """Collects every Forbidden raised while a request runs, including those a view turns into a message,
    so "you may not" shown on a redirect counts as refused. The exception itself is unchanged."""
    raised: list[Forbidden] = []
    original = Forbidden.__init__

    def record(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raised.append(self)

    Forbidden.__init__ = record  # type: ignore[method-assign]
    try:
        yield raised
    finally:
        Forbidden.__init__ = original  # type: ignore[method-assign]


def _page_call(client: Client, route: str, objects: dict):
    call = CALLS.get(route, Call())
    url = reverse(route, kwargs=call.kwargs(objects))
    response = client.get(url)
    if response.status_code == 405:  # a POST-only route: post the minimal form
        response = client.post(url, call.data(objects))
    return response


def _api_call(client: Client, route: str, objects: dict):
    method, path = route.split(" ", 1)
    call = CALLS.get(route, Call())
    url = path.format(**call.kwargs(objects))
    if method == "GET":
        return client.get(url, call.query)
    if call.multipart:
        return client.post(url, call.data(objects))
    return client.generic(method, url, _json(call.data(objects)), content_type="application/json")


def _json(data: dict) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def verdict(response, raised: list[Forbidden]) -> str:
    status = response.status_code
    assert status < 500, f"server error {status}"
    if status in (401, 403, 404):
        return REFUSED_VERDICT
    location = response.get("Location", "")
    if status in (301, 302, 303) and location.startswith(reverse("accounts:login")) and "next=" in location:
        return REFUSED_VERDICT
    return REFUSED_VERDICT if raised else ALLOWED_VERDICT


# --- the world, once per module, rolled back at its end ---------------------------------------------------


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, matrix_media):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings_for_world = override_settings(MEDIA_ROOT=matrix_media, PASSWORD_HASHERS=hashers)
    with settings_for_world, django_db_blocker.unblock(), transaction.atomic():
        objects = build_matrix_world()
        objects["sessions"] = _sessions(objects["users"])
        yield objects
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def private_media(settings, matrix_media):
    # Every call reads the files the world stored (evidence, certificates, letters) from the world's folder.
    settings.MEDIA_ROOT = matrix_media


@pytest.fixture(autouse=True)
def empty_cache():
    # Rate limits (certificate verification, logins) count in the cache; no call inherits another's count.
    cache.clear()
    yield
    cache.clear()


def _client(objects: dict, actor: str) -> Client:
    """A client holding the actor's session, logged in once for the module (each login writes a session)."""
    client = Client()
    cookie = objects["sessions"].get(actor)
    if cookie is not None:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
    return client


def _sessions(users: dict) -> dict[str, str]:
    sessions = {}
    for actor, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[actor] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return sessions


# At the time of writing: 123 pages and 28 API operations, as 15 actors.
MINIMUM_PAIRS = 2265


def test_every_route_and_operation_has_a_row_and_every_row_a_route():
    missing = sorted(set(ROUTES) - set(ALLOWED))
    stale = sorted(set(ALLOWED) - set(ROUTES))
    assert not missing, f"no row in permission_table.py for: {missing}"
    assert not stale, f"rows in permission_table.py for routes that no longer exist: {stale}"
    unknown = {actor for allowed in ALLOWED.values() for actor in allowed} - set(ACTORS)
    assert not unknown, f"permission_table.py names actors the world does not have: {unknown}"
    assert set(CALLS) <= set(ROUTES), f"calls for routes that no longer exist: {sorted(set(CALLS) - set(ROUTES))}"


def test_the_matrix_checks_every_route_as_every_actor():
    print(f"permission matrix: {len(ROUTES)} routes x {len(ACTORS)} actors = {len(PAIRS)} pairs checked")
    assert len(PAIRS) == len(ROUTES) * len(ACTORS) >= MINIMUM_PAIRS


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "actor"), PAIRS, ids=[f"{route} as {actor}" for route, actor in PAIRS])
def test_route_as_actor(matrix, route, actor):
    if route not in ALLOWED:
        pytest.fail(f"{route} has no row in permission_table.py: decide who may call it")
    client = _client(matrix, actor)
    with forbidden_raised() as raised:
        response = (_api_call if f" {API_PREFIX}/" in route else _page_call)(client, route, matrix)
    expected = ALLOWED_VERDICT if actor in ALLOWED[route] else REFUSED_VERDICT
    assert verdict(response, raised) == expected, f"{route} as {actor}: status {response.status_code}"
