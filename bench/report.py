"""bench/report.md from bench/results/*.json: one table per benchmark (figure, floor, ratio, target, verdict),
the memory peaks, and the facts of the machine the figures were measured on.

`python -m bench.report` rewrites the report from the results already there; `make bench` calls it last.
"""

import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from bench.results import Figure, load_all

REPORT = Path(__file__).parent / "report.md"
WORKER_RSS_LIMIT_MB = 300


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _postgres_version() -> str:
    import psycopg

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return row[0] if row else "unknown"
    except psycopg.Error:
        return "unreachable"


def machine_facts() -> list[tuple[str, str]]:
    return [
        ("date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("scale", os.environ.get("BENCH_SCALE", "city")),
        ("cores", str(os.cpu_count())),
        ("RAM", _ram_gb()),
        ("CPU", platform.processor() or platform.machine()),
        ("PostgreSQL", _postgres_version()),
        ("Python", sys.version.split()[0]),
    ]


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "—"}[passed]


def _figures_table(document: dict) -> list[str]:
    lines = [
        "| figure | value | floor | ratio | target | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for raw in document["figures"]:
        figure = Figure(**{k: v for k, v in raw.items() if k not in ("ratio", "passed")})
        floor = f"{_number(figure.floor, figure.unit)} ({figure.floor_label})" if figure.floor else "—"
        name = f"{figure.name}<br><small>{figure.note}</small>" if figure.note else figure.name
        lines.append(
            f"| {name} | {_number(figure.value, figure.unit)} | {floor} | "
            f"{f'{figure.ratio:.2f} ×' if figure.ratio else '—'} | {figure.target} | {_verdict(figure.passed)} |"
        )
    return lines


def _load_table(document: dict) -> list[str]:
    """The load test writes its own shape: pages with rps and latencies, the bare view's rps, worker RSS."""
    floor = document.get("floor_rps")
    lines = [
        f"Floor: a bare Django view on the same server, {_number(floor, 'req/s')}."
        if floor
        else "Floor: not measured.",
        "",
        "| page | req/s | median | p95 | failures | share of floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    pages = document.get("pages", {})
    items = pages.items() if isinstance(pages, dict) else ((p.get("name", "?"), p) for p in pages)
    for name, page in items:
        rps = page.get("rps")
        share = f"{rps / floor:.0%}" if rps and floor else "—"
        lines.append(
            f"| {name} | {_number(rps)} | {_number(page.get('median'), 'ms')} | {_number(page.get('p95'), 'ms')} | "
            f"{page.get('failures', '—')} | {share} |"
        )
    return lines


def _memory_lines(documents: list[dict]) -> list[str]:
    """Peaks of resident memory from every benchmark: the memory benchmark's and the load test's workers."""
    lines = ["| what | peak RSS | limit | result |", "|---|---:|---:|---|"]
    for document in documents:
        for raw in document.get("figures", []):
            if raw["unit"] == "MB":
                limit = f"≤ {raw['max_value']:g} MB" if raw["max_value"] else "—"
                lines.append(f"| {raw['name']} | {raw['value']:,.0f} MB | {limit} | {_verdict(raw['passed'])} |")
        worker = document.get("worker_peak_rss_mb")
        if isinstance(worker, dict):
            worker = list(worker.values())
        if isinstance(worker, list):  # one figure per worker: the largest is the one the limit is about
            worker = max(worker, default=None)
        if worker is not None:
            lines.append(
                f"| each web worker under the load test (largest) | {worker:,.0f} MB | ≤ {WORKER_RSS_LIMIT_MB} MB | "
                f"{_verdict(worker <= WORKER_RSS_LIMIT_MB)} |"
            )
    return lines if len(lines) > 2 else ["No memory figures in this run."]


def render(documents: list[dict]) -> str:
    lines = [
        "# Benchmark report",
        "",
        "Written by `make bench` (bench/report.py) from bench/results/*.json: the figures of the last run on the",
        "machine below. Each figure sits beside its floor, measured in the same run on the same data: a",
        "hand-written SQL statement doing the same batch work, or a bare Django view on the same server. The",
        "machine is shared with other work, so figures vary from run to run by a few per cent.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine_facts()),
        "",
    ]
    for document in documents:
        title = document.get("title") or document.get("bench", "?")
        lines += [f"## {title}", ""]
        scale = document.get("scale") or {}
        if scale:
            sizes = (f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in scale.items())
            lines += ["Data: " + ", ".join(sizes), ""]
        lines += _figures_table(document) if "figures" in document else _load_table(document)
        lines.append("")
    lines += ["## Memory (peak resident set size)", "", *_memory_lines(documents), ""]
    failed = [
        f"{d.get('title', d.get('bench'))}: {f['name']}"
        for d in documents
        for f in d.get("figures", [])
        if f["passed"] is False
    ]
    lines += ["## Verdict", ""]
    lines += [f"- FAIL {name}" for name in failed] or ["Every figure with a target meets it."]
    return "\n".join(lines) + "\n"


def write() -> Path:
    REPORT.write_text(render(load_all()), encoding="utf-8")
    return REPORT


if __name__ == "__main__":
    print(f"written {write()}")
