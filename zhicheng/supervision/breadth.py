"""The 5× indicator (申报一人，完善一批, 55号 §1): complete archives ÷ applicants this year, per employer and
per committee, against the policy's minimum ratio. Set-based: two grouped queries whatever the region's size.

An employer's archives are those of its staff. A committee's are those of the staff of every employer in its
jurisdiction (the people it would evaluate). Applicants are distinct people with a case of the year that is
neither a draft nor withdrawn.
"""

import math
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from zhicheng.accounts.models import Organisation, Professional, Region, Role
from zhicheng.applications.models import Application, State
from zhicheng.archive.completeness import complete_q, policy_for
from zhicheng.committees.models import Committee
from zhicheng.lib.errors import Forbidden

NOT_COUNTED = [State.DRAFT, State.WITHDRAWN]


@dataclass
class BreadthRow:
    pk: int
    name: str
    region: str
    complete: int
    applicants: int
    ratio_min: Decimal
    # The region whose bureau watches this row: an employer's own, a committee's seat (alerts are scoped to it).
    watched_by: int
    # Derived once on creation: a province's table has 20,000 rows, each read several times.
    required: int = field(init=False)
    shortfall: int = field(init=False)

    def __post_init__(self) -> None:
        self.required = math.ceil(self.applicants * self.ratio_min) if self.applicants else 0
        self.shortfall = max(0, self.required - self.complete)

    @property
    def ratio(self) -> Decimal | None:
        if not self.applicants:
            return None
        return (Decimal(self.complete) / Decimal(self.applicants)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def meets(self) -> bool:
        return self.shortfall == 0

    def sort_key(self) -> tuple:
        """Worst first: those with applicants by ratio, larger shortfall first; those without, last."""
        if not self.applicants:
            return (1, 0, 0, self.name)
        return (0, self.complete / self.applicants, -self.shortfall, self.name)


@dataclass
class Breadth:
    year: int
    ratio_min: Decimal
    employers: list[BreadthRow]
    committees: list[BreadthRow]


def _applicants(field: str, year: int, ids) -> dict[int, int]:
    rows = (
        Application.objects.filter(year=year, **{f"{field}__in": ids})
        .exclude(state__in=NOT_COUNTED)
        .values(field)
        .annotate(n=Count("applicant_id", distinct=True))
    )
    return {row[field]: row["n"] for row in rows}


def _under(paths: set[str], field: str) -> Q:
    condition = Q(pk__in=[])
    for path in {p for p in paths if not any(p != q and p.startswith(q) for q in paths)}:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _complete_counts(year: int, paths: set[str]) -> list[tuple[int, str, int]]:
    """(employer, the employer's region path, complete archives) for employers under any of `paths`."""
    region_paths = dict(Region.objects.filter(_under(paths, "path")).values_list("pk", "path"))
    rows = (
        Professional.objects.filter(complete_q(year), employer__region_id__in=list(region_paths))
        .values_list("employer_id", "employer__region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(employer_id, region_paths[region_id], n) for employer_id, region_id, n in rows]


def _scope(user) -> tuple[Q, Q | None, set[str]]:
    """Which employers and which committees the user watches, and the region paths that hold them all."""
    if user.is_superuser or user.role == Role.ADMIN:
        return Q(), Q(), {""}
    if user.role == Role.EMPLOYER and user.organisation_id:
        return Q(pk=user.organisation_id), None, {user.region.path}
    if user.role == Role.OFFICE and user.organisation_id:
        committees = Q(offices=user.organisation_id)
        paths = set(Committee.objects.filter(committees).values_list("jurisdiction__path", flat=True))
        return _under(paths, "region__path"), committees, paths
    region = user.region
    if user.role in (Role.BUREAU, Role.AUTHORITY) and region is not None:
        return Q(region__path__startswith=region.path), Q(seat_region__path__startswith=region.path), {region.path}
    raise Forbidden("只有用人单位、评委会办公室、行业主管部门和人力社保局可以查看档案5倍指标")


def _region_name(path: str) -> str:
    return path.rstrip("/").replace("/", "")


def breadth_for(user, *, year: int) -> Breadth:
    policy = policy_for(year)
    ratio_min = policy.archive_ratio_min
    employer_scope, committee_scope, paths = _scope(user)
    employers = (
        Organisation.objects.filter(employer_scope, kind=Organisation.Kind.EMPLOYER)
        .order_by("name")
        .values_list("pk", "name", "region__path", "region_id")
    )
    committees = (
        list(Committee.objects.filter(committee_scope).select_related("jurisdiction").distinct())
        if committee_scope is not None
        else []
    )
    counts = _complete_counts(year, paths | {c.jurisdiction.path for c in committees})
    by_employer = {employer_id: n for employer_id, _, n in counts}
    # Summed per region first: a committee then adds up a few hundred regions, not 20,000 employers.
    by_path: dict[str, int] = {}
    for _, path, n in counts:
        by_path[path] = by_path.get(path, 0) + n
    in_scope = Organisation.objects.filter(employer_scope, kind=Organisation.Kind.EMPLOYER).values("pk")
    employer_applicants = _applicants("employer_id", year, in_scope)
    committee_applicants = _applicants("committee_id", year, [c.pk for c in committees])
    employer_rows = [
        BreadthRow(
            pk, name, _region_name(path), by_employer.get(pk, 0), employer_applicants.get(pk, 0), ratio_min, region_id
        )
        for pk, name, path, region_id in employers
    ]
    committee_rows = [
        BreadthRow(
            c.pk,
            c.name,
            c.jurisdiction.full_name,
            sum(n for path, n in by_path.items() if path.startswith(c.jurisdiction.path)),
            committee_applicants.get(c.pk, 0),
            ratio_min,
            c.seat_region_id,
        )
        for c in committees
    ]
    return Breadth(
        year=year,
        ratio_min=ratio_min,
        employers=sorted(employer_rows, key=BreadthRow.sort_key),
        committees=sorted(committee_rows, key=BreadthRow.sort_key),
    )


# A large scope (a city: some 800 employers; the province: 20,000) is an aggregate over millions of archives:
# it is computed in one go and shared for a few minutes, with the time it was computed shown on the page and a
# button to recompute it. Smaller scopes (a county: some 200 employers) are cheap and always computed fresh.
LARGE_SCOPE_EMPLOYERS = 500
SNAPSHOT_SECONDS = 300
SNAPSHOT_LAYOUT = 2


@dataclass
class BreadthSnapshot:
    breadth: Breadth
    computed_at: datetime
    short_employers: int
    short_committees: int
    # Names this computation, so a process can tell that the table it holds is still the shared one.
    version: str = field(default_factory=lambda: secrets.token_hex(8))


# The shared cache holds a large table pickled, and reading 20,000 rows back costs a province bureau some
# 60 ms on every page. So each process also keeps the tables it read last, and uses one while the shared
# cache's small version entry still names it: a recompute in any process, or the expiry, moves every process on.
_held: OrderedDict[str, BreadthSnapshot] = OrderedDict()
_holding = threading.Lock()  # a worker's threads share what it holds
HELD_TABLES = 16


def _snapshot_key(user, year: int) -> str:
    """Users see the same table when they share role and organisation (the scope is derived from those). The
    key names the row's layout, so a table cached by an earlier release is not read back into this one."""
    if user.is_superuser or user.role == Role.ADMIN:
        return f"breadth:{SNAPSHOT_LAYOUT}:{year}:all"
    return f"breadth:{SNAPSHOT_LAYOUT}:{year}:{user.role}:{user.organisation_id}"


def _shared_snapshot(key: str) -> BreadthSnapshot | None:
    """The scope's table computed in the last few minutes by any process, or None."""
    version = cache.get(f"{key}:version")
    if version is None:
        return None
    held = _held.get(key)
    if held is not None and held.version == version:
        return held
    snapshot = cache.get(key)
    if snapshot is not None:
        _hold(key, snapshot)
    return snapshot


def _hold(key: str, snapshot: BreadthSnapshot) -> None:
    with _holding:
        _held[key] = snapshot
        _held.move_to_end(key)
        while len(_held) > HELD_TABLES:
            _held.popitem(last=False)


def breadth_snapshot(user, *, year: int, recompute: bool = False) -> BreadthSnapshot:
    """The 5× table of the user's scope and when it was computed: a large scope's is reused for a few minutes
    unless `recompute` is asked for; a small scope's is always computed now."""
    key = _snapshot_key(user, year)
    snapshot = None if recompute else _shared_snapshot(key)
    if snapshot is None:
        breadth = breadth_for(user, year=year)
        snapshot = BreadthSnapshot(
            breadth=breadth,
            computed_at=timezone.now(),
            short_employers=sum(1 for row in breadth.employers if not row.meets),
            short_committees=sum(1 for row in breadth.committees if not row.meets),
        )
        if len(breadth.employers) >= LARGE_SCOPE_EMPLOYERS:
            cache.set_many({key: snapshot, f"{key}:version": snapshot.version}, SNAPSHOT_SECONDS)
            _hold(key, snapshot)
        else:
            cache.delete_many([key, f"{key}:version"])
    return snapshot
