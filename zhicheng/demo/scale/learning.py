"""Continuing-education records and achievements, generated in SQL from each person's number."""

from zhicheng.demo.scale import reference
from zhicheng.demo.scale.sqlkit import sql_array

CE_YEARS = (2020, 2021, 2022)
# One year's courses: six professional courses of 12 hours, one 一般公需 course of 12 and one 行业公需 of 6:
# 90 hours, the policy's minimum (55号 §4(二)), each on its own day and at most the daily maximum.
COURSES = [("professional", 12)] * 6 + [("general_public", 12), ("industry_public", 6)]
COURSE_NAMES = {
    "professional": (
        "智能制造技术前沿",
        "工程项目管理实务",
        "新材料应用进展",
        "电气安全技术",
        "工程质量控制",
        "数字化设计方法",
    ),
    "general_public": ("专业技术人员职业道德", "数字经济与创新驱动", "法治素养提升"),
    "industry_public": ("安全生产法规解读", "行业标准化实务"),
}
PROVIDERS = ("浙江省专业技术人员继续教育基地", "浙江大学继续教育学院", "浙江工业大学继续教育学院", "浙江省工程师学会")
KINDS = ("paper", "patent", "project", "award", "standard", "report", "paper", "project")
# 65,536 phrases: two random descriptions share one with odds of about 1 in 4,000, so the near-duplicate
# detector finds the planted copies, not chance likeness.
PHRASES = 65_536
ROLES = ("第一作者", "第一发明人", "项目负责人", "主要完成人", "第二完成人", "主持起草")


def achievements_of(i: str, stride: int) -> str:
    """How many achievements person number `i` has: six for the applicants (every stride-th person), two for
    one person in five of the rest, none for the others: about one per person in all."""
    return f"CASE WHEN ({i}) %% {stride} = 0 THEN 6 WHEN ({i}) %% 5 = 1 THEN 2 ELSE 0 END"


def insert_ce_records(cursor, first_person: int, people: int, stride: int, seed: int) -> int:
    """Applicants have the three years their cases need; most others only 2022, one in ten 2021 too. One
    person-year in ten misses a professional course (78 hours, short of 90). One person in every
    people/100 has a day of 30 hours (a planted early warning).

    One statement on one connection: split in two parts on two connections at once it was no faster (3.06
    million rows: 4.9 s and 4.8 s on one, 5.1 s and 4.3 s on two; writing the rows, not making them, is
    the cost), and it would have cost the step its single transaction."""
    courses = ",".join(f"({r}, '{cat}', {hours})" for r, (cat, hours) in enumerate(COURSES))
    names = {cat: sql_array(values) for cat, values in COURSE_NAMES.items()}
    providers = sql_array(PROVIDERS)
    planted_every = max(1, people // 100)
    cursor.execute(
        f"""
        INSERT INTO education_cerecord (professional_id, year, category, hours, course, provider, study_date, source,
                                        status, fingerprint, created_at)
        SELECT %(first)s + i, y.year, c.category,
               CASE WHEN y.year = 2022 AND c.r = 0 AND i %% {planted_every} = 7 THEN 30 ELSE c.hours END,
               CASE c.category WHEN 'professional' THEN ({names["professional"]})[1 + (c.r + i) %% 6]
                               WHEN 'general_public' THEN ({names["general_public"]})[1 + i %% 3]
                               ELSE ({names["industry_public"]})[1 + i %% 2] END,
               ({providers})[1 + pg_temp.h(i, %(seed)s + 30) %% {len(PROVIDERS)}],
               make_date(y.year, 1, 1) + c.r * 42 + (pg_temp.h(i * 8 + c.r, %(seed)s + 31) %% 35)::int,
               'import',
               CASE WHEN y.year = 2022 AND pg_temp.h(i * 8 + c.r, %(seed)s + 32) %% 50 = 0 THEN 'pending'
                    ELSE 'confirmed' END,
               's:' || (%(first)s + i) || ':' || y.year || ':' || c.r,
               make_date(y.year, 12, 20)::timestamptz
        FROM generate_series(0, %(people)s - 1) i,
             (VALUES {",".join(f"({y})" for y in CE_YEARS)}) y(year),
             (VALUES {courses}) c(r, category, hours)
        WHERE (y.year = 2022 OR i %% {stride} = 0 OR (y.year = 2021 AND pg_temp.h(i, %(seed)s + 33) %% 10 = 0))
          AND NOT (c.r = 5 AND pg_temp.h(i * 4 + y.year, %(seed)s + 34) %% 10 = 0)
        """,
        {"first": first_person, "people": people, "seed": seed},
    )
    return cursor.rowcount


def phrase_table(cursor, seed: int) -> None:
    """Fill the session's scale_phrase table: PHRASES phrases of six words. A description is four of them,
    picked by hash: four joins per row instead of 24 word lookups in a per-row subquery, the costliest part
    of the achievements before."""
    words = sql_array(reference.WORDS)
    cursor.execute("DROP TABLE IF EXISTS scale_phrase")
    cursor.execute("CREATE TEMP TABLE scale_phrase (n int PRIMARY KEY, phrase text) ON COMMIT PRESERVE ROWS")
    cursor.execute(
        f"""INSERT INTO scale_phrase
            SELECT n, (SELECT string_agg(({words})[1 + pg_temp.h(n * 8 + w, %(seed)s + 44) %% {len(reference.WORDS)}],
                                         '' ORDER BY w)
                       FROM generate_series(1, 6) w)
            FROM generate_series(0, {PHRASES - 1}) n""",
        {"seed": seed},
    )
    cursor.execute("ANALYZE scale_phrase")


def insert_achievements(cursor, first_person: int, people: int, stride: int, seed: int) -> int:
    words = sql_array(reference.WORDS)
    n_words = len(reference.WORDS)
    phrase_table(cursor, seed)
    phrases = ", ".join(
        f"LATERAL (SELECT phrase FROM scale_phrase WHERE n = pg_temp.h(i * 8 + k, %(seed)s + {salt}) %% {PHRASES}) d{d}"
        for d, salt in enumerate((44, 46, 47, 48), 1)
    )
    kinds = sql_array(KINDS)
    roles = sql_array(ROLES)
    # The last achievement of three people in ten is not verified yet: pending, or returned (one in three).
    cursor.execute(
        f"""
        INSERT INTO archive_achievement (professional_id, kind, title, achieved_on, role, identifier, identifier_key,
                                         description, status, return_reason, verified_at, needs_review,
                                         created_at, updated_at)
        SELECT %(first)s + a.i, a.kind, a.title, a.achieved_on, ({roles})[1 + a.n %% {len(ROLES)}],
               a.identifier,
               CASE a.kind WHEN 'paper' THEN 'doi:' || lower(a.identifier)
                           WHEN 'patent' THEN 'patent:' || upper(a.identifier)
                           WHEN 'standard' THEN 'standard:' || upper(a.identifier) ELSE '' END,
               a.description, a.status, CASE WHEN a.status = 'returned' THEN '证明材料不清晰，请重新上传' ELSE '' END,
               CASE WHEN a.status = 'verified' THEN a.achieved_on + interval '30 days' END, false,
               a.achieved_on + interval '10 days', a.achieved_on + interval '30 days'
        FROM (
            SELECT i, k, i * 8 + k AS n, kind.v AS kind,
                   date '2014-01-01' + (pg_temp.h(i * 8 + k, %(seed)s + 40) %% 3000)::int AS achieved_on,
                   ({words})[1 + pg_temp.h(i * 8 + k, %(seed)s + 41) %% {n_words}]
                   || ({words})[1 + pg_temp.h(i * 8 + k, %(seed)s + 42) %% {n_words}]
                   || ({words})[1 + pg_temp.h(i * 8 + k, %(seed)s + 43) %% {n_words}]
                   || CASE kind.v WHEN 'paper' THEN '研究' WHEN 'patent' THEN '装置' WHEN 'standard' THEN '技术规范'
                                  WHEN 'project' THEN '项目' WHEN 'award' THEN '成果' ELSE '报告' END AS title,
                   CASE kind.v WHEN 'paper' THEN '10.' || (1000 + i %% 9000) || '/zj.' || (i * 8 + k)
                               WHEN 'patent' THEN 'ZL' || (2014 + k) || lpad((i * 8 + k)::text, 8, '0') || '.'
                                                  || ((i + k) %% 10)
                               WHEN 'standard' THEN 'T/ZJ ' || (i * 8 + k) || '-' || (2014 + k)
                               WHEN 'project' THEN 'ZJXM-' || (i * 8 + k) ELSE '' END AS identifier,
                   d1.phrase || '，' || d2.phrase || '，' || d3.phrase || '，' || d4.phrase || '。' AS description,
                   CASE WHEN k = n.count - 1 AND pg_temp.h(i, %(seed)s + 12) %% 10 < 2 THEN 'pending'
                        WHEN k = n.count - 1 AND pg_temp.h(i, %(seed)s + 12) %% 10 = 2 THEN 'returned'
                        ELSE 'verified' END AS status
            FROM generate_series(0, %(people)s - 1) i,
                 LATERAL (SELECT {achievements_of("i", stride)} AS count) n,
                 LATERAL generate_series(0, n.count - 1) k,
                 LATERAL (SELECT ({kinds})[1 + pg_temp.h(i * 8 + k, %(seed)s + 45) %% {len(KINDS)}] AS v) kind,
                 {phrases}
        ) a
        """,
        {"first": first_person, "people": people, "seed": seed},
    )
    return cursor.rowcount


def plant_copies(cursor, first_person: int, people: int, stride: int) -> int:
    """Planted for the early warnings: among applicants, every 97th one's first achievement has its identifier
    claimed again by the next applicant and its title and description copied by the one after, the last
    character changed: 0.95 of the 3-grams in common, well above the near-duplicate threshold (0.8), so that
    MinHash's estimate finds every copy. (Two characters changed and a title of their own left the copies
    near 0.5, and undetected; one changed in the middle, at 0.9, let one in 25 estimates fall below 0.8.)"""
    cursor.execute(
        """
        WITH source AS (
            SELECT a.professional_id, a.kind, a.identifier, a.identifier_key, a.title, a.description
            FROM archive_achievement a
            WHERE a.professional_id IN (
                SELECT %(first)s + n * 97 * %(stride)s FROM generate_series(0, 199) n
                WHERE (n * 97 + 2) * %(stride)s < %(people)s)
              AND a.identifier_key <> ''
              AND a.id = (SELECT min(b.id) FROM archive_achievement b
                          WHERE b.professional_id = a.professional_id AND b.identifier_key <> '')
        ),
        claim AS (
            UPDATE archive_achievement t SET kind = s.kind, identifier = s.identifier, identifier_key = s.identifier_key
            FROM source s
            WHERE t.id = (SELECT min(id) FROM archive_achievement
                          WHERE professional_id = s.professional_id + %(stride)s)
            RETURNING t.id
        ),
        copied AS (
            UPDATE archive_achievement t
            SET title = s.title, description = overlay(s.description placing '新' from length(s.description) - 1)
            FROM source s
            WHERE t.id = (SELECT min(id) FROM archive_achievement
                          WHERE professional_id = s.professional_id + 2 * %(stride)s)
            RETURNING t.id
        )
        SELECT (SELECT count(*) FROM claim) + (SELECT count(*) FROM copied)
        """,
        {"first": first_person, "people": people, "stride": stride},
    )
    return cursor.fetchone()[0]
