"""Shared set-up for benchmarks: Django on the one scale database, and timing helpers.

Every benchmark of a `python -m bench` run uses the same database: `zhicheng_scale_<BENCH_SCALE>` (city by
default, or province), or BENCH_DATABASE_URL when set, holding the scale data set of `zhicheng demo --scale`.
`ensure_database()` creates, migrates and generates it when it is missing.
"""

import os
import secrets
import statistics
import time
from pathlib import Path

import django

SCALES = ("city", "province")
ROOT_DIR = Path(__file__).resolve().parent.parent


def scale() -> str:
    name = os.environ.get("BENCH_SCALE") or "city"
    if name not in SCALES:
        raise SystemExit(f"BENCH_SCALE 只能是 {' 或 '.join(SCALES)}，而不是 {name!r}")
    return name


def database_url(name: str | None = None) -> str:
    """The bench database's URL; with `name`, the URL of another database on the same server (a benchmark
    that must not write into the scale set keeps a database of its own there)."""
    url = os.environ.get("BENCH_DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/zhicheng_scale_{scale()}"
    return f"{url.rsplit('/', 1)[0]}/{name}" if name else url


def setup_django(*, collect_static: bool = True) -> None:
    """Point Django at the bench database (BENCH_DATABASE_URL, or the scale database), with the production
    settings: DEBUG would log every query (formatting a bulk insert's SQL cost a detector more than running
    it) and render templates in debug mode. Plain HTTP in process, as behind the TLS proxy. Django is set up
    once per process: the first call decides, later calls (each benchmark's run() makes one) change nothing.
    A child process that renders no page (bench_memory's) skips collecting the static files."""
    from django.apps import apps

    if apps.ready:
        return
    os.environ["DATABASE_URL"] = database_url()
    os.environ.update({"DEBUG": "false", "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"})
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Collected static files (the manifest the production storage reads) apart from the development site's.
    os.environ.setdefault("ZHICHENG_VAR_DIR", str(ROOT_DIR / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings")
    django.setup()
    if collect_static:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def create_database() -> str:
    """Create Django's database when it is missing and migrate it; returns its name."""
    import psycopg
    from django.conf import settings
    from django.core.management import call_command

    params = settings.DATABASES["default"]
    name = params["NAME"]
    with psycopg.connect(
        host=params.get("HOST") or "127.0.0.1",
        port=params.get("PORT") or 5432,
        user=params.get("USER") or "postgres",
        password=params.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"  creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    return name


_ensured = False


def ensure_database() -> None:
    """Create the scale database if it is missing, migrate it, and generate the scale data set into it if it
    does not hold one yet (minutes for city, a quarter of an hour or more for province). Once per process."""
    global _ensured
    if _ensured:
        return
    from django.conf import settings

    print(f"bench database: {settings.DATABASES['default']['NAME']} (BENCH_SCALE={scale()})")
    name = create_database()
    from zhicheng.demo.scale.generate import already_loaded

    if not already_loaded():
        from bench.bench_generate import generate

        print(f"  {name} holds no scale data set: generating it (zhicheng demo --scale {scale()}) …", flush=True)
        generate(database_url())
    _ensured = True


def timed(label: str, func, *args, **kwargs):
    started = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"  {label}: {time.perf_counter() - started:.2f} s")
    return result


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95
