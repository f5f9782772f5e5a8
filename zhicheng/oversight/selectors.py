"""Reads of the oversight pages, scoped to the user: a bureau sees its region, an expert their re-reviews."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Outcome
from zhicheng.committees.models import Committee, Expert
from zhicheng.committees.services import NEXT_STEP
from zhicheng.evaluation.models import Panelist
from zhicheng.oversight.models import Complaint, Rereview, RereviewDraw
from zhicheng.policy.selectors import policy_for
from zhicheng.publicity.models import Objection

DECIDED = [Outcome.PASSED, Outcome.FAILED, Outcome.RECOMMENDED]
S = Committee.Status
# The policy number that makes each step due (55号 §3).
THRESHOLD_FIELD = {
    S.WARNED: "complaints_for_warning",
    S.RECTIFYING: "complaints_for_rectification",
    S.SUSPENDED: "complaints_for_suspension",
}


def decided_cases(committee: Committee, year: int) -> QuerySet[Application]:
    """The committee's cases of the year with a result (passed, failed or recommended), in id order."""
    return Application.objects.filter(committee=committee, year=year, outcome__in=DECIDED).order_by("id")


def committees_in_region_of(user) -> QuerySet[Committee]:
    """The committees seated in the bureau user's region; nothing for anyone else."""
    region = getattr(user, "region", None)
    if getattr(user, "role", None) != Role.BUREAU or region is None:
        return Committee.objects.none()
    return Committee.objects.filter(seat_region__path__startswith=region.path).order_by("name")


def draws_visible_to(user) -> QuerySet[RereviewDraw]:
    region = getattr(user, "region", None)
    if getattr(user, "role", None) != Role.BUREAU or region is None:
        return RereviewDraw.objects.none()
    return RereviewDraw.objects.filter(region__path__startswith=region.path).select_related("region")


def rereviews_governed_by(user) -> QuerySet[Rereview]:
    """The re-reviews of the committees seated in the bureau user's region; nothing for anyone else."""
    return Rereview.objects.filter(committee__in=committees_in_region_of(user)).select_related("application")


def rereviews_of_draw(draw: RereviewDraw) -> QuerySet[Rereview]:
    return draw.cases.select_related("application__professional", "application__title", "committee", "reviewer")


def rereviews_assigned_to(user) -> QuerySet[Rereview]:
    return Rereview.objects.filter(reviewer=user).select_related(
        "application__professional", "application__title", "committee"
    )


def panelist_user_ids(application: Application) -> set[int]:
    """The users who sat on a panel of a meeting that had this case on its agenda."""
    experts = Panelist.objects.filter(meeting__cases__application=application).values_list("expert__user_id", flat=True)
    return set(experts)


def eligible_reviewers(rereview: Rereview) -> QuerySet[Expert]:
    """Active pool experts with an expert login, minus the panelists of the case's meeting."""
    return (
        Expert.objects.filter(active=True, user__role=Role.EXPERT, user__is_active=True)
        .exclude(user_id__in=panelist_user_ids(rereview.application))
        .exclude(user_id=rereview.application.applicant_id)
        .select_related("user", "specialty", "title")
    )


def window_start(today: date) -> date:
    """The first day of the twelve months ending today."""
    try:
        return today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28) + timedelta(days=1)


def _upheld_between(since: date, until: date) -> QuerySet[Objection]:
    """Objections answered as upheld on publicity lists in the window: each counts as a complaint."""
    return Objection.objects.filter(
        state=Objection.State.UPHELD, answered_at__date__gte=since, answered_at__date__lte=until
    )


def _complaints_between(since: date, until: date) -> QuerySet[Complaint]:
    return Complaint.objects.filter(received_on__gte=since, received_on__lte=until)


def upheld_objections(committee: Committee, *, since: date, until: date) -> QuerySet[Objection]:
    """The committee's upheld objections of the window."""
    return _upheld_between(since, until).filter(entry__application__committee=committee).select_related("entry")


def complaints_of(committee: Committee, *, since: date, until: date) -> QuerySet[Complaint]:
    return _complaints_between(since, until).filter(committee=committee)


def complaint_count(committee: Committee, today: date) -> int:
    since = window_start(today)
    return (
        complaints_of(committee, since=since, until=today).count()
        + upheld_objections(committee, since=since, until=today).count()
    )


@dataclass(frozen=True)
class Proposal:
    """The next escalation step the complaints call for; a bureau decides it, it never applies itself."""

    to: str
    count: int
    threshold: int

    @property
    def label(self) -> str:
        return S(self.to).label


def escalation_proposal(committee: Committee, today: date) -> Proposal | None:
    """The step after the committee's status, when its complaints of the last 12 months reach that step's
    number in the policy; one step at a time (55号 §3)."""
    return _proposal(committee, complaint_count(committee, today), policy_for(today.year))


def _proposal(committee: Committee, count: int, policy) -> Proposal | None:
    step = NEXT_STEP.get(committee.status)
    if step is None:
        return None
    threshold = getattr(policy, THRESHOLD_FIELD[S(step)])
    return Proposal(to=step, count=count, threshold=threshold) if count >= threshold else None


def _count_per_committee(rows: QuerySet, committee_field: str) -> Coalesce:
    """One committee's row count as a subquery of the committee list, 0 when it has none."""
    counted = rows.filter(**{committee_field: OuterRef("pk")}).order_by().values(committee_field)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def committees_with_complaints(user, today: date) -> list[tuple[Committee, int, Proposal | None]]:
    """The bureau's committees with their complaint counts and escalation proposals, counted in the list's
    own query (the same count as complaint_count) so the page costs the same however many committees."""
    since = window_start(today)
    committees = committees_in_region_of(user).annotate(
        complaints_in_window=_count_per_committee(_complaints_between(since, today), "committee")
        + _count_per_committee(_upheld_between(since, today), "entry__application__committee")
    )
    policy = policy_for(today.year)
    return [(c, c.complaints_in_window, _proposal(c, c.complaints_in_window, policy)) for c in committees]


@dataclass(frozen=True)
class RegisterLine:
    kind: str
    source_label: str
    received_on: date
    text: str
    application: Application | None


def complaint_register(committee: Committee, today: date) -> list[RegisterLine]:
    """The last 12 months' complaints with the upheld objections, newest first."""
    since = window_start(today)
    lines = [
        RegisterLine(c.source, c.get_source_display(), c.received_on, c.text, c.application)
        for c in complaints_of(committee, since=since, until=today).select_related("application__professional")
    ]
    for objection in upheld_objections(committee, since=since, until=today).select_related(
        "entry__application__professional"
    ):
        assert objection.answered_at is not None
        lines.append(
            RegisterLine(
                Complaint.Source.OBJECTION,
                Complaint.Source.OBJECTION.label,
                objection.answered_at.date(),
                f"{objection.text}\n调查处理：{objection.answer}",
                objection.entry.application,
            )
        )
    return sorted(lines, key=lambda line: line.received_on, reverse=True)
