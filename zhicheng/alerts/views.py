"""The bureau's early-warning pages: the list, one alert with its evidence, deciding it, running the checks."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.alerts.forms import DecisionForm
from zhicheng.alerts.models import Alert
from zhicheng.alerts.selectors import alert_get_for_user, alert_list_visible_to
from zhicheng.alerts.services import alert_confirm, alert_dismiss
from zhicheng.alerts.tasks import run_detectors


@login_required
def alert_list(request):
    kind, state = request.GET.get("kind", ""), request.GET.get("state", Alert.State.OPEN)
    alerts = alert_list_visible_to(request.user, kind=kind, state=state)
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "state": state, "kinds": Alert.Kind.choices, "states": Alert.State.choices}
    return render(request, "alerts/list.html", context)


@login_required
def alert_detail(request, pk: int, form: DecisionForm | None = None, status: int = 200):
    alert = alert_get_for_user(pk, user=request.user)
    evidence = json.dumps(alert.evidence, ensure_ascii=False, indent=2)
    context = {"alert": alert, "evidence": evidence, "form": form or DecisionForm()}
    return render(request, "alerts/detail.html", context, status=status)


@require_POST
@login_required
def alert_decide(request, pk: int, decision: str):
    alert = alert_get_for_user(pk, user=request.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return alert_detail(request, pk, form=form, status=422)
    service = alert_confirm if decision == "confirm" else alert_dismiss
    service(alert, actor=request.user, reason=form.cleaned_data["reason"])
    return redirect("alerts:detail", pk=pk)


@require_POST
@login_required
def run_now(request):
    alert_list_visible_to(request.user)  # only a bureau may ask
    run_detectors.enqueue()
    messages.success(request, "已提交检测任务，完成后刷新本页即可看到新的预警。")
    return redirect("alerts:list")
