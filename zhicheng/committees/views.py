"""Committee pages: the public plans, the deadline board, and the bureau's status decisions."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.committees.experts import COLUMNS, OPTIONAL, expert_import
from zhicheng.committees.models import Committee, Filing
from zhicheng.committees.selectors import (
    committees_governed_by,
    committees_with_membership,
    deadline_board,
    expert_pool_for,
    filing_get_for_user,
    plan_calendar,
    plan_for,
    plans_for_region,
    region_by_name,
    seat_regions,
)
from zhicheng.committees.services import (
    PASS_LINES,
    PLAN_ORDER,
    annual_plan_save,
    committee_set_status,
    filing_approve,
    filing_submit,
)
from zhicheng.lib.errors import DomainError


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else timezone.localdate().year


def plans(request):
    """年度评审计划 of a district or a city, public (附件1/2)."""
    name = request.GET.get("region", "莲都区")
    region = region_by_name(name)
    year = _year(request)
    found = list(plans_for_region(region, year)) if region else []
    context = {
        "region": region,
        "year": year,
        "plans": found,
        "calendar": plan_calendar(found),
        "choices": seat_regions(),
    }
    return render(request, "committees/plans.html", context)


def committee_list(request):
    committees = committees_with_membership(_year(request))
    return render(request, "committees/list.html", {"committees": committees})


@login_required
def deadlines(request):
    year = _year(request)
    board = deadline_board(request.user, today=timezone.localdate(), year=year)
    return render(request, "committees/deadlines.html", {"board": board, "year": year})


class StatusForm(forms.Form):
    to = forms.ChoiceField(label="决定", choices=Committee.Status.choices)
    reason = forms.CharField(label="事实与理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    document = forms.FileField(label="决定文件（PDF）")


@login_required
def status(request, pk: int):
    committee = get_object_or_404(committees_governed_by(request.user), pk=pk)
    if not request.user.has_perm("committees.set_status", committee):
        raise PermissionDenied("只有评委会设立地的人力社保局可以变更评委会状态")
    form = StatusForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee_set_status(committee, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{committee.name}状态已变更为「{committee.get_status_display()}」。")
            return redirect("committees:status", pk=pk)
    context = {"committee": committee, "form": form, "history": committee.status_changes.select_related("decided_by")}
    return render(request, "committees/status.html", context, status=422 if form.errors else 200)


class PlanForm(forms.Form):
    """The year's plan (附件1/2): the dates in order, and the pass lines of the meeting's two ranked lists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PLAN_ORDER:
            self.fields[name] = forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))
        for name, label in PASS_LINES:
            self.fields[name] = forms.DecimalField(
                label=f"{label}（选填）", required=False, max_digits=5, decimal_places=1, min_value=0
            )

    def split(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        return {n: data[n] for n, _ in PLAN_ORDER}, {n: data[n] for n, _ in PASS_LINES}


@login_required
def plan_edit(request, pk: int, year: int):
    """The committee office sets the year's plan; the service checks it against the working-day calendar."""
    committee = get_object_or_404(Committee, pk=pk)
    if not request.user.has_perm("committees.save_plan", committee):
        raise PermissionDenied("只有本评委会办公室可以制定评审计划")
    plan = plan_for(committee, year)
    initial = {f.name: getattr(plan, f.name) for f in plan._meta.fields} if plan else {}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        dates, lines = form.split()
        try:
            annual_plan_save(committee, actor=request.user, year=year, dates=dates, pass_lines=lines)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存{committee.name}{year}年度评审计划。")
            return redirect("committees:plan_edit", pk=pk, year=year)
    context = {"committee": committee, "year": year, "form": form, "plan": plan}
    return render(request, "committees/plan_edit.html", context, status=422 if form.errors else 200)


class ExpertImportForm(forms.Form):
    file = forms.FileField(label="专家名单（.xlsx 或 .csv）")


@login_required
def experts(request):
    """The bureau's expert pool: who is in it, and an import that takes all rows or none."""
    if request.user.role != "bureau" or request.user.region is None:
        raise PermissionDenied("只有人力社保局可以管理评审专家库")
    form = ExpertImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            imported, report = expert_import(form.cleaned_data["file"], actor=request.user)
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            if report is not None:
                return FileResponse(io.BytesIO(report), as_attachment=True, filename="专家库导入错误报告.xlsx")
            messages.success(request, f"已导入 {imported} 位评审专家。")
            return redirect("committees:experts")
    pool = expert_pool_for(request.user)
    return render(request, "committees/experts.html", {"form": form, "pool": pool, "columns": [*COLUMNS, *OPTIONAL]})


class FilingForm(forms.Form):
    committee = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Filing.Kind.choices, widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput)
    document = forms.FileField(label="报备文件（PDF）")


@require_POST
@login_required
def filing_new(request):
    """A self-evaluating unit's office files a plan or summary from the deadline board."""
    form = FilingForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要报备的 PDF 文件。")
        return redirect("committees:deadlines")
    data = form.cleaned_data
    committee = get_object_or_404(committees_governed_by(request.user), pk=data["committee"])
    try:
        filing = filing_submit(
            committee, actor=request.user, kind=data["kind"], year=data["year"], document=data["document"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已报备{filing}，待行业主管部门和人力社保局审核。")
    return redirect(f"{reverse('committees:deadlines')}?year={data['year']}")


@require_POST
@login_required
def filing_approval(request, pk: int):
    filing = filing_get_for_user(pk, user=request.user)
    try:
        filing_approve(filing, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已审核同意{filing}。")
    return redirect(f"{reverse('committees:deadlines')}?year={filing.year}")
