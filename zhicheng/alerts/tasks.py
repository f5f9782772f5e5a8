"""The detectors as one background task: nightly from cron (`zhicheng alerts run`) and on demand."""

import time
from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from zhicheng.alerts.detectors import DETECTORS, run_one


def run_all(*, year: int | None = None, today: date | None = None, only: list[str] | None = None) -> dict:
    """Run the detectors in turn, each in its own transaction; {detector: (alerts raised or refreshed, seconds)}."""
    today = today or timezone.localdate()
    year = year or today.year
    figures = {}
    for name in only or DETECTORS:
        started = time.perf_counter()
        # One transaction per detector: a run killed mid-way leaves each detector's alerts all raised or
        # none, and the next run raises whatever is missing.
        with transaction.atomic():
            alerts = run_one(name, year=year, today=today)
        figures[name] = (len(alerts), round(time.perf_counter() - started, 2))
    return figures


@task()
def run_detectors(year: int | None = None) -> dict:
    return {name: n for name, (n, _) in run_all(year=year).items()}
