"""`zhicheng ce recompute`: every professional's compliance for a year, in one set-based SQL statement.

The database sums each person's confirmed hours per year and category over the last STREAK_CAP years,
marks the complying years as bits of a mask (bit k = year Y−k), adds the grandfathered years' bits, and
reads the streak of complying years ending with Y from the lowest zero bit. No per-person Python.
"""

from django.db import connection, transaction
from django.utils import timezone

from zhicheng.accounts.models import Professional
from zhicheng.education.compliance import STREAK_CAP
from zhicheng.education.models import Category, CERecord, ComplianceSnapshot
from zhicheng.policy.selectors import policy_for

PUBLIC = (Category.GENERAL_PUBLIC.value, Category.INDUSTRY_PUBLIC.value, Category.OTHER_PUBLIC.value)


def _grandfather_mask(year: int, grandfather_before: int) -> int:
    return sum(1 << k for k in range(STREAK_CAP) if year - k < grandfather_before)


def _streak_expression(mask: str) -> str:
    """SQL for the number of low one-bits of `mask` (0 … STREAK_CAP), portable to SQLite and PostgreSQL."""
    cases = " ".join(f"WHEN ({mask}) & {1 << k} = 0 THEN {k}" for k in range(STREAK_CAP))
    return f"CASE {cases} ELSE {STREAK_CAP} END"


def verdict_sql(year: int) -> tuple[str, list]:
    """SELECT professional_id, streak for every professional: the whole computation, read-only."""
    policy = policy_for(year)
    record = CERecord._meta.db_table
    person = Professional._meta.db_table
    public = ", ".join(["%s"] * len(PUBLIC))
    sql = f"""
        WITH sums AS (
            SELECT professional_id, year,
                   ROUND(SUM(hours), 1) AS total,
                   ROUND(SUM(CASE WHEN category = %s THEN hours ELSE 0 END), 1) AS prof,
                   ROUND(SUM(CASE WHEN category IN ({public}) THEN hours ELSE 0 END), 1) AS pub,
                   ROUND(SUM(CASE WHEN category = %s THEN hours ELSE 0 END), 1) AS gen
            FROM {record}
            WHERE status = %s AND year BETWEEN %s AND %s
            GROUP BY professional_id, year
        ),
        masks AS (
            SELECT professional_id, SUM(1 << (%s - year)) AS mask
            FROM sums
            WHERE total >= %s AND prof >= %s AND pub >= %s AND gen >= %s
            GROUP BY professional_id
        )
        SELECT id, {_streak_expression("mask")} AS streak
        FROM (
            SELECT p.id, COALESCE(m.mask, 0) | %s AS mask
            FROM {person} p LEFT JOIN masks m ON m.professional_id = p.id
        ) combined
    """
    params = [
        Category.PROFESSIONAL.value,
        *PUBLIC,
        Category.GENERAL_PUBLIC.value,
        CERecord.Status.CONFIRMED.value,
        year - STREAK_CAP + 1,
        year,
        year,
        # As floats: SQLite would compare a Decimal parameter as text. Thresholds are whole or half hours,
        # which floats hold exactly.
        float(policy.ce_hours_total_min),
        float(policy.ce_hours_professional_min),
        float(policy.ce_hours_public_min),
        float(policy.ce_hours_general_public_min),
        _grandfather_mask(year, policy.ce_grandfather_before_year),
    ]
    return sql, params


@transaction.atomic
def recompute(year: int) -> int:
    """Replace the year's snapshots with freshly computed ones; returns how many were written."""
    sql, params = verdict_sql(year)
    table = ComplianceSnapshot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE year = %s", [year])
        cursor.execute(
            f"INSERT INTO {table} (professional_id, year, streak, computed_at) "
            f"SELECT v.id, %s, v.streak, %s FROM ({sql}) v",
            [year, timezone.now(), *params],
        )
        return cursor.rowcount
