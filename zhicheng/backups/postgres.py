"""PostgreSQL: pg_dump in the custom format, pg_restore into an empty database, both found on PATH."""

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from zhicheng.backups.errors import BackupError

HEADER = b"PGDMP"


def is_dump_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(HEADER)) == HEADER


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}：请安装与数据库服务器版本相同的 PostgreSQL 客户端工具"
            "（如 apt install postgresql-client），并确认它在 PATH 中"
        )
    return found


def conninfo(config: dict[str, Any]) -> str:
    """A libpq connection string without the password (that goes in PGPASSWORD, not on a command line)."""
    parts = {
        "dbname": config.get("NAME"),
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "sslmode": (config.get("OPTIONS") or {}).get("sslmode"),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def _environment(config: dict[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    return environment


def _run(command: list[str], config: dict[str, Any], what: str) -> None:
    result = subprocess.run(command, env=_environment(config), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what}失败（{Path(command[0]).name} 退出码 {result.returncode}）：{result.stderr.strip()}")


def dump(config: dict[str, Any], target: Path, *, snapshot: str) -> None:
    """pg_dump of the exported snapshot, so the file holds exactly what the manifest counted."""
    command = [tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
    _run([*command, f"--dbname={conninfo(config)}"], config, "pg_dump 备份")


def has_tables(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0] > 0


def restore(backup_file: Path, config: dict[str, Any]) -> None:
    """pg_restore into the database of `config`; objects of the dump already there are dropped first."""
    command = [tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
    _run([*command, f"--dbname={conninfo(config)}", str(backup_file)], config, "pg_restore 恢复")
