"""The archive at scale: the employer's staff list and the bureau's 5× table on PostgreSQL.

100,000 professionals with 1,000,000 achievements, 2,000 employers across the province, last year's CE hours
for most people and 5,000 applicants of the year, loaded with COPY. Timed through Django's test client with a
logged-in user, as a browser would ask: the clerk of the largest employer (5,000 staff) opens the staff
list; the province bureau opens the 5× table (every employer and committee of the province). Target: p95 ≤
150 ms per page.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.setup import ensure_database, percentiles, setup_django

PEOPLE = 100_000
ACHIEVEMENTS_EACH = 10
EMPLOYERS = 2_000
BIG_EMPLOYER_STAFF = 5_000
APPLICANTS = 5_000
YEAR = 2022
REQUESTS = 50
PREFIX = "基准"  # names of the synthetic employers and clerks

KINDS = ["paper", "patent", "project", "award", "standard", "book", "report", "other"]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _employer_of(index: int) -> int:
    """Person → employer number: the first 5,000 people work for employer 0, the rest spread evenly."""
    if index < BIG_EMPLOYER_STAFF:
        return 0
    return 1 + (index - BIG_EMPLOYER_STAFF) % (EMPLOYERS - 1)


def _generate() -> None:
    from django.db import connection
    from django.utils import timezone as dj_timezone

    from zhicheng.accounts.models import Organisation, Professional, Region, User
    from zhicheng.archive.models import Achievement
    from zhicheng.committees.models import Committee
    from zhicheng.demo.loader import load_committees, load_organisations, load_people, load_reference_data
    from zhicheng.lib import idnumber
    from zhicheng.policy.models import Specialty, Title

    if Professional.objects.filter(name__startswith=PREFIX).count() >= PEOPLE and (
        Achievement.objects.count() >= PEOPLE * ACHIEVEMENTS_EACH
    ):
        print("  synthetic data already present")
        return
    started = time.perf_counter()
    load_reference_data()
    load_organisations()
    load_people()
    load_committees()
    rng = random.Random(55)
    counties = list(Region.objects.filter(level="county").values_list("pk", flat=True))
    now = dj_timezone.now()
    raw = connection.connection
    with raw.cursor() as cursor:
        _copy(
            cursor,
            "accounts_organisation",
            ["name", "kind", "region_id"],
            ((f"{PREFIX}用人单位{n:04d}", "employer", counties[n % len(counties)]) for n in range(EMPLOYERS)),
        )
        employers = dict(Organisation.objects.filter(name__startswith=f"{PREFIX}用人单位").values_list("name", "pk"))
        employer_ids = [employers[f"{PREFIX}用人单位{n:04d}"] for n in range(EMPLOYERS)]
        users = [(f"bench_clerk_{n}", f"{PREFIX}经办人{n}", "employer", employer_ids[n]) for n in range(2)] + [
            (f"bench_applicant_{i}", f"{PREFIX}申报人{i}", "professional", employer_ids[_employer_of(i * 19)])
            for i in range(APPLICANTS)
        ]
        _copy(
            cursor,
            "accounts_user",
            [
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "name",
                "role",
                "organisation_id",
                "phone",
            ],
            (
                ("!", False, username, "", "", "", False, True, now, name, role, organisation, "")
                for username, name, role, organisation in users
            ),
        )
        _copy(
            cursor,
            "accounts_professional",
            ["id_number", "name", "birth_date", "sex", "employer_id", "created_at", "updated_at"],
            (
                (
                    idnumber.make(f"{930000 + i // 10_000:06d}", date(1960, 1, 1) + timedelta(days=i % 10_000), 0),
                    f"{PREFIX}人员{i:06d}",
                    date(1960, 1, 1) + timedelta(days=i % 10_000),
                    "男",
                    employer_ids[_employer_of(i)],
                    now,
                    now,
                )
                for i in range(PEOPLE)
            ),
        )
        people = list(
            Professional.objects.filter(name__startswith=PREFIX).order_by("name").values_list("pk", flat=True)
        )
        verified_counts = [0] * PEOPLE
        statuses = []
        for i in range(PEOPLE):
            row = []
            for _ in range(ACHIEVEMENTS_EACH):
                status = rng.choices(["verified", "pending", "returned"], [6, 3, 1])[0]
                verified_counts[i] += status == "verified"
                row.append(status)
            statuses.append(row)
        _copy(
            cursor,
            "archive_achievement",
            [
                "professional_id",
                "kind",
                "title",
                "achieved_on",
                "role",
                "identifier",
                "identifier_key",
                "description",
                "status",
                "return_reason",
                "verified_at",
                "needs_review",
                "created_at",
                "updated_at",
            ],
            (
                (
                    people[i],
                    KINDS[(i + k) % len(KINDS)],
                    f"业绩{i}-{k}",
                    date(2015 + k % 7, 1 + k, 1),
                    "第一完成人",
                    f"10.1000/b{i}.{k}" if KINDS[(i + k) % len(KINDS)] == "paper" else "",
                    f"doi:10.1000/b{i}.{k}" if KINDS[(i + k) % len(KINDS)] == "paper" else "",
                    "",
                    status,
                    "" if status != "returned" else "材料不清晰",
                    now if status == "verified" else None,
                    False,
                    now,
                    now,
                )
                for i in range(PEOPLE)
                for k, status in enumerate(statuses[i])
            ),
        )
        _copy(
            cursor,
            "archive_profile",
            ["professional_id", "phone", "email", "address", "profile_complete", "verified_achievements", "updated_at"],
            (
                (
                    people[i],
                    "13800000000",
                    "",
                    "",
                    rng.random() < 0.8,
                    verified_counts[i],
                    NOW - timedelta(days=rng.randint(0, 540)),
                )
                for i in range(PEOPLE)
            ),
        )
        _copy(
            cursor,
            "education_cerecord",
            [
                "professional_id",
                "year",
                "category",
                "hours",
                "course",
                "provider",
                "study_date",
                "source",
                "status",
                "fingerprint",
                "created_at",
            ],
            (
                (
                    people[i],
                    YEAR - 1,
                    "professional",
                    60,
                    "课程",
                    "",
                    date(YEAR - 1, 6, 1),
                    "import",
                    "confirmed",
                    f"bench-archive-{i}",
                    now,
                )
                for i in range(PEOPLE)
                if rng.random() < 0.85
            ),
        )
        applicants = dict(User.objects.filter(username__startswith="bench_applicant_").values_list("username", "pk"))
        committees = list(Committee.objects.values_list("pk", flat=True))
        specialty = Specialty.objects.get(name="机械工程")
        title = Title.objects.get(name="工程师")
        _copy(
            cursor,
            "applications_application",
            [
                "applicant_id",
                "employer_id",
                "year",
                "series_id",
                "specialty_id",
                "title_id",
                "committee_id",
                "scope_mode",
                "routing_reason",
                "statement",
                "state",
                "outcome",
                "created_at",
                "updated_at",
            ],
            (
                (
                    applicants[f"bench_applicant_{i}"],
                    employer_ids[_employer_of(i * 19)],
                    YEAR,
                    specialty.series_id,
                    specialty.pk,
                    title.pk,
                    committees[i % len(committees)],
                    "decide",
                    "",
                    "",
                    rng.choice(["submitted", "accepted", "qualified", "evaluated", "draft"]),
                    "",
                    now,
                    now,
                )
                for i in range(APPLICANTS)
            ),
        )
        raw.commit()
    with connection.cursor() as cursor:
        for table in (
            "accounts_professional",
            "archive_profile",
            "archive_achievement",
            "education_cerecord",
            "applications_application",
            "accounts_organisation",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"  {PEOPLE:,} professionals, {PEOPLE * ACHIEVEMENTS_EACH:,} achievements copied in "
        f"{time.perf_counter() - started:.0f} s"
    )


def _time_page(client, url: str) -> tuple[float, float, int]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = percentiles(samples)
    return median, p95, len(response.content)


def run() -> None:
    setup_django("zhicheng_bench_archive")
    ensure_database()
    from django.conf import settings
    from django.test import Client

    from zhicheng.accounts.models import Professional, User

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    _generate()
    clerk = User.objects.get(username="bench_clerk_0")
    staff = Professional.objects.filter(employer_id=clerk.organisation_id).count()
    client = Client()
    print(f"  {Professional.objects.count():,} professionals in the database; employer 0 has {staff:,} staff")
    for user, url, label in [
        (clerk, f"/archive/staff/?year={YEAR}", "employer's staff list (5,000 staff, page 1)"),
        (clerk, f"/archive/staff/?year={YEAR}&status=incomplete&page=20", "employer's staff list, incomplete, page 20"),
        (User.objects.get(username="bench_clerk_1"), f"/archive/staff/?year={YEAR}", "a 48-person employer's list"),
        (User.objects.get(username="rs_province"), f"/supervision/breadth/?year={YEAR}", "province bureau's 5× table"),
        (User.objects.get(username="rs_lishui"), f"/supervision/breadth/?year={YEAR}", "city bureau's 5× table"),
    ]:
        client.force_login(user)
        median, p95, size = _time_page(client, url)
        print(f"  {label}: median {median:.0f} ms, p95 {p95:.0f} ms ({REQUESTS} requests, {size // 1024} KB)")
