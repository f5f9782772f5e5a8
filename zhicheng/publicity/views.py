"""Publicity pages: the office prepares, previews and publishes; the public reads and objects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.lib.errors import DomainError
from zhicheng.lib.public_pages import shared_for_a_moment
from zhicheng.publicity.forms import AnswerForm, ObjectionForm, PublishForm
from zhicheng.publicity.models import Publicity
from zhicheng.publicity.selectors import (
    candidates_for,
    objection_get_for_office,
    objections_for,
    publicity_get_for_office,
    publicity_list_for_office,
    publicity_list_public,
)
from zhicheng.publicity.services import (
    COMMITTEE_LISTS,
    committee_preview,
    in_unit_preview,
    objection_answer,
    objection_file,
    publicity_publish_committee,
    publicity_publish_in_unit,
)


def _managers_only(user) -> None:
    if user.role not in (Role.OFFICE, Role.EMPLOYER):
        raise PermissionDenied("只有评委会办公室和用人单位可以发布公示")


def _kind_for(user, kind: str) -> str:
    """The list a user may draw up: an employer its in-unit list; an office its committee's 评前 or 评后公示."""
    if user.role == Role.EMPLOYER:
        if kind not in ("", Publicity.Kind.IN_UNIT):
            raise Http404("用人单位只发布单位内公示")
        return Publicity.Kind.IN_UNIT
    if kind and kind not in COMMITTEE_LISTS:
        raise Http404("没有这种公示")
    return kind or Publicity.Kind.PRE_EVALUATION


def _preview(user, kind: str, cases, start):
    if kind == Publicity.Kind.IN_UNIT:
        return in_unit_preview(user.organisation, cases, start=start)
    return committee_preview(kind, cases[0].committee, cases, start=start)


def _publish(user, kind: str, cases, start):
    if kind == Publicity.Kind.IN_UNIT:
        return publicity_publish_in_unit(cases, actor=user, start=start)
    return publicity_publish_committee(kind, cases[0].committee, cases, actor=user, start=start)


def _upheld_outcomes(publicity) -> tuple[str, ...]:
    rules = COMMITTEE_LISTS.get(publicity.kind)
    return rules.outcomes if rules else ()


@login_required
def office_list(request):
    _managers_only(request.user)
    context = {
        # Each row shows its list's size: counted in the same query, not one query a row.
        "publicities": publicity_list_for_office(request.user).annotate(entry_count=Count("entries"))[:50],
        "qualified": candidates_for(request.user).count(),
        "evaluated": candidates_for(request.user, Publicity.Kind.RESULT).count(),
    }
    return render(request, "publicity/office_list.html", context)


@login_required
def prepare(request, kind: str = ""):
    """Choose the cases and the start date; the next step is a preview, nothing is published yet."""
    _managers_only(request.user)
    kind = _kind_for(request.user, kind)
    form = PublishForm(request.POST or None, cases=candidates_for(request.user, kind))
    preview = entries = None
    if request.method == "POST" and form.is_valid():
        cases = list(form.cleaned_data["cases"])
        try:
            preview, entries = _preview(request.user, kind, cases, form.cleaned_data["start"])
            if request.POST.get("confirm") == "yes":
                publicity = _publish(request.user, kind, cases, form.cleaned_data["start"])
                messages.success(request, f"已发布「{publicity.title}」，公示至{publicity.last_day:%Y年%-m月%-d日}。")
                return redirect("publicity:office_detail", pk=publicity.pk)
        except DomainError as error:
            form.add_error(None, str(error))
            preview = None
    context = {
        "form": form,
        "preview": preview,
        "entries": entries,
        "kind": kind,
        "kind_label": Publicity.Kind(kind).label,
    }
    return render(request, "publicity/prepare.html", context)


@login_required
def office_detail(request, pk: int):
    publicity = publicity_get_for_office(pk, request.user)
    answer_form = AnswerForm(outcomes=_upheld_outcomes(publicity))
    context = {"publicity": publicity, "objections": objections_for(publicity), "answer_form": answer_form}
    return render(request, "publicity/office_detail.html", context)


@require_POST
@login_required
def answer(request, pk: int):
    objection = objection_get_for_office(pk, request.user)
    form = AnswerForm(request.POST, outcomes=_upheld_outcomes(objection.entry.publicity))
    if form.is_valid():
        objection_answer(objection, actor=request.user, **form.cleaned_data)
        messages.success(request, "已答复异议。")
    else:
        messages.error(request, "请选择调查结论并填写处理意见。")
    return redirect("publicity:office_detail", pk=objection.entry.publicity_id)


@shared_for_a_moment
def public_list(request):
    page = Paginator(publicity_list_public(), 20).get_page(request.GET.get("page"))
    return render(request, "publicity/public_list.html", {"page": page, "today": timezone.localdate()})


def public_detail(request, pk: int):
    publicity = get_object_or_404(publicity_list_public(), pk=pk)
    entries = list(publicity.entries.all())
    form = ObjectionForm(request.POST or None, entries=entries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = next(e for e in entries if e.pk == data.pop("entry"))
        try:
            objection_file(entry, **data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "异议已受理。评委会办公室将调查核实，并通过您留下的联系方式答复。")
            return redirect("publicity:public_detail", pk=pk)
    today = timezone.localdate()
    context = {
        "publicity": publicity,
        "entries": entries,
        "form": form,
        "is_open": publicity.first_day <= today <= publicity.last_day,
    }
    return render(request, "publicity/public_detail.html", context, status=422 if form.errors else 200)
