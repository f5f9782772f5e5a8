"""Spot checks (双随机一公开, 55号 §3): an inspector pool, campaigns drawn with a published seed, findings."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation, Region
from zhicheng.committees.models import Committee


class InspectorPoolMember(models.Model):
    """A bureau staff member or an expert the bureau of `region` has designated as a spot-check inspector."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspector_pools", verbose_name="检查人员"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所属地区")
    active = models.BooleanField("在库", default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="添加人"
    )
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查人员库"
        ordering = ["region__path", "user__name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="inspector_pool_unique_user_region")]

    def __str__(self) -> str:
        return f"{self.user} · {self.region}"


class Campaign(models.Model):
    """One spot-check campaign of a bureau's region and year; the draw is replayable from seed and candidates."""

    class State(models.TextChoices):
        DRAWN = "drawn", "检查中"
        PUBLISHED = "published", "已公开"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="抽查地区")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAWN)
    seed = models.CharField("随机种子", max_length=100)
    committee_candidates = models.JSONField("评委会候选（按编号排序）", default=list)
    organiser_candidates = models.JSONField("组建单位候选（按编号排序）", default=list)
    inspector_candidates = models.JSONField("检查人员候选（用户编号排序）", default=list)
    committee_count = models.PositiveIntegerField("抽取评委会数", default=0)
    organiser_count = models.PositiveIntegerField("抽取组建单位数", default=0)
    inspector_count = models.PositiveIntegerField("抽取检查人员数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "抽查任务"
        ordering = ["-year", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CampaignInspector(models.Model):
    """An inspector drawn for a campaign, in draw order; the candidates are the pool's distinct user ids."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="inspectors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspections")
    order = models.PositiveIntegerField("抽取顺序")

    class Meta:
        verbose_name = verbose_name_plural = "抽中检查人员"
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="campaign_inspector_unique")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.user}"


class InspectedUnit(models.Model):
    """A committee or an organising unit drawn for a campaign, in draw order."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "评审委员会"
        ORGANISER = "organiser", "组建单位"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    committee = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField("抽取顺序")

    class Meta:
        verbose_name = verbose_name_plural = "被抽查对象"
        ordering = ["campaign", "kind", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="committee", committee__isnull=False, organisation__isnull=True))
                | (models.Q(kind="organiser", committee__isnull=True, organisation__isnull=False)),
                name="inspected_unit_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        target = self.committee if self.kind == self.Kind.COMMITTEE else self.organisation
        return str(target)


class Finding(models.Model):
    """What the inspectors found at one unit; final once the campaign is published."""

    class Rating(models.TextChoices):
        PASS = "pass", "合格"
        BASIC = "basic", "基本合格"
        FAIL = "fail", "不合格"

    unit = models.OneToOneField(InspectedUnit, on_delete=models.CASCADE, related_name="finding")
    rating = models.CharField("结论", max_length=10, choices=Rating.choices)
    text = models.TextField("检查情况")
    issues = models.JSONField("发现问题", default=list, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查结果"

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_rating_display()}"
