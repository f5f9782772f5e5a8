"""Backing up the platform's database and restoring a backup into an empty one.

Both run from the console (`zhicheng backup`, `zhicheng restore`): whoever can run them already holds the
server, so there is no platform permission to check; the backup is still on the record as an export of the
whole database.
"""

import getpass
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from zhicheng.audit.chain import VerifyResult, verify_chain
from zhicheng.audit.services import record_export
from zhicheng.backups import postgres, sqlite
from zhicheng.backups.contents import Contents, differences, read_contents
from zhicheng.backups.databases import POSTGRESQL, SQLITE, attached, config_for, engine_of
from zhicheng.backups.errors import BackupError
from zhicheng.backups.manifest import Manifest, check_file, read_manifest, sha256_of, write_manifest

EXTENSIONS = {SQLITE: "sqlite3", POSTGRESQL: "dump"}
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
BACKUP_EXPORT = "整库备份"


def default_backup_dir() -> Path:
    return Path(settings.VAR_DIR) / "backups"


def backup_path(output: Path | None, engine: str, now: datetime) -> Path:
    """The file to write: `output`, or a name with the date in `output` (a folder) or in var/backups/."""
    name = f"zhicheng-{engine}-{timezone.localtime(now):%Y%m%d-%H%M%S}.{EXTENSIONS[engine]}"
    if output is None:
        target = default_backup_dir() / name
    elif output.is_dir():
        target = output / name
    else:
        target = output
    if target.exists():
        raise BackupError(f"文件 {target} 已存在：备份不覆盖已有文件，请换一个文件名")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _backup_sqlite(target: Path) -> Contents:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    sqlite.backup(connection.connection, target)
    # Read the copy, not the live database: writes that came after the copy are not in it.
    with attached({"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}) as alias:
        return read_contents(connections[alias])


def _backup_postgres(target: Path) -> Contents:
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and for pg_dump, so the manifest describes exactly the file.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        contents = read_contents(connection)
        postgres.dump(connection.settings_dict, target, snapshot=snapshot)
    return contents


def backup_create(*, output: Path | None = None) -> tuple[Path, Manifest]:
    """Write a backup of the platform's database and its manifest; the export is recorded in the audit log."""
    engine = engine_of(config_for(None))
    now = timezone.now()
    target = backup_path(output, engine, now)
    try:
        contents = _backup_sqlite(target) if engine == SQLITE else _backup_postgres(target)
    except Exception:
        target.unlink(missing_ok=True)  # no half-written file that looks like a backup
        raise
    manifest = Manifest(
        engine=engine,
        created_at=now.isoformat(),
        file=target.name,
        size=target.stat().st_size,
        sha256=sha256_of(target),
        contents=contents,
    )
    write_manifest(target, manifest)
    # The file name goes in the reason: an event's object id is short, and a chosen --output name may not be.
    record_export(
        actor=None,
        what=BACKUP_EXPORT,
        count=contents.rows,
        query=f"file={target.name}; sha256={manifest.sha256}; 操作系统用户={getpass.getuser()}",
    )
    return target, manifest


@dataclass(frozen=True)
class RestoreResult:
    target: str
    chain: VerifyResult
    contents: Contents
    manifest: Manifest | None
    problems: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems


def _kind_of(backup_file: Path) -> str:
    if sqlite.is_sqlite_file(backup_file):
        return SQLITE
    if postgres.is_dump_file(backup_file):
        return POSTGRESQL
    raise BackupError(f"{backup_file.name} 不是本平台的备份文件（既不是 SQLite 数据库，也不是 pg_dump 自定义格式）")


def _describe(config: dict) -> str:
    if engine_of(config) == SQLITE:
        return f"SQLite {config['NAME']}"
    return f"PostgreSQL {config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}/{config['NAME']}"


def _migration_state(connection) -> tuple[list[str], list[str]]:
    """Migrations the code has that the restored database lacks, and the reverse (a backup of newer code)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.graph.nodes)
    applied = set(loader.applied_migrations)
    return sorted(f"{app}.{name}" for app, name in known - applied), sorted(
        f"{app}.{name}" for app, name in applied - known
    )


def backup_restore(backup_file: Path, *, url: str | None = None, force: bool = False) -> RestoreResult:
    """Restore into an empty database (any database with --force), then verify the audit chain there."""
    if not backup_file.is_file():
        raise BackupError(f"找不到备份文件 {backup_file}")
    manifest = read_manifest(backup_file)
    if manifest is not None:
        check_file(backup_file, manifest)
    kind = _kind_of(backup_file)
    config = config_for(url)
    engine = engine_of(config)
    if engine != kind:
        raise BackupError(
            f"这是 {ENGINE_NAMES[kind]} 的备份，只能恢复到 {ENGINE_NAMES[kind]} 数据库，目标却是 {ENGINE_NAMES[engine]}"
        )
    connections.close_all()  # the platform's own connection must not hold the database being replaced
    with attached(config) as alias:
        target = connections[alias]
        if engine == SQLITE:
            sqlite.restore(backup_file, Path(config["NAME"]), force=force)
        else:
            if not force and postgres.has_tables(target):
                raise BackupError(
                    f"目标数据库 {_describe(config)} 不是空库：为防止覆盖现有数据，恢复只写入空库；确需覆盖请加 --force"
                )
            target.close()
            postgres.restore(backup_file, config)
        chain = verify_chain(using=alias)
        contents = read_contents(target)
        pending, unknown = _migration_state(target)
    return RestoreResult(
        target=_describe(config),
        chain=chain,
        contents=contents,
        manifest=manifest,
        problems=differences(manifest.contents, contents) if manifest else [],
        pending_migrations=pending,
        unknown_migrations=unknown,
    )
