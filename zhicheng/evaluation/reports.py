"""The meeting report (评审会议报备, 55号 §4(三)): before a meeting the office reports the qualification results,
the pre-evaluation publicity and the committee's composition to the bureau where the committee sits, at least
N working days ahead (N from the year's policy); the meeting opens only after the bureau's written approval.

A 中评委 seated in a district also files the report with the city bureau. A self-evaluating unit reports each
meeting the same way and the sector authority over it is told too (55号 §4(四)).

Every change is one service: permission, rule, change, audit event, one transaction (DESIGN.md); the
notifications are queued after the commit.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from zhicheng.accounts.models import Region, Role, User
from zhicheng.applications.models import ReviewRecord
from zhicheng.audit.services import record_event
from zhicheng.committees.models import Committee
from zhicheng.committees.status import ensure_committee_active
from zhicheng.evaluation.meetings import ensure_office
from zhicheng.evaluation.models import Meeting, MeetingCase, MeetingReport
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.policy.models import Policy
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar
from zhicheng.publicity.models import Objection, Publicity, PublicityEntry

PROCEDURE_CLAUSE = "55号 §4(三)"
SELF_EVALUATION_CLAUSE = "55号 §4(四)"
MESSAGE_MAX = 500  # Notification.message


def _cn(day: date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def _clause(committee: Committee) -> str:
    if committee.kind == Committee.Kind.SELF_EVALUATING:
        return SELF_EVALUATION_CLAUSE
    return Policy.clause_of("meeting_report_workdays") or PROCEDURE_CLAUSE


def files_with_city(committee: Committee) -> bool:
    """A 中评委 seated in a district (区/县) also files its meeting reports with the city bureau (55号 §4(三))."""
    return committee.level == Committee.Level.INTERMEDIATE and committee.seat_region.level == Region.Level.COUNTY


# --- the deadline -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportDeadline:
    """The last day a meeting may be reported: at least `workdays` working days in [latest, meeting date)."""

    meeting_date: date
    workdays: int
    latest: date
    provisional: bool  # the calendar has no holidays for that year yet: weekends only
    clause: str

    def missed(self, today: date) -> bool:
        return today > self.latest


def report_deadline(meeting: Meeting, calendar: Calendar | None = None) -> ReportDeadline:
    calendar = calendar or Calendar()
    workdays = policy_for(meeting.date.year).meeting_report_workdays
    latest = calendar.latest_report_date(meeting.date, workdays)
    provisional = any(calendar.is_provisional(year) for year in {latest.year, meeting.date.year})
    return ReportDeadline(meeting.date, workdays, latest, provisional, _clause(meeting.committee))


def _ensure_in_time(meeting: Meeting, today: date) -> None:
    calendar = Calendar()
    deadline = report_deadline(meeting, calendar)
    if not deadline.missed(today):
        return
    left = calendar.count_workdays(today, meeting.date)
    message = (
        f"评审会议须至少提前{deadline.workdays}个工作日报备，本次会议（{_cn(meeting.date)}）"
        f"最迟应于{_cn(deadline.latest)}报备，今天（{_cn(today)}）距会议只有{left}个工作日"
    )
    if deadline.provisional:
        message += "（该年度节假日尚未录入，暂按周末计算）"
    raise RuleViolation(
        message,
        clause=deadline.clause,
        detail={"latest_report_date": deadline.latest.isoformat(), "workdays_short": deadline.workdays - left},
    )


# --- the content --------------------------------------------------------------------------------------


def _local(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _qualification(case: MeetingCase) -> dict | None:
    """The case's latest qualification review (资格审查): who checked what, item by item."""
    record = (
        ReviewRecord.objects.filter(application=case.application, stage=ReviewRecord.Stage.QUALIFY)
        .select_related("created_by")
        .order_by("-round", "-id")
        .first()
    )
    if record is None:
        return None
    items = [{"label": item.get("label", ""), "ok": bool(item.get("ok"))} for item in record.items]
    return {
        "round": record.round,
        "reviewed_at": _local(record.created_at),
        "reviewed_by": record.created_by.name or record.created_by.username,
        "passed": all(item["ok"] for item in items),
        "items": items,
    }


def _cases(meeting: Meeting) -> list[dict]:
    cases = meeting.cases.select_related(
        "application__applicant", "application__employer", "application__specialty", "application__title"
    ).prefetch_related("recusals__panelist__expert__user")
    rows = []
    for case in cases:
        application = case.application
        rows.append(
            {
                "order": case.order,
                "application": application.pk,
                "name": application.applicant.name,
                "employer": application.employer.name,
                "specialty": application.specialty.name,
                "title": application.title.name,
                "scope_mode": application.get_scope_mode_display(),
                "in_mountain_pool": application.in_mountain_pool,
                "qualification": _qualification(case),
                "recusals": [
                    {"expert": r.panelist.expert.user.name, "reason": r.get_reason_display(), "note": r.note}
                    for r in case.recusals.all()
                ],
            }
        )
    return rows


def _objection(objection: Objection) -> dict:
    return {
        "name": objection.entry.name,
        "filed_at": _local(objection.filed_at),
        "text": objection.text,
        "state": objection.state,
        "state_label": objection.get_state_display(),
        "outcome_label": objection.get_outcome_display() if objection.outcome else "",
        "answer": objection.answer,
        "answered_at": _local(objection.answered_at),
    }


def _publicity(meeting: Meeting) -> dict:
    """The pre-evaluation publicity (评前公示) of the agenda's cases: each list's period and its objections."""
    agenda = meeting.cases.values("application_id")
    entries = PublicityEntry.objects.filter(
        application_id__in=agenda, publicity__kind=Publicity.Kind.PRE_EVALUATION
    ).select_related("publicity")
    lists: dict[int, dict] = {}
    for entry in entries.order_by("publicity__first_day", "publicity_id", "id"):
        publicity = entry.publicity
        row = lists.setdefault(
            publicity.pk,
            {
                "title": publicity.title,
                "first_day": publicity.first_day.isoformat(),
                "last_day": publicity.last_day.isoformat(),
                "workdays": publicity.workdays,
                "provisional": publicity.provisional,
                "cases": 0,
                "objections": [],
            },
        )
        row["cases"] += 1
    objections = (
        Objection.objects.filter(entry__in=entries).select_related("entry").order_by("entry__publicity_id", "filed_at")
    )
    for objection in objections:
        lists[objection.entry.publicity_id]["objections"].append(_objection(objection))
    everything = [o for row in lists.values() for o in row["objections"]]
    listed = {e.application_id for e in entries}
    return {
        "lists": list(lists.values()),
        "cases_listed": len(listed),
        "cases_not_listed": meeting.cases.exclude(application_id__in=listed).count(),
        "objections": len(everything),
        "answered": sum(o["state"] != Objection.State.OPEN for o in everything),
        "upheld": sum(o["state"] == Objection.State.UPHELD for o in everything),
        "open": sum(o["state"] == Objection.State.OPEN for o in everything),
    }


def _committee(meeting: Meeting) -> dict:
    committee = meeting.committee
    panel = meeting.panel.select_related("expert__user", "expert__employer", "expert__title", "expert__specialty")
    return {
        "name": committee.name,
        "level": committee.level,
        "level_label": committee.get_level_display(),
        "kind": committee.kind,
        "kind_label": committee.get_kind_display(),
        "seat_region": committee.seat_region.full_name,
        "panel": [
            {
                "order": p.order,
                "name": p.expert.user.name,
                "employer": p.expert.employer.name,
                "title": p.expert.title.name,
                "specialty": p.expert.specialty.name,
            }
            for p in panel
        ],
        # The draw can be replayed from these (meetings.replay_draw): the bureau may check it was random.
        "draw": {"seed": meeting.draw_seed, "candidates": len(meeting.draw_candidates), "size": meeting.draw_size},
    }


def report_content(meeting: Meeting) -> dict:
    """What the report says, built from the data (55号 §4(三)): the agenda's qualification results, the
    pre-evaluation publicity, and the committee's composition. JSON-serialisable (dates as ISO strings)."""
    meeting = Meeting.objects.select_related("committee__seat_region").get(pk=meeting.pk)
    cases = _cases(meeting)
    return {
        "meeting": {"id": meeting.pk, "date": meeting.date.isoformat(), "venue": meeting.venue},
        "cases": cases,
        "summary": {
            "cases": len(cases),
            "mountain_pool": sum(c["in_mountain_pool"] for c in cases),
            "qualified": sum(bool(c["qualification"] and c["qualification"]["passed"]) for c in cases),
        },
        "publicity": _publicity(meeting),
        "committee": _committee(meeting),
        "generated_at": _local(timezone.now()),
    }


# --- who is told ----------------------------------------------------------------------------------------


@task()
def notify_users(user_ids: list[int], message: str, link: str = "") -> None:
    """Tell each user (in-app, and by e-mail when they have an address); run by the worker after commit."""
    from zhicheng.accounts.notifications import notify

    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        notify(user, message[:MESSAGE_MAX], link)


def _tell(users: QuerySet[User], message: str, link: str = "") -> list[int]:
    ids = list(users.filter(is_active=True).order_by("id").values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: notify_users.enqueue(ids, message, link))
    return ids


def _bureau_of(region: Region | None) -> QuerySet[User]:
    return User.objects.filter(role=Role.BUREAU, organisation__region=region)


def _office_of(committee: Committee) -> QuerySet[User]:
    return User.objects.filter(role=Role.OFFICE, organisation__in=committee.offices.all())


def _authorities_over(committee: Committee) -> QuerySet[User]:
    """The sector authorities whose region holds the committee's seat and whose series it evaluates."""
    parts = committee.seat_region.path.rstrip("/").split("/")
    paths = ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
    series = committee.scopes.values("series_id")
    return User.objects.filter(role=Role.AUTHORITY, organisation__region__path__in=paths).filter(
        Q(organisation__series__isnull=True) | Q(organisation__series__in=series)
    )


def _link(meeting: Meeting) -> str:
    return reverse("evaluation:report", args=[meeting.pk])


# --- the services -------------------------------------------------------------------------------------


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("committee__seat_region").get(pk=meeting.pk)


def _lock_report(report: MeetingReport) -> MeetingReport:
    return (
        MeetingReport.objects.select_for_update(of=("self",))
        .select_related("meeting__committee__seat_region")
        .get(pk=report.pk)
    )


@transaction.atomic
def report_submit(meeting: Meeting, *, actor) -> MeetingReport:
    """The office reports the meeting to the bureau where the committee sits, at least the policy's working
    days ahead, with the panel drawn; one report awaits or holds approval at a time (55号 §4(三), §4(四))."""
    meeting = _lock_meeting(meeting)
    committee = meeting.committee
    ensure_office(meeting, actor)
    if meeting.state != Meeting.State.SCHEDULED:
        raise Conflict(f"会议当前为「{meeting.get_state_display()}」，不能报备")
    ensure_committee_active(committee)
    pending = meeting.reports.filter(state__in=[MeetingReport.State.SUBMITTED, MeetingReport.State.APPROVED]).first()
    if pending is not None:
        raise Conflict(f"本次会议已报备（{pending.get_state_display()}），不能重复报备")
    if not meeting.panel.exists():
        raise RuleViolation("报备内容须包括评委会组成情况，请先抽取评审专家", clause=_clause(committee))
    today = timezone.localdate()
    _ensure_in_time(meeting, today)
    now = timezone.now()
    with_city = files_with_city(committee)
    report = MeetingReport.objects.create(
        meeting=meeting,
        content=report_content(meeting),
        submitted_by=actor,
        submitted_at=now,
        filed_with_city_at=now if with_city else None,
    )
    record_event(
        actor=actor,
        action="meeting_report.submit",
        obj=report,
        after=report.state,
        data={
            "meeting": meeting.pk,
            "cases": len(report.content["cases"]),
            "panel": len(report.content["committee"]["panel"]),
            "latest_report_date": report_deadline(meeting).latest.isoformat(),
            "filed_with_city": with_city,
        },
    )
    when, link = _cn(meeting.date), _link(meeting)
    seat = committee.seat_region
    _tell(
        _bureau_of(seat),
        f"{committee.name}报备了{when}召开的评审会议（评审对象{len(report.content['cases'])}人），"
        "请审核并出具书面意见；经同意后方可召开。",
        link,
    )
    if with_city:
        _tell(
            _bureau_of(seat.parent),
            f"设在{seat.name}的{committee.name}报备了{when}召开的评审会议，已报市人力社保局备案。",
            link,
        )
    if committee.kind == Committee.Kind.SELF_EVALUATING:
        # The authority cannot open meeting pages (evaluation.view_meeting), so its message stands alone.
        _tell(
            _authorities_over(committee),
            f"自主评聘单位{committee.name}报备了{when}召开的年度评聘会议，"
            f"已报{seat.name}人力社保局审核（55号 §4(四)）。",
        )
    return report


def _decide(report: MeetingReport, *, actor, to: str, text: str, missing: str) -> MeetingReport:
    report = _lock_report(report)
    meeting = report.meeting
    if not actor.has_perm("evaluation.approve_report", meeting):
        raise Forbidden(
            f"只有{meeting.committee.seat_region.name}人力社保局可以审批{meeting.committee.name}的评审会议报备"
        )
    if report.state != MeetingReport.State.SUBMITTED:
        raise Conflict(f"该报备当前为「{report.get_state_display()}」，不能再审批")
    if not text.strip():
        raise RuleViolation(missing, clause=_clause(meeting.committee))
    before = report.state
    report.state = to
    report.decided_by = actor
    report.decided_at = timezone.now()
    report.opinion = text.strip()
    report.save(update_fields=["state", "decided_by", "decided_at", "opinion"])
    record_event(
        actor=actor,
        action=f"meeting_report.{'approve' if to == MeetingReport.State.APPROVED else 'refuse'}",
        obj=report,
        before=before,
        after=report.state,
        reason=report.opinion,
        data={"meeting": meeting.pk},
    )
    return report


@transaction.atomic
def report_approve(report: MeetingReport, *, actor, opinion: str) -> MeetingReport:
    """The bureau where the committee sits approves the report with a written opinion; then the meeting may
    open (55号 §4(三))."""
    report = _decide(
        report,
        actor=actor,
        to=MeetingReport.State.APPROVED,
        text=opinion,
        missing="请填写书面意见：评审会议须经人力社保局同意并出具书面意见后方可召开",
    )
    meeting = report.meeting
    _tell(
        _office_of(meeting.committee),
        f"{_bureau_name(actor)}同意{meeting.committee.name}于{_cn(meeting.date)}召开评审会议。书面意见：{report.opinion}",
        _link(meeting),
    )
    return report


@transaction.atomic
def report_refuse(report: MeetingReport, *, actor, reason: str) -> MeetingReport:
    """The bureau where the committee sits refuses the report, saying why; the office may report again while
    the deadline allows (55号 §4(三))."""
    report = _decide(
        report,
        actor=actor,
        to=MeetingReport.State.REFUSED,
        text=reason,
        missing="请填写不同意的理由，评委会办公室将据此修改后重新报备",
    )
    meeting = report.meeting
    latest = report_deadline(meeting).latest
    _tell(
        _office_of(meeting.committee),
        f"{_bureau_name(actor)}不同意{meeting.committee.name}{_cn(meeting.date)}评审会议的报备。理由：{report.opinion}。"
        f"请修改后重新报备（最迟{_cn(latest)}）。",
        _link(meeting),
    )
    return report


def _bureau_name(actor) -> str:
    return actor.organisation.name if actor.organisation_id else "人力社保局"


# --- reads --------------------------------------------------------------------------------------------


def report_latest(meeting: Meeting) -> MeetingReport | None:
    return meeting.reports.select_related("submitted_by", "decided_by").order_by("-submitted_at", "-id").first()


def reports_for_bureau(user) -> dict[str, QuerySet[MeetingReport]]:
    """A bureau's reports: awaiting its approval (committees seated in its very region), filed with it as
    the city (中评委 seated in its districts), and those it has decided."""
    reports = MeetingReport.objects.select_related("meeting__committee", "submitted_by", "decided_by")
    if user.role != Role.BUREAU or user.region is None:
        none = reports.none()
        return {"awaiting": none, "filed": none, "decided": none}
    region = user.region
    seated_here = reports.filter(meeting__committee__seat_region=region)
    return {
        "awaiting": seated_here.filter(state=MeetingReport.State.SUBMITTED).order_by("meeting__date", "submitted_at"),
        "filed": reports.filter(
            filed_with_city_at__isnull=False, meeting__committee__seat_region__parent=region
        ).order_by("-filed_with_city_at")[:50],
        "decided": seated_here.exclude(state=MeetingReport.State.SUBMITTED).order_by("-decided_at")[:50],
    }
