"""The bureau's supervision dashboard (55号 §3): cases by state, pass rates by pool, archives, warnings and
deadlines of the bureau's region, exactly, and every table as an audited .xlsx."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.alerts.models import Alert
from zhicheng.applications.models import Application, State
from zhicheng.audit.models import Event
from zhicheng.committees.models import Committee
from zhicheng.lib.errors import Forbidden
from zhicheng.supervision.dashboard import dashboard_for

LIANDU = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"
TODAY = date(2022, 10, 11)


def _decide(application: Application, state: str, outcome: str, *, mountain: bool) -> None:
    Application.objects.filter(pk=application.pk).update(state=state, outcome=outcome, in_mountain_pool=mountain)


@pytest.fixture
def planted(world):
    """Five 2022 cases at the 莲都区 committee: one submitted, three published, one evaluated.
    单列 (山区26县): 1 passed of 2 decided; general: 1 recommended + 1 passed of 2; three warnings in 莲都区
    and one in 西湖区."""
    make_case(State.SUBMITTED, applicant="zhangwei")
    _decide(make_case(State.SUBMITTED, applicant="liuyang"), State.PUBLISHED, "passed", mountain=True)
    _decide(make_case(State.SUBMITTED, applicant="huangqiang"), State.PUBLISHED, "failed", mountain=True)
    _decide(make_case(State.SUBMITTED, applicant="xuming"), State.PUBLISHED, "recommended", mountain=False)
    _decide(make_case(State.SUBMITTED, applicant="tangjun"), State.EVALUATED, "passed", mountain=False)
    make_case(State.DRAFT, applicant="sunli")  # a draft is not a case yet
    liandu, xihu = world["bureau"].region, world["outsider"].region
    for n, (kind, state, region) in enumerate(
        [
            (Alert.Kind.NEAR_DUPLICATE, Alert.State.OPEN, liandu),
            (Alert.Kind.NEAR_DUPLICATE, Alert.State.OPEN, liandu),
            (Alert.Kind.CE_DAILY, Alert.State.DISMISSED, liandu),
            (Alert.Kind.PASS_RATE, Alert.State.OPEN, xihu),
        ]
    ):
        Alert.objects.create(kind=kind, state=state, region=region, key=f"k{n}", summary=f"预警{n}")


def _row(rows, name):
    return next(row for row in rows if row.name == name)


def test_cases_are_counted_by_state_and_committee_without_drafts(world, planted):
    board = dashboard_for(world["bureau"], year=2022, today=TODAY)
    assert [row.name for row in board.cases] == [LIANDU]
    assert board.cases[0].counts == {State.SUBMITTED: 1, State.PUBLISHED: 3, State.EVALUATED: 1}
    assert board.case_totals.total == 5
    assert [label for _, label in board.states] == ["待单位审核", "已评审", "已公布"]


def test_pass_rates_are_passed_and_recommended_over_decided_in_each_pool(world, planted):
    board = dashboard_for(world["bureau"], year=2022, today=TODAY)
    row = _row(board.pools, LIANDU)
    assert (row.mountain_passed, row.mountain_decided, row.mountain_rate) == (1, 2, Decimal("50.0"))
    assert (row.general_passed, row.general_decided, row.general_rate) == (2, 2, Decimal("100.0"))
    assert (board.pool_total.passed, board.pool_total.decided, board.pool_total.rate) == (3, 4, Decimal("75.0"))


def test_a_city_bureau_sees_its_districts_committee_and_the_citys_own(world, planted):
    board = dashboard_for(User.objects.get(username="rs_lishui"), year=2022, today=TODAY)
    assert LIANDU in {row.name for row in board.cases}
    assert "丽水市工程技术人员中级专业技术职务任职资格评审委员会" in {row.name for row in board.cases}
    assert "杭州市工程技术人员中级专业技术职务任职资格评审委员会" not in {row.name for row in board.cases}
    assert board.case_totals.total == 5 and board.pool_total.rate == Decimal("75.0")
    province = dashboard_for(User.objects.get(username="rs_province"), year=2022, today=TODAY)
    assert len(province.cases) == Committee.objects.count()
    assert province.alert_totals.total == 4


def test_warnings_are_counted_by_type_and_state_in_the_region(world, planted):
    board = dashboard_for(world["bureau"], year=2022, today=TODAY)
    near = _row_by_kind(board.alerts, Alert.Kind.NEAR_DUPLICATE)
    assert near.counts == {"open": 2} and near.label == "业绩描述雷同"
    assert _row_by_kind(board.alerts, Alert.Kind.CE_DAILY).counts == {"dismissed": 1}
    assert board.alert_totals.counts == {"open": 2, "dismissed": 1}


def _row_by_kind(rows, kind):
    return next(row for row in rows if row.kind == kind)


def test_the_outsider_bureau_sees_nothing_of_lishui(world, planted):
    board = dashboard_for(world["outsider"], year=2022, today=TODAY)
    assert board.cases == [] and board.case_totals.total == 0 and board.pool_total.decided == 0
    assert {row.name for row in board.breadth.employers} == {"杭州西湖精密机械有限公司"}
    assert board.alert_totals.counts == {"open": 1}
    assert _row_by_kind(board.alerts, Alert.Kind.PASS_RATE).total == 1
    assert board.region == "浙江省杭州市西湖区"


def test_the_archive_table_is_the_5x_indicator(world, planted):
    board = dashboard_for(world["bureau"], year=2022, today=TODAY)
    firm = _row(board.breadth.employers, "丽水莲都智能装备有限公司")
    assert firm.applicants == 5  # every case but the draft, all of the one firm


def test_deadlines_are_the_self_evaluating_units_filings(world, planted):
    Committee.objects.filter(name=LIANDU).update(kind=Committee.Kind.SELF_EVALUATING)
    board = dashboard_for(world["bureau"], year=2022, today=TODAY)
    assert [(i.committee.name, i.label) for i in board.deadlines] == [
        (LIANDU, "三年评聘规划"),
        (LIANDU, "年度评聘方案"),
        (LIANDU, "年度评聘总结"),
    ]
    assert dashboard_for(world["outsider"], year=2022, today=TODAY).deadlines == []


@pytest.mark.parametrize("role", ["professional", "expert", "employer", "office"])
def test_only_a_bureau_may_see_it(world, role):
    with pytest.raises(Forbidden):
        dashboard_for(world[role], year=2022, today=TODAY)


@pytest.mark.parametrize("role", ["professional", "expert"])
def test_the_page_and_the_export_refuse_a_professional_or_an_expert(client, world, role):
    client.force_login(world[role])
    assert client.get(reverse("supervision:dashboard"), {"year": 2022}).status_code == 403
    response = client.get(reverse("supervision:dashboard_export"), {"year": 2022, "table": "cases"})
    assert response.status_code == 403
    assert not Event.objects.filter(action="export").exists()


def test_the_page_needs_a_login(client, world):
    response = client.get(reverse("supervision:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_the_figures_and_two_labelled_svg_charts(client, world, planted):
    client.force_login(world["bureau"])
    response = client.get(reverse("supervision:dashboard"), {"year": 2022})
    body = response.content.decode()
    assert response.status_code == 200
    assert "监管看板 · 浙江省丽水市莲都区" in body
    assert body.count("<svg") == 2 and 'viewBox="0 0 440' in body and 'width="100%"' in body
    assert '<title id="chart-cases-title">2022年度 各评委会申报案件（按办理阶段）</title>' in body
    assert "单列 50.0%（1/2）" in body and "一般 100.0%（2/2）" in body and "75.0%" in body
    assert "业绩描述雷同" in body
    assert 'style="' not in body.split("<main", 1)[-1]  # the CSP allows no inline style


def _workbook_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_every_table_exports_the_same_numbers_and_is_audited(client, world, planted):
    Committee.objects.filter(name=LIANDU).update(kind=Committee.Kind.SELF_EVALUATING)
    client.force_login(world["bureau"])
    url = reverse("supervision:dashboard_export")

    cases = _workbook_rows(client.get(url, {"year": 2022, "table": "cases"}))
    assert cases[0] == ("评审委员会", "待单位审核", "已评审", "已公布", "合计")
    assert cases[1] == (LIANDU, 1, 1, 3, 5)
    assert cases[-1] == ("合计", 1, 1, 3, 5)

    pools = _workbook_rows(client.get(url, {"year": 2022, "table": "pass_rates"}))
    assert pools[1] == (LIANDU, 2, 1, 50.0, 2, 2, 100.0, 4, 3, 75.0)
    assert pools[-1][0] == "全部评委会" and pools[-1][-1] == 75.0

    archive = _workbook_rows(client.get(url, {"year": 2022, "table": "archive"}))
    firm = next(row for row in archive if row[0] == "丽水莲都智能装备有限公司")
    assert firm[3] == 5 and firm[-1] == "未达标"

    alerts = _workbook_rows(client.get(url, {"year": 2022, "table": "alerts"}))
    assert alerts[0] == ("预警类型", "待处理", "已确认", "已排除", "合计")
    assert ("业绩描述雷同", 2, 0, 0, 2) in alerts and alerts[-1] == ("合计", 2, 0, 1, 3)

    deadlines = _workbook_rows(client.get(url, {"year": 2022, "table": "deadlines"}))
    assert [row[:2] for row in deadlines[1:]] == [
        (LIANDU, "三年评聘规划"),
        (LIANDU, "年度评聘方案"),
        (LIANDU, "年度评聘总结"),
    ]

    events = Event.objects.filter(action="export", actor_id=world["bureau"].pk).order_by("pk")
    assert events.count() == 5
    assert events[0].reason == "year=2022&table=cases" and events[0].data == {"rows": 2}


def test_an_unknown_table_is_not_found_and_not_audited(client, world):
    client.force_login(world["bureau"])
    response = client.get(reverse("supervision:dashboard_export"), {"year": 2022, "table": "people"})
    assert response.status_code == 404
    assert not Event.objects.filter(action="export").exists()
