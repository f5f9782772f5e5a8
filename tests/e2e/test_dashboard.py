"""In chromium: the 莲都区 bureau opens its supervision dashboard, sees the charts, and reads it on a phone."""

from playwright.sync_api import expect

from tests.factories import make_case
from zhicheng.alerts.models import Alert
from zhicheng.applications.models import Application, State


def _plant():
    from tests.base import build_world

    world = build_world()
    make_case(State.SUBMITTED, applicant="zhangwei")
    make_case(State.SUBMITTED, applicant="sunli")
    for applicant, state, outcome, mountain in [
        ("liuyang", State.PUBLISHED, "passed", True),
        ("huangqiang", State.PUBLISHED, "failed", True),
        ("xuming", State.PUBLISHED, "recommended", False),
        ("tangjun", State.EVALUATED, "passed", False),
        ("luoyu", State.EVALUATED, "failed", False),
    ]:
        case = make_case(State.SUBMITTED, applicant=applicant)
        Application.objects.filter(pk=case.pk).update(state=state, outcome=outcome, in_mountain_pool=mountain)
    region = world["bureau"].region
    Alert.objects.create(kind=Alert.Kind.NEAR_DUPLICATE, region=region, key="a", summary="业绩描述雷同")
    Alert.objects.create(kind=Alert.Kind.CE_DAILY, region=region, key="b", summary="单日学时超限")


def test_the_bureau_reads_its_dashboard_on_a_desktop_and_a_phone(
    page, live_server, transactional_db, login, screenshot
):
    _plant()
    login(page, "rs_liandu")
    page.goto(f"{live_server.url}/supervision/dashboard/?year=2022")
    expect(page.get_by_role("heading", name="监管看板 · 浙江省丽水市莲都区")).to_be_visible()

    cases_chart = page.locator("svg#chart-cases")
    expect(cases_chart).to_be_visible()
    assert cases_chart.locator("rect.bar").count() >= 3
    expect(cases_chart.locator("text", has_text="莲都区工程技术人员初级")).to_be_visible()
    pass_chart = page.locator("svg#chart-pass")
    expect(pass_chart).to_be_visible()
    assert pass_chart.locator("rect.bar").count() >= 2
    expect(pass_chart.locator("text", has_text="单列 50.0%（1/2）").first).to_be_visible()
    box = cases_chart.bounding_box()
    assert box is not None and box["height"] > 60
    screenshot(page, "e2e-dashboard")

    with page.expect_download() as download:
        page.locator("#alerts").get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename == "dashboard-alerts-2022.xlsx"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("svg#chart-cases")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chart_box = page.locator("svg#chart-pass").bounding_box()
    assert chart_box is not None and chart_box["width"] <= 390
    screenshot(page, "e2e-dashboard-phone")
