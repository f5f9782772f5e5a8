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
    first_year = models.PositiveSmallIntegerField("起始年度", null=True, blank=True, help_text="留空表示不限")
    last_year = models.PositiveSmallIntegerField("截止年度", null=True, blank=True, help_text="留空表示不限")

    class Meta:
        verbose_name = verbose_name_plural = "评审范围"
        constraints = [
            models.UniqueConstraint(fields=["committee", "specialty", "title"], name="scope_unique_line"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.specialty or self.series} · {self.title}（{self.get_mode_display()}）"


class StatusChange(models.Model):
    """One step of a committee's status (告诫 → 责令整改 → 暂停评审权 → 恢复), with its reason and document."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="status_changes")
    before = models.CharField("原状态", max_length=20, choices=Committee.Status.choices)
    after = models.CharField("新状态", max_length=20, choices=Committee.Status.choices)
    reason = models.TextField("理由")
    document_path = models.CharField("文件", max_length=300)
    document_sha256 = models.CharField(max_length=64)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评委会状态变更"
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.committee} {self.get_before_display()} → {self.get_after_display()}"


class Expert(models.Model):
    """A member of the expert pool (评审专家库): what they may evaluate and where they come from."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile")
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, verbose_name="专业")
    title = models.ForeignKey(Title, on_delete=models.PROTECT, verbose_name="职称")
    employer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="工作单位")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="所在地区")
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审专家"
        ordering = ["user__name"]

    def __str__(self) -> str:
        return str(self.user)


class DeclaredConflict(models.Model):
    """A conflict an expert declares ahead: a relative, a former employer, a student or advisor."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", "亲属"
        FORMER_EMPLOYER = "former_employer", "原工作单位"
        ADVISOR = "advisor", "师生关系"
        COLLABORATOR = "collaborator", "近期合作"
        OTHER = "other", "其他"

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    person_id_number = models.CharField("相关人员身份证号", max_length=18, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回避关系申报"

    def __str__(self) -> str:
        return f"{self.expert} {self.get_kind_display()}"


class AnnualPlan(models.Model):
    """A committee's evaluation plan for a year (年度评审计划, 附件1/2), checked against working days."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("年度")
    application_opens = models.DateField("申报开始")
    application_closes = models.DateField("申报截止")
    review_deadline = models.DateField("审核截止", help_text="单位、主管部门审核及受理、资格审查完成")
    pre_publicity_start = models.DateField("评前公示开始")
    meeting_report_by = models.DateField("评审会议报告日", help_text="向人力社保局报告评审准备情况")
    meeting_date = models.DateField("评审会议")
    result_publicity_start = models.DateField("评后公示开始")
    # The meeting ranks two lists (55号 §2): each may have its own pass line on the quantified score.
    pass_score = models.DecimalField("综合评分合格线", max_digits=5, decimal_places=1, null=True, blank=True)
    mountain_pass_score = models.DecimalField(
        "山区26县单列合格线", max_digits=5, decimal_places=1, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度评审计划"
        ordering = ["year", "meeting_date"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="annual_plan_once_a_year")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}年度评审计划"


class Filing(models.Model):
    """A self-evaluating unit's filing (55号 §4(四)): plans, meeting reports, the year's summary."""

    class Kind(models.TextChoices):
        THREE_YEAR_PLAN = "three_year_plan", "三年评聘规划"
        ANNUAL_PLAN = "annual_plan", "年度评聘方案"
        SUMMARY = "summary", "年度评聘总结"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="filings")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    document_path = models.CharField("文件", max_length=300)
    document_sha256 = models.CharField(max_length=64)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    authority_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authority_approved_at = models.DateTimeField(null=True, blank=True)
    bureau_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bureau_approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "自主评聘报备"
        ordering = ["-filed_at"]
        constraints = [models.UniqueConstraint(fields=["committee", "kind", "year"], name="filing_once")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} {self.get_kind_display()}"
