"""Early warnings (跟踪预警, 55号 §3): what the detectors, re-reviews and complaints raise, for a person to
confirm or dismiss with a reason."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation, Region
from zhicheng.committees.models import Committee

# How much of a finding's key and summary an alert holds (raise_alerts cuts longer ones).
KEY_LENGTH = 200
SUMMARY_LENGTH = 300


class Alert(models.Model):
    class Kind(models.TextChoices):
        DUPLICATE_IDENTIFIER = "duplicate_identifier", "同一成果编号多人申报"
        NEAR_DUPLICATE = "near_duplicate", "业绩描述雷同"
        CE_DAILY = "ce_daily", "单日学时超限"
        CE_LAST_MINUTE = "ce_last_minute", "学时集中于申报前"
        PASS_RATE = "pass_rate", "评委会通过率异常"
        EXPERT_OUTLIER = "expert_outlier", "专家评分持续偏离"
        ARCHIVE_SHORTFALL = "archive_shortfall", "业绩档案未达5倍"
        OVERDUE = "overdue", "报备逾期"
        REREVIEW_DISPUTE = "rereview_dispute", "复审存疑"

    class Severity(models.TextChoices):
        LOW = "low", "提示"
        MEDIUM = "medium", "关注"
        HIGH = "high", "严重"

    class State(models.TextChoices):
        OPEN = "open", "待处理"
        CONFIRMED = "confirmed", "已确认"
        DISMISSED = "dismissed", "已排除"

    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    severity = models.CharField("等级", max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    key = models.CharField(
        "去重键", max_length=KEY_LENGTH, help_text="同一类型同一对象只提一次：再次检出只更新时间，已排除的不再重提"
    )
    summary = models.CharField("摘要", max_length=SUMMARY_LENGTH)
    evidence = models.JSONField("证据", default=dict)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属地区")
    committee = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    reason = models.TextField("处理说明", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("发现时间", auto_now_add=True)
    last_seen_at = models.DateTimeField("最近一次检出", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "跟踪预警"
        ordering = ["state", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="alert_once_per_subject")]
        indexes = [models.Index(fields=["region", "state", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.summary}"
