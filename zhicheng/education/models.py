"""Continuing-education hours (继续教育学时) per professional and year, and the imports that bring them."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation, Professional


class Category(models.TextChoices):
    PROFESSIONAL = "professional", "专业科目"
    GENERAL_PUBLIC = "general_public", "一般公需科目"
    INDUSTRY_PUBLIC = "industry_public", "行业公需科目"
    OTHER_PUBLIC = "other_public", "其他公需科目"


PUBLIC_CATEGORIES = (Category.GENERAL_PUBLIC, Category.INDUSTRY_PUBLIC, Category.OTHER_PUBLIC)


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "导入中"
        SUCCEEDED = "succeeded", "已导入"
        FAILED = "failed", "有错误，未导入"

    file_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    stored_path = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已检查行数", default=0)
    imported_rows = models.PositiveIntegerField("新增记录", default=0)
    duplicate_rows = models.PositiveIntegerField("重复记录", default=0)
    error_count = models.PositiveIntegerField("错误行数", default=0)
    error_report_path = models.CharField(max_length=300, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学时导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class CERecord(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "本人登记"
        IMPORT = "import", "批量导入"

    class Status(models.TextChoices):
        PENDING = "pending", "待单位确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "未确认"

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="ce_records")
    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField("科目类别", max_length=20, choices=Category.choices)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    course = models.CharField("课程名称", max_length=200)
    provider = models.CharField("培训机构", max_length=200, blank=True)
    study_date = models.DateField("学习日期")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    # Same person, year, category, course, date and hours: the same record, however often a file is imported.
    fingerprint = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "继续教育学时"
        ordering = ["-year", "-study_date"]
        indexes = [models.Index(fields=["professional", "year"], name="ce_record_person_year")]

    def __str__(self) -> str:
        return f"{self.professional} {self.year} {self.get_category_display()} {self.hours}"


class ComplianceSnapshot(models.Model):
    """The batch's answer for one person and application year, kept for lists and dashboards.

    `streak` is how many years in a row, ending with `year`, comply (grandfathered years included, at most
    10): an application needing N years-in-grade complies exactly when streak ≥ max(N, the two-year rule).
    """

    # Derived data the batch rewrites wholesale from a join with the professionals: a database-level foreign
    # key and its own index would cost a trigger and an index entry per row for nothing the join does not
    # already guarantee. The unique (year, professional) index serves every read.
    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    year = models.PositiveSmallIntegerField("申报年度")
    streak = models.PositiveSmallIntegerField("连续合格年数")
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "继续教育合规快照"
        constraints = [models.UniqueConstraint(fields=["year", "professional"], name="compliance_snapshot_unique")]

    def __str__(self) -> str:
        return f"{self.professional_id} {self.year} {self.streak}"
