"""A bureau of 莲都区 sees and acts only on cases of its region, by page and by API; so does everyone."""

from django.urls import reverse

from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.applications.models import Application, State
from zhicheng.applications.selectors import application_list_visible_to
from zhicheng.demo.loader import load_cases


def _hangzhou_case():
    return make_case(State.AUTHORITY_APPROVED, applicant="chenjing", title="工程师")


def test_liandu_bureau_cannot_see_a_case_of_another_county_by_page(client, world):
    other = _hangzhou_case()
    own = make_case(State.SUBMITTED)
    client.force_login(world["bureau"])
    assert client.get(reverse("applications:detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("applications:list")).content.decode()
    assert "陈静" not in listing and "张伟" in listing
    assert client.get(reverse("applications:detail", args=[own.pk])).status_code == 200


def test_liandu_bureau_cannot_act_on_a_case_of_another_county_by_page(client, world):
    other = _hangzhou_case()
    client.force_login(world["bureau"])
    response = client.post(reverse("applications:transition", args=[other.pk, "veto"]), {"reason": "试图越权"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.state == State.AUTHORITY_APPROVED


def test_liandu_bureau_cannot_see_or_act_on_it_by_api(client, world):
    other = _hangzhou_case()
    client.force_login(world["bureau"])
    assert client.get(f"/api/v1/applications/{other.pk}").status_code == 404
    ids = [item["id"] for item in client.get("/api/v1/applications").json()["items"]]
    assert other.pk not in ids
    response = client.post(
        f"/api/v1/applications/{other.pk}/transitions/veto", {"reason": "试图越权"}, content_type="application/json"
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.state == State.AUTHORITY_APPROVED


def test_the_hangzhou_bureau_sees_the_hangzhou_case_but_not_liandus(world):
    other = _hangzhou_case()
    own = make_case(State.SUBMITTED)
    visible = set(application_list_visible_to(world["outsider"]).values_list("pk", flat=True))
    assert other.pk in visible and own.pk not in visible


def test_drafts_are_seen_only_by_their_applicant(world):
    draft = make_case(State.DRAFT)
    for role, user in world.items():
        assert (draft in application_list_visible_to(user)) == (role == "professional"), role


def test_the_selector_and_the_permission_rule_agree_for_every_user_and_case(world):
    load_cases()
    cases = list(Application.objects.all())
    for user in User.objects.all():
        visible = set(application_list_visible_to(user).values_list("pk", flat=True))
        for application in cases:
            allowed = user.has_perm("applications.view_application", application)
            assert allowed == (application.pk in visible), (user.username, application.pk, application.state)
