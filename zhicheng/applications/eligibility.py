"""The eligibility check of a case: every rule that can stop an application, each with its clause.

The applicant can run it at any time; submission runs it and refuses on any hard failure, listing them all.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from zhicheng.applications.models import CLOSED_STATES, Application, IntegrityRecord, State
from zhicheng.applications.seniority import Served
from zhicheng.archive.selectors import graduated_on, highest_education, title_held
from zhicheng.committees.models import AnnualPlan, Committee
from zhicheng.committees.selectors import plan_for
from zhicheng.education.compliance import CLAUSE as CE_CLAUSE
from zhicheng.education.compliance import Verdict, fmt
from zhicheng.education.selectors import hours_by_year, verdict_under
from zhicheng.policy.models import Education, Policy, YearsInGrade
from zhicheng.policy.selectors import policy_for, years_in_grade_for

SENIORITY_CLAUSE = str(YearsInGrade._meta.get_field("years").help_text)
NO_EDUCATION = "业绩档案中没有学历记录，无法核对申报条件，请先在业绩档案中填写学历学位"


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    message: str
    clause: str = ""
    applies: bool = True  # False when another check's failure leaves nothing to check here

    @property
    def failed(self) -> bool:
        return self.applies and not self.ok

    def __str__(self) -> str:
        return f"{self.message}（{self.clause}）" if self.clause else self.message


class CaseFacts:
    """A case and what its checks read of it. What several checks (and the case page) need is read once: the
    years-in-grade and CE checks both need the person's highest education, the year's policy and its
    years-in-grade line, and the window check and the page both need the committee's plan."""

    def __init__(self, application: Application):
        self.application = application

    @cached_property
    def education(self) -> str | None:
        person = self.application.professional
        return highest_education(person) if person else None

    @cached_property
    def policy(self) -> Policy:
        return policy_for(self.application.year)

    @cached_property
    def line(self) -> YearsInGrade | None:
        """The years-in-grade line of the title for the person's education; None when it gives no path."""
        return years_in_grade_for(self.policy, self.application.title, self.education) if self.education else None

    @cached_property
    def plan(self) -> AnnualPlan | None:
        return plan_for(self.application.committee, self.application.year)


def check_integrity(facts: CaseFacts) -> Check:
    application = facts.application
    today = timezone.localdate()
    record = (
        IntegrityRecord.objects.filter(professional_id=application.professional_id, bars_until__gte=today)
        .order_by("-bars_until")
        .first()
        if application.professional_id
        else None
    )
    if record is None:
        return Check("诚信记录", True, "无禁止申报的诚信记录")
    return Check(
        "诚信记录",
        False,
        f"因{record.get_source_display()}（{record.recorded_on:%Y年%-m月%-d日}），"
        f"{record.bars_until:%Y年%-m月%-d日}前不得申报职称",
        "40号令、55号 §4(一)",
    )


def check_committee(facts: CaseFacts) -> Check:
    application = facts.application
    committee = application.committee
    if committee.status == Committee.Status.SUSPENDED:
        reason = f"：{committee.status_reason}" if committee.status_reason else ""
        return Check("评审委员会", False, f"{committee.name}已被暂停评审权{reason}，暂不受理申报", "55号 §3")
    return Check("评审委员会", True, f"由{committee.name}受理：{application.routing_reason}", "55号 §2")


def check_no_other_open_case(facts: CaseFacts) -> Check:
    application = facts.application
    other = (
        Application.objects.filter(
            applicant_id=application.applicant_id, title_id=application.title_id, year=application.year
        )
        .exclude(pk=application.pk)
        .exclude(state__in=CLOSED_STATES)
        .first()
    )
    if other is None:
        return Check("重复申报", True, "本年度没有同一职称的其他在办申报")
    return Check(
        "重复申报",
        False,
        f"已有一件{other.year}年度{other.title.name}申报在办（编号 {other.pk}，{other.get_state_display()}），"
        "同一职称每年只能申报一次，请先撤回其中一件",
        "55号 §4(三)",
    )


def check_window(facts: CaseFacts) -> Check:
    """A first submission only while the committee's application window is open; a case returned for
    changes may come back until the plan's review deadline, since reviews run on after the window (55号 §4(三))."""
    application, plan = facts.application, facts.plan
    if plan is None:
        return Check("申报时间", True, f"{application.year}年度评审计划尚未公布，申报时间以评委会通知为准")
    today = timezone.localdate()
    if application.state == State.RETURNED:
        if plan.application_opens <= today <= plan.review_deadline:
            return Check("申报时间", True, f"退回修改的申报可在{plan.review_deadline:%Y年%-m月%-d日}审核截止前重新提交")
        return Check(
            "申报时间",
            False,
            f"{application.committee.name}{application.year}年度审核已于{plan.review_deadline:%Y年%-m月%-d日}截止，"
            "退回的申报不能再提交",
            "55号 §4(三)",
        )
    window = f"{plan.application_opens:%Y年%-m月%-d日}至{plan.application_closes:%Y年%-m月%-d日}"
    if plan.application_opens <= today <= plan.application_closes:
        return Check("申报时间", True, f"申报时间为{window}，现可提交")
    state = "尚未开始" if today < plan.application_opens else "已截止"
    return Check(
        "申报时间",
        False,
        f"{application.committee.name}{application.year}年度申报时间为{window}，{state}",
        "55号 §4(三)",
    )


def check_years_in_grade(facts: CaseFacts) -> Check:
    """The prior title held long enough, or enough years of work since graduating, by education."""
    application = facts.application
    person, title, education = application.professional, application.title, facts.education
    if person is None or education is None:
        return Check("任职年限", False, NO_EDUCATION, SENIORITY_CLAUSE)
    level = Education(education).label
    line = facts.line
    if line is None:
        return Check("任职年限", False, f"{level}学历不能申报{title.name}", SENIORITY_CLAUSE)
    until = facts.policy.seniority_until(application.year)
    if line.prior_title is not None:
        held = title_held(person, line.prior_title)
        if held is None:
            return Check(
                "任职年限",
                False,
                f"{level}学历申报{title.name}须任{line.prior_title.name}满{line.years}年，"
                f"业绩档案中没有{line.prior_title.name}的取得记录",
                SENIORITY_CLAUSE,
            )
        served = Served(held.obtained_on, until, line.years)
        requirement = f"{level}学历申报{title.name}须任{line.prior_title.name}满{line.years}年"
        start = f"{held.obtained_on:%Y年%-m月%-d日}取得{line.prior_title.name}"
    elif line.years:
        graduated = graduated_on(person, education)
        assert graduated is not None  # the level comes from an education entry
        served = Served(graduated, until, line.years)
        requirement = f"{level}学历申报{title.name}须毕业后从事专业技术工作满{line.years}年"
        start = f"{graduated:%Y年%-m月%-d日}{level}毕业"
    else:
        return Check("任职年限", True, f"{level}学历可直接申报{title.name}", SENIORITY_CLAUSE)
    if served.enough:
        return Check("任职年限", True, f"{requirement}：{start}，至{until:%Y年%-m月%-d日}满{served.years}年")
    return Check("任职年限", False, f"{requirement}：{start}，{served.shortfall()}", SENIORITY_CLAUSE)


def _ce_gaps(verdict: Verdict) -> str:
    lines = []
    for trace in verdict.years:
        if not trace.in_window or trace.compliant:
            continue
        if trace.hours.total == 0:
            lines.append(f"{trace.year}年无继续教育学时")
        else:
            gaps = "、".join(f"{s.what}差{fmt(s.missing)}学时" for s in trace.shortfalls)
            lines.append(f"{trace.year}年{gaps}")
    return "；".join(lines)


def check_ce(facts: CaseFacts) -> Check:
    """Continuing education: every year of the title's window compliant, and this year and last (55号 §4(二))."""
    application, person = facts.application, facts.application.professional
    if person is None or facts.line is None:  # no education, or no path from it: the years-in-grade check says so
        return Check("继续教育", False, "学历或申报路径未确定，暂无法核对须合格的年度（见任职年限）", applies=False)
    verdict = verdict_under(
        facts.policy, hours_by_year(person), required_years=facts.line.years, application_year=application.year
    )
    first, last = verdict.window
    if verdict.compliant:
        return Check("继续教育", True, f"{first}年至{last}年继续教育学时均合格")
    return Check("继续教育", False, f"须{first}年至{last}年每年学时合格：{_ce_gaps(verdict)}", CE_CLAUSE)


SUBMISSION = [
    check_integrity,
    check_years_in_grade,
    check_ce,
    check_committee,
    check_window,
    check_no_other_open_case,
]
# The office checks the same conditions again at qualification (资格审查), after the window has closed.
CONDITIONS = [check for check in SUBMISSION if check is not check_window]


def eligibility(facts: CaseFacts) -> list[Check]:
    return [check(facts) for check in SUBMISSION]


def conditions(facts: CaseFacts) -> list[Check]:
    return [check(facts) for check in CONDITIONS]


def failures(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.failed]
