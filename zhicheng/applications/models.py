"""The case (一件申报): who applies for which title, where it is routed, and where it stands."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation, Professional
from zhicheng.committees.models import Committee, Scope
from zhicheng.policy.models import Series, Specialty, Title


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待单位审核"
    EMPLOYER_APPROVED = "employer_approved", "单位已推荐"
    AUTHORITY_APPROVED = "authority_approved", "主管部门已审核"
    ACCEPTED = "accepted", "已受理"
    QUALIFIED = "qualified", "资格审查通过"
    PRE_PUBLICITY = "pre_publicity", "评前公示"
    SCHEDULED = "scheduled", "待评审"
    EVALUATED = "evaluated", "已评审"
    RESULT_PUBLICITY = "result_publicity", "评后公示"
    PUBLISHED = "published", "已公布"
    CERTIFIED = "certified", "已发证"
    ARCHIVED = "archived", "已归档"
    RETURNED = "returned", "退回修改"
    WITHDRAWN = "withdrawn", "已撤回"
    REJECTED = "rejected", "不予受理"
    VETOED = "vetoed", "一票否决"


# The main path in order; the step bar of a case page follows it.
MAIN_PATH = [
    State.DRAFT,
    State.SUBMITTED,
    State.EMPLOYER_APPROVED,
    State.AUTHORITY_APPROVED,
    State.ACCEPTED,
    State.QUALIFIED,
    State.PRE_PUBLICITY,
    State.SCHEDULED,
    State.EVALUATED,
    State.RESULT_PUBLICITY,
    State.PUBLISHED,
    State.CERTIFIED,
    State.ARCHIVED,
]
CLOSED_STATES = {State.ARCHIVED, State.WITHDRAWN, State.REJECTED, State.VETOED}


class Outcome(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"
    RECOMMENDED = "recommended", "推荐上报"


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name="申报人"
    )
    professional = models.ForeignKey(
        Professional,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="专业技术人才",
    )
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", verbose_name="申报单位"
    )
    year = models.PositiveSmallIntegerField("评审年度")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, verbose_name="系列")
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, verbose_name="专业")
    title = models.ForeignKey(Title, on_delete=models.PROTECT, verbose_name="申报职称")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="applications", verbose_name="评审委员会"
    )
    scope_mode = models.CharField("评审方式", max_length=20, choices=Scope.Mode.choices, default=Scope.Mode.DECIDE)
    routing_reason = models.TextField("分配说明", blank=True)
    statement = models.TextField("个人陈述", blank=True)
    state = models.CharField("状态", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    outcome = models.CharField("评审结果", max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    round = models.PositiveSmallIntegerField("提交轮次", default=0, help_text="每提交（含退回后重新提交）一次加一")
    # Recorded at each submission from the employer's region and the work history (单列评审, 55号 §2).
    in_mountain_pool = models.BooleanField("山区26县单列", default=False)
    mountain_years = models.DecimalField("山区26县工作年限", max_digits=4, decimal_places=1, default=0)

    class Meta:
        verbose_name = verbose_name_plural = "职称申报"
        ordering = ["-updated_at", "-id"]
        indexes = [
            # Also holds the applicant, so counting a committee's cases found by name reads only the index.
            models.Index(fields=["committee", "state", "applicant"], name="application_committee_who"),
            # The workbench filtered by year (and state) inside a committee: 70,000 cases at province scale.
            models.Index(fields=["committee", "year", "state"], name="application_committee_year"),
            models.Index(fields=["employer", "state"], name="application_employer_state"),
            # An office's queue: one state of its committee, newest first (待受理 at province scale: the 50
            # newest of 4,500 were 26,000 rows deep in the committee's recency index).
            models.Index(fields=["committee", "state", "-updated_at", "-id"], name="application_committee_queue"),
            # An office's cases in the order they came in (sort=submitted), first come first served.
            models.Index(fields=["committee", "submitted_at", "-id"], name="application_committee_fifo"),
            # The workbench's default order, inside a committee or an employer, and across a region.
            models.Index(fields=["committee", "-updated_at", "-id"], name="application_committee_recent"),
            models.Index(fields=["employer", "-updated_at", "-id"], name="application_employer_recent"),
            models.Index(fields=["-updated_at", "-id"], name="application_recent"),
            # The 5× indicator's applicants of a year, per employer and per committee: counted from the index
            # alone, in order, with no sort (province: 180,000 cases of the year; 850 → 440 ms for the table).
            models.Index(fields=["year", "employer", "applicant", "state"], name="application_year_employer"),
            models.Index(fields=["year", "committee", "applicant", "state"], name="application_year_committee"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} · {self.year}年 · {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    # Every row of a case list shows these labels. Django's generated get_FOO_display flattens the choices
    # and builds a dict on each call: a tenth of a workbench page's time at 50 rows.
    def get_state_display(self) -> str:  # type: ignore[no-redef]  # Django then generates none
        return STATE_LABELS.get(self.state, self.state)

    def get_outcome_display(self) -> str:  # type: ignore[no-redef]
        return OUTCOME_LABELS.get(self.outcome, self.outcome)


STATE_LABELS = dict(State.choices)
OUTCOME_LABELS = dict(Outcome.choices)


class IntegrityRecord(models.Model):
    """A proven breach of integrity (学术造假): the person may not apply until `bars_until` (40号令)."""

    class Source(models.TextChoices):
        VETO = "veto", "一票否决"
        REVOCATION = "revocation", "撤销职称"

    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="integrity_records", verbose_name="专业技术人才"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="相关申报"
    )
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    reason = models.TextField("事实与依据")
    recorded_on = models.DateField("记录日期")
    bars_until = models.DateField("禁止申报至")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "诚信记录"
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return f"{self.professional} {self.get_source_display()} 至{self.bars_until}"


class ReviewRecord(models.Model):
    """One review of one round of a case: the items confirmed, or what a return asks to fix."""

    class Stage(models.TextChoices):
        ACCEPT = "accept", "受理"
        QUALIFY = "qualify", "资格审查"
        RETURN = "return", "退回修改"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField("轮次")
    stage = models.CharField("环节", max_length=20, choices=Stage.choices)
    items = models.JSONField("逐项记录", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审核记录"
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return f"第{self.round}轮 {self.get_stage_display()}"


class Material(models.Model):
    """An achievement from the archive chosen for a case. While the case is a draft it follows the archive;
    at submission its content is frozen here, so later archive edits do not change a submitted case (55号 §1)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    achievement = models.ForeignKey(
        "archive.Achievement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    representative = models.BooleanField("代表作", default=False)
    frozen = models.JSONField("提交时的内容", null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报业绩材料"
        ordering = ["-representative", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "achievement"], name="material_once_per_case"),
        ]

    def __str__(self) -> str:
        return (self.frozen or {}).get("title", "") or str(self.achievement or "")


class CaseArchive(models.Model):
    """The end of a case (归档, 55号 §4(三)): the dossier for the personal file, and the materials returned."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="case_archive")
    dossier = models.FileField("归档材料（PDF）", upload_to="dossiers/%Y/")
    dossier_sha256 = models.CharField("PDF 的 SHA-256", max_length=64)
    materials_returned_to = models.CharField("材料退还接收人", max_length=100)
    materials_returned_on = models.DateField("材料退还日期")
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField("归档时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "归档记录"

    def __str__(self) -> str:
        return f"{self.application} 归档"
