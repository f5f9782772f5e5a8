"""The load test: gunicorn with the production settings on PostgreSQL, driven by locust over the loopback.

For each server shape (workers x threads; BENCH_LOAD_CONFIGS, default "4x1,2x4": on 2 cores, processes or
threads) it measures the floor, a bare Django view with no think time, then the saturated throughput of each
key page alone; the shape whose key pages go fastest then serves the realistic mix (bench/load/locustfile.py)
of BENCH_LOAD_USERS users (50) for BENCH_LOAD_SECONDS (60). Each gunicorn worker's resident memory is sampled
throughout and its kernel high-water mark (VmHWM) read before it stops.

Targets (issue 11): every page's p95 <= 150 ms under the mix, with no failures; each key page's saturated
throughput >= 50% of the floor; each web worker <= 300 MB peak RSS.

Figures go to bench/results/<scale>/load.json:
{"pages": {name: {"requests", "failures", "rps", "median_ms", "p95_ms"}}, "floor_rps", "total_rps",
 "worker_peak_rss_mb": [per worker], "users", "seconds", "saturated": {tag: {"rps", "share_of_floor"}},
 "configs": [...], ...}.

Data: the scale data set the run is set up on (bench/__main__.py: zhicheng_scale_<BENCH_SCALE>), served by
gunicorn from the same database; locust logs in as its synthetic accounts (applicants sp…, committee offices
sbgs…, all with the demo password). Nothing is written into it but what the pages' own forms save.
Time: two shapes × (floor + six key pages) × BENCH_LOAD_SATURATION_SECONDS (15), then the mix; with start-up
about five minutes at either scale.
"""

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

from bench import results
from bench.setup import database_url, ensure_database, setup_django

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).parent / "load" / "locustfile.py"
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
MIX_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
MIX_ARRIVALS = 2  # users a second
SATURATION_SECONDS = int(os.environ.get("BENCH_LOAD_SATURATION_SECONDS", "15"))
CONFIGS = os.environ.get("BENCH_LOAD_CONFIGS", "4x1,2x4")
P95_LIMIT_MS = 150
FLOOR_SHARE_MIN = 0.5
WORKER_RSS_LIMIT_MB = 300

# Key pages, by the locustfile's tags: (tag, user class).
KEY_PAGES = [
    ("home", "Professional"),
    ("case", "Professional"),
    ("eligibility", "Professional"),
    ("workbench", "Office"),
    ("publicity", "Public"),
    ("verify", "Public"),
]
MIX_CLASSES = ["Professional", "Office", "Public"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Stop a child started in its own session, and everything it started, within a few seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


class MemorySampler:
    """Peak resident memory of each gunicorn worker: sampled every 0.2 s, and the kernel's high-water mark."""

    def __init__(self, master_pid: int):
        self.master_pid = master_pid
        self.peaks: dict[int, float] = {}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sample()  # reads VmHWM too, before the workers stop
        self._stopping.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stopping.wait(0.2):
            self.sample()

    def sample(self) -> None:
        import psutil

        try:
            workers = psutil.Process(self.master_pid).children()
        except psutil.NoSuchProcess:
            return
        for worker in workers:
            try:
                rss = worker.memory_info().rss / 2**20
                hwm = _high_water_mb(worker.pid)
            except (psutil.NoSuchProcess, OSError):
                continue
            self.peaks[worker.pid] = max(self.peaks.get(worker.pid, 0.0), rss, hwm)


def _high_water_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """gunicorn as production runs it (zhicheng serve), on the bench database, with bench.load.settings: the
    production settings plus the floor view's URL."""

    def __init__(self, workers: int, threads: int, env: dict[str, str], var_dir: Path):
        self.workers, self.threads, self.env, self.var_dir = workers, threads, env, var_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        from zhicheng.lib.webserver import gunicorn_command

        command = [
            *gunicorn_command(
                bind=f"127.0.0.1:{self.port}",
                workers=self.workers,
                threads=self.threads,
                access_log=str(self.var_dir / "access.log"),
            ),
            "--error-logfile",
            str(self.var_dir / "gunicorn.log"),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn 退出（{self.process.returncode}），见 {self.var_dir / 'gunicorn.log'}")
            try:
                # The header the TLS proxy sets; without it the production settings redirect to https.
                probe = urllib.request.Request(f"{self.url}/bench/bare", headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200 and len(self._workers()) >= self.workers:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        _stop(self.process)
        raise RuntimeError("gunicorn 在 60 秒内未就绪")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            _stop(self.process)

    def _workers(self) -> list:
        import psutil

        return psutil.Process(self.process.pid).children() if self.process else []


def _locust(url: str, env: dict[str, str], *, mode: str, classes: list[str], seconds: int, tags: str = "") -> dict:
    """One headless locust run against the server; returns its per-name rows and the aggregate."""
    prefix = Path(env["ZHICHENG_VAR_DIR"]) / "locust" / mode.replace(":", "_")
    prefix.parent.mkdir(parents=True, exist_ok=True)
    # The mix's users arrive MIX_ARRIVALS a second, each logging in; the stats are reset once all have arrived,
    # and the run lasts `seconds` after that (their later logins, as visits end and begin, are part of the
    # mix). In the saturation runs they share a few sessions, so all start at once.
    rate = MIX_ARRIVALS if mode == "mix" else USERS
    seconds += USERS // MIX_ARRIVALS if mode == "mix" else 0  # the arrivals, before the stats are reset
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "--reset-stats",  # the ramp-up and the logins of on_start are not the steady state measured
        "-u",
        str(USERS),
        "-r",
        str(rate),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--csv-full-history",
        "--loglevel",
        "WARNING",
        *classes,
        *(["--tags", tags] if tags else []),  # last: --tags takes every word after it
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "LOAD_MODE": mode},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, errors = process.communicate(timeout=seconds + 90)
    finally:
        _stop(process)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError(f"locust 未写出统计（{mode}）：{errors[-2000:]}")
    rows = {row["Name"]: row for row in csv.DictReader(stats_file.open(encoding="utf-8"))}
    for name, rate in _steady_rates(Path(f"{prefix}_stats_history.csv"), seconds).items():
        if name in rows:
            rows[name]["steady_rps"] = rate
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for failure in csv.DictReader(failures.open(encoding="utf-8")):
            print(f"    failure {failure['Name']}: {failure['Error']} × {failure['Occurrences']}")
    return rows


def _steady_rates(history: Path, seconds: int) -> dict[str, float]:
    """Requests per second of each name over the run's second half: by then every user has logged in
    (the password hash makes a burst of logins slow), so the rate is the page's own."""
    if not history.exists():
        return {}
    samples: dict[str, list[tuple[int, int]]] = {}
    for row in csv.DictReader(history.open(encoding="utf-8")):
        samples.setdefault(row["Name"], []).append((int(row["Timestamp"]), int(row["Total Request Count"])))
    rates = {}
    for name, points in samples.items():
        end = points[-1][0]
        window = [p for p in points if p[0] >= end - seconds // 2]
        if len(window) >= 2 and window[-1][0] > window[0][0]:
            rates[name] = (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0])
    return rates


def _milliseconds(cell: str) -> float | None:
    return None if cell in ("", "N/A") else float(cell)


def _page(row: dict) -> dict:
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        **({"steady_rps": round(row["steady_rps"], 1)} if "steady_rps" in row else {}),
        "median_ms": _milliseconds(row["50%"]),
        "p95_ms": _milliseconds(row["95%"]),
    }


def _pages(rows: dict) -> dict[str, dict]:
    return {name: _page(row) for name, row in rows.items() if name != "Aggregated"}


def _saturated_rate(url: str, env: dict[str, str], mode: str, user_class: str, tag: str = "") -> float:
    """Requests a second of the one page a saturation run asks for (not the logins of the users' start)."""
    pages = _pages(_locust(url, env, mode=mode, classes=[user_class], seconds=SATURATION_SECONDS, tags=tag))
    measured = [page for name, page in pages.items() if not name.startswith("login")]
    return measured[0].get("steady_rps", measured[0]["rps"]) if measured else 0.0


def _share(rps: float, floor: float) -> float | None:
    return round(rps / floor, 2) if floor else None


def _measure_shape(workers: int, threads: int, env: dict[str, str], var_dir: Path) -> dict:
    """The floor and each key page's saturated throughput on one server shape."""
    shape: dict = {"workers": workers, "threads": threads}
    with Server(workers, threads, env, var_dir) as server, MemorySampler(server.process.pid) as memory:
        shape["floor_rps"] = _saturated_rate(server.url, env, "floor", "Bare")
        shape["signed_in_floor_rps"] = _saturated_rate(server.url, env, "page:signed-in", "SignedInBare")
        print(
            f"  {workers}x{threads}: floor {shape['floor_rps']:.0f} req/s, "
            f"signed in {shape['signed_in_floor_rps']:.0f} req/s"
        )
        saturated = {}
        for tag, user_class in KEY_PAGES:
            rps = _saturated_rate(server.url, env, f"page:{tag}", user_class, tag=tag)
            share = _share(rps, shape["floor_rps"])
            signed_in_share = _share(rps, shape["signed_in_floor_rps"])
            saturated[tag] = {"rps": rps, "share_of_floor": share, "share_of_signed_in_floor": signed_in_share}
            print(f"    {tag}: {rps:.0f} req/s ({share} of the floor, {signed_in_share} of the signed-in floor)")
        shape["saturated"] = saturated
    shape["worker_peak_rss_mb"] = [round(mb, 1) for mb in memory.peaks.values()]
    return shape


def _run_mix(shape: dict, env: dict[str, str], var_dir: Path) -> dict:
    """The realistic mix on a fresh server of the given shape, with its workers' memory."""
    with (
        Server(shape["workers"], shape["threads"], env, var_dir) as server,
        MemorySampler(server.process.pid) as memory,
    ):
        rows = _locust(server.url, env, mode="mix", classes=MIX_CLASSES, seconds=MIX_SECONDS)
    total = round(float(rows["Aggregated"]["Requests/s"]), 1) if "Aggregated" in rows else 0.0
    peaks = [round(mb, 1) for mb in memory.peaks.values()]
    return {**shape, "pages": _pages(rows), "total_rps": total, "worker_peak_rss_mb": peaks}


def _data_sizes() -> dict:
    """What the server serves: the scale data set already in the bench database, counted, not changed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM accounts_user), (SELECT count(*) FROM applications_application), "
            "(SELECT count(*) FROM certificates_certificate)"
        )
        users, cases, certificates = cursor.fetchone()
    return {"data": connection.settings_dict["NAME"], "users": users, "cases": cases, "certificates": certificates}


def _server_env(var_dir: Path) -> dict[str, str]:
    """The production settings (DEBUG off, secure cookies, HSTS), on the bench database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_COOKIES", "SECURE_SSL_REDIRECT")
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "bench.load.settings",
            "ZHICHENG_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            # gunicorn and locust's account lookup both on the database the run was set up on.
            "DATABASE_URL": database_url(),
            "BENCH_DATABASE_URL": database_url(),
        }
    )
    return env


def _print_table(pages: dict[str, dict]) -> None:
    print(f"  {'page':<34} {'requests':>8} {'failures':>8} {'req/s':>7} {'median':>8} {'p95':>8}")
    for name, page in sorted(pages.items()):
        print(
            f"  {name:<34} {page['requests']:>8} {page['failures']:>8} {page['rps']:>7.1f} "
            f"{page['median_ms'] or 0:>6.0f}ms {page['p95_ms'] or 0:>6.0f}ms"
        )


def _stop_on_sigterm(signum, frame) -> None:
    # SIGTERM (e.g. from `timeout`) unwinds through the finally blocks that stop gunicorn and locust.
    raise SystemExit(f"stopped by signal {signum}")


def run() -> None:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    # Uploads and collected static files of the bench live apart from the development site's.
    var_dir = Path(os.environ.get("BENCH_LOAD_VAR_DIR") or ROOT / "var" / "bench_load")
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django()
    ensure_database()
    scale = _data_sizes()
    env = _server_env(var_dir)
    # The manifest of hashed static files the production storage needs, as `zhicheng serve` makes it.
    subprocess.run(
        [sys.executable, "-m", "zhicheng.cli", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    shapes = []
    for config in CONFIGS.split(","):
        workers, threads = (int(n) for n in config.strip().split("x"))
        shapes.append(_measure_shape(workers, threads, env, var_dir))

    def key_page_rps(shape: dict) -> float:
        return sum(page["rps"] for page in shape["saturated"].values())

    best = max(shapes, key=key_page_rps)
    print(f"  best shape: {best['workers']} workers x {best['threads']} threads; the mix runs on it")
    final = _run_mix(best, env, var_dir)
    _report(final, shapes, scale, started)


def _report(final: dict, shapes: list[dict], scale: dict, started: str) -> None:
    pages = final["pages"]
    _print_table(pages)
    floor = final["floor_rps"]
    print(
        f"  floor {floor:.0f} req/s; mix total {final['total_rps']:.1f} req/s; "
        f"worker peak RSS {final['worker_peak_rss_mb']} MB"
    )
    verdicts = {
        "p95": all((p["p95_ms"] or 0) <= P95_LIMIT_MS for p in pages.values()),
        "errors": sum(p["failures"] for p in pages.values()) == 0,
        "throughput": all((s["share_of_floor"] or 0) >= FLOOR_SHARE_MIN for s in final["saturated"].values()),
        "memory": all(mb <= WORKER_RSS_LIMIT_MB for mb in final["worker_peak_rss_mb"]),
    }
    for what, ok in verdicts.items():
        print(f"  {what}: {'pass' if ok else 'FAIL'}")
    document = {
        "bench": "load",
        "started": started,
        "title": f"Load test: {USERS} users, gunicorn {final['workers']}x{final['threads']} on PostgreSQL",
        "scale": scale,
        "pages": pages,
        "floor_rps": floor,
        "signed_in_floor_rps": final.get("signed_in_floor_rps"),
        "total_rps": final["total_rps"],
        "worker_peak_rss_mb": final["worker_peak_rss_mb"],
        "users": USERS,
        "seconds": MIX_SECONDS,
        "workers": final["workers"],
        "threads": final["threads"],
        "saturated": final["saturated"],
        "targets": {"p95_ms": P95_LIMIT_MS, "share_of_floor": FLOOR_SHARE_MIN, "worker_rss_mb": WORKER_RSS_LIMIT_MB},
        "verdicts": verdicts,
        "configs": [{k: v for k, v in shape.items() if k != "pages"} for shape in shapes],
    }
    print(f"  written {results.write('load', document)}")
