"""Certificate numbers: 浙 + the issuing bureau's code + year + a gapless serial per bureau and year."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from zhicheng.accounts.models import Organisation
from zhicheng.certificates.models import CertificateCounter
from zhicheng.lib.counters import take_next

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
    """The bureau's next serial for the year, gapless under concurrency (see lib.counters)."""
    return take_next(CertificateCounter, "last_serial", bureau=bureau, year=year)
