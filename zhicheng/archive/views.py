"""Archive pages: thin views that read through selectors and change through services."""

import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.archive import selectors, services
from zhicheng.archive.completeness import checklist, evaluation_year, is_complete, mountain_county_years
from zhicheng.archive.dossier import render_dossier
from zhicheng.archive.forms import (
    ENTRY_FORMS,
    AchievementForm,
    EvidenceForm,
    ProfileForm,
    RegisterForm,
    ReturnForm,
    StaffImportForm,
)
from zhicheng.archive.imports import COLUMNS
from zhicheng.archive.models import Achievement, Profile
from zhicheng.archive.uploads import ensure_size, evidence_response
from zhicheng.audit.services import record_export
from zhicheng.lib.errors import RuleViolation
from zhicheng.lib.tabular import write_error_report

ENTRY_MODELS = {kind: form._meta.model for kind, form in ENTRY_FORMS.items()}
UPLOAD_OVERHEAD = 64 * 1024  # multipart headers and the other fields around the file


def _next_or(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


def _own(request):
    professional = selectors.own_professional(request.user)
    if professional is None:
        raise Http404("您尚未登记个人档案")
    return professional


@login_required
def mine(request):
    """The professional's own archive; anyone else starts from the list of archives they may see."""
    if request.user.role != Role.PROFESSIONAL:
        return redirect("archive:staff")
    professional = selectors.own_professional(request.user)
    if professional is not None:
        return redirect("archive:professional", pk=professional.pk)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            professional = services.professional_register(actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error("id_number", error.message)
        else:
            messages.success(request, "个人档案已建立，请补充学历、工作经历和业绩。")
            return redirect("archive:professional", pk=professional.pk)
    return render(request, "archive/register.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def professional_detail(request, pk: int):
    professional = selectors.professional_get_for_user(pk, user=request.user)
    year = evaluation_year(request.GET.get("year"))
    items = checklist(professional, year)
    context = {
        "professional": professional,
        "profile": selectors.profile_of(professional),
        "year": year,
        "items": items,
        "complete": is_complete(items),
        "mountain_years": mountain_county_years(professional),
        "education": professional.education_entries.all(),
        "work": professional.work_periods.select_related("region"),
        "titles": professional.titles_held.select_related("title"),
        "achievements": professional.achievements.prefetch_related("evidence"),
        "is_owner": request.user.has_perm("archive.change_profile", professional),
        "can_verify": request.user.has_perm("archive.verify_achievement", professional),
    }
    return render(request, "archive/professional.html", context)


@login_required
def dossier(request, pk: int):
    professional = selectors.professional_get_for_user(pk, user=request.user)
    year = evaluation_year(request.GET.get("year"))
    pdf = render_dossier(professional, year=year)
    # A whole person's archive leaves the platform: on the record like every other export.
    record_export(actor=request.user, what=f"个人业绩档案 {professional.pk}", count=1, query=f"year={year}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=dossier-{professional.pk}.pdf"
    return response


@login_required
def profile_edit(request):
    professional = _own(request)
    profile = selectors.profile_of(professional) or Profile(professional=professional)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(professional, actor=request.user, **form.cleaned_data)
        messages.success(request, "联系方式已保存。")
        return redirect("archive:profile")
    return render(
        request, "archive/profile_edit.html", _profile_context(professional, form), status=422 if form.errors else 200
    )


def _profile_context(professional, form, entry_forms: dict | None = None) -> dict:
    return {
        "professional": professional,
        "form": form,
        "entry_forms": {kind: (entry_forms or {}).get(kind) or cls(prefix=kind) for kind, cls in ENTRY_FORMS.items()},
        "education": professional.education_entries.all(),
        "work": professional.work_periods.select_related("region"),
        "titles": professional.titles_held.select_related("title"),
    }


@require_POST
@login_required
def entry_add(request, kind: str):
    professional = _own(request)
    if kind not in ENTRY_FORMS:
        raise Http404("没有这类档案内容")
    form = ENTRY_FORMS[kind](request.POST, prefix=kind)
    if form.is_valid():
        services.profile_entry_add(professional, form.save(commit=False), actor=request.user)
        messages.success(request, "已添加。")
        return redirect(reverse("archive:profile") + f"#{kind}")
    profile = selectors.profile_of(professional) or Profile(professional=professional)
    context = _profile_context(professional, ProfileForm(instance=profile), {kind: form})
    return render(request, "archive/profile_edit.html", context, status=422)


@require_POST
@login_required
def entry_delete(request, kind: str, pk: int):
    professional = _own(request)
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404("没有这类档案内容")
    services.profile_entry_delete(get_object_or_404(model, pk=pk, professional=professional), actor=request.user)
    messages.success(request, "已删除。")
    return redirect("archive:profile")


@login_required
def achievement_new(request):
    professional = _own(request)
    form = AchievementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        achievement = services.achievement_create(professional, actor=request.user, data=form.cleaned_data)
        messages.success(request, "业绩已登记，请上传证明材料，单位核验后计入档案。")
        return redirect("archive:achievement", pk=achievement.pk)
    return render(request, "archive/achievement_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def achievement_edit(request, pk: int):
    achievement = selectors.achievement_get_for_user(pk, user=request.user)
    form = AchievementForm(request.POST or None, instance=achievement)
    if request.method == "POST" and form.is_valid():
        services.achievement_update(achievement, actor=request.user, data=form.cleaned_data)
        messages.success(request, "已保存修改，业绩重新进入待核验。")
        return redirect("archive:achievement", pk=pk)
    context = {"form": form, "achievement": achievement}
    return render(request, "archive/achievement_form.html", context, status=422 if form.errors else 200)


@login_required
def achievement_detail(request, pk: int):
    achievement = selectors.achievement_get_for_user(pk, user=request.user)
    professional = achievement.professional
    context = {
        "achievement": achievement,
        "professional": professional,
        "evidence": achievement.evidence.all(),
        "claimants": selectors.identifier_claimants(achievement),
        "is_owner": request.user.has_perm("archive.add_achievement", professional),
        "can_verify": request.user.has_perm("archive.verify_achievement", professional)
        and achievement.status == Achievement.Status.PENDING,
        "evidence_form": EvidenceForm(),
        "return_form": ReturnForm(),
    }
    return render(request, "archive/achievement.html", context)


@require_POST
@login_required
def achievement_delete(request, pk: int):
    achievement = selectors.achievement_get_for_user(pk, user=request.user)
    services.achievement_delete(achievement, actor=request.user)
    messages.success(request, "业绩已删除。")
    return redirect("archive:mine")


@require_POST
@login_required
def evidence_add(request, pk: int):
    # Refuse an oversized upload from its declared length, before the body is read.
    ensure_size(max(0, int(request.META.get("CONTENT_LENGTH") or 0) - UPLOAD_OVERHEAD))
    achievement = selectors.achievement_get_for_user(pk, user=request.user)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        raise RuleViolation("请选择要上传的文件")
    evidence = services.evidence_add(achievement, actor=request.user, upload=form.cleaned_data["file"])
    messages.success(request, f"已上传「{evidence.name}」。")
    return redirect("archive:achievement", pk=pk)


@login_required
def evidence_file(request, pk: int):
    return evidence_response(selectors.evidence_get_for_user(pk, user=request.user))


@require_POST
@login_required
def evidence_delete(request, pk: int):
    evidence = selectors.evidence_get_for_user(pk, user=request.user)
    services.evidence_delete(evidence, actor=request.user)
    messages.success(request, "证明材料已删除，业绩重新进入待核验。")
    return redirect("archive:achievement", pk=evidence.achievement_id)


@require_POST
@login_required
def achievement_verify(request, pk: int):
    achievement = selectors.achievement_get_for_user(pk, user=request.user)
    services.achievement_verify(achievement, actor=request.user)
    messages.success(request, f"已核验「{achievement.title}」。")
    return redirect(_next_or(request, "archive:pending"))


@require_POST
@login_required
def achievement_return(request, pk: int):
    achievement = selectors.achievement_get_for_user(pk, user=request.user)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        raise RuleViolation("退回须填写理由，本人将看到这段说明")
    services.achievement_return(achievement, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"已退回「{achievement.title}」。")
    return redirect("archive:pending")


@login_required
def pending(request):
    queue = selectors.achievement_list_pending_for(request.user)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(request, "archive/pending.html", {"page": page})


@login_required
def staff(request):
    year = evaluation_year(request.GET.get("year"))
    status = request.GET.get("status", "")
    search = request.GET.get("q", "")
    people = selectors.staff_list_for(request.user, year=year, status=status, search=search)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_completeness(page.object_list)
    context = {
        "page": page,
        "year": year,
        "status": status,
        "q": search,
        "filters": selectors.STAFF_FILTERS,
        "is_employer": request.user.role == Role.EMPLOYER,
        "query": urlencode({"year": year, "status": status, "q": search}) + "&",
    }
    return render(request, "archive/staff.html", context)


@require_POST
@login_required
def remind(request):
    year = evaluation_year(request.POST.get("year"))
    count = services.staff_remind(actor=request.user, year=year)
    messages.success(
        request,
        f"已向 {count} 位档案未完善的人员发送提醒（站内消息和电子邮件）。"
        if count
        else "本单位人员档案均已完善，无需提醒。",
    )
    return redirect(_next_or(request, "archive:staff"))


REPORTS_DIR = "archive/import-reports"


@login_required
def staff_import(request):
    form = StaffImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "columns": COLUMNS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            outcome = services.staff_import(Path(handle.name), actor=request.user, file_name=upload.name)
        if not outcome.errors:
            messages.success(request, f"导入完成：新建 {outcome.created} 人，已在册 {outcome.existing} 人。")
            return redirect("archive:staff")
        token = uuid.uuid4().hex
        report = Path(settings.MEDIA_ROOT) / REPORTS_DIR / f"{token}.xlsx"
        report.parent.mkdir(parents=True, exist_ok=True)
        write_error_report(outcome.errors, COLUMNS, report)
        request.session.setdefault("archive_import_reports", []).append(token)
        request.session.modified = True
        context.update({"errors": outcome.errors[:50], "error_count": len(outcome.errors), "report": token})
        return render(request, "archive/staff_import.html", context, status=422)
    return render(request, "archive/staff_import.html", context, status=422 if form.errors else 200)


@login_required
def import_report(request, token: str):
    """The error report of the user's own failed import (kept only for the session that made it)."""
    if token not in request.session.get("archive_import_reports", []):
        raise Http404("未找到该错误报告")
    report = Path(settings.MEDIA_ROOT) / REPORTS_DIR / f"{token}.xlsx"
    if not report.exists():
        raise Http404("未找到该错误报告")
    return FileResponse(report.open("rb"), as_attachment=True, filename="导入错误报告.xlsx")
