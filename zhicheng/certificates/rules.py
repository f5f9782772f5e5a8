"""Who may download and revoke a certificate: `rules` predicates, mirrored by certificates.selectors."""

import rules

from zhicheng.accounts.models import Region, Role
from zhicheng.accounts.rules import region_contains


@rules.predicate
def is_certificate_holder(user, certificate) -> bool:
    return user.pk is not None and user.pk in (certificate.professional.user_id, certificate.application.applicant_id)


@rules.predicate
def is_certificate_employer(user, certificate) -> bool:
    """The unit the holder worked for when it was issued, and the one they work for now."""
    if user.role != Role.EMPLOYER or not user.organisation_id:
        return False
    return user.organisation_id in (certificate.employer_id, certificate.professional.employer_id)


@rules.predicate
def is_certificate_bureau(user, certificate) -> bool:
    """The issuing bureau and the bureaus above it (city, province)."""
    return user.role == Role.BUREAU and region_contains(user, certificate.bureau.region)


@rules.predicate
def is_revoking_bureau(user, certificate) -> bool:
    """The bureau that issued it, or the province bureau (40号令)."""
    if user.role != Role.BUREAU or not user.organisation_id:
        return False
    if user.organisation_id == certificate.bureau_id:
        return True
    return user.region.level == Region.Level.PROVINCE and region_contains(user, certificate.bureau.region)


@rules.predicate
def is_in_force(user, certificate) -> bool:
    return not certificate.is_revoked


rules.add_perm("certificates.view_certificate", is_certificate_holder | is_certificate_employer | is_certificate_bureau)
# A revoked certificate's file stays with the bureaus as evidence; its holder and employer no longer get it.
rules.add_perm(
    "certificates.download_certificate",
    ((is_certificate_holder | is_certificate_employer) & is_in_force) | is_certificate_bureau,
)
rules.add_perm("certificates.revoke_certificate", is_revoking_bureau)
