"""Documents a bureau or unit attaches (status decisions, plans, summaries): PDF only, checked by content."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from zhicheng.lib.errors import RuleViolation

PDF_MAGIC = b"%PDF-"


def store_pdf(upload, folder: str) -> tuple[str, str]:
    """Save an uploaded PDF under MEDIA_ROOT by its SHA-256; returns (path, sha256)."""
    if upload is None:
        raise RuleViolation("请上传决定或报备文件（PDF）")
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise RuleViolation(f"文件超过 {settings.DOCUMENT_MAX_BYTES // (1024 * 1024)} MB")
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise RuleViolation("文件内容不是 PDF，请上传 PDF 文件")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    target = Path(settings.MEDIA_ROOT) / folder / timezone.localdate().strftime("%Y") / f"{digest.hexdigest()}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(target), digest.hexdigest()
