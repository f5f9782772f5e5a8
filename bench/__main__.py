"""`make bench`: run every benchmark module (bench/bench_*.py, each with a `run()`), then write bench/report.md.

Every benchmark runs on one PostgreSQL database holding the scale data set of `zhicheng demo --scale`:
`zhicheng_scale_<BENCH_SCALE>` (city or province, default city) on 127.0.0.1, or BENCH_DATABASE_URL; it is
set up once here, and generated first when it is missing (bench/setup.py). Each benchmark records its
figures through bench/results.py in bench/results/<scale>/, with the machine and date of the run; the report
(bench/report.py) is rewritten from every result on file, one section per scale, so `python -m bench NAME`
runs one benchmark and refreshes its part of the report.
"""

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{a.removeprefix('bench_')}" for a in argv] or names
    for name in wanted:
        if name not in names:
            print(f"没有名为 {name} 的基准测试；可选：{', '.join(names)}")
            return 2
    # Django can be set up once per process: every benchmark after the first would use the first's database.
    from bench.setup import ensure_database, setup_django

    setup_django()
    ensure_database()
    from bench.results import note_run

    note_run(wanted)
    total = time.perf_counter()
    for name in wanted:
        started = time.perf_counter()
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").run()
        print(f"== {name} finished in {time.perf_counter() - started:.1f} s\n")
    from bench.report import write

    print(f"report written to {write()}; {len(wanted)} benchmarks in {time.perf_counter() - total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
