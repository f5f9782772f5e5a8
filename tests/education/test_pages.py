"""The CE pages: a professional's hours and verdict, the employer's confirmation, the public calculator."""

from decimal import Decimal

from tests.education.helpers import COMPLIANT_YEAR, store_hours
from zhicheng.accounts.models import Professional
from zhicheng.audit.models import Event
from zhicheng.education.models import CERecord
from zhicheng.policy.models import Title


def _zhangwei():
    return Professional.objects.get(user__username="zhangwei")


def test_the_professional_sees_a_chart_and_the_verdict_for_the_title_aimed_at(client, world):
    CERecord.objects.filter(professional=_zhangwei()).delete()  # only the hours below
    store_hours(_zhangwei(), {2021: COMPLIANT_YEAR, 2022: {**COMPLIANT_YEAR, "professional": Decimal(52)}})
    client.force_login(world["professional"])
    page = client.get(
        "/education/",
        {"title": Title.objects.get(name="工程师").pk, "education": "doctorate", "application_year": 2022},
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "2022年 专业科目 52/60" in body
    assert "2022年 专业科目 52/60 学时，差 8 学时 — 55号 §4(二)" in body
    assert "不符合申报要求" in body


def test_an_education_that_gives_no_path_is_said_in_the_form(client, world):
    client.force_login(world["professional"])
    body = client.get(
        "/education/",
        {"title": Title.objects.get(name="正高级工程师").pk, "education": "college", "application_year": 2022},
    ).content.decode()
    assert "大专学历不能直接申报正高级工程师" in body


def test_a_professional_enters_hours_and_the_employer_confirms_them(client, world):
    client.force_login(world["professional"])
    response = client.post(
        "/education/records/add/",
        {"category": "professional", "hours": "8", "course": "精益生产", "study_date": "2022-05-18"},
    )
    assert response.status_code == 302
    record = CERecord.objects.get(course="精益生产")
    assert record.status == "pending"

    client.force_login(world["employer"])
    assert "精益生产" in client.get("/education/").content.decode()
    client.post(f"/education/records/{record.pk}/confirm/")
    record.refresh_from_db()
    assert record.status == "confirmed"
    assert Event.objects.filter(action="ce_record.confirmed", object_id=str(record.pk)).exists()


def test_another_employer_cannot_confirm(client, world):
    record = CERecord.objects.create(
        professional=_zhangwei(),
        year=2022,
        category="professional",
        hours=8,
        course="课",
        study_date="2022-05-18",
        source="manual",
        fingerprint="x",
    )
    other = world["employer"].__class__.objects.get(username="dw_xihu")
    client.force_login(other)
    assert client.post(f"/education/records/{record.pk}/confirm/").status_code == 404
    record.refresh_from_db()
    assert record.status == "pending"


def test_hours_in_the_future_are_refused_with_the_form_kept(client, world):
    client.force_login(world["professional"])
    response = client.post(
        "/education/records/add/",
        {"category": "professional", "hours": "8", "course": "未来课程", "study_date": "2099-01-01"},
    )
    assert response.status_code == 422
    assert "学习日期不能在未来" in response.content.decode() and "未来课程" in response.content.decode()


def test_the_public_calculator_needs_no_login_and_stores_nothing(client, db):
    title = Title.objects.get(name="高级工程师")
    params = {"title": title.pk, "education": "bachelor", "application_year": 2022, "title_obtained_year": 2016}
    for offset in range(4):  # 2022 back to 2019 compliant; 2018 grandfathered
        params.update(
            {f"h{offset}_professional": 60, f"h{offset}_general_public": 12, f"h{offset}_industry_public": 18}
        )
    body = client.get("/education/calculator/", params).content.decode()
    assert "符合申报要求" in body and "不符合" not in body
    assert "2018年在2019年以前，视同合格" in body
    assert CERecord.objects.count() == 0


def test_the_calculator_api_is_stateless_and_explains_shortfalls(client, db):
    title = Title.objects.get(name="工程师")
    payload = {
        "application_year": 2022,
        "title_id": title.pk,
        "education": "master",
        "hours": [
            {"year": 2021, "professional": 70, "general_public": 8, "industry_public": 12},
            {"year": 2022, "professional": 60, "general_public": 12, "industry_public": 18},
        ],
    }
    result = client.post("/api/v1/education/compliance", payload, content_type="application/json").json()
    assert result["compliant"] is False
    assert result["shortfalls"] == ["2021年 一般公需科目 8/12 学时，差 4 学时 — 55号 §4(二)"]
    bad = client.post("/api/v1/education/compliance", {**payload, "education": "phd"}, content_type="application/json")
    assert bad.status_code == 422 and "学历应为" in bad.json()["detail"]


def test_a_persons_verdict_by_api_is_scoped_to_the_region(client, world):
    person = _zhangwei()
    client.force_login(world["outsider"])
    response = client.get(
        f"/api/v1/professionals/{person.pk}/compliance",
        {"title": Title.objects.get(name="工程师").pk, "year": 2022, "education": "master"},
    )
    assert response.status_code == 403
