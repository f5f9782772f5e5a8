"""Quantified evaluation standards (55号 §4(一)): an office drafts and submits, a province or city bureau
approves with a written opinion or refuses with reasons, and only the latest approved version is in force."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhicheng.accounts.models import Organisation, User
from zhicheng.audit.models import Event
from zhicheng.evaluation.models import Indicator, Standard
from zhicheng.evaluation.selectors import approved_standard
from zhicheng.evaluation.standards import (
    indicator_add,
    indicator_remove,
    indicator_update,
    standard_approve,
    standard_create,
    standard_new_version,
    standard_refuse,
    standard_submit,
)
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import Grade, Series

INDICATORS = [("职业道德", 10), ("专业理论水平", 20), ("工作业绩", 40), ("代表性成果", 20), ("继续教育与培训", 10)]


@pytest.fixture
def city_bureau(world):
    return User.objects.get(username="rs_lishui")


@pytest.fixture
def series(world):
    return Series.objects.get(name="工程")


def _draft(office, series, indicators=INDICATORS, grade=Grade.INTERMEDIATE):
    standard = standard_create(series, grade, actor=office, name="工程系列工程师量化评价标准")
    for name, points in indicators:
        indicator_add(standard, actor=office, name=name, max_points=points, guidance=f"{name}的评分说明")
    return standard


def _approved(office, bureau, series, indicators=INDICATORS):
    standard = standard_submit(_draft(office, series, indicators), actor=office)
    return standard_approve(standard, actor=bureau, opinion="同意")


def _actions(standard):
    return list(
        Event.objects.filter(object_type="evaluation.standard", object_id=str(standard.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- the happy path -------------------------------------------------------------------------------------


def test_an_office_drafts_submits_and_a_city_bureau_approves_with_an_audit_trail(world, series, city_bureau):
    office = world["office"]
    standard = _draft(office, series)
    assert standard.version == 1 and standard.state == Standard.State.DRAFT
    assert list(standard.indicators.values_list("order", "name")) == [
        (n, name) for n, (name, _) in enumerate(INDICATORS, start=1)
    ]
    assert approved_standard(series, Grade.INTERMEDIATE) is None

    standard = standard_submit(standard, actor=office)
    assert standard.state == Standard.State.SUBMITTED and standard.submitted_at is not None
    standard = standard_approve(standard, actor=city_bureau, opinion="指标设置合理，同意试行。")

    standard.refresh_from_db()
    assert standard.state == Standard.State.APPROVED
    assert standard.decided_by == city_bureau and standard.opinion == "指标设置合理，同意试行。"
    assert approved_standard(series, Grade.INTERMEDIATE) == standard
    assert _actions(standard) == [
        "standard.create",
        *["standard.indicator_add"] * len(INDICATORS),
        "standard.submit",
        "standard.approve",
    ]
    approval = Event.objects.get(action="standard.approve")
    assert (approval.before, approval.after, approval.reason) == ("submitted", "approved", "指标设置合理，同意试行。")
    assert approval.actor_id == city_bureau.pk


def test_versions_are_numbered_per_series_and_grade(world, series, city_bureau):
    first = _approved(world["office"], city_bureau, series)
    other_grade = standard_create(series, Grade.ASSISTANT, actor=world["office"], name="助理级标准")
    second = standard_create(series, Grade.INTERMEDIATE, actor=world["office"], name="工程师标准（修订）")
    assert (first.version, other_grade.version, second.version) == (1, 1, 2)


def test_the_province_bureau_may_approve_too(world, series):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    province = User.objects.get(username="rs_province")
    assert standard_approve(standard, actor=province, opinion="同意").state == Standard.State.APPROVED


# --- the 100-point total --------------------------------------------------------------------------------


def test_submit_is_refused_when_the_total_is_short_saying_by_how_much(world, series):
    standard = _draft(world["office"], series, indicators=INDICATORS[:-1])  # 90 points
    events = Event.objects.count()
    with pytest.raises(RuleViolation, match="合计须为100分，现为90分，少10分") as refused:
        standard_submit(standard, actor=world["office"])
    assert refused.value.clause == "55号 §4(一)"
    assert refused.value.detail["difference"] == "-10"
    standard.refresh_from_db()
    assert standard.state == Standard.State.DRAFT and Event.objects.count() == events


def test_submit_is_refused_when_the_total_is_over_saying_by_how_much(world, series):
    standard = _draft(world["office"], series, indicators=[*INDICATORS, ("示范引领", Decimal("2.5"))])
    with pytest.raises(RuleViolation, match=r"现为102\.5分，多2\.5分"):
        standard_submit(standard, actor=world["office"])


def test_submit_needs_at_least_one_indicator(world, series):
    standard = standard_create(series, Grade.INTERMEDIATE, actor=world["office"], name="空标准")
    with pytest.raises(RuleViolation, match="至少添加一项指标"):
        standard_submit(standard, actor=world["office"])


@pytest.mark.parametrize("points", [0, -5, "abc", Decimal("12.25"), 101])
def test_an_indicator_needs_a_positive_maximum_within_the_scale(world, series, points):
    standard = standard_create(series, Grade.INTERMEDIATE, actor=world["office"], name="工程师标准")
    with pytest.raises(RuleViolation):
        indicator_add(standard, actor=world["office"], name="工作业绩", max_points=points)
    assert not standard.indicators.exists()


# --- who may decide -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bureau", "office", "outsider", "expert"])
def test_a_district_bureau_an_office_or_an_expert_cannot_approve_or_refuse(world, series, who):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    events = Event.objects.count()
    with pytest.raises(Forbidden):
        standard_approve(standard, actor=world[who], opinion="同意")
    with pytest.raises(Forbidden):
        standard_refuse(standard, actor=world[who], reason="不同意")
    standard.refresh_from_db()
    assert standard.state == Standard.State.SUBMITTED and Event.objects.count() == events


def test_a_city_bureau_decides_only_for_offices_of_its_city(world, series):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    hangzhou = User.objects.get(username="rs_xihu").region.parent
    bureau = Organisation.objects.create(name="杭州市人力资源和社会保障局", kind="bureau", region=hangzhou)
    other_city = User.objects.create_user(username="rs_hangzhou", name="杭州市局", role="bureau", organisation=bureau)
    with pytest.raises(Forbidden):
        standard_approve(standard, actor=other_city, opinion="同意")


def test_only_an_office_drafts_and_only_the_drafting_office_edits(world, series):
    with pytest.raises(Forbidden):
        standard_create(series, Grade.INTERMEDIATE, actor=world["bureau"], name="越权")
    standard = standard_create(series, Grade.INTERMEDIATE, actor=world["office"], name="工程师标准")
    other_office = User.objects.get(username="bgs_gongcheng")
    with pytest.raises(Forbidden):
        indicator_add(standard, actor=other_office, name="工作业绩", max_points=40)
    with pytest.raises(Forbidden):
        standard_submit(standard, actor=other_office)


def test_approval_needs_a_written_opinion_and_refusal_its_reasons(world, series, city_bureau):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    with pytest.raises(RuleViolation, match="请填写审批意见"):
        standard_approve(standard, actor=city_bureau, opinion="  ")
    with pytest.raises(RuleViolation, match="请填写不予批准的理由"):
        standard_refuse(standard, actor=city_bureau, reason="")


def test_a_refused_standard_is_revised_and_resubmitted(world, series, city_bureau):
    office = world["office"]
    standard = standard_submit(_draft(office, series), actor=office)
    standard = standard_refuse(standard, actor=city_bureau, reason="工作业绩权重过低")
    assert standard.state == Standard.State.REFUSED and approved_standard(series, Grade.INTERMEDIATE) is None

    theory, work = standard.indicators.get(order=2), standard.indicators.get(order=3)
    indicator_update(theory, actor=office, name="专业理论水平", max_points=15)
    indicator_update(work, actor=office, name="工作业绩", max_points=45, guidance="主持项目的数量、质量和效益")
    standard = standard_submit(standard, actor=office)
    assert standard.state == Standard.State.SUBMITTED and standard.opinion == "" and standard.decided_by is None
    assert standard_approve(standard, actor=city_bureau, opinion="同意").state == Standard.State.APPROVED
    assert "standard.refuse" in _actions(standard)


# --- no edits once submitted ----------------------------------------------------------------------------


def test_a_submitted_or_approved_standard_cannot_be_edited(world, series, city_bureau):
    office = world["office"]
    standard = standard_submit(_draft(office, series), actor=office)
    indicator = standard.indicators.first()
    for _ in range(2):
        events = Event.objects.count()
        with pytest.raises(Conflict, match="不能修改指标"):
            indicator_add(standard, actor=office, name="新指标", max_points=5)
        with pytest.raises(Conflict, match="不能修改指标"):
            indicator_update(indicator, actor=office, name="改名", max_points=10)
        with pytest.raises(Conflict, match="不能修改指标"):
            indicator_remove(indicator, actor=office)
        with pytest.raises(Conflict):
            standard_submit(standard, actor=office)
        assert Event.objects.count() == events
        standard = standard_approve(standard, actor=city_bureau, opinion="同意") if _ == 0 else standard
    indicator.refresh_from_db()
    assert indicator.name == "职业道德" and standard.indicators.count() == len(INDICATORS)
    with pytest.raises(Conflict):
        standard_approve(standard, actor=city_bureau, opinion="再次批准")


def test_removing_an_indicator_renumbers_the_ones_after_it(world, series):
    office = world["office"]
    standard = _draft(office, series)
    indicator_remove(standard.indicators.get(order=2), actor=office)
    assert list(standard.indicators.values_list("order", "name")) == [
        (1, "职业道德"),
        (2, "工作业绩"),
        (3, "代表性成果"),
        (4, "继续教育与培训"),
    ]
    assert _actions(standard)[-1] == "standard.indicator_remove"


# --- new versions ---------------------------------------------------------------------------------------


def test_a_new_version_copies_the_indicators_and_supersedes_once_approved(world, series, city_bureau):
    office = world["office"]
    first = _approved(office, city_bureau, series)
    second = standard_new_version(first, actor=office)
    assert (second.version, second.state, second.name) == (2, Standard.State.DRAFT, first.name)
    copied = list(second.indicators.values_list("order", "name", "max_points", "guidance"))
    assert copied == list(first.indicators.values_list("order", "name", "max_points", "guidance"))
    assert approved_standard(series, Grade.INTERMEDIATE) == first  # the draft is not in force

    indicator_update(second.indicators.get(order=1), actor=office, name="职业道德与诚信", max_points=10)
    standard_approve(standard_submit(second, actor=office), actor=city_bureau, opinion="同意修订")

    assert approved_standard(series, Grade.INTERMEDIATE) == second
    first.refresh_from_db()
    assert first.state == Standard.State.APPROVED and first.indicators.get(order=1).name == "职业道德"
    assert Indicator.objects.filter(standard=first).count() == len(INDICATORS)
    assert _actions(second)[0] == "standard.new_version"


def test_only_one_version_is_open_at_a_time(world, series, city_bureau):
    office = world["office"]
    first = _approved(office, city_bureau, series)
    standard_new_version(first, actor=office)
    with pytest.raises(Conflict, match="正在办理"):
        standard_new_version(first, actor=office)
    with pytest.raises(Conflict, match="正在办理"):
        standard_create(series, Grade.INTERMEDIATE, actor=office, name="另起一版")


def test_only_an_approved_standard_is_copied(world, series):
    draft = _draft(world["office"], series)
    with pytest.raises(Conflict):
        standard_new_version(draft, actor=world["office"])
    with pytest.raises(Forbidden):
        standard_new_version(draft, actor=world["bureau"])


# --- pages ----------------------------------------------------------------------------------------------


def test_pages_require_login(client, world, series):
    standard = _draft(world["office"], series)
    for url in [
        reverse("evaluation:standard_list"),
        reverse("evaluation:standard_new"),
        reverse("evaluation:standard_detail", args=[standard.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_office_creates_fills_and_submits_a_standard_through_the_pages(client, world, series):
    client.force_login(world["office"])
    assert client.get(reverse("evaluation:standard_new")).status_code == 200
    response = client.post(
        reverse("evaluation:standard_new"),
        {"series": series.pk, "grade": Grade.INTERMEDIATE, "name": "工程系列工程师量化评价标准"},
    )
    standard = Standard.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation:standard_detail", args=[standard.pk]
    )
    add = reverse("evaluation:standard_indicator_add", args=[standard.pk])
    for name, points in INDICATORS[:-1]:
        assert client.post(add, {"name": name, "max_points": points, "guidance": ""}).status_code == 302

    submit = reverse("evaluation:standard_action", args=[standard.pk, "submit"])
    page = client.post(submit)
    assert page.status_code == 422
    assert "现为90分，少10分" in page.content.decode()

    bad = client.post(add, {"name": "继续教育与培训", "max_points": "0", "guidance": ""})
    assert bad.status_code == 422 and "须大于0分" in bad.content.decode()
    assert client.post(add, {"name": "继续教育与培训", "max_points": "10", "guidance": ""}).status_code == 302
    assert client.post(submit).status_code == 302
    standard.refresh_from_db()
    assert standard.state == Standard.State.SUBMITTED

    page = client.get(reverse("evaluation:standard_detail", args=[standard.pk]))
    assert "待审批" in page.content.decode() and "<summary>添加指标" not in page.content.decode()
    edit = reverse("evaluation:standard_indicator_add", args=[standard.pk])
    assert client.post(edit, {"name": "新", "max_points": 5}).status_code == 409


def test_the_city_bureau_approves_through_the_page(client, world, series, city_bureau):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    client.force_login(city_bureau)
    listing = client.get(reverse("evaluation:standard_list")).content.decode()
    assert "待审批（1）" in listing and standard.name in listing
    page = client.get(reverse("evaluation:standard_detail", args=[standard.pk])).content.decode()
    assert "批准" in page and "不予批准" in page

    approve = reverse("evaluation:standard_action", args=[standard.pk, "approve"])
    assert client.post(approve, {"opinion": ""}).status_code == 422
    response = client.post(approve, {"opinion": "同意，自发文之日起施行。"})

    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.state == Standard.State.APPROVED and standard.opinion == "同意，自发文之日起施行。"
    page = client.get(response["Location"]).content.decode()
    assert "现行" in page and "同意，自发文之日起施行。" in page


def test_the_bureau_refuses_through_the_page_and_the_office_sees_the_reasons(client, world, series, city_bureau):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    client.force_login(city_bureau)
    refuse = reverse("evaluation:standard_action", args=[standard.pk, "refuse"])
    assert client.post(refuse, {"opinion": "代表性成果缺少评分细则"}).status_code == 302
    client.force_login(world["office"])
    page = client.get(reverse("evaluation:standard_detail", args=[standard.pk])).content.decode()
    assert "代表性成果缺少评分细则" in page and "报送审批" in page


def test_a_district_bureau_cannot_approve_through_the_page(client, world, series):
    standard = standard_submit(_draft(world["office"], series), actor=world["office"])
    client.force_login(world["bureau"])
    # A district bureau does not even see a submitted standard.
    assert client.get(reverse("evaluation:standard_detail", args=[standard.pk])).status_code == 403
    response = client.post(reverse("evaluation:standard_action", args=[standard.pk, "approve"]), {"opinion": "同意"})
    assert response.status_code == 403
    standard.refresh_from_db()
    assert standard.state == Standard.State.SUBMITTED


def test_experts_and_district_bureaus_read_approved_standards_but_professionals_do_not(
    client, world, series, city_bureau
):
    standard = _approved(world["office"], city_bureau, series)
    draft = standard_create(series, Grade.ASSISTANT, actor=world["office"], name="助理级草稿")
    for who in ["expert", "bureau"]:
        client.force_login(world[who])
        listing = client.get(reverse("evaluation:standard_list")).content.decode()
        assert standard.name in listing and draft.name not in listing
        page = client.get(reverse("evaluation:standard_detail", args=[standard.pk])).content.decode()
        assert "职业道德" in page and "起草新版本" not in page
    client.force_login(world["professional"])
    assert client.get(reverse("evaluation:standard_list")).status_code == 403
    assert client.get(reverse("evaluation:standard_detail", args=[standard.pk])).status_code == 403


def test_the_office_edits_an_indicator_and_starts_a_new_version_from_the_page(client, world, series, city_bureau):
    office = world["office"]
    standard = _draft(office, series)
    indicator = standard.indicators.get(order=3)
    client.force_login(office)
    url = reverse("evaluation:standard_indicator_edit", args=[standard.pk, indicator.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "工作业绩与贡献", "max_points": "40", "guidance": "看实绩"}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "工作业绩与贡献"

    standard_approve(standard_submit(standard, actor=office), actor=city_bureau, opinion="同意")
    response = client.post(reverse("evaluation:standard_action", args=[standard.pk, "new_version"]))
    second = Standard.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation:standard_detail", args=[second.pk]
    )
    assert second.indicators.count() == len(INDICATORS)


def test_the_demo_loads_three_approved_engineering_standards_once(world, series):
    from zhicheng.demo.standards import load_standards

    load_standards()
    load_standards()
    for grade in (Grade.ASSISTANT, Grade.INTERMEDIATE, Grade.ASSOCIATE_SENIOR):
        standard = approved_standard(series, grade)
        assert standard is not None and standard.version == 1
        total = sum(standard.indicators.values_list("max_points", flat=True))
        assert total == 100 and 4 <= standard.indicators.count() <= 6
    assert Standard.objects.count() == 3
