"""Case pages: login required, scoped to role and region, transitions by POST with 403/404/409 in Chinese."""

import pytest
from django.urls import reverse

from tests.factories import make_case
from zhicheng.applications.models import Application, State
from zhicheng.audit.models import Event


def _post(client, user, application, action, **data):
    client.force_login(user)
    return client.post(reverse("applications:transition", args=[application.pk, action]), data)


def test_pages_require_login(client, world):
    application = make_case(State.SUBMITTED)
    for url in [reverse("home"), reverse("applications:list"), reverse("applications:detail", args=[application.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_employer_approves_from_the_case_page(client, world):
    application = make_case(State.SUBMITTED)
    client.force_login(world["employer"])
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert "单位推荐" in page.content.decode()

    response = _post(client, world["employer"], application, "employer_approve")

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.EMPLOYER_APPROVED
    page = client.get(response["Location"])
    assert "已单位推荐" in page.content.decode()


def test_another_role_gets_403_in_chinese_and_nothing_changes(client, world):
    application = make_case(State.SUBMITTED)
    events = Event.objects.count()
    response = _post(client, world["professional"], application, "employer_approve")
    assert response.status_code == 403
    assert "无权" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED and Event.objects.count() == events


def test_an_illegal_transition_gets_409_in_chinese_and_nothing_changes(client, world):
    application = make_case(State.EMPLOYER_APPROVED)
    events = Event.objects.count()
    response = _post(client, world["employer"], application, "employer_approve")
    assert response.status_code == 409
    body = response.content.decode()
    assert "申报当前为「单位已推荐」，不能执行「单位推荐」" in body
    application.refresh_from_db()
    assert application.state == State.EMPLOYER_APPROVED and Event.objects.count() == events


def test_a_return_without_reason_keeps_the_form_and_says_what_to_fix(client, world):
    application = make_case(State.SUBMITTED)
    response = _post(client, world["employer"], application, "return", reason="")
    assert response.status_code == 422
    assert "「退回修改」须填写理由" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_case_page_shows_the_timeline_from_the_audit_log(client, world):
    application = make_case(State.RETURNED, reason="请补充项目验收证明")
    client.force_login(world["professional"])
    body = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    for text in ["创建申报草稿", "提交申报", "退回修改", "请补充项目验收证明", "王秀英"]:
        assert text in body


def test_a_professional_creates_a_draft_routed_to_its_committee(client, world):
    client.force_login(world["professional"])
    from zhicheng.policy.models import Specialty, Title

    response = client.post(
        reverse("applications:new"),
        {
            "year": 2022,
            "specialty": Specialty.objects.get(name="汽车零部件工程").pk,
            "title": Title.objects.get(name="工程师").pk,
            "statement": "从事汽车空调压缩机零部件设计。",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=world["professional"])
    assert application.committee.name.startswith("丽水市汽车零部件工程")
    assert "其他评委会不再受理" in application.routing_reason


def test_a_bad_form_keeps_what_was_typed_and_says_what_to_fix(client, world):
    client.force_login(world["professional"])
    response = client.post(reverse("applications:new"), {"year": "", "statement": "我的陈述保留"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "我的陈述保留" in body
    assert "这个字段是必填项" in body


def test_the_workbench_shows_what_awaits_each_role(client, world):
    make_case(State.SUBMITTED)
    make_case(State.RESULT_PUBLICITY, specialty="电气工程")
    client.force_login(world["employer"])
    employer_home = client.get(reverse("home"))
    assert employer_home.context["awaiting_count"] == 1
    client.force_login(world["bureau"])
    assert client.get(reverse("home")).context["awaiting_count"] == 1
    client.force_login(world["outsider"])
    assert client.get(reverse("home")).context["awaiting_count"] == 0


@pytest.mark.parametrize("status", [403, 404])
def test_error_pages_are_in_chinese(client, world, status):
    client.force_login(world["outsider"])
    if status == 404:
        response = client.get("/applications/999999/")
        assert response.status_code == 404 and "未找到" in response.content.decode()
    else:
        application = make_case(State.SUBMITTED)
        response = _post(client, world["employer"], application, "authority_approve")
        assert response.status_code == 403 and "无权操作" in response.content.decode()


def test_a_district_bureau_is_not_asked_to_publish_a_city_committees_results(client, world):
    from zhicheng.accounts.models import User

    make_case(State.RESULT_PUBLICITY, title="工程师")  # the general 中评委, seated in 丽水市
    client.force_login(world["bureau"])
    assert client.get(reverse("home")).context["awaiting_count"] == 0
    client.force_login(User.objects.get(username="rs_lishui"))
    assert client.get(reverse("home")).context["awaiting_count"] == 1
