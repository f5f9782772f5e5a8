"""Evidence files: the type read from the first bytes (never the name), a size limit, the SHA-256 as the name."""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from zhicheng.lib.errors import RuleViolation
from zhicheng.lib.uploads import file_kind, sha256_of

EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpg", ".jpeg": "jpg"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    file_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return settings.ARCHIVE_UPLOAD_MAX_BYTES


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def ensure_size(size: int) -> None:
    if size > max_bytes():
        raise RuleViolation(
            f"文件大小为 {size_text(size)}，超过每个文件 {size_text(max_bytes())} 的上限，请压缩后再上传"
        )


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse what is too big, empty, not a PDF/PNG/JPG by content, or named as another type than it is."""
    name = PurePosixPath(upload.name or "").name[:200] or "未命名"
    size = upload.size or 0
    ensure_size(size)
    if size == 0:
        raise RuleViolation("文件是空的，请重新选择文件")
    found = file_kind(upload)
    if found is None:
        raise RuleViolation("只能上传 PDF、PNG 或 JPG 文件（按文件内容识别），此文件不是这三种格式")
    kind, label = found
    extension = PurePosixPath(name).suffix.lower()
    if EXTENSIONS.get(extension) != kind:
        raise RuleViolation(f"文件内容是{label}，但文件名后缀为「{extension or '无'}」，二者不符；请核对文件后重新上传")
    return CheckedFile(name=name, file_type=kind, size=size, sha256=sha256_of(upload))


def evidence_response(evidence) -> FileResponse:
    """The stored file with the type found at upload, inline, never cached by a shared cache."""
    response = FileResponse(evidence.file.open("rb"), content_type=CONTENT_TYPES[evidence.file_type])
    response["Content-Disposition"] = f"inline; filename=evidence-{evidence.pk}.{evidence.file_type}"
    response["Cache-Control"] = "private, no-store"
    return response
