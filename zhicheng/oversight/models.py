"""Oversight of committees (55号 §3): the yearly re-review (复审) of decided cases, and the register of
complaints that may lead a bureau to warn, order rectification of, or suspend a committee."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Region
from zhicheng.applications.models import Application
from zhicheng.committees.models import Committee


class RereviewDraw(models.Model):
    """A bureau's yearly sample of the decided cases of each committee in its region, replayable from its
    seed: for each committee, the candidates (case ids in id order) and the sample size are stored."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="抽查地区")
    year = models.PositiveSmallIntegerField("评审年度")
    seed = models.CharField("抽取种子", max_length=64)
    percent = models.DecimalField("抽样比例（%）", max_digits=5, decimal_places=2)
    # {committee id: {"candidates": [case ids in id order], "size": n}}
    candidates = models.JSONField("各评委会候选案件", default=dict)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "复审抽样"
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="rereview_draw_once_a_year")]

    def __str__(self) -> str:
        return f"{self.region.full_name}{self.year}年度复审抽样"


class Rereview(models.Model):
    """One sampled case, its re-reviewer (never a panelist of its meeting) and their verdict."""

    class State(models.TextChoices):
        DRAWN = "drawn", "待指定复审专家"
        ASSIGNED = "assigned", "待复审"
        CONFIRMED = "confirmed", "维持原评审结果"
        DISPUTED = "disputed", "复审存疑"

    draw = models.ForeignKey(RereviewDraw, on_delete=models.CASCADE, related_name="cases")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+", verbose_name="案件")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+", verbose_name="评委会")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rereviews",
        verbose_name="复审专家",
    )
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAWN)
    reason = models.TextField("复审意见", blank=True)
    decided_at = models.DateTimeField("复审时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复审案件"
        ordering = ["draw_id", "committee_id", "application_id"]
        constraints = [models.UniqueConstraint(fields=["draw", "application"], name="rereview_case_once")]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_state_display()}"


class Complaint(models.Model):
    """A complaint against a committee (or self-evaluating unit). Upheld objections are not copied here:
    the register counts them straight from the publicity app's objections."""

    class Source(models.TextChoices):
        OBJECTION = "objection", "异议成立"
        PUBLIC = "public", "群众投诉"
        INSPECTION = "inspection", "抽查发现"
        REREVIEW = "rereview", "复审存疑"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="complaints")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    text = models.TextField("投诉内容", max_length=5000)
    received_on = models.DateField("收到日期")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="相关案件"
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "投诉"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["committee", "received_on"], name="complaint_committee_date")]

    def __str__(self) -> str:
        return f"{self.committee} · {self.get_source_display()} · {self.received_on}"
