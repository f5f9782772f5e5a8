"""The eligibility check of a case: every rule that can stop an application, each with its clause.

The applicant can run it at any time; submission runs it and refuses on any hard failure, listing them all.
"""

from dataclasses import dataclass

from django.utils import timezone

from zhicheng.applications.models import CLOSED_STATES, Application, IntegrityRecord
from zhicheng.committees.models import Committee
from zhicheng.committees.selectors import plan_for


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    message: str
    clause: str = ""

    def __str__(self) -> str:
        return f"{self.message}（{self.clause}）" if self.clause else self.message


def check_integrity(application: Application) -> Check:
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


def check_committee(application: Application) -> Check:
    committee = application.committee
    if committee.status == Committee.Status.SUSPENDED:
        reason = f"：{committee.status_reason}" if committee.status_reason else ""
        return Check("评审委员会", False, f"{committee.name}已被暂停评审权{reason}，暂不受理申报", "55号 §3")
    return Check("评审委员会", True, f"由{committee.name}受理：{application.routing_reason}", "55号 §2")


def check_no_other_open_case(application: Application) -> Check:
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


def check_window(application: Application) -> Check:
    """Submission only while the committee's application window for the year is open (55号 §4(三))."""
    plan = plan_for(application.committee, application.year)
    if plan is None:
        return Check("申报时间", True, f"{application.year}年度评审计划尚未公布，申报时间以评委会通知为准")
    today = timezone.localdate()
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


CHECKS = [check_integrity, check_committee, check_window, check_no_other_open_case]


def eligibility(application: Application) -> list[Check]:
    return [check(application) for check in CHECKS]


def failures(application: Application) -> list[Check]:
    return [c for c in eligibility(application) if not c.ok]
