"""Publication of results (发文公布, 55号 §4(三)): the office's request with 附件4-2 and 附件4-3, the bureau's
numbered document, and what anyone may read of it.

After the result publicity of a committee's cases is over, its office files 《关于要求公布评审通过人员名单的函》
(附件4-2) with 《评审通过人员名单》(附件4-3) to the bureau where the committee sits; that bureau checks the list
and publishes it by a document numbered per bureau and year (莲人社〔2022〕N号), or returns the request.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhicheng.accounts.models import Organisation
from zhicheng.applications.models import Application
from zhicheng.committees.models import Committee


class DocumentPrefix(models.Model):
    """A bureau's 发文代字, the short form that heads its document numbers (莲人社, 丽人社, 浙人社).

    Filled from the bureau's region the first time it publishes (see numbering.derive_prefix), and kept here
    so an administrator can correct it; a published number never changes with it.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="document_prefix", verbose_name="人力社保局"
    )
    prefix = models.CharField("发文代字", max_length=20, help_text="如 莲人社、丽人社；文号为 代字〔年份〕序号号")

    class Meta:
        verbose_name = verbose_name_plural = "发文代字"
        ordering = ["organisation__region__path"]

    def __str__(self) -> str:
        return f"{self.organisation}：{self.prefix}"


class DocumentCounter(models.Model):
    """The last number a bureau gave a publication in a year: locked while the next one is taken, so the
    numbers run 1, 2, 3 … with no gap and no repeat however many publish at once."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="人力社保局"
    )
    year = models.PositiveSmallIntegerField("年份")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "发文序号"
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="document_counter_once_a_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}年 已用至{self.last_number}号"


class PublicationRequest(models.Model):
    """The office's request to publish a committee's passed list of a year (附件4-2 with 附件4-3)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        PUBLISHED = "published", "已发文公布"
        RETURNED = "returned", "已退回"

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="publication_requests", verbose_name="评审委员会"
    )
    year = models.PositiveSmallIntegerField("评审年度")
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="报送单位")
    bureau = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="publication_requests",
        verbose_name="审核发文单位",
        help_text="评委会设立地的人力社保局",
    )
    letter_number = models.CharField("函号", max_length=50, help_text="如 莲职改办〔2022〕3号")
    letter_date = models.DateField("函的日期")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED)
    letter = models.FileField("关于要求公布评审通过人员名单的函（附件4-2）", upload_to="publication/%Y/")
    letter_sha256 = models.CharField(max_length=64)
    name_list = models.FileField("评审通过人员名单（附件4-3）", upload_to="publication/%Y/")
    name_list_sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公布评审通过人员名单的函"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "state"], name="pubrequest_bureau_state"),
            models.Index(fields=["committee", "year"], name="pubrequest_committee_year"),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} {self.committee}{self.year}年度"


class PublicationEntry(models.Model):
    """One passed case on a request's list, as 附件4-3 shows it; fixed when the office files it. Only the masked
    ID number is kept: the list goes public. A case is on at most one live list (returned lists let go)."""

    request = models.ForeignKey(PublicationRequest, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="publication_entries")
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, blank=True)
    masked_id_number = models.CharField("身份证号（隐去）", max_length=18, blank=True)
    employer = models.CharField("工作单位", max_length=100)
    specialty = models.CharField("专业", max_length=50)
    title = models.CharField("评审通过资格", max_length=50)
    in_mountain_pool = models.BooleanField("山区26县单列", default=False)
    live = models.BooleanField("有效", default=True, help_text="所在的函被退回后失效，可重新报送")

    class Meta:
        verbose_name = verbose_name_plural = "评审通过人员"
        ordering = ["request_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "application"], name="publication_entry_once_per_request"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(live=True), name="publication_entry_one_live_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name} {self.title}"


class Publication(models.Model):
    """The bureau's document that publishes a request's list (发文公布), numbered per bureau per year."""

    request = models.OneToOneField(
        PublicationRequest, on_delete=models.PROTECT, related_name="publication", verbose_name="公布申请"
    )
    bureau = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="发文单位")
    year = models.PositiveSmallIntegerField("发文年份")
    number = models.PositiveIntegerField("序号")
    document_number = models.CharField("文号", max_length=50, help_text="如 莲人社〔2022〕12号")
    published_on = models.DateField("发文日期")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField("操作时间")

    class Meta:
        verbose_name = verbose_name_plural = "评审结果公布"
        ordering = ["-published_on", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "number"], name="publication_number_unique"),
        ]

    def __str__(self) -> str:
        return self.document_number
