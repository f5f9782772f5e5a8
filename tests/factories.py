"""Cases for tests, created and moved through the real services."""

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application
from zhicheng.applications.services import application_create
from zhicheng.demo.loader import walk_case
from zhicheng.policy.models import Specialty, Title


def make_case(
    state: str = "draft",
    *,
    applicant: str = "zhangwei",
    specialty: str = "机械工程",
    title: str = "助理工程师",
    year: int = 2022,
    outcome: str = "passed",
    reason: str = "测试理由",
) -> Application:
    application = application_create(
        actor=User.objects.get(username=applicant),
        year=year,
        specialty=Specialty.objects.get(name=specialty),
        title=Title.objects.get(name=title),
        statement="从事机械设计工作八年。",
    )
    walk_case(application, state, outcome, reason)
    application.refresh_from_db()
    return application
