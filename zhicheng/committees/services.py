"""Changes to committees: status steps, annual plans, self-evaluating units' filings and approvals."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.services import record_event
from zhicheng.committees.documents import store_pdf
from zhicheng.committees.models import AnnualPlan, Committee, Filing, StatusChange
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import SCALE_TOTAL_POINTS
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar

S = Committee.Status
# 告诫 → 责令整改 → 暂停评审权, one step at a time; any of them may be lifted back to normal (恢复).
NEXT_STEP: dict[str, str] = {S.ACTIVE: S.WARNED, S.WARNED: S.RECTIFYING, S.RECTIFYING: S.SUSPENDED}


@transaction.atomic
def committee_set_status(committee: Committee, *, actor, to: str, reason: str, document) -> Committee:
    """The bureau over the committee warns, orders rectification, suspends or restores it (55号 §3)."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if not actor.has_perm("committees.set_status", committee):
        raise Forbidden("只有评委会设立地的人力社保局可以变更评委会状态")
    restoring = to == S.ACTIVE
    if (restoring and committee.status == S.ACTIVE) or (not restoring and NEXT_STEP.get(committee.status) != to):
        expected = NEXT_STEP.get(committee.status)
        hint = f"下一步只能是「{S(expected).label}」或恢复" if expected else "只能恢复正常"
        raise Conflict(f"{committee.name}当前为「{committee.get_status_display()}」，{hint}", clause="55号 §3")
    if not reason.strip():
        raise RuleViolation("请写明事实与理由", clause="55号 §3")
    path, sha256 = store_pdf(document, "committee-status")
    before = committee.status
    committee.status = to
    committee.status_reason = "" if restoring else reason.strip()
    committee.save(update_fields=["status", "status_reason"])
    StatusChange.objects.create(
        committee=committee,
        before=before,
        after=to,
        reason=reason.strip(),
        document_path=path,
        document_sha256=sha256,
        decided_by=actor,
    )
    record_event(actor=actor, action="committee.set_status", obj=committee, before=before, after=to, reason=reason)
    return committee


PLAN_ORDER = [
    ("application_opens", "申报开始"),
    ("application_closes", "申报截止"),
    ("review_deadline", "审核截止"),
    ("pre_publicity_start", "评前公示开始"),
    ("meeting_report_by", "评审会议报告日"),
    ("meeting_date", "评审会议"),
    ("result_publicity_start", "评后公示开始"),
]


def check_plan(year: int, dates: dict[str, date]) -> None:
    """Dates in order, the meeting report early enough in working days, the pre-publicity over before it."""
    for (first, first_label), (second, second_label) in pairwise(PLAN_ORDER):
        if dates[first] > dates[second]:
            raise RuleViolation(f"{first_label}（{dates[first]:%Y年%-m月%-d日}）不能晚于{second_label}")
    policy = policy_for(year)
    calendar = Calendar()
    latest = calendar.latest_report_date(dates["meeting_date"], policy.meeting_report_workdays)
    if dates["meeting_report_by"] > latest:
        have = calendar.count_workdays(dates["meeting_report_by"], dates["meeting_date"])
        raise RuleViolation(
            f"评审会议报告日距会议只有 {have} 个工作日，至少须提前 {policy.meeting_report_workdays} 个工作日；"
            f"最迟应于{latest:%Y年%-m月%-d日}报告",
            clause="55号 §4(三)",
        )
    publicity = calendar.publicity_period(dates["pre_publicity_start"], policy.pre_publicity_workdays)
    if publicity.last >= dates["meeting_report_by"]:
        raise RuleViolation(
            f"评前公示至{publicity.last:%Y年%-m月%-d日}结束（{policy.pre_publicity_workdays} 个工作日），"
            "须在评审会议报告之前结束，以便报告公示情况",
            clause="55号 §4(三)",
        )


PASS_LINES = [("pass_score", "综合评分合格线"), ("mountain_pass_score", "山区26县单列合格线")]


def check_pass_lines(lines: dict[str, Decimal | None]) -> None:
    """A pass line, when set, is a score on the quantified standard's scale (55号 §2, §4(一))."""
    for name, label in PASS_LINES:
        value = lines.get(name)
        if value is not None and not (0 <= value <= SCALE_TOTAL_POINTS):
            raise RuleViolation(f"{label}应在 0 至 {SCALE_TOTAL_POINTS} 分之间，现为 {value}")


@transaction.atomic
def annual_plan_save(
    committee: Committee,
    *,
    actor,
    year: int,
    dates: dict[str, date],
    pass_lines: dict[str, Decimal | None] | None = None,
) -> AnnualPlan:
    """The office sets its committee's plan for the year, checked against the working-day calendar, with
    the pass lines of the two ranked lists if it uses them."""
    if not actor.has_perm("committees.save_plan", committee):
        raise Forbidden("只有本评委会办公室可以制定评审计划")
    check_plan(year, dates)
    lines = {name: (pass_lines or {}).get(name) for name, _ in PASS_LINES}
    check_pass_lines(lines)
    plan, created = AnnualPlan.objects.update_or_create(committee=committee, year=year, defaults=dates | lines)
    record_event(
        actor=actor,
        action="annual_plan.save",
        obj=plan,
        reason=f"{year}年度",
        data={k: str(v) for k, v in (dates | lines).items()} | {"created": created},
    )
    return plan


def due_date(kind: str, year: int, policy) -> date:
    """When a filing is due: plans by the policy's date of the year, the summary by its date the next year."""
    if kind == Filing.Kind.SUMMARY:
        return date(year + 1, policy.self_eval_summary_due_month, policy.self_eval_summary_due_day)
    return date(year, policy.self_eval_plan_due_month, policy.self_eval_plan_due_day)


@transaction.atomic
def filing_submit(committee: Committee, *, actor, kind: str, year: int, document) -> Filing:
    """A self-evaluating unit files its plan or summary (55号 §4(四))."""
    if committee.kind != Committee.Kind.SELF_EVALUATING:
        raise Conflict("只有自主评聘单位需要报备评聘规划、方案和总结", clause="55号 §4(四)")
    if not actor.has_perm("committees.file", committee):
        raise Forbidden("只有本单位评聘办公室可以报备")
    if Filing.objects.filter(committee=committee, kind=kind, year=year).exists():
        raise Conflict(f"{year}年度{Filing.Kind(kind).label}已报备")
    path, sha256 = store_pdf(document, "filings")
    filing = Filing.objects.create(
        committee=committee, kind=kind, year=year, document_path=path, document_sha256=sha256, filed_by=actor
    )
    record_event(actor=actor, action="filing.submit", obj=filing, reason=str(filing))
    return filing


@transaction.atomic
def filing_approve(filing: Filing, *, actor) -> Filing:
    """The sector authority approves first, then the bureau; both are recorded (55号 §4(四))."""
    filing = Filing.objects.select_for_update(of=("self",)).select_related("committee").get(pk=filing.pk)
    if filing.authority_approved_at is None:
        if not actor.has_perm("committees.approve_as_authority", filing.committee):
            raise Forbidden("须先由行业主管部门审核同意")
        filing.authority_approved_by, filing.authority_approved_at = actor, timezone.now()
        step = "authority"
    elif filing.bureau_approved_at is None:
        if not actor.has_perm("committees.approve_as_bureau", filing.committee):
            raise Forbidden("行业主管部门已同意，现须由人力社保局审核同意")
        filing.bureau_approved_by, filing.bureau_approved_at = actor, timezone.now()
        step = "bureau"
    else:
        raise Conflict("该报备已审核同意")
    filing.save()
    record_event(actor=actor, action=f"filing.approve_{step}", obj=filing, reason=str(filing))
    return filing


def filing_reminders_send(*, today: date, year: int) -> int:
    """Remind each self-evaluating unit's office of filings due within the policy's working days; once each."""
    from zhicheng.accounts.models import Notification, User
    from zhicheng.accounts.notifications import notify

    policy = policy_for(year)
    calendar = Calendar()
    sent = 0
    units = Committee.objects.filter(kind=Committee.Kind.SELF_EVALUATING).prefetch_related("offices")
    filed = set(Filing.objects.filter(year=year).values_list("committee_id", "kind"))
    for committee in units:
        for kind in Filing.Kind:
            due = due_date(kind, year, policy)
            left = calendar.workdays_left(today, due)
            if (committee.pk, kind.value) in filed or not 0 < left <= policy.filing_reminder_workdays:
                continue
            message = (
                f"{committee.name}：{year}年度{kind.label}须于{due:%Y年%-m月%-d日}前报行业主管部门和人力社保局，"
                f"还剩 {left} 个工作日（55号 §4(四)）"
            )
            for user in User.objects.filter(organisation__in=committee.offices.all(), role="office", is_active=True):
                if not Notification.objects.filter(user=user, message__startswith=message.split("，还剩")[0]).exists():
                    notify(user, message)
                    sent += 1
    return sent
