"""Evaluation committees (评委会): who they evaluate (scope), who runs them (office), who sits on them."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation, Region
from zhicheng.policy.models import Series, Specialty, Title


class Committee(models.Model):
    class Level(models.TextChoices):
        JUNIOR = "junior", "初评委"
        INTERMEDIATE = "intermediate", "中评委"
        SENIOR = "senior", "高评委"

    class Kind(models.TextChoices):
        REGULAR = "regular", "常设评委会"
        SELF_EVALUATING = "self_evaluating", "自主评聘"
        SOCIALISED = "socialised", "社会化评价"

    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        WARNED = "warned", "告诫"
        RECTIFYING = "rectifying", "责令整改"
        SUSPENDED = "suspended", "暂停评审权"

    name = models.CharField("名称", max_length=100, unique=True)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="organised_committees", verbose_name="组建单位"
    )
    offices = models.ManyToManyField(Organisation, related_name="office_of", verbose_name="办公室（组成单位）")
    seat_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="设立地")
    jurisdiction = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="受理范围",
        help_text="受理该地区及其下级地区的申报",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="committees", verbose_name="评审专家"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.TextField("状态说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审委员会"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Scope(models.Model):
    """One line of a committee's remit: a title in a series, for one specialty or (blank) all of them."""

    class Mode(models.TextChoices):
        DECIDE = "decide", "评审"
        RECOMMEND = "recommend", "推荐"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="scopes", verbose_name="评委会")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, verbose_name="系列")
    specialty = models.ForeignKey(
        Specialty,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="专业",
        help_text="留空表示本系列各专业",
    )
    title = models.ForeignKey(Title, on_delete=models.PROTECT, verbose_name="职称")
    mode = models.CharField("方式", max_length=20, choices=Mode.choices, default=Mode.DECIDE)

    class Meta:
        verbose_name = verbose_name_plural = "评审范围"
        constraints = [
            models.UniqueConstraint(fields=["committee", "specialty", "title"], name="scope_unique_line"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.specialty or self.series} · {self.title}（{self.get_mode_display()}）"
