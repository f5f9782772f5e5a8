"""The bureau's supervision dashboard (监管看板, 55号 §3): the region's cases by state and committee, pass rates
by pool, the 5× archive indicator, early warnings and filing deadlines for one evaluation year.

Set-based: each table is one grouped query whatever the region's size. A district bureau sees the committees
seated in its district and the employers there, a city bureau its city, the province (and an administrator)
everything.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from zhicheng.accounts.models import Role
from zhicheng.alerts.models import Alert
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.committees.models import Committee
from zhicheng.committees.selectors import DueItem, deadline_board
from zhicheng.lib.errors import Forbidden
from zhicheng.supervision.breadth import Breadth, breadth_for

# The chart groups the states into the case's stages; the table keeps every state.
STAGES: list[tuple[str, str, list[str]]] = [
    ("申报审核中", "#1456b8", [State.SUBMITTED, State.EMPLOYER_APPROVED, State.AUTHORITY_APPROVED, State.RETURNED]),
    ("受理评审中", "#9a5b00", [State.ACCEPTED, State.QUALIFIED, State.PRE_PUBLICITY, State.SCHEDULED]),
    ("已评审/公示", "#6a3fb5", [State.EVALUATED, State.RESULT_PUBLICITY]),
    ("已公布/发证", "#1b7f3b", [State.PUBLISHED, State.CERTIFIED, State.ARCHIVED]),
    ("终止", "#8a8f98", [State.WITHDRAWN, State.REJECTED, State.VETOED]),
]
CASE_STATES = [state for _, _, states in STAGES for state in states]
PASSED = [Outcome.PASSED, Outcome.RECOMMENDED]


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class CaseRow:
    pk: int
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self, states: list[str]) -> list[int]:
        return [self.counts.get(state, 0) for state in states]

    def stages(self) -> list[tuple[str, int, str]]:
        return [(label, sum(self.counts.get(s, 0) for s in states), colour) for label, colour, states in STAGES]


@dataclass
class PoolRow:
    """Decided cases (with an outcome) and those passed or recommended, in the 山区26县 单列 pool and outside."""

    pk: int | None
    name: str
    mountain_decided: int = 0
    mountain_passed: int = 0
    general_decided: int = 0
    general_passed: int = 0

    @property
    def mountain_rate(self) -> Decimal | None:
        return percent(self.mountain_passed, self.mountain_decided)

    @property
    def general_rate(self) -> Decimal | None:
        return percent(self.general_passed, self.general_decided)

    @property
    def decided(self) -> int:
        return self.mountain_decided + self.general_decided

    @property
    def passed(self) -> int:
        return self.mountain_passed + self.general_passed

    @property
    def rate(self) -> Decimal | None:
        return percent(self.passed, self.decided)


@dataclass
class AlertRow:
    kind: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(state, 0) for state in Alert.State.values]


@dataclass
class Dashboard:
    year: int
    region: str
    states: list[tuple[str, str]]
    cases: list[CaseRow]
    case_totals: CaseRow
    pools: list[PoolRow]
    pool_total: PoolRow
    breadth: Breadth
    alerts: list[AlertRow]
    alert_totals: AlertRow
    deadlines: list[DueItem]

    @property
    def case_lines(self) -> list[tuple[CaseRow, list[tuple[str, int]]]]:
        """Each committee's row with its count under each state column shown (the states with cases)."""
        return [
            (row, list(zip([label for _, label in self.states], row.cells([s for s, _ in self.states]), strict=True)))
            for row in [*self.cases, self.case_totals]
        ]


def _region_path(user) -> str:
    """The region prefix a user may watch: '' for the whole province."""
    if user.is_superuser or user.role == Role.ADMIN:
        return ""
    if user.role == Role.BUREAU and user.region is not None:
        return user.region.path
    raise Forbidden("只有人力社保局可以查看监管看板（55号 第三条）")


def _committees(path: str) -> QuerySet[Committee]:
    return Committee.objects.filter(seat_region__path__startswith=path).order_by("name")


def case_rows(committees: QuerySet[Committee], year: int) -> list[CaseRow]:
    rows = {c.pk: CaseRow(c.pk, c.name) for c in committees}
    counts = (
        Application.objects.filter(year=year, committee__in=committees, state__in=CASE_STATES)
        .values_list("committee_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for committee_id, state, n in counts:
        rows[committee_id].counts[state] = n
    return sorted(rows.values(), key=lambda r: (-r.total, r.name))


def pool_rows(committees: QuerySet[Committee], year: int) -> list[PoolRow]:
    rows = {c.pk: PoolRow(c.pk, c.name) for c in committees}
    counts = (
        Application.objects.filter(year=year, committee__in=committees)
        .exclude(outcome="")
        .values_list("committee_id", "in_mountain_pool")
        .annotate(decided=Count("pk"), passed=Count("pk", filter=Q(outcome__in=PASSED)))
        .order_by()
    )
    for committee_id, mountain, decided, passed in counts:
        row = rows[committee_id]
        if mountain:
            row.mountain_decided, row.mountain_passed = decided, passed
        else:
            row.general_decided, row.general_passed = decided, passed
    return sorted(rows.values(), key=lambda r: (-r.decided, r.name))


def alert_rows(path: str) -> list[AlertRow]:
    rows = {kind: AlertRow(kind, label) for kind, label in Alert.Kind.choices}
    counts = (
        Alert.objects.filter(region__path__startswith=path)
        .values_list("kind", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, state, n in counts:
        rows[kind].counts[state] = n
    return list(rows.values())


def dashboard_for(user, *, year: int, today: date) -> Dashboard:
    path = _region_path(user)
    committees = _committees(path)
    cases = case_rows(committees, year)
    case_totals = CaseRow(0, "合计")
    for row in cases:
        for state, n in row.counts.items():
            case_totals.counts[state] = case_totals.counts.get(state, 0) + n
    pools = pool_rows(committees, year)
    pool_total = PoolRow(None, "全部评委会")
    for pool in pools:
        pool_total.mountain_decided += pool.mountain_decided
        pool_total.mountain_passed += pool.mountain_passed
        pool_total.general_decided += pool.general_decided
        pool_total.general_passed += pool.general_passed
    alerts = alert_rows(path)
    alert_totals = AlertRow("", "合计")
    for alert in alerts:
        for state, n in alert.counts.items():
            alert_totals.counts[state] = alert_totals.counts.get(state, 0) + n
    return Dashboard(
        year=year,
        region=path.rstrip("/").replace("/", "") or "全省",
        states=[(s, State(s).label) for s in CASE_STATES if case_totals.counts.get(s)],
        cases=cases,
        case_totals=case_totals,
        pools=pools,
        pool_total=pool_total,
        breadth=breadth_for(user, year=year),
        alerts=alerts,
        alert_totals=alert_totals,
        deadlines=deadline_board(user, today=today, year=year),
    )


# --- the tables as rows, for the page's .xlsx exports ---------------------------------------------------


def _number(value: Decimal | None) -> float | str:
    return float(value) if value is not None else "—"


def _cases_table(d: Dashboard) -> tuple[list[str], list[list]]:
    states = [value for value, _ in d.states]
    header = ["评审委员会", *[label for _, label in d.states], "合计"]
    rows = [[row.name, *row.cells(states), row.total] for row in [*d.cases, d.case_totals]]
    return header, rows


def _pools_table(d: Dashboard) -> tuple[list[str], list[list]]:
    header = [
        "评审委员会",
        "单列已评",
        "单列通过",
        "单列通过率(%)",
        "一般已评",
        "一般通过",
        "一般通过率(%)",
        "合计已评",
        "合计通过",
        "总通过率(%)",
    ]
    rows = [
        [
            row.name,
            row.mountain_decided,
            row.mountain_passed,
            _number(row.mountain_rate),
            row.general_decided,
            row.general_passed,
            _number(row.general_rate),
            row.decided,
            row.passed,
            _number(row.rate),
        ]
        for row in [*d.pools, d.pool_total]
    ]
    return header, rows


def _archive_table(d: Dashboard) -> tuple[list[str], list[list]]:
    header = ["用人单位", "所在地区", "档案完善人数", "本年度申报人数", "倍数", "要求倍数", "缺口", "是否达标"]
    rows = [
        [
            row.name,
            row.region,
            row.complete,
            row.applicants,
            _number(row.ratio),
            float(row.ratio_min),
            row.shortfall,
            "无申报" if not row.applicants else "达标" if row.meets else "未达标",
        ]
        for row in d.breadth.employers
    ]
    return header, rows


def _alerts_table(d: Dashboard) -> tuple[list[str], list[list]]:
    header = ["预警类型", *Alert.State.labels, "合计"]
    return header, [[row.label, *row.cells(), row.total] for row in [*d.alerts, d.alert_totals]]


DUE_STATE = {"done": "已报备", "due": "未报备", "overdue": "已逾期"}


def _deadlines_table(d: Dashboard) -> tuple[list[str], list[list]]:
    header = ["自主评聘单位", "报备事项", "截止日期", "状态", "剩余工作日"]
    rows = [
        [
            item.committee.name,
            item.label,
            item.due.strftime("%Y-%m-%d") + ("（暂定）" if item.provisional else ""),
            DUE_STATE[item.state],
            item.workdays_left if item.state == "due" else "",
        ]
        for item in d.deadlines
    ]
    return header, rows


TABLES = {
    "cases": ("各评委会案件状态", _cases_table),
    "pass_rates": ("评审通过率", _pools_table),
    "archive": ("档案5倍指标", _archive_table),
    "alerts": ("跟踪预警", _alerts_table),
    "deadlines": ("报备期限", _deadlines_table),
}


def dashboard_table(dashboard: Dashboard, name: str) -> tuple[str, list[str], list[list]]:
    """(sheet title, header, rows) of one of the dashboard's tables; KeyError for an unknown one."""
    title, build = TABLES[name]
    header, rows = build(dashboard)
    return title, header, rows
