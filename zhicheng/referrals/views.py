"""The city bureau's referral desk: letters to the province and the decisions that come back."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.audit.services import record_export
from zhicheng.lib.errors import DomainError
from zhicheng.referrals.models import Referral
from zhicheng.referrals.selectors import awaiting_referral, referral_get_for_user, referrals_for
from zhicheng.referrals.services import (
    keeps_referral_desk,
    province_committee_for,
    referral_issue,
    referral_record_decision,
)


class IssueForm(forms.Form):
    number = forms.CharField(label="委托评审函文号", max_length=50, help_text="如 丽人社函〔2022〕12号")
    to_committee = forms.CharField(label="受托评审委员会", max_length=100)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="省级评审结果", choices=Referral.Decision.choices)
    document = forms.CharField(label="省级发文文号", max_length=50)
    decided_on = forms.DateField(label="省级评审日期", widget=forms.DateInput(attrs={"type": "date"}))
    certificate_number = forms.CharField(label="证书编号（评审通过的填写）", max_length=50, required=False)


def _ensure_desk(user) -> None:
    if not keeps_referral_desk(user):
        raise PermissionDenied("委托评审由市、省人力社保局办理")


@login_required
def desk(request):
    _ensure_desk(request.user)
    waiting = [
        (case, IssueForm(prefix=f"c{case.pk}", initial={"to_committee": province_committee_for(case)}))
        for case in awaiting_referral(request.user)
    ]
    referrals = [
        (referral, None if referral.decision else DecisionForm(prefix=f"r{referral.pk}"))
        for referral in referrals_for(request.user)
    ]
    return render(request, "referrals/desk.html", {"waiting": waiting, "referrals": referrals})


@require_POST
@login_required
def issue(request, application_pk: int):
    _ensure_desk(request.user)
    application = get_object_or_404(awaiting_referral(request.user), pk=application_pk)
    form = IssueForm(request.POST, prefix=f"c{application.pk}")
    if not form.is_valid():
        messages.error(request, "请填写委托评审函文号和受托评审委员会。")
        return redirect("referrals:desk")
    try:
        referral = referral_issue(application, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"已出具委托评审函 {referral.number}，{application.applicant.name}的申报已报送省级评审。"
        )
    return redirect("referrals:desk")


@require_POST
@login_required
def decide(request, pk: int):
    referral = referral_get_for_user(pk, user=request.user)
    form = DecisionForm(request.POST, prefix=f"r{referral.pk}")
    if not form.is_valid():
        messages.error(request, "请完整填写省级评审结果、发文文号和日期。")
        return redirect("referrals:desk")
    try:
        referral = referral_record_decision(referral, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"已登记省级评审结果：{referral.application.applicant.name}，{referral.get_decision_display()}。"
        )
    return redirect("referrals:desk")


@login_required
def letter(request, pk: int, kind: str):
    referral = referral_get_for_user(pk, user=request.user)
    if kind not in ("pdf", "docx"):
        raise Http404("没有这种格式")
    stored = referral.letter_pdf if kind == "pdf" else referral.letter_docx
    record_export(actor=request.user, what=f"委托评审函 {referral.number}", count=1)
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=f"委托评审函-{referral.application.applicant.name}.{kind}"
    )
