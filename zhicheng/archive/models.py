"""The performance archive (专业技术人才业绩档案库, 55号 §1): the profile around a Professional, and achievements.

The person is `accounts.Professional` (one person, one record, keyed by ID number); everything here hangs
off it. `Profile` also carries three figures the services keep current on every change, so that whether an
archive is complete is one indexed query over a whole province rather than a walk over its achievements.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from zhicheng.accounts.models import Professional, Region
from zhicheng.policy.models import Education, Title


def _not_in_future(value, field: str, label: str) -> dict[str, str]:
    return {field: f"{label}不能晚于今天"} if value and value > timezone.localdate() else {}


class Profile(models.Model):
    professional = models.OneToOneField(
        Professional, primary_key=True, on_delete=models.CASCADE, related_name="archive_profile"
    )
    phone = models.CharField("手机", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    # Kept by archive.services on every change (see services.refresh_profile).
    profile_complete = models.BooleanField("基本信息完整", default=False)
    verified_achievements = models.PositiveIntegerField("已核验业绩数", default=0)
    updated_at = models.DateTimeField("档案最近更新", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "业绩档案"

    def __str__(self) -> str:
        return str(self.professional)


class Degree(models.TextChoices):
    NONE = "none", "无学位"
    BACHELOR = "bachelor", "学士"
    MASTER = "master", "硕士"
    DOCTOR = "doctor", "博士"


class EducationEntry(models.Model):
    """One school record: education level, degree, school, major, dates (学历学位)."""

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="education_entries")
    level = models.CharField("学历", max_length=20, choices=Education.choices)
    degree = models.CharField("学位", max_length=20, choices=Degree.choices, default=Degree.NONE)
    school = models.CharField("毕业院校", max_length=100)
    major = models.CharField("所学专业", max_length=100)
    started_on = models.DateField("入学时间", null=True, blank=True)
    graduated_on = models.DateField("毕业时间")

    class Meta:
        verbose_name = verbose_name_plural = "学历学位"
        ordering = ["-graduated_on", "id"]

    def __str__(self) -> str:
        return f"{self.school} {self.get_level_display()}"

    def clean(self) -> None:
        errors = _not_in_future(self.graduated_on, "graduated_on", "毕业时间")
        if self.started_on and self.graduated_on and self.started_on >= self.graduated_on:
            errors["graduated_on"] = "毕业时间应晚于入学时间"
        if errors:
            raise ValidationError(errors)


class WorkPeriod(models.Model):
    """One period of work and where it was: the region makes years in a mountain county countable (55号 §2)."""

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="work_periods")
    organisation = models.CharField("工作单位", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="工作地（区/县）")
    position = models.CharField("岗位或职务", max_length=100, blank=True)
    started_on = models.DateField("起始时间")
    ended_on = models.DateField("结束时间", null=True, blank=True, help_text="至今在岗的留空")

    class Meta:
        verbose_name = verbose_name_plural = "工作经历"
        ordering = ["-started_on", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.started_on:%Y.%m}–{self.ended_on or '至今'}"

    def clean(self) -> None:
        errors = _not_in_future(self.started_on, "started_on", "起始时间")
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "结束时间不能早于起始时间"
        if self.region_id and self.region.level != Region.Level.COUNTY:
            errors["region"] = "请选择到区/县，以便计算在山区26县工作的年限"
        if errors:
            raise ValidationError(errors)


class TitleHeld(models.Model):
    class How(models.TextChoices):
        EVALUATED = "evaluated", "评审"
        EXAMINED = "examined", "考试"
        RECOGNISED = "recognised", "认定"
        ASSESSED = "assessed", "考核认定"
        TRANSFERRED = "transferred", "转评"

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="titles_held")
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="+", verbose_name="职称")
    obtained_on = models.DateField("取得时间")
    certificate_number = models.CharField("证书编号", max_length=50, blank=True)
    how = models.CharField("取得方式", max_length=20, choices=How.choices, default=How.EVALUATED)

    class Meta:
        verbose_name = verbose_name_plural = "已取得职称"
        ordering = ["-obtained_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.obtained_on:%Y-%m-%d}"

    def clean(self) -> None:
        if errors := _not_in_future(self.obtained_on, "obtained_on", "取得时间"):
            raise ValidationError(errors)


class Achievement(models.Model):
    class Kind(models.TextChoices):
        PAPER = "paper", "论文"
        PATENT = "patent", "专利"
        PROJECT = "project", "项目"
        AWARD = "award", "获奖"
        STANDARD = "standard", "标准"
        BOOK = "book", "著作"
        REPORT = "report", "技术报告"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待核验"
        VERIFIED = "verified", "已核验"
        RETURNED = "returned", "退回"

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="achievements")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    achieved_on = models.DateField("取得时间")
    role = models.CharField("本人角色或排名", max_length=50, help_text="如 第一作者、第2发明人、项目负责人")
    identifier = models.CharField(
        "标识号", max_length=100, blank=True, help_text="论文 DOI、专利号、标准号或项目编号，有则必填"
    )
    # The identifier in one spelling ("doi:10.1000/x", "patent:ZL2020…"): two people claiming it are flagged.
    identifier_key = models.CharField(max_length=120, blank=True, editable=False)
    description = models.TextField("简要说明", blank=True, max_length=2000)
    status = models.CharField("核验状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    return_reason = models.TextField("退回理由", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    needs_review = models.BooleanField("标识与他人重复，待复核", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "业绩"
        ordering = ["-achieved_on", "-id"]
        indexes = [
            models.Index(fields=["professional", "status"], name="achievement_person_status"),
            models.Index(
                fields=["identifier_key"], name="achievement_identifier", condition=~models.Q(identifier_key="")
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = _not_in_future(self.achieved_on, "achieved_on", "取得时间")
        if self.kind in (self.Kind.PATENT, self.Kind.STANDARD) and not (self.identifier or "").strip():
            errors["identifier"] = (
                f"{self.get_kind_display()}须填写{'专利号' if self.kind == self.Kind.PATENT else '标准号'}"
            )
        if errors:
            raise ValidationError(errors)


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"archive/evidence/{instance.sha256[:2]}/{instance.sha256}.{instance.file_type}"


class Evidence(models.Model):
    """A supporting file, checked by content, kept once per SHA-256, served only through a checked view."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG 图片"
        JPEG = "jpg", "JPG 图片"

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField("文件名", max_length=200)
    file_type = models.CharField("类型", max_length=10, choices=FileType.choices)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证明材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
