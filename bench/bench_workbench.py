"""The office workbench at scale: 300,000 cases on PostgreSQL, a filtered and sorted page, and the
eligibility check of one person. Targets: page p95 ≤ 150 ms; eligibility ≤ 50 ms.

Data: the demo scenario (organisations, committees, people) plus 100,000 synthetic applicants and
300,000 cases spread over the demo employers, committees, titles, years and states, loaded with COPY.
"""

import random
import time

from bench.setup import ensure_database, percentiles, setup_django

CASES = 300_000
APPLICANTS = 100_000
REQUESTS = 60


def _generate() -> None:
    from django.db import connection

    from zhicheng.applications.models import Application
    from zhicheng.demo.loader import load_demo

    load_demo()  # idempotent: a database kept from an earlier run gets what the scenario has added since
    if Application.objects.count() >= CASES:
        print("  synthetic data already present")
        return
    started = time.perf_counter()
    from zhicheng.accounts.models import User
    from zhicheng.applications.models import State
    from zhicheng.committees.models import Scope

    scopes = list(Scope.objects.select_related("committee").all())
    employers = list(User.objects.filter(role="employer").values_list("organisation_id", flat=True))
    states = [s for s in State.values if s != State.DRAFT]
    rng = random.Random(300)
    raw = connection.connection
    # Users and cases in one transaction, so an interrupted run leaves nothing half-made behind.
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        first_user = cursor.fetchone()[0] + 1
        with cursor.copy(
            "COPY accounts_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, "
            "is_active, date_joined, name, role, phone, organisation_id) FROM STDIN"
        ) as copy:
            for n in range(APPLICANTS):
                copy.write_row(
                    (
                        first_user + n,
                        "!",
                        False,
                        f"bench{n}",
                        "",
                        "",
                        "",
                        False,
                        True,
                        "2022-01-01",
                        f"申报人{n}",
                        "professional",
                        "",
                        rng.choice(employers),
                    )
                )
        with cursor.copy(
            "COPY applications_application (applicant_id, employer_id, year, series_id, specialty_id, title_id, "
            "committee_id, scope_mode, routing_reason, statement, state, outcome, created_at, updated_at, "
            "submitted_at, round, in_mountain_pool, mountain_years) FROM STDIN"
        ) as copy:
            for n in range(CASES):
                scope = rng.choice(scopes)
                specialty = scope.specialty_id or 3
                stamp = f"2022-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00+08"
                copy.write_row(
                    (
                        first_user + n % APPLICANTS,
                        rng.choice(employers),
                        2018 + n % 5,
                        scope.series_id,
                        specialty,
                        scope.title_id,
                        scope.committee_id,
                        scope.mode,
                        "",
                        "",
                        rng.choice(states),
                        "",
                        stamp,
                        stamp,
                        stamp,
                        1,
                        mountain := rng.random() < 0.3,
                        rng.randint(1, 20) / 2 if mountain else 0,
                    )
                )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('accounts_user_id_seq', (SELECT max(id) FROM accounts_user))")
        cursor.execute("VACUUM ANALYZE applications_application")
        cursor.execute("VACUUM ANALYZE accounts_user")
    print(f"  {APPLICANTS:,} applicants and {CASES:,} cases copied in {time.perf_counter() - started:.0f} s")


def _time_pages(client, urls: list[str]) -> tuple[float, float]:
    samples = []
    for index in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(urls[index % len(urls)])
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return percentiles(samples)


def run() -> None:
    setup_django("zhicheng_bench_cases")
    ensure_database()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from zhicheng.accounts.models import Professional, User
    from zhicheng.applications.eligibility import eligibility
    from zhicheng.applications.models import Application

    setup_test_environment()
    _generate()
    office = User.objects.get(username="bgs_gongcheng")
    client = Client()
    client.force_login(office)
    visible = client.get("/applications/").context["page"].paginator.count
    urls = [
        "/applications/?state=submitted&sort=name",
        "/applications/?year=2021&sort=submitted",
        "/applications/?q=申报人1&sort=updated",
        "/applications/?mountain=yes&state=accepted&page=3",
    ]
    median, p95 = _time_pages(client, urls)
    print(f"  office workbench ({visible:,} cases visible): median {median:.0f} ms, p95 {p95:.0f} ms")

    professional = Professional.objects.filter(user__isnull=False).first()
    case = Application.objects.filter(professional=professional).first() or Application.objects.first()
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        eligibility(case)
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = percentiles(samples)
    print(f"  eligibility check of one case: median {median:.1f} ms, p95 {p95:.1f} ms")
