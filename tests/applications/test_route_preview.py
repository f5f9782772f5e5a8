"""The new-application page shows, before the draft is saved, the committee it would go to and its plan."""

from django.urls import reverse

from tests.factories import plan_2023
from zhicheng.applications.models import Application
from zhicheng.audit.models import Event
from zhicheng.committees.models import Committee
from zhicheng.committees.services import annual_plan_save
from zhicheng.policy.models import Specialty, Title

LIANDU = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"


def _choice(year, specialty, title) -> dict:
    return {
        "year": year,
        "specialty": Specialty.objects.get(name=specialty).pk,
        "title": Title.objects.get(name=title).pk,
    }


def _preview(client, user, **query):
    client.force_login(user)
    return client.get(reverse("applications:route_preview"), query)


def test_the_preview_names_the_committee_and_its_plan_for_the_year(client, world):
    annual_plan_save(Committee.objects.get(name=LIANDU), actor=world["office"], year=2023, dates=plan_2023())
    events = Event.objects.count()

    response = _preview(client, world["professional"], **_choice(2023, "机械工程", "助理工程师"))

    assert response.status_code == 200
    body = response.content.decode()
    assert LIANDU in body and "2023年度评审计划" in body
    assert "申报 6月1日—7月31日" in body and "评审会议 2023年10月16日" in body
    assert "<html" not in body  # a fragment, not the page
    assert Event.objects.count() == events and not Application.objects.exists()


def test_the_preview_says_when_the_plan_is_not_yet_published(client, world):
    body = _preview(client, world["professional"], **_choice(2023, "机械工程", "助理工程师")).content.decode()
    assert LIANDU in body and "评审计划尚未公布" in body


def test_the_preview_shows_why_no_committee_takes_the_case(client, world):
    response = _preview(client, world["professional"], **_choice(2023, "机械工程", "高级工程师"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "没有受理「机械工程 · 高级工程师」的评审委员会，请联系人力社保局" in body and "55号 §2" in body


def test_the_preview_waits_until_year_specialty_and_title_are_chosen(client, world):
    body = _preview(client, world["professional"], year=2023).content.decode()
    assert "选择评审年度、专业和申报职称后" in body


def test_the_preview_says_what_is_wrong_with_a_choice(client, world):
    body = _preview(client, world["professional"], **_choice(1999, "机械工程", "助理工程师")).content.decode()
    assert "确保该值大于或等于2000" in body and "莲都区" not in body


def test_the_preview_requires_login(client, world):
    response = client.get(reverse("applications:route_preview"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_preview_refuses_anyone_but_a_professional(client, world):
    for role in ["employer", "office", "outsider"]:
        response = _preview(client, world[role], **_choice(2023, "机械工程", "助理工程师"))
        assert response.status_code == 403
        assert "只有已登记工作单位的专业技术人才可以发起申报" in response.content.decode()


def test_the_preview_only_reads(client, world):
    client.force_login(world["professional"])
    response = client.post(reverse("applications:route_preview"), _choice(2023, "机械工程", "助理工程师"))
    assert response.status_code == 405


def test_the_new_page_renders_the_preview_on_first_load(client, world):
    client.force_login(world["professional"])
    body = client.get(reverse("applications:new")).content.decode()
    assert 'id="route-preview"' in body and reverse("applications:route_preview") in body
    assert "选择评审年度、专业和申报职称后" in body


def test_the_new_page_keeps_the_preview_after_a_form_error(client, world):
    client.force_login(world["professional"])
    data = _choice(2023, "机械工程", "助理工程师") | {"statement": "长" * 5001}
    response = client.post(reverse("applications:new"), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert LIANDU in body and "评审计划尚未公布" in body
    assert not Application.objects.exists()


def test_the_case_page_shows_the_plan_through_the_same_fragment(client, world):
    annual_plan_save(Committee.objects.get(name=LIANDU), actor=world["office"], year=2023, dates=plan_2023())
    client.force_login(world["professional"])
    response = client.post(reverse("applications:new"), _choice(2023, "机械工程", "助理工程师"))
    body = client.get(response["Location"]).content.decode()
    assert LIANDU in body and "申报 6月1日—7月31日" in body


def test_the_new_page_is_for_professionals_only(client, world):
    client.force_login(world["employer"])
    assert client.get(reverse("applications:new")).status_code == 403
