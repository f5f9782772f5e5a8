"""Continuing-education pages: the professional's hours and verdict, confirmation, imports, the calculator."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.education.charts import ce_chart
from zhicheng.education.compliance import Thresholds, YearHours, trace_year
from zhicheng.education.forms import CalculatorForm, ImportForm, RecordForm, RejectForm, VerdictForm
from zhicheng.education.importer import COLUMNS
from zhicheng.education.selectors import (
    ce_records_awaiting_confirmation,
    ce_records_visible_to,
    compliance_verdict,
    hours_by_year,
    import_batches_visible_to,
)
from zhicheng.education.services import (
    IMPORTER_ROLES,
    ce_import_start,
    ce_record_add,
    ce_record_confirm,
    ce_record_reject,
)
from zhicheng.lib.errors import RuleViolation
from zhicheng.policy.selectors import policy_for

RECENT_YEARS = 6


def _verdict_from(form, hours):
    """Run the verdict for a bound, valid form; a rule failure becomes a form error."""
    if not form.is_bound or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return compliance_verdict(
            hours,
            title=data["title"],
            education=data["education"],
            application_year=data["application_year"],
            title_obtained_year=data.get("title_obtained_year"),
        )
    except RuleViolation as error:
        form.add_error(None, str(error))
        return None


def _recent_traces(hours, year: int):
    thresholds = Thresholds.from_policy(policy_for(year))
    traces = [
        trace_year(y, YearHours.from_mapping(hours.get(y)), thresholds, in_window=True)
        for y in range(year - RECENT_YEARS + 1, year + 1)
    ]
    return traces, thresholds


@login_required
def education_home(request):
    user = request.user
    if user.role == Role.EMPLOYER:
        return render(request, "education/confirm.html", {"records": ce_records_awaiting_confirmation(user)[:200]})
    if user.role in IMPORTER_ROLES:
        return redirect("education:imports")
    professional = getattr(user, "professional", None)
    if professional is None:
        raise Http404("您的账号尚未关联专业技术人才档案")
    hours = hours_by_year(professional)
    form = VerdictForm(request.GET or None)
    verdict = _verdict_from(form, hours)
    year = verdict.application_year if verdict else timezone.localdate().year
    traces, thresholds = _recent_traces(hours, year)
    context = {
        "professional": professional,
        "form": form,
        "verdict": verdict,
        "chart": ce_chart(list(verdict.years) if verdict else traces, thresholds),
        "thresholds": thresholds,
        "records": ce_records_visible_to(user).filter(professional=professional)[:200],
        "record_form": RecordForm(),
    }
    return render(request, "education/mine.html", context)


@login_required
def record_add(request):
    professional = getattr(request.user, "professional", None)
    if professional is None:
        raise PermissionDenied("只有专业技术人才可以登记本人学时")
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ce_record_add(professional, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "学时已登记，待单位确认后计入。")
            return redirect("education:home")
    return render(
        request, "education/record_form.html", {"form": form}, status=422 if request.method == "POST" else 200
    )


@require_POST
@login_required
def record_confirm(request, pk: int):
    record = get_object_or_404(ce_records_visible_to(request.user), pk=pk)
    ce_record_confirm(record, actor=request.user)
    messages.success(request, f"已确认 {record.professional.name} 的学时记录。")
    return redirect("education:home")


@require_POST
@login_required
def record_reject(request, pk: int):
    record = get_object_or_404(ce_records_visible_to(request.user), pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "不予确认须填写理由。")
        return redirect("education:home")
    ce_record_reject(record, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"已退回 {record.professional.name} 的学时记录。")
    return redirect("education:home")


@login_required
def imports(request):
    if request.user.role not in IMPORTER_ROLES:
        raise PermissionDenied("只有人力社保局或评委会办公室可以批量导入学时")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = ce_import_start(form.cleaned_data["file"], actor=request.user)
        except RuleViolation as error:
            form.add_error("file", str(error))
        else:
            return redirect("education:import_detail", pk=batch.pk)
    context = {"form": form, "batches": import_batches_visible_to(request.user)[:50], "columns": COLUMNS}
    return render(request, "education/imports.html", context, status=422 if form.errors else 200)


@login_required
def import_detail(request, pk: int):
    batch = get_object_or_404(import_batches_visible_to(request.user), pk=pk)
    template = "education/import_detail.html#progress" if request.htmx else "education/import_detail.html"
    return render(request, template, {"batch": batch})


@login_required
def import_report(request, pk: int):
    batch = get_object_or_404(import_batches_visible_to(request.user), pk=pk)
    if not batch.error_report_path:
        raise Http404("此批次没有错误报告")
    return FileResponse(
        Path(batch.error_report_path).open("rb"), as_attachment=True, filename=f"错误报告-{batch.pk}.xlsx"
    )


def calculator(request):
    """Public, no login, nothing stored: the same verdict as the platform gives applicants."""
    form = CalculatorForm(request.GET or None)
    verdict = _verdict_from(form, form.hours_by_year() if form.is_bound and form.is_valid() else {})
    chart = (
        ce_chart(list(verdict.years), Thresholds.from_policy(policy_for(verdict.application_year))) if verdict else ""
    )
    return render(request, "education/calculator.html", {"form": form, "verdict": verdict, "chart": chart})
