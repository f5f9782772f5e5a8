"""The evaluation meeting (评审会议). This stage starts small: a meeting and its opening."""

from django.db import models

from zhicheng.committees.models import Committee


class Meeting(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", "待召开"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField("会议日期")
    venue = models.CharField("地点", max_length=200, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SCHEDULED)

    class Meta:
        verbose_name = verbose_name_plural = "评审会议"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.committee} {self.date}"
