"""Certificates (职称证书, 55号 §4(三)): one per certified case, numbered per issuing bureau and year, its PDF kept
with its SHA-256, verifiable by anyone who has the number and the holder's name, revocable for fraud (40号令).

What the certificate says is copied onto the row when it is issued, so renaming a title or a bureau later does
not change a certificate already in someone's hands; the foreign keys are there for scoping and bookkeeping.
"""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation, Professional
from zhicheng.applications.models import Application, IntegrityRecord
from zhicheng.archive.models import TitleHeld
from zhicheng.policy.models import Title


def certificate_path(instance: "Certificate", filename: str) -> str:
    return f"certificates/{instance.year}/{instance.sha256}.pdf"


class CertificateCounter(models.Model):
    """The last serial a bureau issued in a year; locking this row makes numbers gapless under concurrency."""

    bureau = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="发证机关")
    year = models.PositiveSmallIntegerField("年度")
    last_serial = models.PositiveIntegerField("已用流水号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "证书编号计数器"
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="certificate_counter_once")]

    def __str__(self) -> str:
        return f"{self.bureau} {self.year}年 {self.last_serial}"


class Certificate(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate", verbose_name="申报"
    )
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="certificates", verbose_name="持证人"
    )
    bureau = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="发证机关")
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="发证时工作单位"
    )
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="+", verbose_name="职称")

    number = models.CharField("证书编号", max_length=40, unique=True)
    year = models.PositiveSmallIntegerField("发证年度")
    serial = models.PositiveIntegerField("流水号")

    # What the certificate says, as issued.
    holder_name = models.CharField("姓名", max_length=50)
    holder_sex = models.CharField("性别", max_length=1)
    holder_id_number = models.CharField("身份证号", max_length=18)
    title_name = models.CharField("职称名称", max_length=50)
    series_name = models.CharField("系列", max_length=50)
    specialty_name = models.CharField("专业", max_length=50)
    committee_name = models.CharField("评审委员会", max_length=100)
    bureau_name = models.CharField("发证机关名称", max_length=100)
    employer_name = models.CharField("工作单位名称", max_length=100)
    approved_on = models.DateField("评审通过日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    issued_on = models.DateField("发证日期")

    file = models.FileField("电子证书", upload_to=certificate_path, max_length=200)
    sha256 = models.CharField("文件 SHA-256", max_length=64)
    size = models.PositiveIntegerField("文件大小（字节）")

    # The archive row this certificate put there; removed again on revocation.
    title_held = models.OneToOneField(
        TitleHeld, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("发证时间")

    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField("撤销理由", blank=True)
    revocation_evidence = models.TextField("证据说明", blank=True)
    integrity_record = models.ForeignKey(
        IntegrityRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "职称证书"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "serial"], name="certificate_serial_once"),
            models.CheckConstraint(condition=models.Q(serial__gte=1), name="certificate_serial_positive"),
        ]
        indexes = [
            models.Index(fields=["bureau", "-issued_at", "-id"], name="certificate_bureau_recent"),
            models.Index(fields=["employer", "-issued_at", "-id"], name="certificate_employer_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name} {self.title_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def masked_name(self) -> str:
        return mask_name(self.holder_name)


def mask_name(name: str) -> str:
    """张伟 → 张*, 欧阳娜娜 → 欧***: the public page shows only the first character of the name."""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""
