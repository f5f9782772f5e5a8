"""The run: load the demo, then each table group in its own transaction, with progress lines."""

from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from zhicheng.accounts.models import Professional, Region, User
from zhicheng.demo.loader import load_demo
from zhicheng.demo.scale import SYNTHETIC_MARKER, Size, cases, learning, people
from zhicheng.demo.scale.sqlkit import Progress, indexes_suspended, install_helpers, next_id, reset_sequence
from zhicheng.demo.scenario import DEMO_PASSWORD
from zhicheng.lib.errors import RuleViolation

TABLES = [
    "accounts_organisation",
    "accounts_user",
    "accounts_professional",
    "archive_profile",
    "education_cerecord",
    "archive_achievement",
    "applications_application",
    "archive_educationentry",
    "archive_workperiod",
    "archive_titleheld",
    "applications_integrityrecord",
    "committees_expert",
]


def already_loaded() -> bool:
    return User.objects.filter(username=SYNTHETIC_MARKER).exists()


def check_database() -> None:
    if connection.vendor != "postgresql":
        raise RuleViolation(
            "--scale 需要 PostgreSQL：请设置 DATABASE_URL（如 postgres://postgres@127.0.0.1:5432/zhicheng_scale_city）后重试"
        )
    if already_loaded():
        raise RuleViolation("数据库中已有合成数据；如需重新生成，请加 --replace（将清空整个数据库）")


def generate(size: Size, *, seed: int = 2022, write: Callable[[str], None] = print) -> dict[str, int]:
    """Generate the synthetic set into the current (PostgreSQL, synthetic-free) database."""
    check_database()
    progress = Progress(write)
    with progress.step("演示数据（load_demo）"):
        load_demo()
    password = make_password(DEMO_PASSWORD)  # hashed once: every synthetic account shares it
    counts: dict[str, int] = {}
    raw = connection.connection
    with raw.cursor() as cursor:
        install_helpers(cursor, seed)
        regions = dict(Region.objects.filter(level="county").values_list("path", "pk"))
        people.county_table(cursor, regions, size.professionals, size.employers)
        first_org = next_id(cursor, "accounts_organisation")
        first_person = next_id(cursor, "accounts_professional")
        first_user = next_id(cursor, "accounts_user")
        with transaction.atomic(), progress.step("用人单位与经办人账号") as rows:
            rows[0] = counts["employers"] = people.insert_employers(cursor, first_org, seed)
            cursor.execute(
                """INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined, name, role, phone, organisation_id)
                   SELECT %(first)s + o.id - %(org)s, %(pw)s, false, 'sdw' || lpad((o.id - %(org)s)::text, 5, '0'),
                          '', '', '', false, true, timestamptz '2021-01-04 09:00+08', '经办人' || (o.id - %(org)s),
                          'employer', '', o.id
                   FROM accounts_organisation o WHERE o.id >= %(org)s ORDER BY o.id""",
                {"first": first_user, "org": first_org, "pw": password},
            )
            rows[0] += cursor.rowcount
            reset_sequence(cursor, "accounts_organisation")
            reset_sequence(cursor, "accounts_user")

        with transaction.atomic(), progress.step("专业技术人才、申报人账号与业绩档案") as rows:
            with indexes_suspended(cursor, "accounts_professional"):
                rows[0] = counts["professionals"] = people.insert_professionals(cursor, first_person, first_org, seed)
            # Without its foreign key for the load, or each row's deferred check waits for the commit; and before
            # the accounts below, whose own deferred checks would forbid dropping the key.
            with indexes_suspended(cursor, "archive_profile"):
                rows[0] += people.insert_profiles(
                    cursor, first_person, size.professionals, seed, learning.achievements_of("i", size.stride)
                )
            first_user = next_id(cursor, "accounts_user")
            cursor.execute(
                """INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined, name, role, phone, organisation_id)
                   SELECT %(first)s + (p.id - %(person)s) / %(stride)s, %(pw)s, false,
                          'sp' || lpad(((p.id - %(person)s) / %(stride)s)::text, 7, '0'), '', '', '', false, true,
                          p.created_at, p.name, 'professional', '', p.employer_id
                   FROM accounts_professional p
                   WHERE p.id >= %(person)s AND (p.id - %(person)s) %% %(stride)s = 0 ORDER BY p.id""",
                {"first": first_user, "person": first_person, "stride": size.stride, "pw": password},
            )
            rows[0] += cursor.rowcount
            cursor.execute(
                """UPDATE accounts_professional SET user_id = %(first)s + (id - %(person)s) / %(stride)s
                   WHERE id >= %(person)s AND (id - %(person)s) %% %(stride)s = 0""",
                {"first": first_user, "person": first_person, "stride": size.stride},
            )
            reset_sequence(cursor, "accounts_professional")
            reset_sequence(cursor, "accounts_user")

        with transaction.atomic(), progress.step("评委会与评审专家") as rows:
            counts["committees"] = cases.add_committees(password)
            rows[0] = counts["experts"] = _experts(
                cursor, size, first_person, next_id(cursor, "accounts_user"), password, seed
            )
            reset_sequence(cursor, "accounts_user")

        with (
            transaction.atomic(),
            progress.step("继续教育学时") as rows,
            indexes_suspended(cursor, "education_cerecord"),
        ):
            rows[0] = counts["ce_records"] = learning.insert_ce_records(
                cursor, first_person, size.professionals, size.stride, seed
            )

        with transaction.atomic(), progress.step("业绩") as rows:
            with indexes_suspended(cursor, "archive_achievement"):
                rows[0] = counts["achievements"] = learning.insert_achievements(
                    cursor, first_person, size.professionals, size.stride, seed
                )
            # After the indexes are back: the planting looks achievements up by person.
            rows[0] += learning.plant_copies(cursor, first_person, size.professionals, size.stride)

        with transaction.atomic(), progress.step("申报") as rows:
            cursor.execute(
                """SELECT p.id, p.user_id, p.employer_id, p.name, p.birth_date FROM accounts_professional p
                   WHERE p.id >= %s AND p.user_id IS NOT NULL ORDER BY p.id""",
                [first_person],
            )
            applicants = cursor.fetchall()
            bureau = User.objects.get(username="rs_province").pk
            made = cases.build_cases(cursor, applicants, next_id(cursor, "applications_application"), seed, bureau)
            counts.update(made)
            rows[0] = sum(made.values())

        with progress.step("序列、清理与统计信息（VACUUM ANALYZE）"):
            for table in TABLES:
                if table != "archive_profile":  # keyed by its professional, no sequence
                    reset_sequence(cursor, table)
            # VACUUM as well as ANALYZE: a database in service has been vacuumed (autovacuum), so its visibility
            # map lets queries answer from an index alone; freshly loaded tables would read every heap page.
            for table in TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    counts["professionals_total"] = Professional.objects.count()
    return counts


def _experts(cursor, size: Size, first_person: int, first_user: int, password: str, seed: int) -> int:
    """Experts are professionals too (the person after each applicant): a user, an Expert row of 高级 or
    正高级 title in their employer's trade, and a seat on the committees of their city and the province."""
    cursor.execute(
        """INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email, is_staff,
               is_active, date_joined, name, role, phone, organisation_id)
           SELECT %(first)s + n, %(pw)s, false, 'szj' || lpad(n::text, 5, '0'), '', '', '', false, true,
                  p.created_at, p.name, 'expert', '', p.employer_id
           FROM generate_series(0, %(count)s - 1) n
           JOIN accounts_professional p ON p.id = %(person)s + n * %(stride)s + 1""",
        {"first": first_user, "pw": password, "count": size.experts, "person": first_person, "stride": size.stride},
    )
    made = cursor.rowcount
    cursor.execute(
        """INSERT INTO committees_expert (user_id, specialty_id, title_id, employer_id, region_id, active)
           SELECT u.id, (SELECT s.id FROM policy_specialty s ORDER BY s.id
                         OFFSET pg_temp.h(u.id, %(seed)s + 60) %% (SELECT count(*) FROM policy_specialty) LIMIT 1),
                  (SELECT t.id FROM policy_title t
                   WHERE t.name = CASE WHEN u.id %% 4 = 0 THEN '正高级工程师' ELSE '高级工程师' END),
                  u.organisation_id, o.region_id, true
           FROM accounts_user u JOIN accounts_organisation o ON o.id = u.organisation_id
           WHERE u.id >= %(first)s AND u.username LIKE 'szj%%'""",
        {"first": first_user, "seed": seed},
    )
    cursor.execute(
        """INSERT INTO committees_committee_members (committee_id, user_id)
           SELECT c.id, e.user_id FROM committees_expert e
           JOIN accounts_region r ON r.id = e.region_id
           JOIN committees_committee c
             ON r.path LIKE (SELECT j.path FROM accounts_region j WHERE j.id = c.jurisdiction_id) || '%%'
           WHERE e.user_id >= %(first)s AND c.kind <> 'self_evaluating'
           ON CONFLICT DO NOTHING""",
        {"first": first_user},
    )
    return made
