"""The verdict is the same from the pure function, the API and the batch, for any hours."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.education.helpers import store_hours
from zhicheng.accounts.models import Professional
from zhicheng.education.batch import recompute
from zhicheng.education.compliance import Thresholds, evaluate
from zhicheng.education.models import CERecord, ComplianceSnapshot
from zhicheng.policy.models import Policy, Title, YearsInGrade

hours_st = st.sampled_from(
    [Decimal(0), Decimal("5.5"), Decimal(11), Decimal(12), Decimal(18), Decimal("59.9"), Decimal(60)]
)
year_st = st.fixed_dictionaries(
    {"professional": hours_st, "general_public": hours_st, "industry_public": hours_st, "other_public": hours_st}
)
TITLES = [("工程师", "doctorate"), ("工程师", "master"), ("工程师", "bachelor"), ("高级工程师", "bachelor")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.integers(2016, 2022), year_st, max_size=7), st.sampled_from(TITLES))
def test_function_api_and_batch_agree(client, world, hours, title_education):
    person = Professional.objects.get(user__username="zhangwei")
    CERecord.objects.filter(professional=person).delete()
    store_hours(person, hours)
    title = Title.objects.get(name=title_education[0])
    policy = Policy.objects.get(year=2022)
    required = YearsInGrade.objects.get(policy=policy, title=title, education=title_education[1]).years

    pure = evaluate(hours, application_year=2022, required_years=required, thresholds=Thresholds.from_policy(policy))

    client.force_login(world["employer"])
    response = client.get(
        f"/api/v1/professionals/{person.pk}/compliance",
        {"title": title.pk, "year": 2022, "education": title_education[1]},
    )
    assert response.status_code == 200
    by_api = response.json()

    recompute(2022)
    snapshot = ComplianceSnapshot.objects.get(professional=person, year=2022)

    assert by_api["compliant"] == pure.compliant
    assert by_api["shortfalls"] == pure.shortfalls
    assert snapshot.streak == pure.streak == by_api["streak"]
    assert (snapshot.streak >= max(required, policy.ce_consecutive_years)) == pure.compliant
