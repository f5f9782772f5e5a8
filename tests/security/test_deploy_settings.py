"""Issue 10 point 5: the security settings as production runs them, and what users see of them.

Covered elsewhere and not repeated here:
- login throttling (django-axes): tests/accounts/test_login.py::test_login_is_locked_after_repeated_failures
  (AXES_FAILURE_LIMIT failures lock the username/address pair; HTTP 429 with 「登录已暂时锁定」);
- refusing the development SECRET_KEY with DEBUG off: tests/accounts/test_settings.py.
"""

import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.static import serve

from tests.evaluation.helpers import office_of
from tests.evaluation.meeting_flow import vote, voting
from tests.factories import make_case, pdf_bytes
from tests.publication.helpers import file, passed
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.archive.services import achievement_create, evidence_add
from zhicheng.audit.models import Event
from zhicheng.certificates.services import certificate_issue
from zhicheng.evaluation.closing import meeting_close
from zhicheng.referrals.services import referral_issue

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET_KEY = "production-like-key-4f9c2e7a1b8d6e3f0a5c9b2d7e4f1a8c6b3d0e9f"
# Variables that must come from the production environment of the test, not from the one pytest runs in.
# DJANGO_ALLOW_ASYNC_UNSAFE is pytest's own (pyproject's pytest_env), never production's.
OWN_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "ZHICHENG_VAR_DIR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def documented_environment() -> dict[str, str]:
    """The settings .env.example documents for production, with the blanks an operator must fill filled."""
    documented = {}
    for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            documented[name.strip()] = value.strip()
    return {k: v for k, v in documented.items() if v}


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES and not k.startswith("SECURE_")}
    environment.update(documented_environment())
    environment.update(
        DEBUG="false",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS="zc.example.gov.cn",
        CSRF_TRUSTED_ORIGINS="https://zc.example.gov.cn",
        SITE_URL="https://zc.example.gov.cn",
        ZHICHENG_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="zhicheng.settings",
    )
    environment.update(overrides)
    return environment


PRINT_SETTINGS = """
import json
from django.conf import settings
names = [
    "DEBUG", "PASSWORD_HASHERS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
    "MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS", "AUTHENTICATION_BACKENDS", "MIDDLEWARE",
]
print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """The settings as a production process, started with the documented environment, sees them."""
    environment = production_env(tmp_path_factory.mktemp("production"))
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], env=environment, capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_hashes_passwords_with_argon2(production):
    assert production["DEBUG"] is False
    assert production["PASSWORD_HASHERS"][0] == "zhicheng.accounts.hashers.PlatformArgon2PasswordHasher"


def test_production_cookies_are_secure_and_https_is_enforced(production):
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000 and production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    # Behind the TLS proxy the platform trusts its X-Forwarded-Proto, so HTTPS requests are not redirected.
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_throttles_logins_and_sends_a_content_security_policy(production):
    assert production["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in production["MIDDLEWARE"]
    assert "csp.middleware.CSPMiddleware" in production["MIDDLEWARE"]


def test_the_deploy_check_is_clean_with_the_documented_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "zhicheng.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_the_deploy_check_fails_when_https_is_switched_off(tmp_path):
    # The clean check above is not a check that cannot fail: turning HTTPS off is reported.
    result = subprocess.run(
        [sys.executable, "-m", "zhicheng.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path, SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false"),
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W012" in result.stderr


def test_a_production_request_over_plain_http_is_redirected_but_the_health_check_is_not(tmp_path):
    probe = """
from django.test import Client
client = Client()
page = client.get("/accounts/login/", HTTP_HOST="zc.example.gov.cn")
health = client.get("/healthz", HTTP_HOST="zc.example.gov.cn")
proxied = client.get("/api/v1/openapi.json", HTTP_HOST="zc.example.gov.cn", HTTP_X_FORWARDED_PROTO="https")
print(page.status_code, page["Location"], health.status_code, proxied.status_code,
      proxied.get("Strict-Transport-Security"))
"""
    # The health check needs a database: an empty migrated one is enough.
    environment = production_env(tmp_path)
    setup = "import django; django.setup(); from django.core.management import call_command; "
    subprocess.run(
        [sys.executable, "-c", setup + "call_command('migrate', verbosity=0)"], env=environment, check=True, cwd=REPO
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + probe],
        env=environment,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    page, location, health, proxied, hsts = result.stdout.split(maxsplit=4)
    assert (page, location) == ("301", "https://zc.example.gov.cn/accounts/login/")
    assert health == "200" and proxied == "200"
    assert hsts.strip() == "max-age=31536000; includeSubDomains; preload"


# --- Content Security Policy --------------------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("who", [None, "professional", "bureau"])
def test_every_page_sends_a_policy_without_inline_script(client, world, who):
    if who:
        client.force_login(world[who])
    for url in ("/accounts/login/", "/certificates/verify/", "/results/") if who is None else ("/", "/applications/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header
        # The pages keep to the policy: a script without src would be blocked in the browser.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode()), url


# --- uploads are never public -------------------------------------------------------------------------


def _inside(path: str | Path, folder: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def test_uploads_live_apart_from_every_static_folder(production):
    media = production["MEDIA_ROOT"]
    assert not _inside(media, production["STATIC_ROOT"]) and not _inside(production["STATIC_ROOT"], media)
    for folder in production["STATICFILES_DIRS"]:
        assert not _inside(media, folder) and not _inside(folder, media)


def _patterns(resolver: URLResolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def test_no_route_serves_a_folder_of_files():
    assert all(pattern.callback is not serve for pattern in _patterns(get_resolver()))


def test_an_uploaded_evidence_file_is_reachable_only_through_the_checked_view(client, world):
    professional = world["professional"]
    achievement = achievement_create(
        professional.professional,
        actor=professional,
        data={"kind": "paper", "title": "主轴热变形补偿", "achieved_on": "2021-03-01", "role": "第一作者"},
    )
    content = pdf_bytes("验收证明")
    evidence = evidence_add(achievement, actor=professional, upload=SimpleUploadedFile("证明.pdf", content))
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == content and _inside(stored, settings.MEDIA_ROOT)
    relative = stored.relative_to(settings.MEDIA_ROOT).as_posix()

    client.force_login(professional)
    for public in (f"/media/{relative}", f"/static/{relative}", f"/{relative}", f"/static/media/{relative}"):
        assert client.get(public).status_code == 404, public

    served = client.get(reverse("archive:evidence", args=[evidence.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == content
    assert served["Cache-Control"] == "private, no-store"
    client.force_login(world["outsider"])
    assert client.get(reverse("archive:evidence", args=[evidence.pk])).status_code in (403, 404)


# --- every export is on the record --------------------------------------------------------------------


def _case_list(world):
    make_case(State.SUBMITTED)
    return world["employer"], reverse("applications:list") + "?export=xlsx", "applications"


def _case_dossier(world):
    case = make_case(State.ARCHIVED)
    return world["professional"], reverse("applications:dossier", args=[case.pk]), f"归档材料 {case.pk}"


def _archive_dossier(world):
    person = world["professional"].professional
    return world["professional"], reverse("archive:dossier", args=[person.pk]), f"个人业绩档案 {person.pk}"


def _breadth(world):
    return world["bureau"], reverse("supervision:breadth_export") + "?year=2022", "5倍指标（2022年度）"


def _dashboard(world):
    make_case(State.SUBMITTED)
    url = reverse("supervision:dashboard_export") + "?year=2022&table=cases"
    return world["bureau"], url, "监管看板·"


def _certificate(world):
    certificate = certificate_issue(make_case(State.PUBLISHED), actor=world["bureau"])
    url = reverse("certificates:download", args=[certificate.pk])
    return world["professional"], url, f"职称证书 {certificate.number}"


def _referral(world):
    recommended = make_case(
        State.RESULT_PUBLICITY, outcome="recommended", applicant="zhoujie", specialty="林业工程", title="高级工程师"
    )
    city = User.objects.get(username="rs_lishui")
    referral = referral_issue(recommended, actor=city, number="丽人社函〔2022〕12号")
    return city, reverse("referrals:letter", args=[referral.pk, "pdf"]), "委托评审函 丽人社函〔2022〕12号"


def _minutes(world):
    meeting, came = voting(world, panel=5, cases=1)
    vote(meeting.cases.get(), came, yes=5)
    office = office_of(meeting.committee)
    meeting_close(meeting, actor=office)
    return office, reverse("evaluation:minutes", args=[meeting.pk]), f"评审会议纪要 {meeting.pk}"


def _publication(world):
    passed("zhangwei")
    filed = file(world["office"])
    url = reverse("publication:document", args=[filed.pk, "list"])
    return world["office"], url, f"评审通过人员名单 {filed.letter_number}"


EXPORTS = {
    "applications:list": _case_list,
    "applications:dossier": _case_dossier,
    "archive:dossier": _archive_dossier,
    "supervision:breadth_export": _breadth,
    "supervision:dashboard_export": _dashboard,
    "certificates:download": _certificate,
    "referrals:letter": _referral,
    "evaluation:minutes": _minutes,
    "publication:document": _publication,
}
# Routes that send a file but export no one's data: the file a user uploaded themselves (evidence, shown to
# those who may read the archive) and the error report of the user's own rejected import (the expert pool's
# is sent by the page the .xlsx was posted to).
NOT_EXPORTS = {"archive:evidence", "archive:import_report", "education:import_report", "committees:experts"}
SENDS_A_FILE = re.compile(r"FileResponse\(|xlsx_response\(|evidence_response\(|Content-Disposition|_export\(")


def _named_routes(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _named_routes(entry, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def _source(view) -> str:
    """The platform's own view code; library views (admin, the API framework) are not pages of ours."""
    target = getattr(view, "view_class", None) or view
    if not getattr(target, "__module__", "").startswith("zhicheng."):
        return ""
    return inspect.getsource(target)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_writes_one_export_event(client, world, name):
    user, url, what = EXPORTS[name](world)
    before = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] in (b"%PDF", b"PK\x03\x04"), url  # a PDF, or an .xlsx/.docx (zip)
    (event,) = Event.objects.filter(id__gt=before, action="export")
    assert event.actor_id == user.pk and event.object_type == "export"
    assert event.object_id.startswith(what), event.object_id
    assert event.data["rows"] >= 1


def test_every_route_that_sends_a_file_is_walked_as_an_export_or_named_as_none():
    sending = {name for name, view in _named_routes(get_resolver()) if SENDS_A_FILE.search(_source(view))}
    # The list view sends a file through its helper; the search must still find every other route.
    assert sending - set(EXPORTS) - NOT_EXPORTS == set()
    assert sending >= NOT_EXPORTS | set(EXPORTS)
