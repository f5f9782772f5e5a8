"""The archive at scale: the employer's staff list and the bureau's 5× table on PostgreSQL.

On the scale data set (bench/setup.py): city 100,000 professionals with their archive profiles, 100,000
achievements, CE records and 10,000 cases, over 666 employers in every county; province 30 times as much.
Timed through Django's test client with a logged-in user, as a browser would ask: the clerk of the largest
employer opens the staff list (and its 20th page of incomplete archives), the clerk of an employer of about
48 staff opens theirs; the province bureau and a city bureau open the 5× table (every employer and committee
of their area). Target: p95 ≤ 150 ms per page.
"""

import time

from bench.setup import ensure_database, percentiles, setup_django

YEAR = 2022
REQUESTS = 50
SMALL_STAFF = 48  # the size of the small employer whose list is timed beside the largest one's


def _clerks():
    """The clerks of the largest employer and of the employer nearest SMALL_STAFF in size, with their staff."""
    from django.db.models import Count

    from zhicheng.accounts.models import Professional, User

    staff = dict(
        Professional.objects.filter(employer__isnull=False)
        .values("employer_id")
        .annotate(n=Count("pk"))
        .values_list("employer_id", "n")
        .order_by()
    )
    clerks = list(User.objects.filter(role="employer", organisation_id__in=list(staff)).order_by("pk"))
    largest = max(clerks, key=lambda u: staff[u.organisation_id])  # the first of equals: the same every run
    small = min(clerks, key=lambda u: abs(staff[u.organisation_id] - SMALL_STAFF))
    return largest, staff[largest.organisation_id], small, staff[small.organisation_id]


def _time_page(client, url: str) -> tuple[float, float, int]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = percentiles(samples)
    return median, p95, len(response.content)


def run() -> None:
    setup_django()
    ensure_database()
    from django.test import Client

    from zhicheng.accounts.models import Professional, User

    clerk, staff, small_clerk, small_staff = _clerks()
    client = Client()
    print(
        f"  {Professional.objects.count():,} professionals in the database; the largest employer has {staff:,} "
        f"staff ({clerk.username}), the small one {small_staff} ({small_clerk.username})"
    )
    from bench import results

    results.start(
        "archive",
        title="Archive pages: staff list and 5× table",
        scale={"professionals": Professional.objects.count(), "largest employer's staff": staff},
    )
    client.force_login(clerk)
    _, floor_p95, _ = _time_page(client, "/healthz")  # the bare view, through the same stack
    for user, url, label in [
        (clerk, f"/archive/staff/?year={YEAR}", f"employer's staff list ({staff:,} staff, page 1)"),
        (clerk, f"/archive/staff/?year={YEAR}&status=incomplete&page=20", "employer's staff list, incomplete, page 20"),
        (small_clerk, f"/archive/staff/?year={YEAR}", f"a {small_staff}-person employer's list"),
        (User.objects.get(username="rs_province"), f"/supervision/breadth/?year={YEAR}", "province bureau's 5× table"),
        (User.objects.get(username="rs_lishui"), f"/supervision/breadth/?year={YEAR}", "city bureau's 5× table"),
    ]:
        client.force_login(user)
        median, p95, size = _time_page(client, url)
        results.record(
            "archive",
            f"{label}, p95",
            p95,
            "ms",
            floor=floor_p95,
            floor_label="bare view /healthz, p95",
            max_value=150,
            note=f"median {median:.0f} ms, {size // 1024} KB",
        )
