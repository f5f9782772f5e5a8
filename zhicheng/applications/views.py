"""Case pages: thin views that fetch through selectors and change through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from zhicheng.accounts.models import Role
from zhicheng.applications.eligibility import CaseFacts, eligibility
from zhicheng.applications.filters import CaseFilterForm
from zhicheng.applications.forms import ApplicationForm, StatementForm, TransitionForm
from zhicheng.applications.materials import application_select_materials
from zhicheng.applications.models import MAIN_PATH, CaseArchive, State
from zhicheng.applications.selectors import (
    ROLE_ACTOR,
    CaseListPaginator,
    action_label,
    application_get_for_user,
    application_list_visible_to,
    application_route_preview,
    listed,
)
from zhicheng.applications.services import (
    TRANSITION_SERVICES,
    application_create,
    application_update,
    available_transitions,
    ensure_editable,
)
from zhicheng.applications.transitions import BY_ACTION
from zhicheng.archive.selectors import achievements_of
from zhicheng.audit.selectors import events_for_object
from zhicheng.audit.services import record_export
from zhicheng.lib.errors import DomainError, RuleViolation
from zhicheng.lib.xlsx import xlsx_response

# Moves that make sense for many cases at once; each still runs its own checks per case.
# (Acceptance and qualification are confirmed item by item on each case, so they are not bulk actions.)
BULK_ACTIONS = ["employer_approve", "authority_approve"]


@login_required
def application_list(request):
    visible = application_list_visible_to(request.user)
    filters = CaseFilterForm(request.GET or None)
    cases = filters.apply(visible, user=request.user)
    if request.GET.get("export") == "xlsx":
        return _export(request, cases)
    page = CaseListPaginator(listed(cases), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "bulk_actions": [BY_ACTION[a] for a in BULK_ACTIONS if BY_ACTION[a].actor == ROLE_ACTOR.get(request.user.role)],
    }
    return render(request, "applications/list.html", context)


def _export(request, cases):
    record_export(actor=request.user, what="applications", count=cases.count(), query=request.GET.urlencode())
    header = ["编号", "姓名", "单位", "专业", "职称", "评委会", "年度", "状态", "评审结果", "提交时间"]
    rows = (
        [
            a.pk,
            a.applicant.name,
            a.employer.name,
            a.specialty.name,
            a.title.name,
            a.committee.name,
            a.year,
            a.get_state_display(),
            a.get_outcome_display(),
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
        ]
        for a in listed(cases).iterator(chunk_size=2000)
    )
    return xlsx_response("申报列表.xlsx", "申报", header, rows)


@require_POST
@login_required
def application_bulk(request):
    """One action on many cases: each case moves on its own, and the result says which did not and why."""
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        raise Http404("没有这个批量操作")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    cases = list(application_list_visible_to(request.user).filter(pk__in=ids))
    done, refused = 0, []
    for application in cases:
        try:
            TRANSITION_SERVICES[action](application, actor=request.user, reason=request.POST.get("reason", ""))
            done += 1
        except DomainError as error:
            refused.append(f"{application.applicant.name}（编号 {application.pk}）：{error}")
    label = BY_ACTION[action].label
    if done:
        messages.success(request, f"已{label} {done} 件。")
    for line in refused:
        messages.error(request, f"未能{label}：{line}")
    if not cases:
        messages.error(request, "请先勾选要处理的申报。")
    next_url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
    return redirect(next_url if safe and next_url else "applications:list")


@login_required
def application_new(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_create(
                actor=request.user,
                year=data["year"],
                specialty=data["specialty"],
                title=data["title"],
                statement=data["statement"],
            )
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"申报草稿已保存，已分配至{application.committee.name}。")
            return redirect("applications:detail", pk=application.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "applications/new.html", {"form": form, **_route_preview(request, form)}, status=status)


@require_GET
@login_required
def route_preview(request):
    """The new-application page's preview of the committee and its plan, as the applicant changes the selects."""
    form = ApplicationForm(request.GET)
    return render(request, "applications/new.html#route_preview", _route_preview(request, form))


def _route_preview(request, form: ApplicationForm) -> dict:
    """Where the chosen year, specialty and title would go (refusing anyone but a professional), or what is wrong."""
    preview = application_route_preview(user=request.user, **form.route_choice())
    return {"preview": preview, "problem": form.route_problem()}


@login_required
def application_detail(request, pk: int):
    application = application_get_for_user(pk, user=request.user)
    facts = CaseFacts(application)  # the checks and the page read the committee's plan once
    timeline = _timeline(application)
    actions = [
        (transition, TransitionForm(transition=transition))
        for transition in available_transitions(application, request.user)
    ]
    context = {
        "application": application,
        "steps": _steps(application, timeline),
        "exit_reason": timeline[-1]["reason"] if application.state not in MAIN_PATH and timeline else "",
        "actions": actions,
        "timeline": timeline,
        "checks": eligibility(facts) if application.state in (State.DRAFT, State.RETURNED) else None,
        "reviews": application.reviews.select_related("created_by").order_by("-round", "-id"),
        "materials": application.materials.select_related("achievement"),
        "plan": facts.plan,
        "can_edit": request.user.has_perm("applications.change_application", application)
        and application.state in (State.DRAFT, State.RETURNED),
    }
    return render(request, "applications/detail.html", context)


@login_required
def application_edit(request, pk: int):
    application = application_get_for_user(pk, user=request.user)
    ensure_editable(application)
    form = StatementForm(request.POST or None, initial={"statement": application.statement})
    if request.method == "POST" and form.is_valid():
        application_update(application, actor=request.user, statement=form.cleaned_data["statement"])
        chosen = [int(i) for i in request.POST.getlist("achievements") if i.isdigit()]
        representative = [int(i) for i in request.POST.getlist("representative") if i.isdigit()]
        try:
            application_select_materials(
                application, actor=request.user, achievement_ids=chosen, representative_ids=representative
            )
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存修改。")
            return redirect("applications:detail", pk=pk)
    selected = {m.achievement_id: m.representative for m in application.materials.all()}
    archive = achievements_of(application.professional)
    context = {"application": application, "form": form, "archive": archive, "selected": selected}
    return render(request, "applications/edit.html", context)


@require_POST
@login_required
def application_transition(request, pk: int, action: str):
    application = application_get_for_user(pk, user=request.user)
    transition = BY_ACTION.get(action)
    if transition is None:
        raise Http404("没有这个操作")
    form = TransitionForm(request.POST, transition=transition)
    if not form.is_valid():
        context = {"application": application, "transition": transition, "form": form}
        return render(request, "applications/transition_form.html", context, status=422)
    TRANSITION_SERVICES[action](application, actor=request.user, **form.service_kwargs())
    messages.success(request, f"已{transition.label}。")
    return redirect("applications:detail", pk=pk)


def _steps(application, timeline: list[dict]) -> list[dict]:
    """The step bar of the main path. A case that left it (returned, vetoed, …) shows how far it got."""
    if application.state in MAIN_PATH:
        reached, current = MAIN_PATH.index(application.state), MAIN_PATH.index(application.state)
    else:
        left_from = timeline[-1]["before"] if timeline else State.DRAFT
        reached, current = (MAIN_PATH.index(left_from) if left_from in MAIN_PATH else 0), -1
    return [
        {
            "label": state.label,
            "done": index < reached or (current == -1 and index == reached),
            "current": index == current,
        }
        for index, state in enumerate(MAIN_PATH)
    ]


def _timeline(application) -> list[dict]:
    """The audit events of the case in words: who did what, and from which state to which."""
    states = dict(State.choices)
    roles = dict(Role.choices)
    entries = []
    for event in events_for_object(application):
        label = action_label(event.action)
        change = (
            f"{states.get(event.before, '')} → {states.get(event.after, '')}" if event.before and event.after else ""
        )
        entries.append(
            {
                "at": event.created_at,
                "actor": event.actor_name,
                "role": roles.get(event.actor_role, ""),
                "label": label,
                "change": change,
                "before": event.before,
                "reason": event.reason,
            }
        )
    return entries


@login_required
def application_dossier(request, pk: int):
    """The archived case's dossier for the personal file: for whoever may read the case; the download is audited."""
    application = application_get_for_user(pk, user=request.user)
    record = CaseArchive.objects.filter(application=application).first()
    if record is None:
        raise Http404("该申报尚未归档")
    record_export(actor=request.user, what=f"归档材料 {application.pk}", count=1)
    filename = f"归档材料-{application.applicant.name}-{application.year}.pdf"
    return FileResponse(
        record.dossier.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
