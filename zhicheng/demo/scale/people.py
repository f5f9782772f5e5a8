"""Employers and professionals, generated in SQL: a county block of people at a time, each person a pure
function of their number and the seed, so a run can be repeated exactly."""

from zhicheng.demo.scale import reference
from zhicheng.demo.scale.sqlkit import sql_array

# Birth dates run over 38 years from 1962; inside a county, person j gets day (j × 7919) mod DAYS of block
# j div DAYS (7919 is prime to DAYS), so (county, birth date, sequence) — hence the ID number — is unique.
BIRTH_FROM = "1962-01-01"
DAYS = 13_870
# Synthetic sequence numbers start at 200: the demo's people use lower ones.
FIRST_SEQUENCE = 200


def short_place(county: str) -> str:
    for suffix in ("畲族自治县", "区", "县", "市"):
        if county.endswith(suffix) and len(county) > len(suffix) + 1:
            return county.removesuffix(suffix)
    return county


def county_table(cursor, regions: dict[str, int], professionals: int, employers: int) -> list[tuple]:
    """Fill the session's scale_county table: each county's share of people and employers, by population."""
    total = sum(row[3] for row in reference.COUNTIES)
    rows = []
    first_person = first_employer = 0
    for index, (city, county, code, people) in enumerate(reference.COUNTIES):
        last = index == len(reference.COUNTIES) - 1
        n_people = professionals - first_person if last else round(professionals * people / total)
        n_employers = max(1, employers - first_employer) if last else max(1, round(employers * people / total))
        region_id = regions[f"浙江省/{city}/{county}/"]
        rows.append(
            (
                index,
                region_id,
                code,
                city,
                county,
                short_place(county),
                first_person,
                n_people,
                first_employer,
                n_employers,
            )
        )
        first_person += n_people
        first_employer += n_employers
    cursor.execute("DROP TABLE IF EXISTS scale_county")
    cursor.execute(
        "CREATE TEMP TABLE scale_county (idx int PRIMARY KEY, region_id int, code text, city text, county text, "
        "place text, first_person int, n_people int, first_employer int, n_employers int) ON COMMIT PRESERVE ROWS"
    )
    with cursor.copy("COPY scale_county FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return rows


def insert_employers(cursor, first_id: int, seed: int) -> int:
    trade_names = sql_array(reference.TRADE_NAMES)
    trades = sql_array(name for name, _ in reference.TRADES)
    forms = sql_array(reference.LEGAL_FORMS)
    n_names, n_trades = len(reference.TRADE_NAMES), len(reference.TRADES)
    # m is the employer's number in its county: (trade name, trade, legal form) differ for every m below
    # 40 × 16 × 3 = 1,920, more employers than any county gets at province scale.
    cursor.execute(
        f"""
        INSERT INTO accounts_organisation (id, name, kind, region_id)
        SELECT %(first)s + c.first_employer + m,
               c.place || ({trade_names})[1 + (m + %(seed)s) %% {n_names}]
                       || ({trades})[1 + (m / {n_names}) %% {n_trades}]
                       || ({forms})[1 + (m / {n_names * n_trades}) %% 3]
                       || CASE WHEN m >= {n_names * n_trades * 3}
                               THEN '（' || (m / {n_names * n_trades * 3} + 1)::text || '）'
                               ELSE '' END,
               'employer', c.region_id
        FROM scale_county c, generate_series(0, c.n_employers - 1) m
        """,
        {"first": first_id, "seed": seed},
    )
    return cursor.rowcount


def insert_professionals(cursor, first_id: int, first_employer_id: int, seed: int) -> int:
    surnames = sql_array(reference.SURNAMES)
    given = sql_array(reference.GIVEN_CHARS)
    n_surnames, n_given = len(reference.SURNAMES), len(reference.GIVEN_CHARS)
    cursor.execute(
        f"""
        INSERT INTO accounts_professional (id, id_number, name, birth_date, sex, employer_id, created_at, updated_at)
        SELECT %(first)s + p.i, p.first17 || pg_temp.id_check(p.first17), p.name, p.birth,
               CASE WHEN p.seq %% 2 = 1 THEN '男' ELSE '女' END,
               %(first_employer)s + p.first_employer + floor(p.n_employers * pg_temp.u(p.i, %(seed)s + 1) ^ 2)::int,
               timestamptz '2021-01-01 09:00+08' + (pg_temp.h(p.i, %(seed)s + 2) %% 500) * interval '1 day',
               timestamptz '2022-06-01 09:00+08' + (pg_temp.h(p.i, %(seed)s + 3) %% 180) * interval '1 day'
        FROM (
            SELECT c.first_person + j AS i, c.first_employer, c.n_employers, b.birth, s.seq,
                   c.code || to_char(b.birth, 'YYYYMMDD') || lpad(s.seq::text, 3, '0') AS first17,
                   ({surnames})[1 + pg_temp.h(c.first_person + j, %(seed)s + 4) %% {n_surnames}]
                   || ({given})[1 + pg_temp.h(c.first_person + j, %(seed)s + 5) %% {n_given}]
                   || CASE WHEN pg_temp.h(c.first_person + j, %(seed)s + 6) %% 10 < 3 THEN ''
                           ELSE ({given})[1 + pg_temp.h(c.first_person + j, %(seed)s + 7) %% {n_given}] END AS name
            FROM scale_county c, generate_series(0, c.n_people - 1) j,
                 LATERAL (SELECT date '{BIRTH_FROM}' + ((j::bigint * 7919) %% {DAYS})::int AS birth) b,
                 LATERAL (SELECT {FIRST_SEQUENCE} + 2 * (j / {DAYS})
                                 + (pg_temp.h(c.first_person + j, %(seed)s + 8) %% 2)::int AS seq) s
        ) p
        """,
        {"first": first_id, "first_employer": first_employer_id, "seed": seed},
    )
    return cursor.rowcount


def insert_profiles(cursor, first_id: int, count: int, seed: int, achievements_sql: str) -> int:
    """One archive profile per person; its verified-achievement count is the one the achievements will have."""
    cursor.execute(
        f"""
        INSERT INTO archive_profile (professional_id, phone, email, address, profile_complete, verified_achievements,
                                     updated_at)
        SELECT %(first)s + i,
               '13' || lpad((pg_temp.h(i, %(seed)s + 10) %% 1000000000)::text, 9, '0'),
               '', '', pg_temp.h(i, %(seed)s + 11) %% 10 < 8,
               greatest(0, ({achievements_sql}) - CASE WHEN pg_temp.h(i, %(seed)s + 12) %% 10 < 3 THEN 1 ELSE 0 END),
               timestamptz '2021-03-01 09:00+08' + (pg_temp.h(i, %(seed)s + 13) %% 540) * interval '1 day'
        FROM generate_series(0, %(count)s - 1) i
        """,
        {"first": first_id, "count": count, "seed": seed},
    )
    return cursor.rowcount
