"""The office's meeting pages: the agenda, the draw, attendance, opening, voting, closing and the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.audit.services import record_export
from zhicheng.evaluation import closing, meetings
from zhicheng.evaluation.forms import AttendanceForm, DrawForm, MeetingForm
from zhicheng.evaluation.reports import report_latest
from zhicheng.evaluation.scoring import ranking
from zhicheng.evaluation.selectors import (
    cases_ready_for_meeting,
    meeting_get_for_user,
    meetings_visible_to,
    office_committees,
)
from zhicheng.lib.errors import DomainError, RuleViolation
from zhicheng.policy.selectors import policy_for


@login_required
def meeting_list(request):
    context = {
        "meetings": meetings_visible_to(request.user),
        "can_create": request.user.role == "office",
        "report_workdays": policy_for(timezone.localdate().year).meeting_report_workdays,
    }
    if request.user.role == "office":
        this_year = timezone.localdate().year
        context |= {"committees": office_committees(request.user), "plan_years": [this_year, this_year + 1]}
    return render(request, "evaluation/meetings.html", context)


@login_required
def meeting_new(request):
    if request.user.role != "office":
        raise PermissionDenied("只有评委会办公室可以安排评审会议")
    committees = office_committees(request.user)
    form = MeetingForm(request.POST or None, committees=committees, cases=cases_ready_for_meeting(committees))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.meeting_create(
                data["committee"],
                actor=request.user,
                on=data["date"],
                venue=data["venue"],
                applications=list(data["applications"]),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已安排评审会议，共 {meeting.cases.count()} 件申报。下一步：抽取评审专家。")
            return redirect("evaluation:meeting", pk=meeting.pk)
    return render(request, "evaluation/meeting_new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def meeting_detail(request, pk: int):
    meeting = meeting_get_for_user(pk, user=request.user)
    panel = list(meeting.panel.select_related("expert__user", "expert__employer", "expert__title"))
    cases = list(
        meeting.cases.select_related(
            "application__applicant", "application__employer", "application__title"
        ).prefetch_related("recusals__panelist__expert__user")
    )
    runs = request.user.has_perm("evaluation.run_meeting", meeting)
    context = {
        "meeting": meeting,
        "panel": panel,
        "cases": cases,
        "runs": runs,
        "draw_form": DrawForm(initial={"size": meetings.minimum_panel_for(meeting)}),
        "attendance_form": AttendanceForm(panel=panel),
        "ranking": ranking(meeting) if meeting.state != meeting.State.SCHEDULED else None,
        "report": report_latest(meeting),
        "unscored": meetings.unscored(meeting) if meeting.state == meeting.State.OPEN else [],
        "unvoted": closing.unvoted(meeting) if meeting.state == meeting.State.VOTING else [],
    }
    return render(request, "evaluation/meeting.html", context)


def _draw(request, meeting):
    form = DrawForm(request.POST)
    if not form.is_valid():
        raise_form(form)
    meetings.panel_draw(meeting, actor=request.user, **form.cleaned_data)
    return "已抽取评审专家，回避关系已自动核对。"


def _attendance(request, meeting):
    form = AttendanceForm(request.POST, panel=list(meeting.panel.select_related("expert__user", "expert__employer")))
    if not form.is_valid():
        raise_form(form)
    present = {int(pk) for pk in form.cleaned_data["present"]}
    meetings.attendance_record(meeting, actor=request.user, present=present)
    return f"已登记出席 {len(present)} 人。"


def _open(request, meeting):
    meetings.meeting_open(meeting, actor=request.user)
    return "会议已开始，专家可以评分。"


def _voting(request, meeting):
    meetings.voting_open(meeting, actor=request.user)
    return "法定人数已到，开始无记名投票。"


def _close(request, meeting):
    closing.meeting_close(meeting, actor=request.user)
    return "会议已结束：表决结果已记入各申报，会议纪要已生成。"


ACTIONS = {"draw": _draw, "attendance": _attendance, "open": _open, "voting": _voting, "close": _close}


def raise_form(form) -> None:
    raise RuleViolation("；".join(str(e) for errors in form.errors.values() for e in errors))


@require_POST
@login_required
def meeting_action(request, pk: int, action: str):
    meeting = meeting_get_for_user(pk, user=request.user)
    if action not in ACTIONS:
        raise Http404("没有这个操作")
    try:
        messages.success(request, ACTIONS[action](request, meeting))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("evaluation:meeting", pk=pk)


@login_required
def meeting_minutes(request, pk: int):
    meeting = meeting_get_for_user(pk, user=request.user)
    if not meeting.minutes:
        raise Http404("会议结束后才有会议纪要")
    record_export(actor=request.user, what=f"评审会议纪要 {meeting.pk}", count=meeting.cases.count())
    return FileResponse(meeting.minutes.open("rb"), as_attachment=True, filename=f"评审会议纪要-{meeting.date}.docx")
