"""Certificate numbers: 浙 + the issuing bureau's code + year + a gapless serial per bureau and year."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from zhicheng.accounts.models import Organisation
from zhicheng.certificates.models import CertificateCounter

PROVINCE_PREFIX = "浙"
# Typed on a keyboard without Chinese input, the prefix may arrive as ZJ.
PREFIX_ALIASES = ("ZJ",)


def issuer_code(bureau: Organisation) -> str:
    """The region's code (GB/T 2260, e.g. 331102) once regions carry one; until then J + the bureau's id,
    which is as unique and never changes."""
    code = getattr(bureau.region, "code", "")
    return str(code) if code else f"J{bureau.pk:05d}"


def format_number(bureau: Organisation, year: int, serial: int) -> str:
    """The one place the number's format is decided: 浙331102-2022-00001."""
    return f"{PROVINCE_PREFIX}{issuer_code(bureau)}-{year}-{serial:05d}"


def normalise_number(raw: str) -> str:
    """What a person typed or scanned, in the stored spelling: no spaces, upper case, 浙 for ZJ."""
    number = "".join((raw or "").split()).upper()
    for alias in PREFIX_ALIASES:
        if number.startswith(alias):
            number = PROVINCE_PREFIX + number[len(alias) :]
    return number


def verification_url(number: str) -> str:
    """The absolute address the certificate's QR code opens: the public page with the number filled in."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('certificates:verify')}?{urlencode({'number': number})}"


def next_serial(bureau: Organisation, year: int) -> int:
    """Take the bureau's next serial for the year. The counter row stays locked until the issuing transaction
    ends, so two bureaus' clerks never get the same serial, and a rolled-back issue gives its serial back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_serial must run inside the issuing transaction")
    # Create the year's row if it is missing without racing another first issue of the year: a conflicting
    # insert is ignored, and both then lock the one row.
    CertificateCounter.objects.bulk_create([CertificateCounter(bureau=bureau, year=year)], ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(bureau=bureau, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial
