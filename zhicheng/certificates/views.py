"""Certificate pages: public verification, 我的证书, the bureau's and employer's list, issue, revoke, download."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.applications.selectors import application_get_for_user
from zhicheng.audit.services import record_export
from zhicheng.certificates import throttle
from zhicheng.certificates.forms import ListFilterForm, RevokeForm, VerifyForm
from zhicheng.certificates.selectors import (
    cases_awaiting_certificate,
    certificate_file_intact,
    certificate_filter,
    certificate_find_public,
    certificate_get_for_user,
    certificate_list_for_holder,
    certificate_list_visible_to,
)
from zhicheng.certificates.services import certificate_issue, certificate_revoke
from zhicheng.lib.errors import Conflict, Forbidden
from zhicheng.policy.selectors import policy_for


def verify_limit() -> int:
    """Lookups per client address per minute: a platform limit against trawling numbers, not a policy value."""
    return int(getattr(settings, "CERTIFICATE_VERIFY_PER_MINUTE", 10))


@never_cache
def verify(request):
    """Anyone with the number and the holder's name learns whether the certificate is in force; the QR code
    opens this page with the number filled in."""
    if request.method != "POST":
        form = VerifyForm(initial={"number": request.GET.get("number", "")})
        return render(request, "certificates/verify.html", {"form": form})
    form = VerifyForm(request.POST)
    if not throttle.allow(request, scope="certificate-verify", limit=verify_limit()):
        context = {"form": form, "throttled": True, "limit": verify_limit()}
        return render(request, "certificates/verify.html", context, status=429)
    if not form.is_valid():
        return render(request, "certificates/verify.html", {"form": form}, status=422)
    found = certificate_find_public(form.cleaned_data["number"], form.cleaned_data["name"])
    # The name typed is not echoed back: a page left open on a shared screen shows no one's name.
    again = VerifyForm(initial={"number": form.cleaned_data["number"]})
    return render(request, "certificates/verify.html", {"form": again, "searched": True, "certificate": found})


@login_required
def mine(request):
    certificates = certificate_list_for_holder(request.user)
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
def certificate_list(request):
    if request.user.role not in (Role.BUREAU, Role.EMPLOYER):
        raise Forbidden("证书列表供人力社保局和用人单位使用；个人请查看「我的证书」")
    filters = ListFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    certificates = certificate_filter(certificate_list_visible_to(request.user), **criteria)
    page = Paginator(certificates, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "awaiting": cases_awaiting_certificate(request.user)[:100],
        "revocable": {c.pk for c in page.object_list if request.user.has_perm("certificates.revoke_certificate", c)},
    }
    return render(request, "certificates/list.html", context)


@require_POST
@login_required
def issue(request, application_pk: int):
    application = application_get_for_user(application_pk, user=request.user)
    certificate = certificate_issue(application, actor=request.user)
    messages.success(request, f"已为{certificate.holder_name}发证，证书编号 {certificate.number}。")
    return redirect("certificates:list")


@login_required
def revoke(request, pk: int):
    certificate = certificate_get_for_user(pk, user=request.user, perm="certificates.revoke_certificate")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        certificate_revoke(
            certificate, actor=request.user, reason=form.cleaned_data["reason"], evidence=form.cleaned_data["evidence"]
        )
        messages.success(request, f"证书 {certificate.number} 已撤销，已记入诚信档案。")
        return redirect("certificates:list")
    context = {
        "certificate": certificate,
        "form": form,
        "bar_years": policy_for(timezone.localdate().year).integrity_bar_years,
    }
    return render(request, "certificates/revoke.html", context, status=422 if request.method == "POST" else 200)


@login_required
def download(request, pk: int):
    certificate = certificate_get_for_user(pk, user=request.user, perm="certificates.download_certificate")
    if not certificate_file_intact(certificate):
        raise Conflict("电子证书文件与发证时的校验值不符，已停止下载，请联系发证机关")
    record_export(actor=request.user, what=f"职称证书 {certificate.number}", count=1)
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=f"职称证书-{certificate.number}.pdf",
        content_type="application/pdf",
    )
