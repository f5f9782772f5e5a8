"""The early-warning detectors at province scale on PostgreSQL: 300,000 people with 3,000,000 achievements
(descriptions of ~100 Chinese characters), 600,000 CE records and 300,000 decided or open cases, loaded once
with COPY into `zhicheng_bench_alerts` and reused. Planted: 200 identifiers claimed by two people, 200
near-copied descriptions, 100 days of 30 CE hours, one committee with an outlying pass rate.
Times each detector and the whole run. Target: the whole run ≤ 5 minutes on 2 cores.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.setup import ensure_database, setup_django

PEOPLE = 300_000
ACHIEVEMENTS_EACH = 10
CASES = 300_000
APPLICANT_USERS = 100_000
EMPLOYERS = 1_000
PLANTED = 200
YEAR = 2022
PREFIX = "预警基准"
KINDS = ["paper", "patent", "project", "award", "standard", "book", "report", "other"]
NOW = datetime(2022, 12, 1, tzinfo=UTC)
# A vocabulary of 6,000 two-character words from the common CJK block: with a handful of domain words only,
# every text would share most of its 3-grams with every other, which real descriptions do not.
_VOCAB_RNG = random.Random(7)
WORDS = ["".join(chr(_VOCAB_RNG.randint(0x4E00, 0x6FFF)) for _ in range(2)) for _ in range(6_000)]


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _text(rng: random.Random) -> str:
    return "，".join("".join(rng.choices(WORDS, k=4)) for _ in range(rng.randint(5, 7))) + "。"


def _generate() -> None:
    from django.db import connection

    from zhicheng.accounts.models import Organisation, Professional, Region
    from zhicheng.applications.models import Application
    from zhicheng.committees.models import Scope
    from zhicheng.demo.loader import load_committees, load_organisations, load_people, load_reference_data
    from zhicheng.lib import idnumber

    if Application.objects.count() >= CASES:
        print("  synthetic data already present")
        return
    started = time.perf_counter()
    load_reference_data()
    load_organisations()
    load_people()
    load_committees()
    rng = random.Random(553)
    counties = list(Region.objects.filter(level="county").values_list("pk", flat=True))
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cursor:
        _copy(
            cursor,
            "accounts_organisation",
            ["name", "kind", "region_id"],
            ((f"{PREFIX}单位{n:04d}", "employer", counties[n % len(counties)]) for n in range(EMPLOYERS)),
        )
        employers = list(
            Organisation.objects.filter(name__startswith=PREFIX).order_by("name").values_list("pk", flat=True)
        )
        _copy(
            cursor,
            "accounts_professional",
            ["id_number", "name", "birth_date", "sex", "employer_id", "created_at", "updated_at"],
            (
                (
                    idnumber.make(f"{940000 + i // 10_000:06d}", date(1960, 1, 1) + timedelta(days=i % 10_000), 0),
                    f"{PREFIX}人员{i:06d}",
                    date(1960, 1, 1) + timedelta(days=i % 10_000),
                    "男",
                    employers[i % EMPLOYERS],
                    NOW,
                    NOW,
                )
                for i in range(PEOPLE)
            ),
        )
        people = list(
            Professional.objects.filter(name__startswith=PREFIX).order_by("name").values_list("pk", flat=True)
        )
        print(f"  people copied at {time.perf_counter() - started:.0f} s")
        # Planted: person i+1's first achievement copies person i's identifier (for i in the first PLANTED
        # multiples of 997) and person i+2's copies person i's description with three characters changed.
        planted_from = {997 * n for n in range(PLANTED)}
        texts: dict[int, str] = {}

        def achievements():
            for i in range(PEOPLE):
                for k in range(ACHIEVEMENTS_EACH):
                    kind = KINDS[(i + k) % len(KINDS)]
                    text = _text(rng)
                    if k == 0 and i in planted_from:
                        texts[i] = text
                    identifier = f"10.1000/a{i}.{k}" if kind == "paper" else ""
                    if k == 0 and i - 1 in planted_from:
                        identifier, kind = f"10.1000/a{i - 1}.0", KINDS[(i - 1) % len(KINDS)]
                    if k == 0 and i - 2 in planted_from:
                        original = texts[i - 2]
                        text = original[:20] + "改动" + original[22:60] + "变" + original[61:]
                    yield (
                        people[i],
                        kind,
                        f"成果{i}-{k}",
                        date(2015 + k % 7, 1 + k, 1),
                        "第一完成人",
                        identifier,
                        f"doi:{identifier}" if identifier else "",
                        text,
                        "verified",
                        "",
                        NOW,
                        False,
                        NOW,
                        NOW,
                    )

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
            achievements(),
        )
        print(f"  achievements copied at {time.perf_counter() - started:.0f} s")
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
                    YEAR - k,
                    "professional",
                    30 if (i % 3000 == 0 and k == 0) else 8,
                    "专业课程",
                    "",
                    date(YEAR - k, 1 + i % 12, 1 + i % 28),
                    "import",
                    "confirmed",
                    f"bench-{i}-{k}",
                    NOW,
                )
                for i in range(PEOPLE)
                for k in range(2)
            ),
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        first_user = cursor.fetchone()[0] + 1
        _copy(
            cursor,
            "accounts_user",
            [
                "id",
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
                "phone",
                "organisation_id",
            ],
            (
                (
                    first_user + n,
                    "!",
                    False,
                    f"alertbench{n}",
                    "",
                    "",
                    "",
                    False,
                    True,
                    NOW,
                    f"{PREFIX}申报人{n}",
                    "professional",
                    "",
                    employers[n % EMPLOYERS],
                )
                for n in range(APPLICANT_USERS)
            ),
        )
        scopes = list(Scope.objects.all())
        outlier = scopes[0].committee_id

        def cases():
            for n in range(CASES):
                scope = scopes[n % len(scopes)]
                decided = n % 3 != 0
                passed = rng.random() < (0.97 if scope.committee_id == outlier else 0.6)
                outcome = ("passed" if passed else "failed") if decided else ""
                yield (
                    first_user + n % APPLICANT_USERS,
                    people[n % PEOPLE],
                    employers[n % EMPLOYERS],
                    YEAR,
                    scope.series_id,
                    scope.specialty_id or 3,
                    scope.title_id,
                    scope.committee_id,
                    scope.mode,
                    "",
                    "",
                    "evaluated" if decided else "submitted",
                    outcome,
                    NOW,
                    NOW,
                    NOW,
                    1,
                    False,
                    0,
                )

        _copy(
            cursor,
            "applications_application",
            [
                "applicant_id",
                "professional_id",
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
                "submitted_at",
                "round",
                "in_mountain_pool",
                "mountain_years",
            ],
            cases(),
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('accounts_user_id_seq', (SELECT max(id) FROM accounts_user))")
        for table in [
            "archive_achievement",
            "education_cerecord",
            "applications_application",
            "accounts_professional",
            "accounts_user",
        ]:
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  data copied in {time.perf_counter() - started:.0f} s")


def run() -> None:
    setup_django("zhicheng_bench_alerts")
    ensure_database()
    from zhicheng.alerts.detectors import DETECTORS
    from zhicheng.alerts.models import Alert
    from zhicheng.alerts.tasks import run_all

    _generate()
    Alert.objects.all().delete()  # time a first run, the costly one: every alert is new
    started = time.perf_counter()
    figures = run_all(year=YEAR, today=date(2022, 12, 1))
    total = time.perf_counter() - started
    for name in DETECTORS:
        alerts, seconds = figures[name]
        print(f"  {name}: {seconds:.1f} s, {alerts:,} alerts")
    print(f"  whole run: {total:.1f} s (target ≤ 300 s)")
    started = time.perf_counter()
    run_all(year=YEAR, today=date(2022, 12, 1))
    print(f"  second run (refresh only): {time.perf_counter() - started:.1f} s, {Alert.objects.count():,} alerts kept")
