"""The audit log: append-only events, each chained to its predecessor by SHA-256."""

from django.db import models

GENESIS_HASH = "0" * 64


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除")


class Event(models.Model):
    """One thing that happened: who did what to which object, from which state to which, and why."""

    created_at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_name = models.CharField("操作人", max_length=100, blank=True)
    actor_role = models.CharField("角色", max_length=20, blank=True)
    action = models.CharField("操作", max_length=60)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象ID", max_length=40)
    before = models.CharField("操作前", max_length=40, blank=True)
    after = models.CharField("操作后", max_length=40, blank=True)
    reason = models.TextField("理由", blank=True)
    request_id = models.CharField("请求ID", max_length=64, blank=True)
    data = models.JSONField("附加信息", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计事件"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_event_object")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除")


class ChainHead(models.Model):
    """The one row that holds the newest hash; locking it serialises appends so the chain never forks."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    last_event_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"审计链头 #{self.last_event_id}"
