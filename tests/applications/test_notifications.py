"""After a transition commits, the background worker tells the applicant what happened and what is next."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.factories import make_case
from zhicheng.accounts.models import Notification
from zhicheng.applications.models import State
from zhicheng.applications.services import application_return, application_submit
from zhicheng.lib.errors import RuleViolation


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
    # Reviews run until the plan's review deadline (Fri 15 Sep): eight full working weeks from Mon 24 Jul.
    assert "请于2023年9月15日审核截止前修改并重新提交（还剩 40 个工作日）" in note.message


def _plan_2023_case(world, state):
    from tests.factories import plan_2023
    from zhicheng.committees.services import annual_plan_save

    case = make_case(state, year=2023)
    annual_plan_save(case.committee, actor=world["office"], year=2023, dates=plan_2023())
    return case


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("submitted", "submit", "单位推荐及各级审核须于2023年9月15日前完成（还剩 40 个工作日）"),
        ("accepted", "accept", "资格审查须于2023年9月15日前完成（还剩 40 个工作日）"),
        ("qualified", "qualify", "评前公示计划于2023年9月18日开始"),
        ("pre_publicity", "start_pre_publicity", "评审会议计划于2023年10月16日召开"),
    ],
)
def test_every_step_tells_the_applicant_what_comes_next_and_by_when(world, state, action, expected):
    import time_machine

    from zhicheng.applications.tasks import notify_applicant

    case = _plan_2023_case(world, state)
    with time_machine.travel("2023-07-24 09:00 +0800", tick=False):
        notify_applicant.call(case.pk, action)
    assert expected in Notification.objects.get(user=world["professional"]).message


def test_a_date_the_plan_has_passed_is_not_announced(world):
    import time_machine

    from zhicheng.applications.tasks import notify_applicant

    case = _plan_2023_case(world, "submitted")
    with time_machine.travel("2023-09-18 09:00 +0800", tick=False):
        notify_applicant.call(case.pk, "submit")
    message = Notification.objects.get(user=world["professional"]).message
    assert "等待单位审核推荐" in message and "须于" not in message


def test_a_returned_case_may_come_back_after_the_window_until_the_review_deadline(world):
    import time_machine

    case = _plan_2023_case(world, "submitted")
    with time_machine.travel("2023-07-24 09:00 +0800", tick=False):
        application_return(case, actor=world["employer"], reason="请补充材料")
    with time_machine.travel("2023-09-15 16:00 +0800", tick=False):
        assert application_submit(case, actor=world["professional"]).state == State.SUBMITTED
        application_return(case, actor=world["employer"], reason="仍缺验收证明")
    with (
        time_machine.travel("2023-09-18 09:00 +0800", tick=False),
        pytest.raises(RuleViolation, match="年度审核已于2023年9月15日截止，退回的申报不能再提交"),
    ):
        application_submit(case, actor=world["professional"])
