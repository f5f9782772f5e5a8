"""PostgreSQL helpers for tests that stop another session at a chosen statement.

A test holds a row lock (or an uncommitted row with a unique key) in its own session, the code under test
runs into it and waits; pg_stat_activity then shows that session waiting on a lock, with the statement it
is in. That is a point the test chooses, not a guess at timing: two writers can be made to meet there, or a
process can be killed exactly there.
"""

import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection, connections, transaction

WAIT_SECONDS = 180


class Held:
    """Run `hold` in a transaction of its own thread and connection; keep it open until released, then roll
    it back, so whatever it wrote or locked is gone."""

    class _Rollback(Exception):
        pass

    def __init__(self, hold: Callable[[], object]) -> None:
        self._hold = hold
        self._ready = threading.Event()
        self._release = threading.Event()
        self._errors: list[BaseException] = []
        self.backend_pid: int | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with transaction.atomic():
                self._hold()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    self.backend_pid = cursor.fetchone()[0]
                self._ready.set()
                self._release.wait(WAIT_SECONDS)
                raise self._Rollback
        except self._Rollback:
            pass
        except BaseException as error:  # reported by the test's thread
            self._errors.append(error)
        finally:
            self._ready.set()
            connections.close_all()

    def start(self) -> "Held":
        self._thread.start()
        assert self._ready.wait(WAIT_SECONDS), "the holding transaction did not start"
        assert not self._errors, self._errors
        return self

    def release(self) -> None:
        """Roll the holding transaction back; safe to call again, or before start."""
        self._release.set()
        if self._thread.is_alive():
            self._thread.join(WAIT_SECONDS)
        assert not self._errors, self._errors

    def __enter__(self) -> "Held":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.release()


def _waiting(statement_start: str, *, exclude: set[int]) -> list[int]:
    """Backends of this database waiting on a lock inside a statement that starts with `statement_start`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE %s AND pid <> pg_backend_pid() ORDER BY pid",
            [statement_start.replace("%", r"\%") + "%"],
        )
        return [pid for (pid,) in cursor.fetchall() if pid not in exclude]


def wait_for_waiters(
    statement_start: str, count: int = 1, *, exclude: set[int] = frozenset(), process=None
) -> list[int]:
    """Poll until `count` sessions wait on a lock in such a statement; their backend pids."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        pids = _waiting(statement_start, exclude=set(exclude))
        if len(pids) >= count:
            return pids
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended (exit {process.returncode}) before reaching the lock")
        time.sleep(0.05)
    raise AssertionError(f"no {count} session(s) waiting in {statement_start!r} after {WAIT_SECONDS} s")


def wait_until_gone(pid: int) -> None:
    """Poll until the backend `pid` has ended (a killed client's session is rolled back as it ends)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there after {WAIT_SECONDS} s")


def database_url() -> str:
    """The URL of the test database this process uses, for a subprocess to use the same one."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def stop(process: subprocess.Popen | None) -> None:
    """Make sure a subprocess of the test is gone, whatever happened."""
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(WAIT_SECONDS)


ZHICHENG = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "zhicheng")
