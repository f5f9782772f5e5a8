"""Which database a backup comes from or a restore goes to, and a Django connection to it by the side."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

from zhicheng.backups.errors import BackupError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# The alias under which a restored database is opened to be checked; never one of the platform's own.
TARGET_ALIAS = "restore_target"


def config_for(url: str | None) -> dict[str, Any]:
    """The Django database settings of a URL, or of the platform's own database without one."""
    if url:
        return dict(dj_database_url.parse(url))
    return dict(settings.DATABASES[DEFAULT_DB_ALIAS])


def engine_of(config: dict[str, Any]) -> str:
    engine = config.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRESQL
    raise BackupError(f"不支持的数据库类型 {engine}：备份与恢复只支持 SQLite 和 PostgreSQL")


@contextmanager
def attached(config: dict[str, Any]) -> Iterator[str]:
    """Open the database of `config` under a spare alias, for the ORM to read; closed and forgotten after.

    The connection is registered for this thread only and never added to the configured databases, so the
    platform's own aliases (and anything iterating them) do not see it."""
    prepared = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), TARGET_ALIAS: dict(config)}
    )[TARGET_ALIAS]
    wrapper = load_backend(prepared["ENGINE"]).DatabaseWrapper(prepared, TARGET_ALIAS)
    connections[TARGET_ALIAS] = wrapper
    try:
        yield TARGET_ALIAS
    finally:
        wrapper.close()
        del connections[TARGET_ALIAS]
