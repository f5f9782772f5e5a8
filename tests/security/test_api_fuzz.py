"""Fuzzing the JSON API: every operation of /api/v1/openapi.json, as each role of the test world and
anonymously, with inputs schemathesis derives from the schema (valid ones and deliberately broken ones).

Every response must be something other than a server error, carry a status code the schema declares for
the operation, and match the declared body. Writes run too, against the test database, so a request that
corrupts state shows up in the requests after it. Path ids are sometimes replaced by ids of real objects
of the world (a case, an achievement with its evidence, a committee, a filing), so the authorisation and
rule paths are reached and not only the 404s.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.base import NAMED
from tests.factories import make_case, pdf_bytes
from zhicheng.accounts.services import api_token_create
from zhicheng.applications.models import Application, State
from zhicheng.applications.services import TRANSITION_SERVICES
from zhicheng.archive.models import Achievement, Evidence
from zhicheng.archive.services import achievement_create, evidence_add
from zhicheng.committees.models import Committee, Filing

# Examples per operation and role, for each generation mode (valid and broken input): 26 operations × 8 roles.
EXAMPLES = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = [*NAMED, "anonymous"]

# Cases run, per role; the total goes to the terminal when the module is done.
TALLY: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_tally(request):
    yield
    if TALLY:
        # Past the output capture, so the figure shows in every run, not only in failing ones.
        with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
            print(f"\nAPI fuzz: {sum(TALLY.values())} schemathesis cases ({dict(TALLY)})")


@pytest.fixture
def wsgi_app():
    """The real WSGI application. Django closes the connection at the end of each request; inside the test's
    transaction that would throw the world away, so the hooks are lifted as the test client lifts them."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


def seed_objects(world) -> dict[str, list]:
    """Real objects for the path ids: 张伟's case and achievement with a PDF, the committees, the filings."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_case(State.SUBMITTED)
    professional = world["professional"].professional
    achievement = achievement_create(
        professional,
        actor=world["professional"],
        data={"kind": "paper", "title": "主轴热变形补偿研究", "achieved_on": "2021-03-01", "role": "第一作者"},
    )
    upload = SimpleUploadedFile("证明.pdf", pdf_bytes("录用通知"), content_type="application/pdf")
    evidence_add(achievement, actor=world["professional"], upload=upload)
    return {
        "application_id": list(Application.objects.values_list("pk", flat=True)),
        "achievement_id": list(Achievement.objects.values_list("pk", flat=True)),
        "evidence_id": list(Evidence.objects.values_list("pk", flat=True)),
        "professional_id": [professional.pk, world["outsider"].pk],
        "committee_id": list(Committee.objects.values_list("pk", flat=True)[:5]),
        "filing_id": list(Filing.objects.values_list("pk", flat=True)[:5]),
        "action": sorted(TRANSITION_SERVICES),
    }


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def fuzz_operation(operation, *, headers: dict, known: dict[str, list], app, role: str) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=2 * EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, data=st.data())
    def run(case, data):
        for name in case.path_parameters or {}:
            if known.get(name) and data.draw(st.booleans(), label=f"real {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(known[name]), label=name)
        TALLY[role] += 1
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)

    run()


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_every_response_matches_the_schema(role, world, wsgi_app, api_schema):
    known = seed_objects(world)
    headers = {}
    if role != "anonymous":
        headers = {"Authorization": f"Bearer {api_token_create(world[role], actor=None, name='fuzz')}"}
    failures = []
    before = TALLY[role]
    for operation in operations(api_schema):
        try:
            fuzz_operation(operation, headers=headers, known=known, app=wsgi_app, role=role)
        except (Exception, FailureGroup) as exc:  # every operation is fuzzed, then all failures are reported
            failures.append(f"{operation.label}: {exc}")
    assert TALLY[role] > before
    assert not failures, "\n\n".join(failures)
