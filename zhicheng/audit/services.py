"""Appending to the audit log; every state change in the platform calls `record_event` in its transaction."""

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.chain import event_hash
from zhicheng.audit.models import ChainHead, Event
from zhicheng.lib.request_context import current_request_id


def _object_key(obj) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def record_event(
    *,
    actor,
    action: str,
    obj,
    before: str = "",
    after: str = "",
    reason: str = "",
    data: dict | None = None,
) -> Event:
    """Append one event, chained to the newest one. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the state change's transaction")
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    object_type, object_id = _object_key(obj)
    event = Event(
        created_at=timezone.now(),
        actor_id=getattr(actor, "pk", None),
        actor_name=(getattr(actor, "name", "") or getattr(actor, "username", "")) if actor else "系统",
        actor_role=getattr(actor, "role", "") if actor else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        reason=reason,
        request_id=current_request_id(),
        data=data or {},
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event.prev_hash, event)
    event.save()
    head.last_hash = event.hash
    head.last_event_id = event.pk
    head.save(update_fields=["last_hash", "last_event_id"])
    return event


class _ExportTarget:
    """What an export event points at: the kind of list, since an export has no row of its own."""

    class _meta:
        label_lower = "export"

    def __init__(self, what: str) -> None:
        self.pk = what


@transaction.atomic
def record_export(*, actor, what: str, count: int, query: str = "") -> Event:
    """Exports of personal data are on the record: who exported which list, how many rows, with what filter."""
    return record_event(actor=actor, action="export", obj=_ExportTarget(what), reason=query, data={"rows": count})
