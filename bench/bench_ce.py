"""CE compliance at province scale: `zhicheng ce recompute` against the bare SQL floor.

1,000,000 professionals × 5 years (2018–2022) × 3 categories = 15,000,000 CE records, loaded with COPY.
The floor is a hand-written query that computes the same verdicts (the distribution of streaks) and
nothing else; recompute also writes one snapshot row per person. Target: recompute ≤ 1.5 × floor, ≤ 60 s.
"""

import random
import time
from datetime import date, timedelta

from bench.setup import ensure_database, setup_django

PEOPLE = 1_000_000
YEARS = range(2018, 2023)
YEAR = 2022


def _generate() -> None:
    from django.db import connection

    from zhicheng.lib import idnumber

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_professional")
        if cursor.fetchone()[0] >= PEOPLE:
            print("  synthetic data already present")
            return
        cursor.execute("TRUNCATE education_compliancesnapshot, education_cerecord, accounts_professional CASCADE")
    rng = random.Random(2022)
    started = time.perf_counter()
    raw = connection.connection  # psycopg3 connection for COPY
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY accounts_professional (id, id_number, name, birth_date, sex, created_at, updated_at) FROM STDIN"
        ) as copy:
            for pid in range(1, PEOPLE + 1):
                # (region prefix, birth date) is different for every pid, so every ID number is unique
                birth = date(1960, 1, 1) + timedelta(days=pid % 10_000)
                number = idnumber.make(f"{330100 + pid // 10_000:06d}", birth, 0, female=bool(pid % 2))
                copy.write_row(
                    (pid, number, f"人员{pid}", birth, "女" if pid % 2 else "男", "2022-01-01", "2022-01-01")
                )
        print(f"  professionals copied in {time.perf_counter() - started:.0f} s")
        with cursor.copy(
            "COPY education_cerecord (professional_id, year, category, hours, course, provider, study_date, source, "
            "status, fingerprint, created_at) FROM STDIN"
        ) as copy:
            for pid in range(1, PEOPLE + 1):
                weak = rng.random() < 0.2  # one person in five misses something somewhere
                for year in YEARS:
                    short = weak and rng.random() < 0.4
                    hours = {
                        "professional": rng.choice((52, 60, 64, 72)) if short else rng.choice((60, 64, 72, 80)),
                        "general_public": rng.choice((8, 12)) if short else rng.choice((12, 14, 16)),
                        "industry_public": rng.choice((6, 8, 10)),
                    }
                    for category, value in hours.items():
                        copy.write_row(
                            (
                                pid,
                                year,
                                category,
                                value,
                                "课程",
                                "",
                                f"{year}-06-01",
                                "import",
                                "confirmed",
                                f"b{pid}-{year}-{category}",
                                "2022-01-01",
                            )
                        )
        raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('accounts_professional_id_seq', %s)", [PEOPLE])
        cursor.execute("VACUUM ANALYZE accounts_professional")
        cursor.execute("VACUUM ANALYZE education_cerecord")
    print(f"  15,000,000 CE records copied and analysed in {time.perf_counter() - started:.0f} s")


FLOOR_SQL = """
    SELECT streak, count(*) FROM (
        SELECT p.id,
               CASE WHEN m.ok IS NULL THEN 0 ELSE (
                   SELECT count(*) FROM generate_series(0, 9) k
                   WHERE k < (SELECT min(j) FROM generate_series(0, 10) j
                              WHERE j = 10 OR NOT ((m.ok | %(grandfather)s) >> j) & 1 = 1))
               END AS streak
        FROM accounts_professional p
        LEFT JOIN (
            SELECT professional_id, bit_or(1 << (%(year)s - year)) AS ok FROM (
                SELECT professional_id, year FROM education_cerecord
                WHERE status = 'confirmed' AND year BETWEEN %(year)s - 9 AND %(year)s
                GROUP BY professional_id, year
                HAVING sum(hours) >= %(total)s
                   AND sum(hours) FILTER (WHERE category = 'professional') >= %(professional)s
                   AND sum(hours) FILTER (WHERE category <> 'professional') >= %(public)s
                   AND sum(hours) FILTER (WHERE category = 'general_public') >= %(general)s
            ) good GROUP BY professional_id
        ) m ON m.professional_id = p.id
    ) verdicts GROUP BY streak ORDER BY streak
"""


def run() -> None:
    setup_django("zhicheng_bench_ce")
    ensure_database()
    from django.core.management import call_command
    from django.db import connection

    from zhicheng.education.batch import _grandfather_mask
    from zhicheng.policy.selectors import policy_for

    _generate()
    policy = policy_for(YEAR)
    params = {
        "year": YEAR,
        "grandfather": _grandfather_mask(YEAR, policy.ce_grandfather_before_year),
        "total": policy.ce_hours_total_min,
        "professional": policy.ce_hours_professional_min,
        "public": policy.ce_hours_public_min,
        "general": policy.ce_hours_general_public_min,
    }
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, params)  # warm the cache once, as recompute will find it warm
        floors = []
        for _ in range(2):
            started = time.perf_counter()
            cursor.execute(FLOOR_SQL, params)
            floor_result = cursor.fetchall()
            floors.append(time.perf_counter() - started)
    recomputes = []
    for _ in range(2):
        started = time.perf_counter()
        call_command("ce", "recompute", "--year", str(YEAR))
        recomputes.append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT streak, count(*) FROM education_compliancesnapshot WHERE year = %s GROUP BY streak ORDER BY streak",
            [YEAR],
        )
        batch_result = cursor.fetchall()
    floor, recompute = min(floors), min(recomputes)
    print(f"  verdicts agree with the floor: {batch_result == floor_result} ({dict(batch_result)})")
    print(f"  floor (hand-written SQL aggregate): {floor:.2f} s")
    print(f"  zhicheng ce recompute --year {YEAR}: {recompute:.2f} s = {recompute / floor:.2f} × floor")
