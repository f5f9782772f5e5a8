"""How the platform's web server is started: one gunicorn command line for `zhicheng serve` and the load test."""

import sys


def gunicorn_command(*, bind: str, workers: int, threads: int, access_log: str = "-") -> list[str]:
    """gunicorn on the platform's WSGI application, with the platform's settings for it."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "zhicheng.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # Idle connections stay open longer than a person pauses between clicks (gunicorn's 2 s would close
        # them under a browser that is about to reuse one).
        "--keep-alive",
        "5",
        "--access-logfile",
        access_log,
    ]
