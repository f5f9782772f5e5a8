"""Reads of certificates, each scoped to the user (mirrors certificates.rules), and the public lookup."""

import hashlib

from django.db.models import Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.applications.selectors import application_list_visible_to
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.numbering import normalise_number
from zhicheng.lib.errors import Forbidden

FORBIDDEN = {
    "certificates.view_certificate": "只有持证人本人、其工作单位和发证机关可以查看该证书",
    "certificates.download_certificate": (
        "只有持证人本人、其工作单位和发证机关可以下载电子证书；已撤销的证书只有发证机关可以下载"
    ),
    "certificates.revoke_certificate": "只有发证机关或省人力社保厅可以撤销证书",
}


def _base() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("professional", "application", "bureau__region")


def certificate_list_visible_to(user) -> QuerySet[Certificate]:
    """The holder's own; an employer's staff's; a bureau's and those of the bureaus below it."""
    if user.role == Role.PROFESSIONAL:
        return _base().filter(Q(professional__user=user) | Q(application__applicant=user))
    region = user.region
    if user.role == Role.EMPLOYER and user.organisation_id:
        return _base().filter(Q(employer_id=user.organisation_id) | Q(professional__employer_id=user.organisation_id))
    if user.role == Role.BUREAU and region is not None:
        return _base().filter(bureau__region__path__startswith=region.path)
    return Certificate.objects.none()


def certificate_filter(certificates: QuerySet[Certificate], *, q: str = "", status: str = "") -> QuerySet[Certificate]:
    """A list's filters: the number or the holder's name, and valid or revoked."""
    if q := q.strip():
        certificates = certificates.filter(Q(number=normalise_number(q)) | Q(holder_name__startswith=q))
    if status == "valid":
        certificates = certificates.filter(revoked_at__isnull=True)
    elif status == "revoked":
        certificates = certificates.filter(revoked_at__isnull=False)
    return certificates


def certificate_list_for_holder(user) -> QuerySet[Certificate]:
    """我的证书: the certificates of the logged-in professional."""
    return _base().filter(Q(professional__user=user) | Q(application__applicant=user))


def certificate_get_for_user(pk: int, *, user, perm: str = "certificates.view_certificate") -> Certificate:
    """404 for a certificate that does not exist, 403 for one the user may not have."""
    certificate = _base().filter(pk=pk).first()
    if certificate is None:
        raise Http404("未找到该证书")
    if not user.has_perm(perm, certificate):
        raise Forbidden(FORBIDDEN[perm])
    return certificate


def cases_awaiting_certificate(user) -> QuerySet[Application]:
    """Passed, published cases of committees seated in the bureau's region: what it may certify now."""
    region = user.region
    if user.role != Role.BUREAU or region is None:
        return Application.objects.none()
    return application_list_visible_to(user).filter(
        state=State.PUBLISHED, outcome=Outcome.PASSED, committee__seat_region__path__startswith=region.path
    )


def certificate_find_public(number: str, name: str) -> Certificate | None:
    """The certificate only when both the number and the holder's name match; otherwise nothing, so a number
    alone tells a stranger nothing about its holder."""
    number, name = normalise_number(number), "".join((name or "").split())
    if not number or not name:
        return None
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or "".join(certificate.holder_name.split()) != name:
        return None
    return certificate


def certificate_file_intact(certificate: Certificate) -> bool:
    """The stored file still hashes to the SHA-256 recorded when it was issued."""
    digest = hashlib.sha256()
    with certificate.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest() == certificate.sha256
