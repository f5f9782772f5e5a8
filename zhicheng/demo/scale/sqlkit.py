"""Small PostgreSQL tools for bulk loading: deterministic hashing, progress lines, index suspension (COPY itself
is zhicheng/lib/pgcopy.py)."""

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# GB 11643: the weights of an ID number's first 17 digits in its check digit.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# The check digit as one inlinable expression: a per-row subquery over generate_series(1, 17) cost more than
# the rest of the person's row.
_CHECK_SUM = "\n            + ".join(f"substr(first17, {k}, 1)::int * {w}" for k, w in enumerate(ID_WEIGHTS, 1))

# Session-local SQL helpers. `pg_temp` functions vanish with the connection, so nothing is left in the schema.
HELPERS = f"""
CREATE OR REPLACE FUNCTION pg_temp.h(n bigint, salt int) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS 'SELECT abs(hashint8extended(n, salt))';
CREATE OR REPLACE FUNCTION pg_temp.u(n bigint, salt int) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS 'SELECT (abs(hashint8extended(n, salt)) %% 1000000) / 1000000.0';
CREATE OR REPLACE FUNCTION pg_temp.id_check(first17 text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT substr('10X98765432', 1 + (
            {_CHECK_SUM}
        ) %% 11, 1)
$$;
"""


def install_helpers(cursor, seed: int) -> None:
    # The seed is folded into every salt by the callers; the functions themselves are pure.
    cursor.execute(HELPERS.replace("%%", "%"))


class Progress:
    """Prints one line per finished step: rows, rows per second, and the time since the run began."""

    def __init__(self, write) -> None:
        self.write = write
        self.started = time.perf_counter()

    @contextmanager
    def step(self, label: str) -> Iterator[list[int]]:
        counter = [0]
        began = time.perf_counter()
        yield counter
        took = time.perf_counter() - began
        rate = f"，{counter[0] / took:,.0f} 行/秒" if counter[0] and took > 0 else ""
        total = time.perf_counter() - self.started
        self.write(f"  {label}：{counter[0]:,} 行，用时 {took:.1f} 秒{rate}（累计 {total:.0f} 秒）")


@contextmanager
def indexes_suspended(cursor, table: str) -> Iterator[None]:
    """Drop a table's secondary indexes, unique and foreign-key constraints for a bulk load and build them
    again after it: one sort per index instead of one index insertion and one key lookup per row. Inside the
    caller's transaction, so a failed load restores them with everything else."""
    saved = suspend_indexes(cursor, table)
    yield
    restore_indexes(cursor, table, saved)


def suspend_indexes(cursor, table: str) -> tuple[list, list]:
    """Drop the table's secondary indexes, unique and foreign-key constraints; returns what restores them."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
        [table],
    )
    constraints = cursor.fetchall()
    for name, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return indexes, constraints


def restore_indexes(cursor, table: str, saved: tuple[list, list]) -> None:
    indexes, constraints = saved
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _, definition in indexes:
        cursor.execute(definition)
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def sql_array(values: Iterable[str]) -> str:
    """A text[] literal for values that hold no quote or comma (names, words)."""
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]::text[]"


def next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def reset_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
    )
