"""SQLite: the online backup API copies the database page by page while the platform keeps running."""

import sqlite3
from contextlib import closing
from pathlib import Path

from zhicheng.backups.errors import BackupError

HEADER = b"SQLite format 3\x00"
# Pages copied per step; between steps other connections may write, and the copy picks up their changes.
PAGES_PER_STEP = 1024


def is_sqlite_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(HEADER)) == HEADER


def backup(source: sqlite3.Connection, target: Path) -> None:
    """Copy the live database of `source` into a new single file at `target`."""
    with closing(sqlite3.connect(target)) as copy:
        source.backup(copy, pages=PAGES_PER_STEP)
        # The platform runs in WAL mode; the backup should be one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")


def has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
        return database.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def restore(backup_file: Path, target: Path, *, force: bool) -> None:
    """Copy the backup into the database file `target`, which must be empty unless `force`."""
    if not force and has_tables(target):
        raise BackupError(f"目标数据库 {target} 不是空库：为防止覆盖现有数据，恢复只写入空库；确需覆盖请加 --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)) as source,
        closing(sqlite3.connect(target)) as database,
    ):
        source.backup(database)
        database.execute("PRAGMA journal_mode=WAL")  # as the platform opens it
