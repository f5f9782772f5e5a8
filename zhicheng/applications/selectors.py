"""Reads of cases, each already scoped to the user's role and region (mirrors rules.view_application)."""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, State
from zhicheng.applications.transitions import BY_ACTION, awaiting_states
from zhicheng.committees.models import AnnualPlan, Committee
from zhicheng.committees.routing import Route, route_case
from zhicheng.committees.selectors import plan_for
from zhicheng.lib.errors import Forbidden, RuleViolation

ROLE_ACTOR = {
    Role.PROFESSIONAL: "applicant",
    Role.EMPLOYER: "employer",
    Role.AUTHORITY: "authority",
    Role.OFFICE: "office",
    Role.BUREAU: "bureau",
}


def _base() -> QuerySet[Application]:
    return Application.objects.select_related(
        "applicant", "employer", "employer__region", "title", "specialty", "series", "committee"
    )


def _committee_ids(**lookup) -> list[int]:
    """The few committees a user works for, as ids: the case query then filters on its own indexed column
    (no join through the many-to-many table, so no duplicates and no DISTINCT) and the planner can use it."""
    return list(Committee.objects.filter(**lookup).values_list("pk", flat=True))


def committees_of(user) -> list[int] | None:
    """The committees whose cases are all an office or an expert sees, as ids (the case lists' scope below and
    the workbench's sort); None for other roles."""
    if user.is_superuser:
        return None
    if user.role == Role.OFFICE:
        return _committee_ids(offices=user.organisation_id)
    if user.role == Role.EXPERT:
        return _committee_ids(members=user)
    return None


def _visibility_filter(user) -> Q | None:
    """A Q object selecting the cases `user` may see, or None for none at all."""
    if user.is_superuser or user.role == Role.ADMIN:
        return Q()
    if user.role == Role.PROFESSIONAL:
        return Q(applicant=user)
    if user.role == Role.EXPERT:
        return Q(committee_id__in=committees_of(user), state__in=[State.SCHEDULED, State.EVALUATED])
    region = user.region
    if region is None:
        return None
    not_draft = ~Q(state=State.DRAFT)
    if user.role == Role.EMPLOYER:
        return not_draft & Q(employer_id=user.organisation_id)
    if user.role == Role.AUTHORITY:
        scope = Q(employer__region__path__startswith=region.path)
        if user.organisation.series_id:
            scope &= Q(series_id=user.organisation.series_id)
        return not_draft & scope
    if user.role == Role.OFFICE:
        return not_draft & Q(committee_id__in=committees_of(user))
    if user.role == Role.BUREAU:
        return not_draft & (
            Q(committee__seat_region__path__startswith=region.path) | Q(employer__region__path__startswith=region.path)
        )
    return None


def application_list_visible_to(user) -> QuerySet[Application]:
    condition = _visibility_filter(user)
    if condition is None:
        return Application.objects.none()
    return _base().filter(condition)


# What a list of cases shows (applications/list.html, _table.html, the .xlsx export): a page reads these
# columns, not each case's long statement and routing text nor the whole rows of its person and employer.
LIST_COLUMNS = (
    "state",
    "outcome",
    "year",
    "submitted_at",
    "updated_at",
    "applicant__name",
    "employer__name",
    "employer__region__is_mountain_county",
    "title__name",
    "specialty__name",
    "committee__name",
)


def listed(cases: QuerySet[Application]) -> QuerySet[Application]:
    """`cases` narrowed to the columns a list shows, with the rows they come from joined in one query."""
    return (
        cases.select_related(None)
        .select_related("applicant", "employer__region", "title", "specialty", "committee")
        .only(*LIST_COLUMNS)
    )


def application_get_for_user(pk: int, *, user) -> Application:
    """The case if the user may see it; otherwise 404, so its existence is not revealed."""
    application = application_list_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404("未找到该申报，或您无权查看")
    return application


def application_list_awaiting(user) -> QuerySet[Application]:
    """Cases waiting for this user to move them on: the workbench's first list."""
    actor = ROLE_ACTOR.get(user.role)
    if actor is None:
        return Application.objects.none()
    cases = application_list_visible_to(user).filter(state__in=awaiting_states(actor))
    if user.role == Role.BUREAU:
        # A bureau also watches its employers' cases at other committees, but acts only on those of the
        # committees seated in its region (55号 §4(三)).
        cases = cases.filter(committee__seat_region__path__startswith=user.region.path)
    return cases


ACTION_LABELS = {
    "application.create": "创建申报草稿",
    "application.update": "修改申报",
    "application.select_materials": "选择申报业绩",
}


def action_label(action: str) -> str:
    """An audit action of a case in words: a transition's label, or what an edit did."""
    transition = BY_ACTION.get(action.removeprefix("application."))
    return transition.label if transition else ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class RoutePreview:
    """Where a draft would go before it is saved: the committee and why with its plan, or why none takes it."""

    year: int
    route: Route | None = None
    plan: AnnualPlan | None = None
    refusal: RuleViolation | None = None


def application_route_preview(*, user, year: int | None, specialty, title) -> RoutePreview | None:
    """What `application_create` would route this professional's draft to, and that committee's plan for the
    year; None while year, specialty or title is still unchosen. Reads only (55号 §2)."""
    if user.role != Role.PROFESSIONAL or not user.organisation_id:
        raise Forbidden("只有已登记工作单位的专业技术人才可以发起申报")
    if year is None or specialty is None or title is None:
        return None
    try:
        route = route_case(specialty=specialty, title=title, employer=user.organisation, year=year)
    except RuleViolation as refusal:
        return RoutePreview(year=year, refusal=refusal)
    return RoutePreview(year=year, route=route, plan=plan_for(route.committee, year))


# Counting a large case list reads every one of its rows (an office at province scale: 70,000 rows, half the
# time of the page). Below this size the count is cheap and always exact; above it the count is shared for a
# few seconds, so a workbench paged through or reloaded does not recount, while the rows shown stay live.
# A count that took long is shared the same way whatever its size: a name search of one character (王) counts
# a few thousand cases but reads 300,000 names to find them (45 ms at province scale).
LARGE_COUNT = 10_000
SLOW_COUNT_SECONDS = 0.02
LARGE_COUNT_SECONDS = 30


def case_count(cases: QuerySet[Application]) -> int:
    """How many cases `cases` holds: exact when small and quick; a large or slow count is shared for a few
    seconds."""
    try:
        sql, params = cases.order_by().query.sql_with_params()  # one count whatever the sort
    except EmptyResultSet:  # a filter that can match nothing (no committee, .none()) is not sent at all
        return 0
    key = "case-count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    started = time.perf_counter()
    total = cases.count()
    if total >= LARGE_COUNT or time.perf_counter() - started >= SLOW_COUNT_SECONDS:
        cache.set(key, total, LARGE_COUNT_SECONDS)
    return total


class CaseListPaginator(Paginator):
    """A paginator of case lists whose count of a large list is cached briefly (case_count)."""

    @cached_property
    def count(self) -> int:
        return case_count(self.object_list)  # type: ignore[arg-type]

    def page(self, number):
        """A full page of live rows: the count (perhaps a few seconds old) never cuts the last page short."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + (self.orphans if number == self.num_pages else 0)
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int) -> list[Application]:
        """The page's rows in two steps: first their ids in list order, from only the tables the filters and
        the order need, then those rows with everything the list shows. In one step a sort by committee name
        joined all 44,000 of a committee's cases of a year to their applicants before keeping 50 (200 ms)."""
        cases: QuerySet[Application] = self.object_list  # type: ignore[assignment]
        ids = list(cases.values_list("pk", flat=True)[bottom:top])
        rows = {case.pk: case for case in cases.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]
