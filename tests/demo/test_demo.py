"""The demo scenario: every state present, the 55号 §2 routing, and loading twice changes nothing."""

from django.apps import apps
from django.core.management import call_command

from zhicheng.applications.models import Application, Outcome, State


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_loading_the_demo_twice_changes_nothing(db, capsys):
    call_command("demo")
    first = _row_counts()
    call_command("demo")
    assert _row_counts() == first
    assert "本次新建 0 件申报" in capsys.readouterr().out


def test_the_demo_has_a_case_in_every_state_and_a_sound_audit_chain(db):
    call_command("demo")
    assert set(Application.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Application.objects.values_list("outcome", flat=True)) >= set(Outcome.values)
    call_command("audit", "verify")


def test_the_demo_routes_as_the_notice_says(db):
    call_command("demo")
    auto_parts = Application.objects.get(applicant__username="lina", title__name="工程师")
    assert auto_parts.committee.name == "丽水市汽车零部件工程技术人员中级专业技术职务任职资格评审委员会"
    forestry_senior = Application.objects.get(applicant__username="zhoujie", title__name="高级工程师")
    assert forestry_senior.committee.name.startswith("丽水市林业工程") and forestry_senior.scope_mode == "recommend"
    assert forestry_senior.outcome == Outcome.RECOMMENDED
    general = Application.objects.get(applicant__username="zhangwei")
    assert general.committee.name == "丽水市工程技术人员中级专业技术职务任职资格评审委员会"


def test_every_demo_account_can_log_in(db, client):
    from zhicheng.accounts.models import User
    from zhicheng.demo.scenario import DEMO_PASSWORD

    call_command("demo")
    for user in User.objects.all():
        response = client.post("/accounts/login/", {"username": user.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.username
        assert client.get("/").status_code == 200, user.username
        client.post("/accounts/logout/")
