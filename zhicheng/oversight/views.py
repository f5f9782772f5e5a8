"""Oversight pages: the bureau's re-review draws and complaint registers, the expert's re-reviews, and the
public complaint form. Each fetches through a selector, validates, and calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.committees.models import Committee
from zhicheng.oversight import selectors
from zhicheng.oversight.forms import (
    AssignForm,
    ComplaintRecordForm,
    DrawForm,
    EscalationForm,
    PublicComplaintForm,
    VerdictForm,
)
from zhicheng.oversight.services import (
    complaint_file_public,
    complaint_record,
    escalation_confirm,
    rereview_assign,
    rereview_decide,
    rereview_draw,
)


def _bureau_only(request) -> None:
    if request.user.role != "bureau":
        raise PermissionDenied("只有人力社保局可以查看")


@login_required
def index(request):
    _bureau_only(request)
    today = timezone.localdate()
    context = {
        "rows": selectors.committees_with_complaints(request.user, today),
        "draws": selectors.draws_visible_to(request.user),
        "draw_form": DrawForm(initial={"year": today.year - 1}),
        "can_draw": request.user.has_perm("oversight.draw"),
    }
    return render(request, "oversight/index.html", context)


@require_POST
@login_required
def draw(request):
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写评审年度")
        return redirect("oversight:index")
    made = rereview_draw(actor=request.user, year=form.cleaned_data["year"])
    messages.success(request, f"已抽取{made.cases.count()}件案件复审。")
    return redirect("oversight:draw_detail", pk=made.pk)


@login_required
def draw_detail(request, pk: int):
    found = get_object_or_404(selectors.draws_visible_to(request.user), pk=pk)
    cases = [
        (case, AssignForm(experts=selectors.eligible_reviewers(case), prefix=f"c{case.pk}"))
        for case in selectors.rereviews_of_draw(found)
    ]
    return render(request, "oversight/draw.html", {"draw": found, "cases": cases})


@require_POST
@login_required
def assign(request, pk: int):
    case = get_object_or_404(selectors.rereviews_governed_by(request.user), pk=pk)
    form = AssignForm(request.POST, experts=selectors.eligible_reviewers(case), prefix=f"c{case.pk}")
    if not form.is_valid():
        messages.error(request, "请选择可担任复审专家的在库专家（参加过该案件评审会议的专家须回避）")
        return redirect("oversight:draw_detail", pk=case.draw_id)
    reviewer = form.chosen()
    rereview_assign(case, actor=request.user, reviewer=reviewer)
    messages.success(request, f"已指定{reviewer}复审{case.application}。")
    return redirect("oversight:draw_detail", pk=case.draw_id)


@login_required
def my_rereviews(request):
    return render(request, "oversight/mine.html", {"cases": selectors.rereviews_assigned_to(request.user)})


@login_required
def rereview(request, pk: int):
    case = get_object_or_404(selectors.rereviews_assigned_to(request.user), pk=pk)
    form = VerdictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["verdict"] == "confirm"
        rereview_decide(case, actor=request.user, confirm=confirm, reason=form.cleaned_data["reason"])
        messages.success(request, "复审意见已提交。")
        return redirect("oversight:my_rereviews")
    status = 422 if form.errors else 200
    return render(request, "oversight/rereview.html", {"case": case, "form": form}, status=status)


def _committee_page(request, committee, *, record_form, escalation_form, status=200):
    today = timezone.localdate()
    context = {
        "committee": committee,
        "register": selectors.complaint_register(committee, today),
        "count": selectors.complaint_count(committee, today),
        "proposal": selectors.escalation_proposal(committee, today),
        "record_form": record_form,
        "escalation_form": escalation_form,
    }
    return render(request, "oversight/committee.html", context, status=status)


@login_required
def committee(request, pk: int):
    found = get_object_or_404(selectors.committees_in_region_of(request.user), pk=pk)
    form = ComplaintRecordForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        complaint_record(found, actor=request.user, **form.cleaned_data)
        messages.success(request, "已登记。")
        return redirect("oversight:committee", pk=pk)
    status = 422 if form.errors else 200
    return _committee_page(request, found, record_form=form, escalation_form=EscalationForm(), status=status)


@require_POST
@login_required
def escalate(request, pk: int):
    found = get_object_or_404(selectors.committees_in_region_of(request.user), pk=pk)
    form = EscalationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _committee_page(request, found, record_form=ComplaintRecordForm(), escalation_form=form, status=422)
    changed = escalation_confirm(found, actor=request.user, **form.cleaned_data)
    messages.success(request, f"{changed.name}状态已变更为「{changed.get_status_display()}」。")
    return redirect("oversight:committee", pk=pk)


def complain(request, pk: int):
    """Anyone may complain about a committee or self-evaluating unit (55号 §3)."""
    found = get_object_or_404(Committee, pk=pk)
    form = PublicComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complaint_file_public(found, actor=request.user, **form.cleaned_data)
        return render(request, "oversight/complain.html", {"committee": found, "done": True})
    status = 422 if form.errors else 200
    return render(request, "oversight/complain.html", {"committee": found, "form": form}, status=status)
