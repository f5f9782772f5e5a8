"""bench/report.md from bench/results/<scale>/*.json: one section per scale on file (city, province), each with
the machine and date of its last run, one table per benchmark (figure, floor, ratio, target, verdict, note),
the load test, the memory peaks and the scale's verdict.

`python -m bench.report` rewrites the report from the results already there; `make bench` calls it last, so
the report always holds the last run of each scale, whichever scale ran last.
"""

from pathlib import Path

from bench.results import Figure, load_all

REPORT = Path(__file__).parent / "report.md"
WORKER_RSS_LIMIT_MB = 300
# Under this floor, a ratio measures the fixed cost of one call (ORM set-up, a transaction, the audit event)
# more than the batch work: the verdict stands, the report says so beside it.
SMALL_FLOOR_MS = 50
SMALL_FLOOR_NOTE = "floor < 50 ms: the ratio is mostly fixed per-call overhead"


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def _percent(share: float | None) -> str:
    return f"{share:.0%}" if share is not None else "—"


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "—"}[passed]


def _floor_ms(figure: Figure) -> float | None:
    if not figure.floor:
        return None
    return {"s": figure.floor * 1000, "ms": figure.floor}.get(figure.unit)


def _floor_note(figure: Figure) -> str:
    floor_ms = _floor_ms(figure)
    small = figure.max_ratio is not None and floor_ms is not None and floor_ms < SMALL_FLOOR_MS
    return SMALL_FLOOR_NOTE if small else ""


def _figures_table(document: dict) -> list[str]:
    lines = [
        "| figure | value | floor | ratio | target | result | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for raw in document["figures"]:
        figure = Figure(**{k: v for k, v in raw.items() if k not in ("ratio", "passed")})
        floor = f"{_number(figure.floor, figure.unit)} ({figure.floor_label})" if figure.floor else "—"
        name = f"{figure.name}<br><small>{figure.note}</small>" if figure.note else figure.name
        lines.append(
            f"| {name} | {_number(figure.value, figure.unit)} | {floor} | "
            f"{f'{figure.ratio:.2f} ×' if figure.ratio else '—'} | {figure.target} | {_verdict(figure.passed)} | "
            f"{_floor_note(figure)} |"
        )
    return lines


def _load_table(document: dict) -> list[str]:
    """The load test's own shape: each key page's saturated rate against the floor, then the mix's pages."""
    floor = document.get("floor_rps")
    signed_in = document.get("signed_in_floor_rps")
    targets = document.get("targets", {})
    share_min = targets.get("share_of_floor", 0.5)
    p95_max = targets.get("p95_ms", 150)
    lines = [
        f"Floor: a bare Django view on the same server, {_number(floor, 'req/s')}"
        + (f"; the same view reading a signed-in user's session, {_number(signed_in, 'req/s')}." if signed_in else ".")
        if floor
        else "Floor: not measured.",
        "",
        f"Saturated throughput of each key page alone (no think time), target ≥ {share_min:.0%} of the floor:",
        "",
        "| key page | req/s | share of floor | share of signed-in floor | result |",
        "|---|---:|---:|---:|---|",
    ]
    for tag, page in document.get("saturated", {}).items():
        share = page.get("share_of_floor")
        passed = None if share is None else share >= share_min
        lines.append(
            f"| {tag} | {_number(page.get('rps'))} | {_percent(share)} | "
            f"{_percent(page.get('share_of_signed_in_floor'))} | {_verdict(passed)} |"
        )
    lines += _signed_in_bound(floor, signed_in, share_min)
    lines += [
        "",
        f"The mix: {document.get('users', '?')} users for {document.get('seconds', '?')} s, "
        f"{_number(document.get('total_rps'), 'req/s')} in all; target p95 ≤ {p95_max} ms and no failures:",
        "",
        "| page | requests | req/s | median | p95 | failures | result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, page in sorted(document.get("pages", {}).items()):
        p95 = page.get("p95_ms")
        passed = None if p95 is None else p95 <= p95_max and page.get("failures", 0) == 0
        lines.append(
            f"| {name} | {page.get('requests', '—')} | {_number(page.get('rps'))} | "
            f"{_number(page.get('median_ms'), 'ms')} | {_number(p95, 'ms')} | {page.get('failures', '—')} | "
            f"{_verdict(passed)} |"
        )
    return lines


def _signed_in_bound(floor: float | None, signed_in: float | None, share_min: float) -> list[str]:
    """What the run's own floors say of the target: a signed-in page reads the session and its user, then does
    its own work, so it can go no faster than the signed-in floor."""
    if not floor or not signed_in or signed_in / floor >= share_min:
        return []
    return [
        "",
        f"Reading the session and its user, and nothing else, already reaches only {signed_in / floor:.0%} of the "
        f"floor in this run: no page that needs a signed-in user can reach {share_min:.0%} of it.",
    ]


def _worker_peak(document: dict) -> float | None:
    worker = document.get("worker_peak_rss_mb")
    if isinstance(worker, dict):
        worker = list(worker.values())
    if isinstance(worker, list):  # one figure per worker: the largest is the one the limit is about
        return max(worker, default=None)
    return worker


def _memory_lines(documents: list[dict]) -> list[str]:
    """Peaks of resident memory from every benchmark: the memory benchmark's and the load test's workers."""
    lines = ["| what | peak RSS | limit | result |", "|---|---:|---:|---|"]
    for document in documents:
        for raw in document.get("figures", []):
            if raw["unit"] == "MB":
                limit = f"≤ {raw['max_value']:g} MB" if raw["max_value"] else "—"
                lines.append(f"| {raw['name']} | {raw['value']:,.0f} MB | {limit} | {_verdict(raw['passed'])} |")
        worker = _worker_peak(document)
        if worker is not None:
            lines.append(
                f"| each web worker under the load test (largest) | {worker:,.0f} MB | ≤ {WORKER_RSS_LIMIT_MB} MB | "
                f"{_verdict(worker <= WORKER_RSS_LIMIT_MB)} |"
            )
    return lines if len(lines) > 2 else ["No memory figures in this run."]


def _failures(documents: list[dict]) -> list[str]:
    failed = []
    for document in documents:
        title = document.get("title") or document.get("bench", "?")
        failed += [f"{title}: {f['name']}" for f in document.get("figures", []) if f["passed"] is False]
        failed += [f"{title}: {what}" for what, ok in document.get("verdicts", {}).items() if not ok]
    return failed


def _scale_section(name: str, machine: dict | None, documents: list[dict]) -> list[str]:
    lines = [f"# Scale: {name}", ""]
    if machine:
        lines += ["| machine | |", "|---|---|", *(f"| {key} | {value} |" for key, value in machine.items()), ""]
    for document in documents:
        title = document.get("title") or document.get("bench", "?")
        lines += [f"## {name}: {title}", ""]
        facts = []
        if document.get("started"):
            facts.append(f"Run {document['started']}.")
        scale = document.get("scale") or {}
        if scale:
            sizes = (f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in scale.items())
            facts.append("Data: " + ", ".join(sizes) + ".")
        if facts:
            lines += [" ".join(facts), ""]
        lines += _figures_table(document) if "figures" in document else _load_table(document)
        lines.append("")
    lines += [f"## {name}: memory (peak resident set size)", "", *_memory_lines(documents), ""]
    lines += [f"## {name}: verdict", ""]
    lines += [f"- FAIL {failure}" for failure in _failures(documents)] or ["Every figure with a target meets it."]
    return [*lines, ""]


def render(scales: dict[str, dict]) -> str:
    lines = [
        "# Benchmark report",
        "",
        "Written by `make bench` (bench/report.py) from bench/results/<scale>/*.json: for each scale, the figures",
        "of its last run (`make bench` for city, `make bench SCALE=province`) on the machine shown with it. Each",
        "figure sits beside its floor, measured in the same run on the same data: a hand-written SQL statement",
        "doing the same batch work, or a bare Django view on the same server. The machine is shared with other",
        "work, so figures vary from run to run by a few per cent.",
        "",
    ]
    if not scales:
        lines += ["No results on file yet: run `make bench`.", ""]
    for name, found in scales.items():
        lines += _scale_section(name, found["machine"], found["documents"])
    return "\n".join(lines).rstrip("\n") + "\n"


def write() -> Path:
    REPORT.write_text(render(load_all()), encoding="utf-8")
    return REPORT


if __name__ == "__main__":
    print(f"written {write()}")
