"""Spot-check pages: the public results, the bureau's campaigns and pool, the inspectors' findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.inspections import selectors
from zhicheng.inspections.draw import REPLAY_RECIPE
from zhicheng.inspections.forms import CampaignForm, FindingForm, PoolAddForm
from zhicheng.inspections.services import (
    campaign_publish,
    campaign_start,
    finding_record,
    inspector_add,
    inspector_remove,
)
from zhicheng.lib.errors import DomainError


def _campaign_context(campaign) -> dict:
    units = selectors.campaign_units(campaign)
    return {
        "campaign": campaign,
        "units": units,
        "inspectors": list(campaign.inspectors.select_related("user__organisation")),
        "summary": selectors.findings_summary(units),
        "replay": selectors.campaign_replay(campaign),
        "recipe": REPLAY_RECIPE,
        "candidates": selectors.candidate_names(campaign),
    }


def public_list(request):
    """已公开的抽查结果 (双随机一公开), no login."""
    return render(request, "inspections/public_list.html", {"campaigns": selectors.published_campaigns()})


def public_detail(request, pk: int):
    campaign = selectors.published_campaign_get(pk)
    return render(request, "inspections/public_detail.html", _campaign_context(campaign))


@login_required
def manage(request):
    """The bureau's and the inspectors' campaigns; the bureau starts a new one here."""
    is_bureau = request.user.role == Role.BUREAU and request.user.region is not None
    form = CampaignForm(request.POST or None) if is_bureau else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有人力社保局可以发起抽查")
        if form.is_valid():
            try:
                campaign = campaign_start(request.user.region, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"已抽取，随机种子 {campaign.seed}。")
                return redirect("inspections:campaign", pk=campaign.pk)
    context = {"campaigns": selectors.campaign_list_visible_to(request.user), "form": form}
    return render(request, "inspections/manage.html", context, status=422 if form and form.errors else 200)


@login_required
def campaign(request, pk: int):
    found = selectors.campaign_get_for_user(pk, user=request.user)
    context = _campaign_context(found)
    context["can_publish"] = request.user.has_perm("inspections.publish", found)
    for unit in context["units"]:
        finding = getattr(unit, "finding", None)
        initial = (
            {"rating": finding.rating, "text": finding.text, "issues": "\n".join(finding.issues)} if finding else {}
        )
        unit.form = FindingForm(initial=initial, prefix=f"u{unit.pk}")
    return render(request, "inspections/campaign.html", context)


@require_POST
@login_required
def finding(request, pk: int):
    unit = selectors.unit_get_for_user(pk, user=request.user)
    form = FindingForm(request.POST, prefix=f"u{unit.pk}")
    if not form.is_valid():
        messages.error(
            request, "检查结果未保存：" + "；".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect("inspections:campaign", pk=unit.campaign_id)
    finding_record(unit, actor=request.user, **form.cleaned_data)
    messages.success(request, f"已保存对{unit.name}的检查结果。")
    return redirect("inspections:campaign", pk=unit.campaign_id)


@require_POST
@login_required
def publish(request, pk: int):
    found = selectors.campaign_get_for_user(pk, user=request.user)
    campaign_publish(found, actor=request.user)
    messages.success(request, "抽查结果已公开。")
    return redirect("inspections:public_detail", pk=pk)


@login_required
def pool(request):
    if request.user.role != Role.BUREAU or request.user.region is None:
        raise PermissionDenied("只有人力社保局可以维护检查人员库")
    form = PoolAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.user_by_username(form.cleaned_data["username"])
        if person is None:
            form.add_error("username", "没有这个用户")
        else:
            try:
                inspector_add(person, actor=request.user)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"已将{person}加入检查人员库。")
                return redirect("inspections:pool")
    context = {"members": selectors.pool_members_visible_to(request.user), "form": form}
    return render(request, "inspections/pool.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def pool_remove(request, pk: int):
    member = selectors.pool_member_get_for_user(pk, user=request.user)
    inspector_remove(member, actor=request.user)
    messages.success(request, f"已将{member.user}移出检查人员库。")
    return redirect("inspections:pool")
