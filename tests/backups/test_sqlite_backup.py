"""`zhicheng backup` and `zhicheng restore` on SQLite files, run as an operator runs them: a real database file
with a case and its audit events, the online backup, a restore into an empty file, and tampered copies."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from zhicheng.backups.errors import BackupError
from zhicheng.backups.postgres import tool

SEED = """
import django
django.setup()
from tests.base import build_world
from tests.factories import make_case
build_world()
make_case("accepted")
"""


def _zhicheng(database: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "-m", "zhicheng.cli", *args], env=environment, capture_output=True, text=True, timeout=300
    )


def _seed(database: Path) -> None:
    assert _zhicheng(database, "migrate", "-v0").returncode == 0
    environment = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "zhicheng.settings",
    }
    subprocess.run([sys.executable, "-c", SEED], env=environment, check=True, timeout=300)


def _counts(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database)) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        # sqlite_sequence is SQLite's own bookkeeping, not the platform's data: the manifest leaves it out.
        names = [name for name in names if not name.startswith("sqlite_")]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _rows(database: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(database)) as db:
        return db.execute(sql).fetchall()


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """A seeded source database and the backup `zhicheng backup` made of it, with the command's output."""
    folder = tmp_path_factory.mktemp("backup")
    source = folder / "source.sqlite3"
    _seed(source)
    before = _counts(source)
    (folder / "backups").mkdir()
    result = _zhicheng(source, "backup", "--output", str(folder / "backups"))
    assert result.returncode == 0, result.stderr
    (backup,) = (folder / "backups").glob("zhicheng-sqlite-*.sqlite3")
    return {"source": source, "backup": backup, "before": before, "output": result.stdout}


def _tampered_copy(backed_up, folder: Path) -> Path:
    """A copy of the backup (with its manifest) in which one audit event's reason was rewritten."""
    copy = folder / backed_up["backup"].name
    shutil.copy(backed_up["backup"], copy)
    shutil.copy(backed_up["backup"].with_name(backed_up["backup"].name + ".manifest.json"), folder)
    with closing(sqlite3.connect(copy)) as db:
        db.execute("UPDATE audit_event SET reason = '改过的理由' WHERE id = 2")
        db.commit()
    return copy


def test_the_backup_prints_its_size_and_checksum_and_keeps_a_manifest(backed_up):
    backup = backed_up["backup"]
    digest = hashlib.sha256(backup.read_bytes()).hexdigest()
    assert f"SHA-256：{digest}" in backed_up["output"]
    assert f"（{backup.stat().st_size} 字节）" in backed_up["output"]

    manifest = json.loads(backup.with_name(backup.name + ".manifest.json").read_text(encoding="utf-8"))
    assert (manifest["engine"], manifest["sha256"], manifest["size"]) == ("sqlite", digest, backup.stat().st_size)
    contents = manifest["contents"]
    events = _rows(backup, "SELECT hash FROM audit_event ORDER BY id")
    assert contents["audit_events"] == len(events) > 0
    assert contents["audit_last_hash"] == events[-1][0]
    assert contents["tables"] == _counts(backup)
    assert "audit.0001_initial" in contents["migrations"] and "applications.0001_initial" in contents["migrations"]


def test_the_backup_is_on_the_record_as_an_export_of_the_whole_database(backed_up):
    backup = backed_up["backup"]
    digest = hashlib.sha256(backup.read_bytes()).hexdigest()
    ((action, object_id, actor, reason, data),) = _rows(
        backed_up["source"],
        "SELECT action, object_id, actor_name, reason, data FROM audit_event ORDER BY id DESC LIMIT 1",
    )
    assert (action, object_id, actor) == ("export", "整库备份", "系统")
    assert f"file={backup.name}; sha256={digest}" in reason
    assert json.loads(data) == {"rows": sum(_counts(backup).values())}
    # The source's audit chain still verifies with the backup's event appended.
    assert _zhicheng(backed_up["source"], "audit", "verify").returncode == 0


def test_a_restore_into_an_empty_file_holds_the_same_rows_and_its_chain_verifies(backed_up, tmp_path):
    target = tmp_path / "restored.sqlite3"
    result = _zhicheng(
        backed_up["source"], "restore", str(backed_up["backup"]), "--database-url", f"sqlite:///{target}"
    )
    assert result.returncode == 0, result.stderr
    events = backed_up["before"]["audit_event"]
    assert f"审计链完好：共校验 {events} 条事件。" in result.stdout
    assert "各数据表行数与审计链末端均与备份清单一致" in result.stdout

    # Every table of the source as it was when backed up, row for row.
    assert _counts(target) == backed_up["before"]
    assert _rows(target, "SELECT * FROM audit_event ORDER BY id") == _rows(
        backed_up["source"], f"SELECT * FROM audit_event WHERE id <= {events} ORDER BY id"
    )
    # The platform, pointed at the restored file, verifies the chain on its own.
    verified = _zhicheng(target, "audit", "verify")
    assert verified.returncode == 0 and f"共校验 {events} 条事件" in verified.stdout


def test_a_database_that_is_not_empty_is_only_overwritten_with_force(backed_up, tmp_path):
    target = tmp_path / "in-use.sqlite3"
    with closing(sqlite3.connect(target)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('现有数据')")
        db.commit()
    url = f"sqlite:///{target}"

    refused = _zhicheng(backed_up["source"], "restore", str(backed_up["backup"]), "--database-url", url)
    assert refused.returncode != 0
    assert "不是空库" in refused.stderr and "--force" in refused.stderr
    assert _counts(target) == {"notes": 1}

    forced = _zhicheng(backed_up["source"], "restore", str(backed_up["backup"]), "--database-url", url, "--force")
    assert forced.returncode == 0, forced.stderr
    assert _counts(target) == backed_up["before"]


def test_a_backup_changed_after_it_was_made_is_refused_by_its_checksum(backed_up, tmp_path):
    copy = _tampered_copy(backed_up, tmp_path)
    target = tmp_path / "restored.sqlite3"
    result = _zhicheng(backed_up["source"], "restore", str(copy), "--database-url", f"sqlite:///{target}")
    assert result.returncode != 0
    assert "SHA-256" in result.stderr and "不予恢复" in result.stderr
    assert not target.exists()


def test_a_tampered_backup_without_its_manifest_fails_the_chain_verification(backed_up, tmp_path):
    copy = _tampered_copy(backed_up, tmp_path)
    copy.with_name(copy.name + ".manifest.json").unlink()  # whoever changed the file dropped the manifest too
    target = tmp_path / "restored.sqlite3"
    result = _zhicheng(backed_up["source"], "restore", str(copy), "--database-url", f"sqlite:///{target}")
    assert result.returncode != 0
    assert "未通过校验" in result.stderr and "审计链断裂：事件 #2 内容与哈希不符" in result.stderr
    assert "未找到备份清单" in result.stdout


def test_a_file_that_is_not_a_backup_is_refused(backed_up, tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("不是备份", encoding="utf-8")
    result = _zhicheng(backed_up["source"], "restore", str(stray), "--database-url", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode != 0 and "不是本平台的备份文件" in result.stderr


def test_a_missing_postgresql_tool_is_named_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match=r"找不到 pg_dump：请安装.*PostgreSQL 客户端工具"):
        tool("pg_dump")
