"""Figures of a benchmark run: each benchmark records what it measured, beside the floor it is compared with.

`record()` appends one figure to bench/results/<scale>/<bench>.json (the file is started afresh by `start()` at
the beginning of each benchmark's run, so a report never mixes two runs of one benchmark); each scale (city,
province) keeps its own files, and `note_run()` the machine and date of its last run beside them. A figure
passes when every limit given holds: `max_ratio` (value ≤ max_ratio × floor, the floor measured in the same run) and
`max_value` (value ≤ an absolute target, e.g. p95 ≤ 150 ms). The report (bench/report.py) reads the files.
"""

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from bench.setup import SCALES, scale

RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR", Path(__file__).parent / "results"))
MACHINE = "machine.json"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_label: str = ""
    max_ratio: float | None = None
    max_value: float | None = None
    note: str = ""
    ratio: float | None = field(default=None)
    passed: bool | None = field(default=None)

    def __post_init__(self) -> None:
        if self.floor:
            self.ratio = round(self.value / self.floor, 2)
        checks = []
        if self.max_ratio is not None:
            checks.append(self.ratio is not None and self.ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.value <= self.max_value)
        self.passed = all(checks) if checks else None

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g} × floor")
        if self.max_value is not None:
            parts.append(f"≤ {self.max_value:g} {self.unit}")
        return "; ".join(parts) or "—"


def folder() -> Path:
    """This run's results: one folder per scale."""
    return RESULTS / scale()


def _path(bench: str) -> Path:
    return folder() / f"{bench}.json"


def write(bench: str, document: dict) -> Path:
    """Store a benchmark's whole document (the load test writes its own shape)."""
    folder().mkdir(parents=True, exist_ok=True)
    path = _path(bench)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def note_run(benches: list[str]) -> None:
    """Record the machine and date of this run of the scale, and which benchmarks it ran."""
    from bench.machine import facts

    folder().mkdir(parents=True, exist_ok=True)
    document = {"machine": facts(), "benches": [b.removeprefix("bench_") for b in benches]}
    (folder() / MACHINE).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def start(bench: str, *, title: str, scale: dict | None = None) -> None:
    """Begin a benchmark's results afresh: its title and the size of the data it ran on."""
    document = {
        "bench": bench,
        "title": title,
        "scale": scale or {},
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
        "figures": [],
    }
    write(bench, document)


def record(
    bench: str,
    name: str,
    value: float,
    unit: str,
    *,
    floor: float | None = None,
    floor_label: str = "",
    max_ratio: float | None = None,
    max_value: float | None = None,
    note: str = "",
) -> Figure:
    """Add one figure to the benchmark's results and print it; returns it (with its ratio and verdict)."""
    figure = Figure(name, round(value, 4), unit, floor and round(floor, 4), floor_label, max_ratio, max_value, note)
    path = _path(bench)
    if not path.exists():
        start(bench, title=bench)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["figures"] = [f for f in document["figures"] if f["name"] != name] + [asdict(figure)]
    write(bench, document)
    verdict = {True: "pass", False: "FAIL", None: ""}[figure.passed]
    against = f" (floor {figure.floor:g} {unit}, {figure.ratio:g} ×)" if figure.floor and figure.ratio else ""
    print(f"  {name}: {figure.value:g} {unit}{against} target {figure.target} {verdict}")
    return figure


def load_all() -> dict[str, dict]:
    """Every scale's results on file: {scale: {"machine": {...} or None, "documents": [...]}}."""
    found = {}
    for name in SCALES:
        where = RESULTS / name
        documents = [
            json.loads(p.read_text(encoding="utf-8")) for p in sorted(where.glob("*.json")) if p.name != MACHINE
        ]
        if not documents:
            continue
        machine = where / MACHINE
        found[name] = {
            "machine": json.loads(machine.read_text(encoding="utf-8"))["machine"] if machine.exists() else None,
            "documents": documents,
        }
    return found
