"""Hashing of audit events: the canonical content of an event, and the walk that verifies the chain."""

import hashlib
import json
from dataclasses import dataclass

from zhicheng.audit.models import GENESIS_HASH, Event

HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "reason",
    "request_id",
    "data",
)


def canonical_content(event: Event) -> str:
    content = {name: getattr(event, name) for name in HASHED_FIELDS}
    content["created_at"] = event.created_at.isoformat(timespec="microseconds")
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(prev_hash: str, event: Event) -> str:
    return hashlib.sha256((prev_hash + canonical_content(event)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    problem: str = ""


def verify_chain(chunk_size: int = 2000, using: str = "default") -> VerifyResult:
    """Walk every event in order; the first whose link or content does not hash right is named.
    `using` names another database, e.g. one a backup was just restored into."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in Event.objects.using(using).order_by("id").iterator(chunk_size=chunk_size):
        if event.prev_hash != expected_prev:
            return VerifyResult(False, checked, event.pk, "与前一事件的链接不符（前序事件被改动、删除或插入）")
        if event_hash(event.prev_hash, event) != event.hash:
            return VerifyResult(False, checked, event.pk, "内容与哈希不符（事件内容被改动）")
        expected_prev = event.hash
        checked += 1
    return VerifyResult(True, checked)
