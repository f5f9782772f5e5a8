"""CE compliance at scale: `zhicheng ce recompute` against the bare SQL floor.

On the scale data set (bench/setup.py): every professional's CE records of 2020–2022 (city: 100,000 people,
about 1,000,000 records; province: 3,000,000 people, about 30,000,000 records).
The floor, measured in the same run, is the same batch work written by hand: one DELETE and one
INSERT..SELECT writing every person's verdict; both must give the same distribution of streaks.
Target: recompute ≤ 1.5 × floor, ≤ 60 s.
"""

import time

from bench.setup import ensure_database, setup_django

YEAR = 2022


# The floor: the same batch work written by hand, one DELETE and one INSERT..SELECT computing every verdict
# (the streak from a bitmask of complying years, as bit_or and generate_series do it most directly).
FLOOR_VERDICTS = """
    SELECT p.id,
           (SELECT min(j) FROM generate_series(0, 10) j
            WHERE j = 10 OR ((coalesce(m.ok, 0) | %(grandfather)s) >> j) & 1 = 0) AS streak
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
"""
FLOOR_SQL = [
    "DELETE FROM education_compliancesnapshot WHERE year = %(year)s",
    f"""INSERT INTO education_compliancesnapshot (professional_id, year, streak, computed_at)
        SELECT v.id, %(year)s, v.streak, now() FROM ({FLOOR_VERDICTS}) v""",
]
DISTRIBUTION = (
    "SELECT streak, count(*) FROM education_compliancesnapshot WHERE year = %s GROUP BY streak ORDER BY streak"
)


def _best_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def run() -> None:
    setup_django()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench import results
    from zhicheng.education.batch import _grandfather_mask
    from zhicheng.policy.selectors import policy_for

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_professional")
        people = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM education_cerecord")
        records = cursor.fetchone()[0]
    results.start("ce", title="CE compliance recompute (batch)", scale={"professionals": people, "CE records": records})
    policy = policy_for(YEAR)
    params = {
        "year": YEAR,
        "grandfather": _grandfather_mask(YEAR, policy.ce_grandfather_before_year),
        "total": policy.ce_hours_total_min,
        "professional": policy.ce_hours_professional_min,
        "public": policy.ce_hours_public_min,
        "general": policy.ce_hours_general_public_min,
    }

    def floor_run() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in FLOOR_SQL:
                cursor.execute(statement, params)

    def distribution() -> list:
        with connection.cursor() as cursor:
            cursor.execute(DISTRIBUTION, [YEAR])
            return cursor.fetchall()

    floor_run()  # warm the cache once, as every later run will find it warm
    floor = _best_of(2, floor_run)
    floor_result = distribution()
    recompute = _best_of(2, lambda: call_command("ce", "recompute", "--year", str(YEAR)))
    batch_result = distribution()
    agree = batch_result == floor_result
    print(f"  verdicts agree with the floor: {agree} ({dict(batch_result)})")
    results.record(
        "ce",
        f"zhicheng ce recompute --year {YEAR}",
        recompute,
        "s",
        floor=floor,
        floor_label="hand-written DELETE + INSERT..SELECT",
        max_ratio=1.5,
        max_value=60,
        note="same verdicts as the floor" if agree else "VERDICTS DIFFER FROM THE FLOOR",
    )
