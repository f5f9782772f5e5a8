"""Case pages: thin views that fetch through selectors and change through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.applications.eligibility import eligibility
from zhicheng.applications.forms import ApplicationForm, StatementForm, TransitionForm
from zhicheng.applications.models import MAIN_PATH, State
from zhicheng.applications.selectors import application_get_for_user, application_list_visible_to
from zhicheng.applications.services import (
    TRANSITION_SERVICES,
    application_create,
    application_update,
    available_transitions,
)
from zhicheng.applications.transitions import BY_ACTION
from zhicheng.audit.selectors import events_for_object
from zhicheng.lib.errors import RuleViolation


@login_required
def application_list(request):
    cases = application_list_visible_to(request.user)
    state = request.GET.get("state", "")
    if state in State.values:
        cases = cases.filter(state=state)
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    return render(request, "applications/list.html", {"page": page, "states": State.choices, "current_state": state})


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
    return render(request, "applications/new.html", {"form": form}, status=status)


@login_required
def application_detail(request, pk: int):
    application = application_get_for_user(pk, user=request.user)
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
        "checks": eligibility(application) if application.state in (State.DRAFT, State.RETURNED) else None,
        "can_edit": request.user.has_perm("applications.change_application", application)
        and application.state in (State.DRAFT, State.RETURNED),
    }
    return render(request, "applications/detail.html", context)


@login_required
def application_edit(request, pk: int):
    application = application_get_for_user(pk, user=request.user)
    form = StatementForm(request.POST or None, initial={"statement": application.statement})
    if request.method == "POST" and form.is_valid():
        application_update(application, actor=request.user, statement=form.cleaned_data["statement"])
        messages.success(request, "已保存修改。")
        return redirect("applications:detail", pk=pk)
    return render(request, "applications/edit.html", {"application": application, "form": form})


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
    TRANSITION_SERVICES[action](application, actor=request.user, **form.cleaned_data)
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


ACTION_LABELS = {"application.create": "创建申报草稿", "application.update": "修改申报"}


def _timeline(application) -> list[dict]:
    """The audit events of the case in words: who did what, and from which state to which."""
    states = dict(State.choices)
    roles = dict(Role.choices)
    entries = []
    for event in events_for_object(application):
        action = event.action.removeprefix("application.")
        label = BY_ACTION[action].label if action in BY_ACTION else ACTION_LABELS.get(event.action, event.action)
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
