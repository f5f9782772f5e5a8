"""Pages of the quantified evaluation standards (量化评价标准, 55号 §4(一)): the office drafts and submits,
the province or city bureau approves or refuses with a written opinion, and offices, bureaus and experts read
the approved versions. Thin: fetch through the reads in `standards`, change through its services."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.audit.selectors import events_for_object
from zhicheng.evaluation import standards as svc
from zhicheng.evaluation.models import Indicator, Standard
from zhicheng.lib.errors import Forbidden, RuleViolation
from zhicheng.policy.models import Grade, Series


class StandardForm(forms.Form):
    series = forms.ModelChoiceField(label="系列", queryset=Series.objects.all(), empty_label="请选择")
    grade = forms.ChoiceField(label="级别", choices=[("", "请选择"), *Grade.choices])
    name = forms.CharField(label="标准名称", max_length=100, help_text="如：工程系列中级职称量化评价标准")


class IndicatorForm(forms.Form):
    name = forms.CharField(label="指标", max_length=100)
    max_points = forms.DecimalField(label="满分（分）", max_digits=5, decimal_places=1)
    guidance = forms.CharField(
        label="评分说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DecisionForm(forms.Form):
    opinion = forms.CharField(
        label="审批意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="批准时写明书面意见；不予批准时写明理由，评委会办公室据此修改后重新报送。",
    )


@login_required
def standard_list(request):
    if request.user.role not in svc.VIEWER_ROLES:
        raise Forbidden("量化评价标准供评委会办公室、人力社保局和评审专家查阅", clause=svc.CLAUSE)
    state = request.GET.get("state", "")
    standards = svc.standard_list_visible_to(request.user)
    if state in Standard.State.values:
        standards = standards.filter(state=state)
    context = {
        "awaiting": svc.standards_awaiting(request.user),
        "standards": standards,
        "state": state,
        "states": Standard.State.choices,
        "can_draft": svc.is_standards_drafter(request.user),
        "is_approver": svc.is_standards_approver(request.user),
    }
    return render(request, "evaluation/standards/list.html", context)


@login_required
def standard_new(request):
    if not svc.is_standards_drafter(request.user):
        raise Forbidden("只有评委会办公室可以起草量化评价标准", clause=svc.CLAUSE)
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            standard = svc.standard_create(data["series"], data["grade"], actor=request.user, name=data["name"])
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已创建{standard}草稿，请逐项添加评价指标。")
            return redirect("evaluation:standard_detail", pk=standard.pk)
    status = 422 if form.errors else 200
    return render(request, "evaluation/standards/new.html", {"form": form}, status=status)


@login_required
def standard_detail(request, pk: int):
    standard = svc.standard_get_for_user(pk, user=request.user)
    return _detail(request, standard)


def _detail(request, standard: Standard, *, status: int = 200, error: str = "", **forms_) -> HttpResponse:
    user = request.user
    editable = svc.is_drafting_office(user, standard) and standard.state in svc.EDITABLE_STATES
    total = svc.total_points(standard)
    context = {
        "standard": standard,
        "indicators": standard.indicators.all(),
        "total": total,
        "scale": svc.SCALE_TOTAL_POINTS,
        "short": max(svc.SCALE_TOTAL_POINTS - total, 0),
        "over": max(total - svc.SCALE_TOTAL_POINTS, 0),
        "can_edit": editable,
        "can_decide": standard.state == Standard.State.SUBMITTED and svc.is_approver_of(user, standard),
        "can_revise": standard.state == Standard.State.APPROVED and svc.is_standards_drafter(user),
        "in_force": svc.standard_in_force(standard),
        "indicator_form": forms_.get("indicator_form") or IndicatorForm(),
        "decision_form": forms_.get("decision_form") or DecisionForm(),
        "error": error,
        "timeline": _timeline(standard),
    }
    return render(request, "evaluation/standards/detail.html", context, status=status)


@require_POST
@login_required
def indicator_add(request, pk: int):
    standard = svc.standard_get_for_user(pk, user=request.user)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            indicator = svc.indicator_add(standard, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已添加指标「{indicator.name}」。")
            return redirect("evaluation:standard_detail", pk=pk)
    return _detail(request, standard, indicator_form=form, status=422)


@login_required
def indicator_edit(request, pk: int, indicator_pk: int):
    standard = svc.standard_get_for_user(pk, user=request.user)
    indicator = svc.indicator_of(standard, indicator_pk)
    form = IndicatorForm(request.POST or None, initial=_initial(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            svc.indicator_update(indicator, actor=request.user, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已修改指标「{form.cleaned_data['name']}」。")
            return redirect("evaluation:standard_detail", pk=pk)
    context = {"standard": standard, "indicator": indicator, "form": form}
    return render(request, "evaluation/standards/indicator_form.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def indicator_remove(request, pk: int, indicator_pk: int):
    standard = svc.standard_get_for_user(pk, user=request.user)
    indicator = svc.indicator_of(standard, indicator_pk)
    svc.indicator_remove(indicator, actor=request.user)
    messages.success(request, f"已删除指标「{indicator.name}」。")
    return redirect("evaluation:standard_detail", pk=pk)


ACTIONS = {
    "submit": "报送审批",
    "approve": "批准",
    "refuse": "不予批准",
    "new_version": "起草新版本",
}


@require_POST
@login_required
def standard_action(request, pk: int, action: str):
    """Submit, approve, refuse, or start a new version; a rule not met shows on the page with a 422."""
    standard = svc.standard_get_for_user(pk, user=request.user)
    if action not in ACTIONS:
        raise Http404("没有这个操作")
    text = ""
    if action in ("approve", "refuse"):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return _detail(request, standard, decision_form=form, status=422)
        text = form.cleaned_data["opinion"]
    try:
        result = _do(action, standard, request.user, text)
    except RuleViolation as error:
        return _detail(request, standard, error=str(error), status=422)
    messages.success(request, f"已{ACTIONS[action]}：{result}。")
    return redirect("evaluation:standard_detail", pk=result.pk)


def _do(action: str, standard: Standard, user, text: str) -> Standard:
    if action == "submit":
        return svc.standard_submit(standard, actor=user)
    if action == "approve":
        return svc.standard_approve(standard, actor=user, opinion=text)
    if action == "refuse":
        return svc.standard_refuse(standard, actor=user, reason=text)
    return svc.standard_new_version(standard, actor=user)


def _initial(indicator: Indicator) -> dict:
    return {"name": indicator.name, "max_points": indicator.max_points, "guidance": indicator.guidance}


EVENT_LABELS = {
    "standard.create": "起草标准",
    "standard.new_version": "由上一版本复制起草",
    "standard.indicator_add": "添加指标",
    "standard.indicator_update": "修改指标",
    "standard.indicator_remove": "删除指标",
    "standard.submit": "报送审批",
    "standard.approve": "批准",
    "standard.refuse": "不予批准",
}


def _timeline(standard: Standard) -> list[dict]:
    roles = dict(Role.choices)
    return [
        {
            "at": event.created_at,
            "actor": event.actor_name,
            "role": roles.get(event.actor_role, ""),
            "label": EVENT_LABELS.get(event.action, event.action),
            "detail": _indicator_detail(event) if event.action.startswith("standard.indicator_") else "",
            "reason": event.reason,
        }
        for event in events_for_object(standard)
    ]


def _indicator_detail(event) -> str:
    data = event.data or {}
    indicator = data.get("after", data)
    points = Decimal(indicator.get("max_points", "0")).normalize()
    return f"{indicator.get('name', '')}（{points:f}分）"


urlpatterns = [
    path("standards/", standard_list, name="standard_list"),
    path("standards/new/", standard_new, name="standard_new"),
    path("standards/<int:pk>/", standard_detail, name="standard_detail"),
    path("standards/<int:pk>/indicators/add/", indicator_add, name="standard_indicator_add"),
    path("standards/<int:pk>/indicators/<int:indicator_pk>/", indicator_edit, name="standard_indicator_edit"),
    path(
        "standards/<int:pk>/indicators/<int:indicator_pk>/remove/",
        indicator_remove,
        name="standard_indicator_remove",
    ),
    path("standards/<int:pk>/do/<slug:action>/", standard_action, name="standard_action"),
]
