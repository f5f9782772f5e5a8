"""`zhicheng backup` with pg_dump and `zhicheng restore` with pg_restore into a freshly created, empty database,
whose audit chain is then verified there (PostgreSQL only: run with .ci/postgres-tests)."""

import io
import subprocess
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.base import build_world
from tests.factories import make_case
from zhicheng.applications.models import State
from zhicheng.audit.models import Event
from zhicheng.backups.manifest import read_manifest

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL; SQLite is tested apart"
)


def _url(name: str) -> str:
    server = connection.settings_dict
    password = f":{quote(server['PASSWORD'])}" if server["PASSWORD"] else ""
    return (
        f"postgres://{quote(server['USER'])}{password}@{server['HOST'] or 'localhost'}:{server['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def empty_database():
    """A database created for the test, with nothing in it; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with psycopg.connect(_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as database:
        names = [row[0] for row in database.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_holds_the_same_rows_and_its_chain_verifies(tmp_path, empty_database):
    build_world()
    make_case(State.ACCEPTED)
    events = Event.objects.count()
    printed = io.StringIO()

    call_command("backup", output=tmp_path, stdout=printed)

    (backup,) = tmp_path.glob("zhicheng-postgresql-*.dump")
    assert backup.read_bytes()[:5] == b"PGDMP" and "SHA-256：" in printed.getvalue()
    manifest = read_manifest(backup)
    assert manifest is not None and manifest.engine == "postgresql"
    assert manifest.contents.audit_events == events
    # The backup itself is on the record, after what the file holds.
    assert Event.objects.count() == events + 1 and Event.objects.last().reason.startswith(f"file={backup.name};")

    restored = io.StringIO()
    call_command("restore", str(backup), database_url=empty_database, stdout=restored)

    assert f"审计链完好：共校验 {events} 条事件。" in restored.getvalue()
    assert "各数据表行数与审计链末端均与备份清单一致" in restored.getvalue()
    assert _table_counts(empty_database) == manifest.contents.tables
    with psycopg.connect(empty_database) as database:
        copied = database.execute("SELECT id, hash FROM audit_event ORDER BY id").fetchall()
    assert copied == list(Event.objects.filter(id__lte=copied[-1][0]).values_list("id", "hash"))

    with pytest.raises(CommandError, match="不是空库"):
        call_command("restore", str(backup), database_url=empty_database, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_dump_of_an_altered_database_fails_the_verification(tmp_path, empty_database):
    build_world()
    make_case(State.SUBMITTED)
    call_command("backup", output=tmp_path, stdout=io.StringIO())
    (backup,) = tmp_path.glob("*.dump")
    call_command("restore", str(backup), database_url=empty_database, stdout=io.StringIO())
    with psycopg.connect(empty_database) as database:
        first = database.execute("SELECT MIN(id) FROM audit_event").fetchone()[0]
        database.execute("UPDATE audit_event SET actor_name = '别人' WHERE id = %s", [first])
    # The altered database dumped again and passed off as a backup (no manifest to betray it).
    altered = tmp_path / "altered.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={altered}", f"--dbname={empty_database}"], check=True)

    with pytest.raises(CommandError, match=rf"审计链断裂：事件 #{first} 内容与哈希不符"):
        call_command("restore", str(altered), database_url=empty_database, force=True, stdout=io.StringIO())
