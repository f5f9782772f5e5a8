"""Publicity (公示): a list of cases shown to the public for a number of working days, and objections."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation
from zhicheng.applications.models import Application
from zhicheng.committees.models import Committee


class Publicity(models.Model):
    class Kind(models.TextChoices):
        IN_UNIT = "in_unit", "单位内公示"
        PRE_EVALUATION = "pre_evaluation", "评前公示"
        RESULT = "result", "评后公示"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicities",
        help_text="评前、评后公示所属评委会；单位内公示为空",
    )
    title = models.CharField("标题", max_length=200)
    first_day = models.DateField("公示开始")
    last_day = models.DateField("公示截止", help_text="异议受理至该日结束")
    workdays = models.PositiveSmallIntegerField("公示工作日")
    provisional = models.BooleanField("日期暂定", default=False, help_text="该年度节假日尚未录入")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    publisher = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="发布单位")

    class Meta:
        verbose_name = verbose_name_plural = "公示"
        ordering = ["-first_day", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicityEntry(models.Model):
    """One case on a list, with what the public may read of it, fixed when published (ID masked)."""

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="publicity_entries")
    name = models.CharField("姓名", max_length=50)
    masked_id_number = models.CharField("身份证号（隐去）", max_length=18, blank=True)
    employer = models.CharField("单位", max_length=100)
    specialty = models.CharField("专业", max_length=50)
    title = models.CharField("申报职称", max_length=50)
    in_mountain_pool = models.BooleanField("山区26县单列", default=False)
    result = models.CharField("评审结果", max_length=20, blank=True, help_text="评后公示：通过或推荐上报")

    class Meta:
        verbose_name = verbose_name_plural = "公示名单"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["publicity", "application"], name="publicity_entry_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.title}"


class Objection(models.Model):
    """An objection filed by anyone during the period; the office investigates and answers it."""

    class State(models.TextChoices):
        OPEN = "open", "待调查"
        DISMISSED = "dismissed", "异议不成立"
        UPHELD = "upheld", "异议成立"

    class Outcome(models.TextChoices):
        RETURN = "return", "退回修改"
        REJECT = "reject", "资格审查不通过"
        VETO = "veto", "一票否决"
        OVERTURN = "overturn", "撤销评审通过"

    entry = models.ForeignKey(PublicityEntry, on_delete=models.PROTECT, related_name="objections")
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    text = models.TextField("异议内容", max_length=5000)
    filed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.OPEN)
    outcome = models.CharField("处理", max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField("调查处理意见", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "异议"
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_state_display()}"
