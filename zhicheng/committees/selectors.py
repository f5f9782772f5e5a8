"""Reads about committees: public plans, and the deadline board of self-evaluating units."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Region, Role
from zhicheng.committees.models import AnnualPlan, Committee, Expert, Filing
from zhicheng.committees.services import due_date
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar


def committees_governed_by(user) -> QuerySet[Committee]:
    """Committees a user answers for: a bureau or authority those seated in its region, an office its own."""
    if user.role in (Role.BUREAU, Role.AUTHORITY) and user.region is not None:
        return Committee.objects.filter(seat_region__path__startswith=user.region.path)
    if user.role == Role.OFFICE:
        return Committee.objects.filter(offices=user.organisation_id)
    return Committee.objects.none()


def plans_for_region(region: Region, year: int) -> QuerySet[AnnualPlan]:
    """The public plan of a district or city: committees seated in the region itself (附件1/2)."""
    return (
        AnnualPlan.objects.filter(year=year, committee__seat_region=region)
        .select_related("committee")
        .order_by("meeting_date")
    )


@dataclass(frozen=True)
class DueItem:
    committee: Committee
    kind: str
    label: str
    year: int
    due: date
    filing: Filing | None
    workdays_left: int
    provisional: bool

    @property
    def state(self) -> str:
        if self.filing is not None:
            return "done"
        return "overdue" if self.workdays_left == 0 else "due"


def deadline_board(user, *, today: date, year: int) -> list[DueItem]:
    """What each self-evaluating unit must file for `year`: done, due (with working days left), or overdue."""
    committees = committees_governed_by(user).filter(kind=Committee.Kind.SELF_EVALUATING).order_by("name")
    filings = {
        (f.committee_id, f.kind): f
        for f in Filing.objects.filter(Q(year=year), committee__in=committees).select_related("committee")
    }
    policy = policy_for(year)
    calendar = Calendar()
    items = []
    for committee in committees:
        for kind in Filing.Kind:
            due = due_date(kind, year, policy)
            items.append(
                DueItem(
                    committee,
                    kind.value,
                    kind.label,
                    year,
                    due,
                    filings.get((committee.pk, kind.value)),
                    calendar.workdays_left(today, due),
                    calendar.is_provisional(due.year),
                )
            )
    return sorted(items, key=lambda i: ({"overdue": 0, "due": 1, "done": 2}[i.state], i.due))


PLAN_EVENTS = [
    ("application_opens", "申报开始"),
    ("application_closes", "申报截止"),
    ("review_deadline", "审核截止"),
    ("pre_publicity_start", "评前公示开始"),
    ("meeting_report_by", "评审会议报告"),
    ("meeting_date", "评审会议"),
    ("result_publicity_start", "评后公示开始"),
]


def plan_calendar(plans) -> list[tuple[str, list[tuple[date, str, str]]]]:
    """The plans' dates as a calendar: months in order, each with its (date, committee, event) lines."""
    events = sorted(
        (getattr(plan, field), plan.committee.name, label) for plan in plans for field, label in PLAN_EVENTS
    )
    months: dict[str, list[tuple[date, str, str]]] = {}
    for event in events:
        months.setdefault(f"{event[0].year}年{event[0].month}月", []).append(event)
    return list(months.items())


def plan_for(committee, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(committee=committee, year=year).first()


def members_required(committee: Committee, year: int) -> int:
    """The policy's minimum number of experts for a committee of this level (40号令)."""
    return getattr(policy_for(year), f"committee_min_members_{committee.level}")


def committees_with_membership(year: int) -> list:
    """Every committee with its member count and the policy's minimum (shown on the public list)."""
    committees = list(committee_list_public().annotate(member_count=Count("members")).order_by("name"))
    policy = policy_for(year)  # read once: per committee it was one query a row
    for committee in committees:
        committee.members_required = getattr(policy, f"committee_min_members_{committee.level}")  # type: ignore[attr-defined]
    return committees


def expert_pool_for(user) -> QuerySet:
    """The experts of a bureau's region."""
    if user.role != Role.BUREAU or user.region is None:
        return Expert.objects.none()
    return Expert.objects.filter(region__path__startswith=user.region.path).select_related(
        "user", "specialty", "title", "employer"
    )


def region_by_name(name: str) -> Region | None:
    """A city or county by name, for the public plan pages."""
    return Region.objects.filter(name=name).exclude(level=Region.Level.PROVINCE).first()


def seat_regions() -> QuerySet[Region]:
    """Cities and counties where a committee sits: the places that publish a plan."""
    return Region.objects.filter(pk__in=Committee.objects.values("seat_region")).order_by("path")


def filing_get_for_user(pk: int, *, user) -> Filing:
    """A filing of a committee the user answers for; 404 otherwise."""
    return get_object_or_404(Filing.objects.filter(committee__in=committees_governed_by(user)), pk=pk)


def committee_list_public() -> QuerySet[Committee]:
    """Every committee with its remit: names, scopes and standing are public."""
    return Committee.objects.select_related("seat_region").prefetch_related("scopes__title", "scopes__specialty")
