"""The office workbench at scale: the cases of the scale data set (bench/setup.py; city 10,000, province
300,000) on PostgreSQL, a filtered and sorted page for the office with the most cases, and the eligibility
check of one person. Targets: page p95 ≤ 150 ms; eligibility ≤ 50 ms.
"""

import time

from bench.setup import ensure_database, percentiles, setup_django

REQUESTS = 60


def _busiest_office():
    """The clerk of the committee office with the most cases: the largest workbench of the data set."""
    from django.db.models import Count

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application

    busiest = Application.objects.values("committee_id").annotate(n=Count("pk")).order_by("-n", "committee_id").first()
    assert busiest, "the scale data set has no cases"
    return User.objects.filter(role="office", organisation__office_of=busiest["committee_id"]).order_by("pk").first()


def _time_pages(client, urls: list[str]) -> tuple[float, float]:
    samples = []
    for index in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(urls[index % len(urls)])
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return percentiles(samples)


def run() -> None:
    setup_django()
    ensure_database()
    from django.test import Client

    from zhicheng.applications.eligibility import eligibility
    from zhicheng.applications.models import Application
    from zhicheng.applications.selectors import application_list_visible_to

    office = _busiest_office()
    print(f"  office: {office.username} ({office.organisation.name})")
    client = Client()
    client.force_login(office)
    visible = application_list_visible_to(office).count()
    urls = [
        "/applications/?state=submitted&sort=name",
        "/applications/?year=2021&sort=submitted",
        "/applications/?q=王&sort=updated",
        "/applications/?mountain=yes&state=accepted&page=3",
    ]
    from bench import results

    results.start("workbench", title="Office workbench (pages)", scale={"cases": Application.objects.count()})
    _, floor_p95 = _time_pages(client, ["/healthz"])  # the bare view, through the same stack
    median, p95 = _time_pages(client, urls)
    results.record(
        "workbench",
        f"office workbench p95 ({visible:,} cases visible)",
        p95,
        "ms",
        floor=floor_p95,
        floor_label="bare view /healthz, p95",
        max_value=150,
        note=f"median {median:.0f} ms",
    )

    # The first synthetic applicant's case: a person with the archive, CE years and titles of the data set.
    case = Application.objects.filter(applicant__username="sp0000000").first() or Application.objects.first()
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        eligibility(case)
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = percentiles(samples)
    results.record(
        "workbench", "eligibility check of one case, p95", p95, "ms", max_value=50, note=f"median {median:.1f} ms"
    )
