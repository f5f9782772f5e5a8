"""The title catalogue: series 系列 > specialty 专业, and the titles of each series by grade."""

from datetime import date
from decimal import Decimal

from django.db import models


class Grade(models.TextChoices):
    JUNIOR = "junior", "员级"
    ASSISTANT = "assistant", "助理级"
    INTERMEDIATE = "intermediate", "中级"
    ASSOCIATE_SENIOR = "associate_senior", "副高级"
    SENIOR = "senior", "正高级"


GRADE_ORDER = [g.value for g in Grade]

# Quantified standards score out of 100 (百分制): indicator maxima are shares of one hundred points, and pass
# lines are scores on the same scale. A property of the scale, not a yearly number, so not in Policy.
SCALE_TOTAL_POINTS = Decimal(100)


class Series(models.Model):
    name = models.CharField("系列", max_length=50, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "职称系列"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Specialty(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="specialties", verbose_name="系列")
    name = models.CharField("专业", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "专业"
        ordering = ["series_id", "name"]
        constraints = [models.UniqueConstraint(fields=["series", "name"], name="specialty_unique_in_series")]

    def __str__(self) -> str:
        return self.name


class Title(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="titles", verbose_name="系列")
    name = models.CharField("职称", max_length=50)
    grade = models.CharField("级别", max_length=20, choices=Grade.choices)

    class Meta:
        verbose_name = verbose_name_plural = "职称"
        ordering = ["series_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="title_unique_in_series"),
            models.UniqueConstraint(fields=["series", "grade"], name="title_one_per_grade"),
        ]

    def __str__(self) -> str:
        return self.name


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "博士"
    MASTER = "master", "硕士"
    BACHELOR = "bachelor", "本科"
    COLLEGE = "college", "大专"
    SECONDARY = "secondary", "中专"


def _decimal(verbose: str, default: str, clause: str) -> models.DecimalField:
    return models.DecimalField(verbose, max_digits=6, decimal_places=1, default=default, help_text=clause)


def _int(verbose: str, default: int, clause: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(verbose, default=default, help_text=clause)


class Policy(models.Model):
    """Every number the rules use, for one evaluation year, with the clause it comes from (help_text)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    # Continuing education, 55号 §4(二)
    ce_hours_total_min = _decimal("继续教育年度总学时下限", "90", "55号 §4(二)")
    ce_hours_professional_min = _decimal("专业科目学时下限", "60", "55号 §4(二)")
    ce_hours_public_min = _decimal("公需科目学时下限", "18", "55号 §4(二)")
    ce_hours_general_public_min = _decimal("其中一般公需科目学时下限", "12", "55号 §4(二)")
    ce_grandfather_before_year = _int("此年度以前的学时视同合格", 2019, "55号 §4(二)")
    ce_consecutive_years = _int("申报当年及之前须连续合格的年数", 2, "55号 §4(二)")
    ce_record_hours_max = _decimal("单条学时记录上限", "100", "继续教育学时登记规则")
    ce_daily_hours_max = _decimal("单日学时上限（预警）", "12", "55号 §3 跟踪预警")
    # Years in grade are counted up to this day of the application year (the year's application notice)
    seniority_until_month = _int("任职年限计算截止月", 12, "年度职称申报通知")
    seniority_until_day = _int("任职年限计算截止日", 31, "年度职称申报通知")
    # Archive breadth, 55号 §1
    archive_ratio_min = _decimal("业绩档案完善人数与申报人数之比下限", "5", "55号 §1")
    archive_max_age_months = _int("档案更新期限（月）", 12, "55号 §1")
    archive_min_verified_achievements = _int("已核验业绩条数下限", 1, "55号 §1")
    archive_requires_last_year_ce = models.BooleanField("须有上一年度继续教育学时", default=True, help_text="55号 §1")
    # Procedure, 55号 §4(三) and 40号令
    employer_publicity_workdays = _int("单位内公示工作日", 5, "40号令")
    pre_publicity_workdays = _int("评前公示工作日", 5, "55号 §4(三)")
    result_publicity_workdays = _int("评后公示工作日", 5, "40号令")
    meeting_report_workdays = _int("评审会议提前报告工作日", 5, "55号 §4(三)")
    # Self-evaluation units, 55号 §4(四)
    self_eval_plan_due_month = _int("自主评聘年度方案报送截止月", 11, "55号 §4(四)")
    self_eval_plan_due_day = _int("自主评聘年度方案报送截止日", 30, "55号 §4(四)")
    self_eval_summary_due_month = _int("自主评聘总结报送截止月（次年）", 2, "55号 §4(四)")
    self_eval_summary_due_day = _int("自主评聘总结报送截止日（次年）", 28, "55号 §4(四)")
    # Meetings and integrity, 40号令
    quorum_numerator = _int("评审会议法定人数（分子）", 2, "40号令")
    quorum_denominator = _int("评审会议法定人数（分母）", 3, "40号令")
    pass_numerator = _int("通过票数（分子）", 2, "40号令")
    pass_denominator = _int("通过票数（分母）", 3, "40号令")
    integrity_bar_years = _int("学术造假禁止申报年限", 3, "40号令")
    committee_min_members_junior = _int("初评委最少评审专家数", 5, "40号令")
    committee_min_members_intermediate = _int("中评委最少评审专家数", 11, "40号令")
    committee_min_members_senior = _int("高评委最少评审专家数", 17, "40号令")
    filing_reminder_workdays = _int("报备截止前提醒（工作日）", 10, "55号 §4(四)")
    # Supervision and early warning, 55号 §3
    alert_near_duplicate_similarity = _decimal("业绩描述雷同预警相似度（0–1）", "0.8", "55号 §3 跟踪预警")
    alert_ce_last_days = _int("学时集中于申报前若干日内（预警）", 7, "55号 §3 跟踪预警")
    alert_pass_rate_z = _decimal("评委会通过率偏离预警（z 值）", "2.0", "55号 §3 跟踪预警")
    alert_expert_z = _decimal("专家评分偏离预警（z 值）", "2.0", "55号 §3 跟踪预警")
    alert_expert_meetings = _int("专家评分连续偏离会次（预警）", 3, "55号 §3 跟踪预警")
    rereview_percent = _decimal("年度复审抽样比例（%）", "5", "55号 §3 复审")
    complaints_for_warning = _int("年度投诉达此数建议告诫", 3, "55号 §3")
    complaints_for_rectification = _int("年度投诉达此数建议责令整改", 5, "55号 §3")
    complaints_for_suspension = _int("年度投诉达此数建议暂停评审权", 8, "55号 §3")
    # Mountain counties, 55号 §2
    mountain_points_per_year = _decimal("山区26县每工作一年加分", "0.5", "55号 §2")
    mountain_points_cap = _decimal("山区26县加分上限", "5", "55号 §2")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度政策参数"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度政策"

    @classmethod
    def clause_of(cls, field_name: str) -> str:
        return str(getattr(cls._meta.get_field(field_name), "help_text", ""))

    def seniority_until(self, year: int) -> date:
        """The day up to which an application in `year` counts years in grade and years of work."""
        return date(year, self.seniority_until_month, self.seniority_until_day)


class YearsInGrade(models.Model):
    """How long one must have held the prior title, by education, before applying (工程 series standard)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="years_in_grade")
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="+", verbose_name="申报职称")
    education = models.CharField("学历", max_length=20, choices=Education.choices)
    prior_title = models.ForeignKey(
        Title,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="须具备的现职称",
        help_text="留空表示无需现职称（如博士直接申报工程师）；此时任职年限指毕业后从事专业技术工作的年限",
    )
    years = _int("任职年限", 0, "人社部职称评价基本标准（工程系列）")

    class Meta:
        verbose_name = verbose_name_plural = "任职年限要求"
        constraints = [
            models.UniqueConstraint(fields=["policy", "title", "education"], name="years_in_grade_unique"),
        ]

    def __str__(self) -> str:
        if self.prior_title_id:
            prior = f"任{self.prior_title}满{self.years}年"
        else:
            prior = f"毕业后从事专业技术工作满{self.years}年" if self.years else "无需现职称"
        return f"{self.title} · {self.get_education_display()}：{prior}"


class CalendarDay(models.Model):
    """A day the State Council's holiday notice makes a holiday or an adjusted working day (调休).

    Entries override the calendar package and fill the years it lacks; a year with neither is provisional.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        WORKDAY = "workday", "调休上班日"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50, blank=True, help_text="如 国庆节")

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
