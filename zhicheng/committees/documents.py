"""Documents a bureau or unit attaches (status decisions, plans, summaries): PDF only, checked by content."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from zhicheng.lib.errors import RuleViolation
from zhicheng.lib.uploads import file_kind, sha256_of


def store_pdf(upload, folder: str) -> tuple[str, str]:
    """Save an uploaded PDF under MEDIA_ROOT by its SHA-256; returns (path, sha256)."""
    if upload is None:
        raise RuleViolation("请上传决定或报备文件（PDF）")
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise RuleViolation(f"文件超过 {settings.DOCUMENT_MAX_BYTES // (1024 * 1024)} MB")
    if (file_kind(upload) or ("",))[0] != "pdf":
        raise RuleViolation("文件内容不是 PDF，请上传 PDF 文件")
    sha256 = sha256_of(upload)
    target = Path(settings.MEDIA_ROOT) / folder / timezone.localdate().strftime("%Y") / f"{sha256}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(target), sha256
