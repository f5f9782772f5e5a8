"""The employer reminds every member of staff whose archive is incomplete: in-app and by e-mail, after commit."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import complete_archive, make_professional
from zhicheng.accounts.models import Notification
from zhicheng.archive.models import Profile
from zhicheng.archive.services import staff_remind
from zhicheng.audit.models import Event


# The worker closes its database connection when done, as in production: a transactional test allows it.
@pytest.mark.django_db(transaction=True)
def test_the_worker_reminds_the_incomplete_and_not_the_complete(world, zhangwei, django_capture_on_commit_callbacks):
    world["professional"].email = "zhangwei@example.com"
    world["professional"].save()
    complete_archive(zhangwei.__class__.objects.get(user__username="liuyang"))
    no_account = make_professional(world["employer"].organisation, sequence=3, name="无账号")
    Profile.objects.create(professional=no_account, email="wzh@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        count = staff_remind(actor=world["employer"], year=2022)
    assert count == 7  # 张伟, 黄强, 徐明, 孙丽, 罗宇, 唐军, 无账号 (刘洋's archive is complete)
    assert DBTaskResult.objects.count() == 1 and not Notification.objects.exists()

    call_command("db_worker", "--batch", verbosity=0)

    notes = Notification.objects.filter(user__username__in=["zhangwei", "huangqiang", "xuming", "sunli", "luoyu"])
    assert notes.count() == 5
    assert not Notification.objects.filter(user__username="liuyang").exists()
    note = notes.get(user__username="zhangwei")
    assert (
        "丽水莲都智能装备有限公司提醒您完善专业技术人才业绩档案" in note.message
        and "至少 1 条业绩经单位核验" in note.message
    )
    assert note.link == reverse("archive:professional", args=[zhangwei.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["wzh@example.com", "zhangwei@example.com"]
    assert Event.objects.get(action="archive.staff_remind").data == {"year": 2022, "count": 7}


def test_the_reminder_button_is_for_employers(client, world):
    client.force_login(world["bureau"])
    assert client.post(reverse("archive:remind")).status_code == 403
    client.force_login(world["employer"])
    response = client.post(reverse("archive:remind"), follow=True)
    assert "位档案未完善的人员发送提醒" in response.content.decode()
