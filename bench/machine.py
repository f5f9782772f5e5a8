"""Facts of the machine a run is measured on, kept beside the run's figures (bench/results/<scale>/machine.json)
so the report shows each scale's figures with the machine and date they came from."""

import os
import platform
import sys
import time
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


def _loop_seconds(steps: int = 1_000_000) -> float:
    started = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return time.perf_counter() - started


def _python_speed() -> str:
    """A fixed pure-Python loop, timed when the run starts: machines of one CPU model name here have differed
    several times over in speed (shared hosts), and the figures of a run are read against it."""
    best = min(_loop_seconds() for _ in range(3))
    return f"{best * 1000:.0f} ms for 1,000,000 steps of a Python loop (best of 3)"


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
        "CPU speed": _python_speed(),
        "PostgreSQL": _postgres_version(),
        "Python": sys.version.split()[0],
    }
