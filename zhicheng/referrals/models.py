"""Referral to the province (委托评审, 55号 §2, §4(三)): a case a committee recommends upward goes to the
province's senior committee with the city bureau's letter (委托评审函), and the province's decision is
recorded here when it comes back."""

from django.conf import settings
from django.db import models

from zhicheng.accounts.models import Organisation
from zhicheng.applications.models import Application


class Referral(models.Model):
    class Decision(models.TextChoices):
        PASSED = "passed", "评审通过"
        FAILED = "failed", "评审未通过"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="referral")
    number = models.CharField("委托评审函文号", max_length=50, help_text="如 丽人社函〔2022〕12号")
    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="出函单位")
    to_committee = models.CharField("受托评审委员会", max_length=100)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("出函时间")
    letter_docx = models.FileField("委托评审函（.docx）", upload_to="referrals/%Y/")
    letter_pdf = models.FileField("委托评审函（PDF）", upload_to="referrals/%Y/")
    letter_sha256 = models.CharField("PDF 的 SHA-256", max_length=64)
    decision = models.CharField("省级评审结果", max_length=10, choices=Decision.choices, blank=True)
    decision_document = models.CharField("省级发文文号", max_length=50, blank=True)
    certificate_number = models.CharField("证书编号", max_length=50, blank=True)
    decided_on = models.DateField("省级评审日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "委托评审"
        ordering = ["-issued_at"]
        constraints = [models.UniqueConstraint(fields=["issuer", "number"], name="referral_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.application}"
