"""The meeting report pages (评审会议报备, 55号 §4(三)): the office previews and submits, the bureau where the
committee sits reads and approves or refuses with a written opinion, a bureau lists what awaits it."""

from datetime import date, datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.evaluation.models import Meeting, MeetingReport
from zhicheng.evaluation.reports import (
    report_approve,
    report_content,
    report_deadline,
    report_latest,
    report_refuse,
    report_submit,
    reports_for_bureau,
)
from zhicheng.evaluation.selectors import meeting_get_for_user
from zhicheng.lib.errors import DomainError, Forbidden
from zhicheng.policy.workdays import Calendar

DATE_KEYS = {"date", "first_day", "last_day"}
MOMENT_KEYS = {"reviewed_at", "answered_at", "filed_at", "generated_at"}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("refuse", "不同意")], widget=forms.HiddenInput)
    opinion = forms.CharField(
        label="书面意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="同意时写明审核意见；不同意时写明理由，评委会办公室将据此修改后重新报备。",
        error_messages={"required": "请填写书面意见"},
    )


def _for_display(value):
    """The stored content with its ISO dates read back as dates, for the template's date filter."""
    if isinstance(value, list):
        return [_for_display(v) for v in value]
    if not isinstance(value, dict):
        return value
    shown = {}
    for key, item in value.items():
        if key in DATE_KEYS and isinstance(item, str):
            shown[key] = date.fromisoformat(item)
        elif key in MOMENT_KEYS and isinstance(item, str):
            shown[key] = datetime.fromisoformat(item)
        else:
            shown[key] = _for_display(item)
    return shown


def _meeting_for(request, pk: int) -> Meeting:
    """The report is the office's and the bureaus' business; a panelist sees the meeting, not its report."""
    meeting = meeting_get_for_user(pk, user=request.user)
    if request.user.role not in (Role.OFFICE, Role.BUREAU):
        raise Forbidden("只有评委会办公室和人力社保局可以查看评审会议报备")
    return meeting


def _page(request, meeting: Meeting, form: DecisionForm | None = None, status: int = 200):
    user = request.user
    latest = report_latest(meeting)
    calendar = Calendar()
    deadline = report_deadline(meeting, calendar)
    today = timezone.localdate()
    can_submit = (
        user.has_perm("evaluation.run_meeting", meeting)
        and meeting.state == Meeting.State.SCHEDULED
        and (latest is None or latest.state == MeetingReport.State.REFUSED)
    )
    can_decide = (
        latest is not None
        and latest.state == MeetingReport.State.SUBMITTED
        and user.has_perm("evaluation.approve_report", meeting)
    )
    content = report_content(meeting) if can_submit else (latest.content if latest else None)
    context = {
        "meeting": meeting,
        "report": latest,
        "history": meeting.reports.select_related("submitted_by", "decided_by").order_by("-submitted_at", "-id"),
        "content": _for_display(content) if content else None,
        "preview": can_submit,
        "deadline": deadline,
        "missed": deadline.missed(today),
        "workdays_left": calendar.workdays_left(today, deadline.latest),
        "can_submit": can_submit and not deadline.missed(today),
        "can_decide": can_decide,
        "form": form or DecisionForm(),
    }
    return render(request, "evaluation/reports/detail.html", context, status=status)


@login_required
def report_detail(request, pk: int):
    return _page(request, _meeting_for(request, pk))


@require_POST
@login_required
def report_new(request, pk: int):
    meeting = _meeting_for(request, pk)
    try:
        report = report_submit(meeting, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"已报备{meeting.committee.seat_region.name}人力社保局，{report.get_state_display()}。"
        )
    return redirect("evaluation:report", pk=pk)


@require_POST
@login_required
def report_decide(request, pk: int):
    meeting = _meeting_for(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, meeting, form, status=422)
    report = report_latest(meeting)
    if report is None:
        messages.error(request, "本次会议尚未报备")
        return redirect("evaluation:report", pk=pk)
    decide, text = form.cleaned_data["decision"], form.cleaned_data["opinion"]
    try:
        if decide == "approve":
            report_approve(report, actor=request.user, opinion=text)
        else:
            report_refuse(report, actor=request.user, reason=text)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已同意召开，并出具书面意见。" if decide == "approve" else "已作出不同意的决定。")
    return redirect("evaluation:report", pk=pk)


@login_required
def report_list(request):
    """What awaits the bureau: reports of committees seated in its region, and those filed with it as the city."""
    if request.user.role != Role.BUREAU:
        raise Forbidden("只有人力社保局可以审批评审会议报备")
    return render(request, "evaluation/reports/list.html", reports_for_bureau(request.user))


urlpatterns = [
    path("<int:pk>/report/", report_detail, name="report"),
    path("<int:pk>/report/submit/", report_new, name="report_submit"),
    path("<int:pk>/report/decide/", report_decide, name="report_decide"),
    path("reports/", report_list, name="reports"),
]
