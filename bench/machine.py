"""Facts of the machine a run is measured on, kept beside the run's figures (bench/results/<scale>/machine.json)
so the report shows each scale's figures with the machine and date they came from."""

import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from bench.setup import database_url, scale


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _postgres_version() -> str:
    import psycopg

    try:
        with psycopg.connect(database_url("postgres"), connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return row[0] if row else "unknown"
    except psycopg.Error:
        return "unreachable"


def facts() -> dict[str, str]:
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "scale": scale(),
        "database": database_url().rsplit("/", 1)[1],
        "cores": str(os.cpu_count()),
        "RAM": _ram_gb(),
        "CPU": _cpu_model(),
        "PostgreSQL": _postgres_version(),
        "Python": sys.version.split()[0],
    }
