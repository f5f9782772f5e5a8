"""After a transition commits, the background worker tells the applicant what happened and what is next."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.factories import make_case
from zhicheng.accounts.models import Notification
from zhicheng.applications.models import State
from zhicheng.applications.services import application_return, application_submit


# The worker closes its database connection when done, as in production: a transactional test allows it.
@pytest.mark.django_db(transaction=True)
def test_the_worker_tells_the_applicant_their_case_was_returned(world, django_capture_on_commit_callbacks):
    world["professional"].email = "zhangwei@example.com"
    world["professional"].save()
    application = make_case(State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        application_return(application, actor=world["employer"], reason="缺少项目验收证明")
    assert DBTaskResult.objects.count() == 1
    assert not Notification.objects.exists()  # queued, not yet run

    call_command("db_worker", "--batch", verbosity=0)

    note = Notification.objects.get(user=world["professional"])
    assert "退回修改" in note.message and "缺少项目验收证明" in note.message
    assert "请查看并按要求修改后重新提交" in note.message
    assert note.link == f"/applications/{application.pk}/"
    assert mail.outbox and "缺少项目验收证明" in mail.outbox[0].body


def test_nothing_is_sent_when_the_applicant_moves_their_own_case(world, django_capture_on_commit_callbacks):
    application = make_case(State.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application, actor=world["professional"])
    assert DBTaskResult.objects.count() == 0


def test_the_workbench_shows_unread_messages(client, world):
    Notification.objects.create(user=world["professional"], message="您申报的2022年度助理工程师：单位推荐")
    client.force_login(world["professional"])
    assert "您申报的2022年度助理工程师：单位推荐" in client.get("/").content.decode()


def test_a_returned_case_is_told_the_deadline_from_the_plan(world):
    import time_machine

    from tests.factories import plan_2023
    from zhicheng.applications.tasks import notify_applicant
    from zhicheng.committees.services import annual_plan_save

    case = make_case(State.SUBMITTED, year=2023)
    annual_plan_save(
        case.committee,
        actor=world["office"],
        year=2023,
        dates=plan_2023(),
    )
    with time_machine.travel("2023-07-24 09:00 +0800", tick=False):
        application_return(case, actor=world["employer"], reason="请补充材料")
        notify_applicant.call(case.pk, "return", "请补充材料")
    note = Notification.objects.get(user=world["professional"])
    assert "请于2023年7月31日申报截止前重新提交（还剩 6 个工作日）" in note.message
