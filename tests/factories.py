"""Cases for tests, created and moved through the real services."""

from zhicheng.accounts.models import User
from zhicheng.applications.models import CLOSED_STATES, Application
from zhicheng.applications.services import application_create
from zhicheng.demo.loader import walk_case
from zhicheng.policy.models import Specialty, Title


def make_case(
    state: str = "draft",
    *,
    applicant: str = "zhangwei",
    specialty: str = "机械工程",
    title: str = "助理工程师",
    year: int | None = None,
    outcome: str = "passed",
    reason: str = "测试理由",
) -> Application:
    """A case walked to `state`. Without a year, the first year from 2022 in which the applicant has no
    open case for that title, since the platform allows one open case per title and year."""
    user = User.objects.get(username=applicant)
    if year is None:
        year = 2022
        while (
            Application.objects.filter(applicant=user, title__name=title, year=year)
            .exclude(state__in=CLOSED_STATES)
            .exists()
        ):
            year += 1
    application = application_create(
        actor=user,
        year=year,
        specialty=Specialty.objects.get(name=specialty),
        title=Title.objects.get(name=title),
        statement="从事机械设计工作八年。",
    )
    walk_case(application, state, outcome, reason)
    application.refresh_from_db()
    return application
