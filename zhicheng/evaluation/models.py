"""The evaluation meeting (评审会议): quantified standards, the meeting and its report, the expert panel,
recusals, scores, and the secret ballot (55号 §2, §4(一), §4(三); 40号令)."""

from django.conf import settings
from django.db import models

from zhicheng.applications.models import Application
from zhicheng.committees.models import Committee, Expert
from zhicheng.policy.models import Grade, Series

# --- quantified standards (量化评价标准, 55号 §4(一)) ---------------------------------------------------


class Standard(models.Model):
    """A versioned indicator system for one series and grade; used only once the bureau has approved it."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="+", verbose_name="系列")
    grade = models.CharField("级别", max_length=20, choices=Grade.choices)
    version = models.PositiveSmallIntegerField("版本")
    name = models.CharField("名称", max_length=100)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "量化评价标准"
        ordering = ["series_id", "grade", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "grade", "version"], name="standard_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class Indicator(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField("序号")
    name = models.CharField("指标", max_length=100)
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=1)
    guidance = models.TextField("评分说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价指标"
        ordering = ["standard_id", "order"]
        constraints = [models.UniqueConstraint(fields=["standard", "order"], name="indicator_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}（{self.max_points}分）"


# --- the meeting ----------------------------------------------------------------------------------------


class Meeting(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", "待召开"
        OPEN = "open", "评分中"
        VOTING = "voting", "投票中"
        CLOSED = "closed", "已结束"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField("会议日期")
    venue = models.CharField("地点", max_length=200, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The draw: the seed and the candidates in the order they were drawn from, so it can be replayed.
    draw_seed = models.CharField("抽取种子", max_length=64, blank=True)
    draw_candidates = models.JSONField("抽取候选专家", default=list, blank=True)
    draw_size = models.PositiveSmallIntegerField("抽取人数", default=0)
    minutes = models.FileField("会议纪要", upload_to="meetings/%Y/", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审会议"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.committee} {self.date}"


class MeetingCase(models.Model):
    """A case on the meeting's agenda, with the meeting's result for it once the ballot is tallied."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="cases")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="meeting_cases")
    order = models.PositiveSmallIntegerField("序号")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+", verbose_name="评价标准")
    # The ballot box: counts only. Single ballots would keep the order they were cast in, which the audit
    # trail of who voted when could be matched against; counts keep nothing to match.
    yes = models.PositiveSmallIntegerField("赞成", default=0)
    no = models.PositiveSmallIntegerField("反对", default=0)
    abstain = models.PositiveSmallIntegerField("弃权", default=0)
    voters = models.PositiveSmallIntegerField("应投票人数", null=True, blank=True)
    passed = models.BooleanField("通过", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议评审对象"
        ordering = ["meeting_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="meeting_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.application}"


class Panelist(models.Model):
    """An expert drawn for the meeting, and whether they came (出席)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("抽取顺序")
    present = models.BooleanField("出席", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "评审专家组成员"
        ordering = ["meeting_id", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"], name="panelist_once")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.expert}"


class Recusal(models.Model):
    """An expert who steps aside from one case: automatically, or declared at the meeting (40号令)."""

    class Reason(models.TextChoices):
        SAME_EMPLOYER = "same_employer", "同一工作单位"
        DECLARED = "declared", "已申报的回避关系"
        AT_MEETING = "at_meeting", "会上主动申请回避"

    meeting_case = models.ForeignKey(MeetingCase, on_delete=models.CASCADE, related_name="recusals")
    panelist = models.ForeignKey(Panelist, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField("回避原因", max_length=20, choices=Reason.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回避记录"
        constraints = [models.UniqueConstraint(fields=["meeting_case", "panelist"], name="recusal_once")]

    def __str__(self) -> str:
        return f"{self.panelist.expert} 回避 {self.meeting_case.application}（{self.get_reason_display()}）"


class Score(models.Model):
    """One expert's scores for one case, indicator by indicator ({indicator id: points})."""

    meeting_case = models.ForeignKey(MeetingCase, on_delete=models.CASCADE, related_name="scores")
    panelist = models.ForeignKey(Panelist, on_delete=models.PROTECT, related_name="scores")
    points = models.JSONField("各项得分")
    total = models.DecimalField("总分", max_digits=6, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家评分"
        constraints = [models.UniqueConstraint(fields=["meeting_case", "panelist"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.panelist.expert} → {self.meeting_case.application}：{self.total}"


class MeetingReport(models.Model):
    """The meeting report (评审会议报备) to the district bureau, with the data it was built from (55号 §4(三)).

    A 中评委 seated in a district also files it with the city bureau (`filed_with_city_at`)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "不同意"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    content = models.JSONField("报备内容")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报备时间")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    opinion = models.TextField("书面意见", blank=True)
    filed_with_city_at = models.DateTimeField("报市人力社保局备案时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审会议报备"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.meeting} 报备（{self.get_state_display()}）"


# --- the secret ballot: who voted (here), and what was voted (the counts on MeetingCase), kept apart -------


class BallotChoice(models.TextChoices):
    YES = "yes", "赞成"
    NO = "no", "反对"
    ABSTAIN = "abstain", "弃权"


class VoteCast(models.Model):
    """That a panelist has voted on a case, never how: it refuses a second ballot and counts turnout."""

    meeting_case = models.ForeignKey(MeetingCase, on_delete=models.CASCADE, related_name="votes_cast")
    panelist = models.ForeignKey(Panelist, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "投票登记"
        constraints = [models.UniqueConstraint(fields=["meeting_case", "panelist"], name="one_vote_per_case")]

    def __str__(self) -> str:
        return f"{self.panelist.expert} 已投票"
