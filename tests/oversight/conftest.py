import pytest
from django.utils import timezone

from tests.factories import make_case
from zhicheng.applications.models import Application, State
from zhicheng.policy.models import Policy


@pytest.fixture
def policy(world):
    """Every year's policy with the numbers these tests count against."""
    Policy.objects.update(
        rereview_percent=10, complaints_for_warning=3, complaints_for_rectification=5, complaints_for_suspension=8
    )
    return Policy.objects.order_by("-year").first()


@pytest.fixture
def decided(world, policy):
    """make(n) gives a committee n decided cases of 2022: one walked through the platform, the rest copied."""

    def make(n: int) -> list[Application]:
        first = make_case(State.EVALUATED, outcome="passed", year=2022)
        cases = [first]
        for i in range(n - 1):
            copy = Application.objects.get(pk=first.pk)
            copy.pk = None
            copy.outcome = ["passed", "failed", "recommended"][i % 3]
            copy.updated_at = timezone.now()
            copy.save()
            cases.append(copy)
        return cases

    return make


@pytest.fixture
def pool(world):
    """zj_zhao and zj_li in the expert pool (the test world loads no pool)."""
    from zhicheng.accounts.models import User
    from zhicheng.committees.models import Expert
    from zhicheng.policy.models import Specialty, Title

    for username in ("zj_zhao", "zj_li"):
        user = User.objects.get(username=username)
        Expert.objects.get_or_create(
            user=user,
            defaults={
                "specialty": Specialty.objects.get(name="机械工程"),
                "title": Title.objects.get(series__name="工程", name="高级工程师"),
                "employer": user.organisation,
                "region": user.organisation.region,
            },
        )
