"""The 5× indicator (申报一人，完善一批, 55号 §1): complete archives ÷ applicants this year, exactly."""

import io
from collections import OrderedDict
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import complete_archive, make_case, make_professional
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.lib.errors import Forbidden
from zhicheng.supervision.breadth import breadth_for


@pytest.fixture
def nine_complete_two_applicants(world, liandu_firm):
    """丽水莲都智能装备: 9 complete archives; 2 applicants (a draft and a withdrawn case do not count)."""
    for sequence in range(9):
        complete_archive(make_professional(liandu_firm, sequence=100 + sequence))
    make_case(State.SUBMITTED, applicant="liuyang")
    make_case(State.SUBMITTED, applicant="huangqiang", specialty="电气工程")
    make_case(State.EMPLOYER_APPROVED, applicant="huangqiang")  # the same person twice counts once
    make_case(State.DRAFT, applicant="zhangwei")
    make_case(State.WITHDRAWN, applicant="xuming", reason="今年不报")


def _row(rows, name):
    return next(row for row in rows if row.name == name)


def test_two_applicants_and_nine_complete_archives_show_4_5_and_a_shortfall_of_1(world, nine_complete_two_applicants):
    row = _row(breadth_for(world["bureau"], year=2022).employers, "丽水莲都智能装备有限公司")
    assert (row.complete, row.applicants) == (9, 2)
    assert row.ratio == Decimal("4.5")
    assert row.required == 10 and row.shortfall == 1 and not row.meets


def test_one_more_complete_archive_meets_the_minimum(world, liandu_firm, nine_complete_two_applicants):
    complete_archive(make_professional(liandu_firm, sequence=200))
    row = _row(breadth_for(world["bureau"], year=2022).employers, "丽水莲都智能装备有限公司")
    assert row.ratio == Decimal("5.0") and row.shortfall == 0 and row.meets


def test_the_minimum_comes_from_the_years_policy(world, nine_complete_two_applicants):
    from zhicheng.policy.models import Policy

    Policy.objects.filter(year=2022).update(archive_ratio_min=Decimal("4"))
    row = _row(breadth_for(world["bureau"], year=2022).employers, "丽水莲都智能装备有限公司")
    assert row.required == 8 and row.meets


def test_a_committee_counts_the_archives_of_its_jurisdiction(world, nine_complete_two_applicants):
    committees = breadth_for(world["bureau"], year=2022).committees
    assert [c.name for c in committees] == ["莲都区工程技术人员初级专业技术职务任职资格评审委员会"]
    city = breadth_for(User.objects.get(username="rs_lishui"), year=2022).committees
    general = _row(city, "丽水市工程技术人员中级专业技术职务任职资格评审委员会")
    assert general.complete == 9
    assert general.applicants == 0  # the cases above are 助理工程师 cases of the district committee
    district = _row(city, "莲都区工程技术人员初级专业技术职务任职资格评审委员会")
    assert (district.complete, district.applicants, district.shortfall) == (9, 2, 1)


def test_the_worst_come_first_and_those_without_applicants_last(world, nine_complete_two_applicants):
    make_case(State.SUBMITTED, applicant="wangfang", specialty="林业工程", title="工程师")
    rows = breadth_for(world["bureau"], year=2022).employers
    assert [r.name for r in rows] == ["浙江丽水林业发展有限公司", "丽水莲都智能装备有限公司"]
    assert rows[0].ratio == Decimal("0.0") and rows[0].shortfall == 5


def test_each_bureau_sees_its_own_region(world, nine_complete_two_applicants):
    names = {r.name for r in breadth_for(world["outsider"], year=2022).employers}
    assert names == {"杭州西湖精密机械有限公司"}
    assert len(breadth_for(User.objects.get(username="rs_province"), year=2022).employers) == 4


def test_an_expert_or_a_professional_is_refused(world):
    for role in ("expert", "professional"):
        with pytest.raises(Forbidden):
            breadth_for(world[role], year=2022)


def test_the_bureau_page_and_its_export(client, world, nine_complete_two_applicants):
    client.force_login(world["bureau"])
    body = client.get(reverse("supervision:breadth"), {"year": 2022}).content.decode()
    assert "4.5 倍" in body and "未达标" in body
    response = client.get(reverse("supervision:breadth_export"), {"year": 2022})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["用人单位"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:8] == (
        "名称",
        "地区/受理范围",
        "档案完善人数",
        "本年度申报人数",
        "倍数",
        "要求倍数",
        "应完善人数",
        "缺口",
    )
    assert rows[2][:8] == ("丽水莲都智能装备有限公司", "浙江省丽水市莲都区", 9, 2, 4.5, 5.0, 10, 1)


def test_the_employer_page_shows_its_figure_and_its_incomplete_staff(client, world, nine_complete_two_applicants):
    client.force_login(world["employer"])
    response = client.get(reverse("supervision:breadth"), {"year": 2022})
    body = response.content.decode()
    assert "还差 1 人" in body
    incomplete = {"张伟", "刘洋", "黄强", "徐明", "孙丽", "罗宇", "唐军"}
    assert {p.name for p in response.context["incomplete"]} == incomplete
    assert "一键提醒这 7 人" in body


def test_the_api_gives_the_same_figures(client, world, nine_complete_two_applicants):
    client.force_login(world["bureau"])
    body = client.get("/api/v1/supervision/breadth?year=2022").json()
    row = next(r for r in body["employers"] if r["name"] == "丽水莲都智能装备有限公司")
    assert (row["complete"], row["applicants"], float(row["ratio"]), row["shortfall"]) == (9, 2, 4.5, 1)
    assert float(body["ratio_min"]) == 5.0
    client.force_login(world["expert"])
    assert client.get("/api/v1/supervision/breadth").status_code == 403


def test_an_office_sees_its_committees_and_the_employers_of_their_jurisdiction(world, nine_complete_two_applicants):
    result = breadth_for(world["office"], year=2022)
    assert [c.name for c in result.committees] == ["莲都区工程技术人员初级专业技术职务任职资格评审委员会"]
    assert {e.name for e in result.employers} == {"丽水莲都智能装备有限公司", "浙江丽水林业发展有限公司"}


def test_an_employer_sees_only_itself_and_no_committee(world, nine_complete_two_applicants):
    result = breadth_for(world["employer"], year=2022)
    assert [e.name for e in result.employers] == ["丽水莲都智能装备有限公司"] and result.committees == []


@pytest.fixture
def large_scope(monkeypatch):
    """Treat the demo region as large, so its table is shared as it is at city and province scale."""
    from django.core.cache import cache

    from zhicheng.supervision import breadth

    monkeypatch.setattr(breadth, "LARGE_SCOPE_EMPLOYERS", 1)
    monkeypatch.setattr(breadth, "_held", OrderedDict())
    cache.clear()
    yield
    cache.clear()


def test_a_large_regions_table_says_when_it_was_computed_and_recomputes_on_demand(
    client, world, liandu_firm, nine_complete_two_applicants, large_scope
):
    client.force_login(world["bureau"])
    first = client.get(reverse("supervision:breadth"), {"year": 2022})
    row = _row(first.context["employers"].object_list, "丽水莲都智能装备有限公司")
    assert row.ratio == Decimal("4.5")
    assert "统计时间" in first.content.decode() and "重新统计" in first.content.decode()
    computed_at = first.context["computed_at"]

    complete_archive(make_professional(liandu_firm, sequence=200))
    shared = client.get(reverse("supervision:breadth"), {"year": 2022})
    assert shared.context["computed_at"] == computed_at  # the shared table, with the time it holds for
    assert _row(shared.context["employers"].object_list, "丽水莲都智能装备有限公司").ratio == Decimal("4.5")

    response = client.post(reverse("supervision:breadth"), {"year": 2022}, follow=True)
    assert response.context["computed_at"] > computed_at
    row = _row(response.context["employers"].object_list, "丽水莲都智能装备有限公司")
    assert row.ratio == Decimal("5.0") and row.meets


def test_a_worker_reuses_the_table_it_holds_until_another_worker_recomputes_it(
    monkeypatch, world, liandu_firm, nine_complete_two_applicants, large_scope
):
    from zhicheng.supervision import breadth

    bureau = world["bureau"]
    held = breadth.breadth_snapshot(bureau, year=2022)
    assert breadth.breadth_snapshot(bureau, year=2022) is held  # not read back from the shared cache
    complete_archive(make_professional(liandu_firm, sequence=200))

    mine = breadth._held
    monkeypatch.setattr(breadth, "_held", OrderedDict())  # another worker, with a memory of its own
    theirs = breadth.breadth_snapshot(bureau, year=2022, recompute=True)
    monkeypatch.setattr(breadth, "_held", mine)  # back in this worker, which still holds the older table

    current = breadth.breadth_snapshot(bureau, year=2022)
    assert current.version == theirs.version and current.computed_at > held.computed_at
    assert _row(current.breadth.employers, "丽水莲都智能装备有限公司").meets


def test_a_small_regions_table_is_always_computed_afresh(client, world, liandu_firm, nine_complete_two_applicants):
    client.force_login(world["bureau"])
    client.get(reverse("supervision:breadth"), {"year": 2022})
    complete_archive(make_professional(liandu_firm, sequence=200))
    response = client.get(reverse("supervision:breadth"), {"year": 2022})
    assert _row(response.context["employers"].object_list, "丽水莲都智能装备有限公司").meets


def test_the_nightly_detector_raises_each_shortfall_to_the_bureau_that_watches_it(world, nine_complete_two_applicants):
    from zhicheng.alerts.detectors import detect_archive_shortfalls
    from zhicheng.alerts.models import Alert

    detect_archive_shortfalls(2022)
    shortfalls = Alert.objects.filter(kind=Alert.Kind.ARCHIVE_SHORTFALL)
    firm = shortfalls.get(organisation__name="丽水莲都智能装备有限公司")
    assert firm.region.name == "莲都区"  # the employer's district
    assert firm.summary.endswith("缺 1 人") and (firm.evidence["required"], firm.evidence["ratio"]) == (10, "4.5")
    district = shortfalls.get(committee__name="莲都区工程技术人员初级专业技术职务任职资格评审委员会")
    assert district.region == district.committee.seat_region
    assert not shortfalls.filter(committee__name__startswith="丽水市").exists()  # no applicants, nothing short
