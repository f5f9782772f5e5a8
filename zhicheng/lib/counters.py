"""Gapless numbers under concurrency: one counter row per key, locked while a number is taken.

The row stays locked until the caller's transaction ends, so a second taker waits and gets the following
number; if the caller's transaction rolls back, the number is not spent either."""

from django.db import models, transaction


def take_next(counter: type[models.Model], field: str, **key) -> int:
    """The next value of `field` in the counter row for `key`, created on first use without racing another
    first use (a conflicting insert is ignored, and both then lock the one row)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_next must run inside the transaction that uses the number")
    manager = counter._default_manager
    manager.bulk_create([counter(**key)], ignore_conflicts=True)
    row = manager.select_for_update().get(**key)
    value = getattr(row, field) + 1
    setattr(row, field, value)
    row.save(update_fields=[field])
    return value
