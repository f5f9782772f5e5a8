"""Policy as data: the 2022 numbers, a new year copied from the last, edits audited and restricted."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden
from zhicheng.policy.models import Policy, YearsInGrade
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.services import policy_start_year, policy_update


def test_2022_holds_the_numbers_of_the_notice(db):
    policy = Policy.objects.get(year=2022)
    assert (policy.ce_hours_total_min, policy.ce_hours_professional_min) == (Decimal(90), Decimal(60))
    assert (policy.ce_hours_public_min, policy.ce_hours_general_public_min) == (Decimal(18), Decimal(12))
    assert policy.ce_grandfather_before_year == 2019 and policy.archive_ratio_min == 5
    assert Policy.clause_of("ce_hours_total_min") == "55号 §4(二)"
    assert YearsInGrade.objects.filter(policy=policy, title__name="高级工程师", education="bachelor").get().years == 5


def test_a_year_without_its_own_policy_reads_the_latest_earlier_one(db):
    assert policy_for(2024).year == 2022


def test_a_new_year_starts_as_a_copy_and_the_start_is_audited(world):
    editor = world["bureau"].__class__.objects.get(username="rs_lishui")
    policy = policy_start_year(2023, actor=editor)
    assert policy.ce_hours_total_min == Decimal(90)
    assert policy.years_in_grade.count() == Policy.objects.get(year=2022).years_in_grade.count()
    assert Event.objects.filter(action="policy.start_year", object_id=str(policy.pk)).exists()
    with pytest.raises(Conflict):
        policy_start_year(2023, actor=editor)


def test_a_city_bureau_edits_a_number_and_the_old_and_new_values_are_audited(world):
    editor = world["bureau"].__class__.objects.get(username="rs_lishui")
    policy = policy_update(Policy.objects.get(year=2022), actor=editor, changes={"ce_hours_total_min": Decimal(96)})
    assert policy.ce_hours_total_min == Decimal(96)
    event = Event.objects.get(action="policy.update")
    assert event.data == {"ce_hours_total_min": {"from": "90.0", "to": "96"}}


def test_a_district_bureau_may_not_edit_policy(world):
    with pytest.raises(Forbidden):
        policy_update(Policy.objects.get(year=2022), actor=world["bureau"], changes={"ce_hours_total_min": 1})
    assert Policy.objects.get(year=2022).ce_hours_total_min == Decimal(90)


def test_the_city_bureau_edits_policy_in_the_admin(client, world):
    editor = world["bureau"].__class__.objects.get(username="rs_lishui")
    client.force_login(editor)
    policy = Policy.objects.get(year=2022)
    page = client.get(f"/admin/policy/policy/{policy.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update({"ce_hours_general_public_min": "13", "_save": "保存"})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    formset = page.context["inline_admin_formsets"][0].formset
    data.update(
        {
            "years_in_grade-TOTAL_FORMS": str(len(formset.forms)),
            "years_in_grade-INITIAL_FORMS": str(len(formset.forms)),
            "years_in_grade-MIN_NUM_FORMS": "0",
            "years_in_grade-MAX_NUM_FORMS": "1000",
        }
    )
    senior_bachelor = None
    for index, line_form in enumerate(formset.forms):
        line = line_form.instance
        data[f"years_in_grade-{index}-id"] = line.pk
        data[f"years_in_grade-{index}-policy"] = policy.pk
        data[f"years_in_grade-{index}-prior_title"] = line.prior_title_id or ""
        data[f"years_in_grade-{index}-years"] = line.years
        if line.title.name == "高级工程师" and line.education == "bachelor":
            senior_bachelor = (index, line.pk)
    data[f"years_in_grade-{senior_bachelor[0]}-years"] = 6
    response = client.post(f"/admin/policy/policy/{policy.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Policy.objects.get(year=2022).ce_hours_general_public_min == Decimal(13)
    assert Event.objects.filter(action="policy.update", actor_id=editor.pk).exists()
    assert YearsInGrade.objects.get(pk=senior_bachelor[1]).years == 6
    assert Event.objects.get(action="years_in_grade.update").data == {"years": {"from": 5, "to": 6}}
    client.force_login(world["bureau"])
    assert client.get(f"/admin/policy/policy/{policy.pk}/change/").status_code in (302, 403)


def test_the_start_year_command(db, capsys):
    call_command("policy", "start-year", "2023")
    assert "已建立2023年度政策参数" in capsys.readouterr().out
