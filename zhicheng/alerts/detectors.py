"""The early-warning detectors (跟踪预警, 55号 §3): each scans the whole province set-based and raises or
refreshes alerts through services.raise_alerts, returning them. An alert is scoped to one region (the
employer's district, the committee's seat, the expert's region) so that bureau sees and decides it; a
finding that involves people of several districts is raised once per district, each naming everyone.
"""

import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncDate

from zhicheng.accounts.models import Professional
from zhicheng.alerts.models import Alert
from zhicheng.alerts.neardup import near_duplicate_pairs
from zhicheng.alerts.services import Finding, raise_alerts
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.archive.models import Achievement
from zhicheng.committees.models import Committee, Expert, Filing
from zhicheng.committees.services import due_date
from zhicheng.education.models import CERecord
from zhicheng.evaluation.models import Meeting, MeetingReport
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar

Kind = Alert.Kind
Severity = Alert.Severity

# A committee with fewer decided cases in a year than this is left out of the pass-rate comparison: with
# three or four cases one result moves the rate by 25–33 points, which is noise, not a pattern.
PASS_RATE_MIN_DECIDED = 5
# Fewer committees than this under one city and the city's spread says little: compare with the province.
PASS_RATE_MIN_PEERS = 3
# Peers whose rates are (nearly) equal would make any difference look infinite: the spread is taken as at
# least five percentage points.
PASS_RATE_MIN_SD = 0.05
# An expert is compared with a panel only when at least this many others scored the same case.
EXPERT_MIN_OTHERS = 2


def _person_regions(ids) -> dict[int, tuple[str, int]]:
    """professional id → (name, region of the employer); people with no employer cannot be scoped."""
    rows = Professional.objects.filter(pk__in=list(ids), employer__isnull=False).values_list(
        "pk", "name", "employer__region_id"
    )
    return {pk: (name, region) for pk, name, region in rows}


def detect_duplicate_identifiers() -> list[Finding]:
    """One DOI, patent or standard number claimed in the archives of different people."""
    keys = list(
        Achievement.objects.exclude(identifier_key="")
        .values("identifier_key")
        .annotate(people=Count("professional_id", distinct=True))
        .filter(people__gt=1)
        .values_list("identifier_key", flat=True)
    )
    claims: dict[str, list[Any]] = defaultdict(list)
    rows = Achievement.objects.filter(identifier_key__in=keys, professional__employer__isnull=False).values(
        "pk",
        "identifier_key",
        "identifier",
        "title",
        "professional_id",
        "professional__name",
        "role",
        region=F("professional__employer__region_id"),
    )
    for row in rows.order_by("identifier_key", "pk"):
        claims[row["identifier_key"]].append(row)
    findings = []
    for key, rows_ in claims.items():
        people = {r["professional_id"] for r in rows_}
        evidence = {
            "identifier": key,
            "people": len(people),
            "claims": [
                {
                    "achievement": r["pk"],
                    "title": r["title"],
                    "professional": r["professional_id"],
                    "name": r["professional__name"],
                    "role": r["role"],
                    "region": r["region"],
                }
                for r in rows_
            ],
        }
        names = "、".join(dict.fromkeys(r["professional__name"] for r in rows_))
        for region in {r["region"] for r in rows_}:
            findings.append(
                Finding(
                    Kind.DUPLICATE_IDENTIFIER,
                    f"{key}@{region}",
                    region,
                    f"成果编号 {key} 被 {len(people)} 人申报：{names}",
                    evidence,
                    Severity.HIGH,
                )
            )
    return raise_alerts(findings)


def detect_near_duplicates(year: int) -> list[Finding]:
    """Achievement descriptions of different people that are near copies (MinHash LSH over 3-grams)."""
    threshold = float(policy_for(year).alert_near_duplicate_similarity)
    pairs = near_duplicate_pairs(threshold)
    if not pairs:
        return []
    ids = {i for a, b, _ in pairs for i in (a, b)}
    info = {
        r["pk"]: r
        for r in Achievement.objects.filter(pk__in=ids).values(
            "pk", "title", "professional_id", "professional__name", region=F("professional__employer__region_id")
        )
    }
    findings = []
    for a, b, similarity in pairs:
        first, second = info.get(a), info.get(b)
        if first is None or second is None or first["professional_id"] == second["professional_id"]:
            continue
        evidence = {
            "estimated_jaccard": round(similarity, 3),
            "threshold": threshold,
            "achievements": [
                {
                    "achievement": r["pk"],
                    "title": r["title"],
                    "professional": r["professional_id"],
                    "name": r["professional__name"],
                    "region": r["region"],
                }
                for r in (first, second)
            ],
        }
        summary = (
            f"{first['professional__name']}「{first['title'][:40]}」与{second['professional__name']}"
            f"「{second['title'][:40]}」描述相似度约 {similarity:.0%}"
        )
        for region in {first["region"], second["region"]} - {None}:
            findings.append(Finding(Kind.NEAR_DUPLICATE, f"{a}-{b}@{region}", region, summary, evidence))
    return raise_alerts(findings)


def detect_ce_daily(year: int) -> list[Finding]:
    """More CE hours for one person on one day than the policy's daily maximum (sum of the day's records)."""
    limit = policy_for(year).ce_daily_hours_max
    rows: list[Any] = list(
        CERecord.objects.filter(professional__employer__isnull=False)
        .values("professional_id", "study_date")
        .annotate(hours=Sum("hours"), records=Count("pk"), region=Max("professional__employer__region_id"))
        .filter(hours__gt=limit)
        .order_by()
    )
    people = _person_regions({r["professional_id"] for r in rows})
    findings = []
    for r in rows:
        name = people.get(r["professional_id"], ("", None))[0]
        excess = r["hours"] - limit
        findings.append(
            Finding(
                Kind.CE_DAILY,
                f"{r['professional_id']}:{r['study_date']:%Y-%m-%d}",
                r["region"],
                f"{name} {r['study_date']:%Y年%m月%d日}登记学时 {r['hours']}，超过单日上限 {limit} 学时 {excess}",
                {
                    "professional": r["professional_id"],
                    "name": name,
                    "date": r["study_date"].isoformat(),
                    "hours": str(r["hours"]),
                    "limit": str(limit),
                    "excess": str(excess),
                    "records": r["records"],
                },
                Severity.HIGH if r["hours"] > 2 * limit else Severity.MEDIUM,
            )
        )
    return raise_alerts(findings)


def detect_ce_last_minute(year: int) -> list[Finding]:
    """A year's CE hours all studied within the last N days before the person's submitted application."""
    days = policy_for(year).alert_ce_last_days
    cases = Application.objects.filter(
        year=year, submitted_at__isnull=False, professional__employer__isnull=False
    ).exclude(state__in=[State.DRAFT, State.WITHDRAWN])
    # One grouped join in the database: per case and CE year (the application year and the year before, the two
    # that must both be compliant), the span of study dates, kept when it lies inside the window.
    case = "professional__applications__"
    spans: Any = (
        CERecord.objects.filter(year__in=[year - 1, year], professional__applications__in=cases)
        .values(
            "year",
            "professional_id",
            application=F(f"{case}pk"),
            submitted=TruncDate(f"{case}submitted_at"),
            professional_name=F("professional__name"),
            region=F("professional__employer__region_id"),
        )
        .annotate(first=Min("study_date"), last=Max("study_date"), hours=Sum("hours"))
        .filter(first__gte=F("submitted") - timedelta(days=days), last__lte=F("submitted"))
        .order_by()
    )
    findings = []
    for span in spans.iterator(chunk_size=10_000):
        findings.append(
            Finding(
                Kind.CE_LAST_MINUTE,
                f"{span['application']}:{span['year']}",
                span["region"],
                f"{span['professional_name']} {span['year']}年度 {span['hours']} 学时全部登记在申报提交前 "
                f"{days} 日内（{span['first']:%m月%d日}—{span['last']:%m月%d日}）",
                {
                    "application": span["application"],
                    "professional": span["professional_id"],
                    "name": span["professional_name"],
                    "ce_year": span["year"],
                    "hours": str(span["hours"]),
                    "first": span["first"].isoformat(),
                    "last": span["last"].isoformat(),
                    "submitted": span["submitted"].isoformat(),
                    "window_days": days,
                },
            )
        )
    return raise_alerts(findings)


def detect_pass_rates(year: int) -> list[Finding]:
    """A committee whose pass rate of the year sits |z| ≥ policy away from the committees of its city."""
    z_limit = float(policy_for(year).alert_pass_rate_z)
    rows = (
        Application.objects.filter(year=year, outcome__in=Outcome.values)
        .values("committee_id")
        .annotate(
            decided=Count("pk"),
            passed=Count("pk", filter=Q(outcome__in=[Outcome.PASSED, Outcome.RECOMMENDED])),
        )
        .filter(decided__gte=PASS_RATE_MIN_DECIDED)
        .order_by()
    )
    stats = {r["committee_id"]: r for r in rows}
    committees = {
        c.pk: c
        for c in Committee.objects.filter(pk__in=list(stats)).select_related("seat_region", "seat_region__parent")
    }

    def city_of(c: Committee):
        region = c.seat_region
        return region.parent_id if region.level == "county" else region.pk

    groups: dict[int | None, list[int]] = defaultdict(list)
    for pk, c in committees.items():
        groups[city_of(c)].append(pk)
    findings = []
    for pk, c in committees.items():
        # Against the other committees of its city, or of the province when its city has too few.
        peers, scope = [p for p in groups[city_of(c)] if p != pk], "同市其他评委会"
        if len(peers) < PASS_RATE_MIN_PEERS:
            peers, scope = [p for p in committees if p != pk], "全省其他评委会"
        if len(peers) < PASS_RATE_MIN_PEERS:
            continue
        rates = [stats[p]["passed"] / stats[p]["decided"] for p in peers]
        mean = sum(rates) / len(rates)
        sd = max(PASS_RATE_MIN_SD, math.sqrt(sum((r - mean) ** 2 for r in rates) / len(rates)))
        rate = stats[pk]["passed"] / stats[pk]["decided"]
        z = (rate - mean) / sd
        if abs(z) >= z_limit:
            findings.append(
                Finding(
                    Kind.PASS_RATE,
                    f"{pk}:{year}",
                    c.seat_region_id,
                    f"{c.name} {year}年度通过率 {rate:.0%}，{scope}平均 {mean:.0%}，偏离 z={z:+.1f}",
                    {
                        "committee": pk,
                        "name": c.name,
                        "year": year,
                        "decided": stats[pk]["decided"],
                        "passed": stats[pk]["passed"],
                        "rate": round(rate, 4),
                        "peer_mean": round(mean, 4),
                        "peer_sd": round(sd, 4),
                        "z": round(z, 2),
                        "z_limit": z_limit,
                        "peers": len(peers),
                        "peer_scope": scope,
                        "min_decided": PASS_RATE_MIN_DECIDED,
                    },
                    Severity.HIGH if abs(z) >= 2 * z_limit else Severity.MEDIUM,
                    committee_id=pk,
                )
            )
    return raise_alerts(findings)


# Per meeting and expert of the year: the sum, count and sum of squares of the expert's deviations (their total
# for a case less the mean of the others' totals). In the database: at province scale a year holds ~400,000
# scores, which Python would read row by row; as floats, which sum faster than decimals. Grouped once, so by
# hashing: the spread of each meeting is summed from the groups in Python.
EXPERT_DEVIATIONS = """
    WITH scores AS (
        SELECT mc.meeting_id, p.expert_id, s.meeting_case_id, CAST(s.total AS DOUBLE PRECISION) AS total
        FROM evaluation_score s
        JOIN evaluation_meetingcase mc ON mc.id = s.meeting_case_id
        JOIN evaluation_meeting m ON m.id = mc.meeting_id
        JOIN evaluation_panelist p ON p.id = s.panelist_id
        WHERE m.date BETWEEN %s AND %s),
    deviations AS (
        SELECT meeting_id, expert_id, count(*) OVER w AS scorers,
               total - (sum(total) OVER w - total) / nullif(count(*) OVER w - 1, 0) AS deviation
        FROM scores WINDOW w AS (PARTITION BY meeting_case_id))
    SELECT meeting_id, expert_id, sum(deviation), count(*), sum(deviation * deviation)
    FROM deviations WHERE scorers > %s
    GROUP BY meeting_id, expert_id"""


def detect_expert_outliers(year: int) -> list[Finding]:
    """An expert whose totals sit z ≥ policy from the rest of the panel in at least N meetings of the year."""
    policy = policy_for(year)
    z_limit, meetings_min = float(policy.alert_expert_z), policy.alert_expert_meetings
    with connection.cursor() as cursor:
        cursor.execute(EXPERT_DEVIATIONS, [date(year, 1, 1), date(year, 12, 31), EXPERT_MIN_OTHERS])
        rows = cursor.fetchall()
    # A meeting's spread: every deviation of the meeting, whoever gave it.
    squares: dict[int, float] = defaultdict(float)
    pool: dict[int, int] = defaultdict(int)
    for on, _, _, cases, square_sum in rows:
        squares[on] += square_sum
        pool[on] += cases
    flagged: dict[int, list[dict]] = defaultdict(list)
    for on, by, deviation_sum, cases, _ in rows:
        sd = math.sqrt(squares[on] / pool[on])  # deviations centre on 0 by construction
        if sd == 0:
            continue
        mean_dev = deviation_sum / cases
        z = mean_dev / (sd / math.sqrt(cases))
        if abs(z) >= z_limit:
            flagged[by].append({"meeting": on, "cases": cases, "mean_deviation": round(mean_dev, 2), "z": round(z, 2)})
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=list(flagged)).select_related("user")}
    findings = []
    for expert_id, meetings in flagged.items():
        if len(meetings) < meetings_min or expert_id not in experts:
            continue
        person = experts[expert_id]
        findings.append(
            Finding(
                Kind.EXPERT_OUTLIER,
                f"{expert_id}:{year}",
                person.region_id,
                f"专家{person.user} {year}年度在 {len(meetings)} 次会议中评分持续偏离其他评委",
                {
                    "expert": expert_id,
                    "name": str(person.user),
                    "year": year,
                    "z_limit": z_limit,
                    "meetings_min": meetings_min,
                    "meetings": meetings,
                },
            )
        )
    return raise_alerts(findings)


def detect_archive_shortfalls(year: int) -> list[Finding]:
    """Employers and committees below the 5× archive ratio (55号 §1), from supervision.breadth."""
    from types import SimpleNamespace

    from zhicheng.supervision.breadth import breadth_for

    # The detector watches the whole province: breadth_for's province-wide scope is the superuser's.
    breadth = breadth_for(SimpleNamespace(is_superuser=True, role="admin"), year=year)
    ratio_min = str(breadth.ratio_min)
    findings = []
    for prefix, rows in (("o", breadth.employers), ("c", breadth.committees)):
        for r in rows:
            if not r.applicants or r.meets:
                continue
            findings.append(
                Finding(
                    Kind.ARCHIVE_SHORTFALL,
                    f"{prefix}{r.pk}:{year}",
                    r.watched_by,
                    f"{r.name} {year}年度申报 {r.applicants} 人，档案完善 {r.complete} 人，"
                    f"低于 {ratio_min} 倍要求，缺 {r.shortfall} 人",
                    {
                        "year": year,
                        "name": r.name,
                        "applicants": r.applicants,
                        "complete": r.complete,
                        "required": r.required,
                        "shortfall": r.shortfall,
                        "ratio_min": ratio_min,
                        "ratio": str(r.ratio),
                    },
                    committee_id=r.pk if prefix == "c" else None,
                    organisation_id=r.pk if prefix == "o" else None,
                )
            )
    return raise_alerts(findings)


def detect_overdue(year: int, *, today: date) -> list[Finding]:
    """Self-evaluation filings past their due date, and meeting reports not in while the meeting is near."""
    policy = policy_for(year)
    findings = []
    filed = set(Filing.objects.filter(year=year).values_list("committee_id", "kind"))
    for committee in Committee.objects.filter(kind=Committee.Kind.SELF_EVALUATING):
        for kind in Filing.Kind:
            due = due_date(kind, year, policy)
            if due < today and (committee.pk, kind.value) not in filed:
                findings.append(
                    Finding(
                        Kind.OVERDUE,
                        f"filing:{committee.pk}:{kind.value}:{year}",
                        committee.seat_region_id,
                        f"{committee.name} {year}年度{kind.label}应于 {due:%Y年%m月%d日} 前报备，"
                        f"已逾期 {(today - due).days} 天",
                        {
                            "committee": committee.pk,
                            "name": committee.name,
                            "filing": kind.value,
                            "year": year,
                            "due": due.isoformat(),
                            "days_overdue": (today - due).days,
                        },
                        committee_id=committee.pk,
                    )
                )
    calendar = Calendar()
    reported = MeetingReport.objects.filter(state__in=[MeetingReport.State.SUBMITTED, MeetingReport.State.APPROVED])
    meetings = (
        Meeting.objects.filter(date__gte=today, state=Meeting.State.SCHEDULED)
        .exclude(pk__in=reported.values("meeting_id"))
        .select_related("committee")
    )
    for meeting in meetings:
        latest = calendar.latest_report_date(meeting.date, policy.meeting_report_workdays)
        if latest < today:
            findings.append(
                Finding(
                    Kind.OVERDUE,
                    f"report:{meeting.pk}",
                    meeting.committee.seat_region_id,
                    f"{meeting.committee.name} {meeting.date:%Y年%m月%d日}的评审会议"
                    f"未按期报告（应于 {latest:%m月%d日} 前）",
                    {
                        "meeting": meeting.pk,
                        "committee": meeting.committee_id,
                        "date": meeting.date.isoformat(),
                        "report_by": latest.isoformat(),
                        "workdays": policy.meeting_report_workdays,
                    },
                    Severity.HIGH,
                    committee_id=meeting.committee_id,
                )
            )
    return raise_alerts(findings)


DETECTORS = [
    "duplicate_identifiers",
    "near_duplicates",
    "ce_daily",
    "ce_last_minute",
    "pass_rates",
    "expert_outliers",
    "archive_shortfalls",
    "overdue",
]


@contextmanager
def _cycle_collector_paused():
    """A detector allocates tens of thousands of small objects and no reference cycles (the province's 20,000
    archive shortfalls, each with its evidence), and the cycle collector's full passes over every object of the
    process took 0.1–0.3 s of a 1.2 s detector. Paused for the detector; the process's own setting after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_one(name: str, *, year: int, today: date) -> list[Finding]:
    with _cycle_collector_paused():
        if name == "duplicate_identifiers":
            return detect_duplicate_identifiers()
        if name == "overdue":
            return detect_overdue(year, today=today)
        return globals()[f"detect_{name}"](year)
