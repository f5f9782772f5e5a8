"""The manifest kept next to each backup file: what was backed up, when, and the file's checksum."""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from zhicheng.backups.contents import Contents
from zhicheng.backups.errors import BackupError

FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    file: str
    size: int
    sha256: str
    contents: Contents

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, ensure_ascii=False, indent=2)


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(backup: Path, manifest: Manifest) -> Path:
    target = manifest_path(backup)
    target.write_text(manifest.to_json() + "\n", encoding="utf-8")
    return target


def read_manifest(backup: Path) -> Manifest | None:
    """The manifest beside `backup`, or None when there is none (a file copied without it)."""
    path = manifest_path(backup)
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        contents = Contents(**raw.pop("contents"))
        raw.pop("format", None)
        return Manifest(contents=contents, **raw)
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"备份清单 {path.name} 无法读取：{exc}") from exc


def check_file(backup: Path, manifest: Manifest) -> None:
    """Refuse a file whose checksum is not the manifest's: it was changed or damaged after the backup."""
    found = sha256_of(backup)
    if found != manifest.sha256:
        raise BackupError(
            f"备份文件 {backup.name} 的 SHA-256 为 {found}，与清单记录的 {manifest.sha256} 不符："
            "文件在备份后被改动或已损坏，不予恢复"
        )
