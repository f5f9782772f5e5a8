"""What an uploaded file is, judged by its first bytes (never by its name), and its SHA-256."""

import hashlib

from django.core.files.uploadedfile import UploadedFile

SIGNATURES = [
    (b"%PDF-", "pdf", "PDF 文件"),
    (b"\x89PNG\r\n\x1a\n", "png", "PNG 图片"),
    (b"\xff\xd8\xff", "jpg", "JPG 图片"),
]


def file_kind(upload: UploadedFile) -> tuple[str, str] | None:
    """("pdf", "PDF 文件") and the like for a known type, None otherwise; the upload is left rewound."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return next(((kind, label) for magic, kind, label in SIGNATURES if head.startswith(magic)), None)


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
