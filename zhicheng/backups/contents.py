"""What a database holds, as a backup's manifest records it: tables and rows, migrations, the audit chain's end.

The same reading is taken of the source when the backup is made and of the target after a restore, so that
the two can be compared line by line.
"""

from dataclasses import dataclass, field

from zhicheng.audit.models import Event


@dataclass(frozen=True)
class Contents:
    tables: dict[str, int] = field(default_factory=dict)
    migrations: list[str] = field(default_factory=list)
    audit_events: int = 0
    audit_last_hash: str = ""

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _quoted(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def read_contents(connection) -> Contents:
    """Count every table's rows and read the migrations and the newest audit hash, in the caller's snapshot."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        tables = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {_quoted(connection, name)}")
            tables[name] = cursor.fetchone()[0]
        migrations: list[str] = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
        audit_table = Event._meta.db_table
        last_hash = ""
        if audit_table in tables:
            cursor.execute(f"SELECT hash FROM {_quoted(connection, audit_table)} ORDER BY id DESC LIMIT 1")
            row = cursor.fetchone()
            last_hash = row[0] if row else ""
    return Contents(
        tables=tables,
        migrations=migrations,
        audit_events=tables.get(audit_table, 0),
        audit_last_hash=last_hash,
    )


def differences(expected: Contents, found: Contents) -> list[str]:
    """Where a restored database differs from what the manifest says the backup held, in words."""
    # Tables the backup did not hold are not counted: with --force they may be the target's own.
    problems = []
    for name in sorted(expected.tables):
        if name not in found.tables:
            problems.append(f"缺少数据表 {name}")
        elif expected.tables[name] != found.tables[name]:
            problems.append(f"数据表 {name} 应有 {expected.tables[name]} 行，实有 {found.tables[name]} 行")
    if expected.audit_last_hash != found.audit_last_hash:
        problems.append("审计链最后一条事件的哈希与备份清单不符")
    return problems
