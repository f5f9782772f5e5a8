"""Work done after a case's transaction commits, by the background worker (db_worker)."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from zhicheng.accounts.notifications import notify
from zhicheng.applications.deadlines import next_deadline
from zhicheng.applications.models import Application
from zhicheng.applications.transitions import BY_ACTION, HOLDER_BY_STATE
from zhicheng.committees.selectors import plan_for

NEXT_STEP = {
    "applicant": "请查看并按要求修改后重新提交。",
    "employer": "等待单位审核推荐。",
    "authority": "等待行业主管部门审核。",
    "office": "等待评委会办公室办理。",
}


@task()
def notify_applicant(application_id: int, action: str, reason: str = "") -> None:
    """Tell the applicant what just happened to the case and what comes next."""
    application = Application.objects.select_related("applicant", "title").get(pk=application_id)
    label = BY_ACTION[action].label
    state = application.get_state_display()
    message = f"您申报的{application.year}年度{application.title.name}：{label}，当前状态「{state}」。"
    if reason:
        message += f"说明：{reason}"
    holder = HOLDER_BY_STATE.get(application.state)
    if holder:
        message += NEXT_STEP[holder]
    message += next_deadline(application, plan_for(application.committee, application.year), timezone.localdate())
    notify(application.applicant, message, reverse("applications:detail", args=[application.pk]))
