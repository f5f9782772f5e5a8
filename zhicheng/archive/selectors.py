"""Reads of archives, each scoped to the user's role and region (mirrors archive.rules)."""

from datetime import date

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Professional, Role
from zhicheng.accounts.selectors import professional_visibility_q
from zhicheng.archive.completeness import rule_items
from zhicheng.archive.models import Achievement, Evidence, Profile, TitleHeld
from zhicheng.lib.errors import Forbidden
from zhicheng.policy.models import Title
from zhicheng.policy.selectors import policy_for

NOT_VISIBLE = "您无权查看此人的业绩档案：只有本人、所在单位及其所在地区的主管部门、人力社保局和评委会办公室可以查看"


def professional_list_visible_to(user) -> QuerySet[Professional]:
    condition = professional_visibility_q(user)
    if condition is None:
        return Professional.objects.none()
    return Professional.objects.filter(condition).select_related("employer", "archive_profile")


def _ensure_visible(user, professional: Professional) -> None:
    if not user.has_perm("archive.view_professional", professional):
        raise Forbidden(NOT_VISIBLE)


def professional_get_for_user(pk: int, *, user) -> Professional:
    """The person if the user may see their archive: 404 if there is no such person, 403 if not theirs to see."""
    professional = get_object_or_404(Professional.objects.select_related("employer__region", "user"), pk=pk)
    _ensure_visible(user, professional)
    return professional


def own_professional(user) -> Professional | None:
    return Professional.objects.select_related("employer__region").filter(user=user).first()


def achievement_get_for_user(pk: int, *, user) -> Achievement:
    achievement = get_object_or_404(
        Achievement.objects.select_related("professional__employer__region", "professional__user", "verified_by"),
        pk=pk,
    )
    _ensure_visible(user, achievement.professional)
    return achievement


def evidence_get_for_user(pk: int, *, user) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("achievement__professional__employer__region"), pk=pk)
    _ensure_visible(user, evidence.achievement.professional)
    return evidence


def achievement_list_pending_for(user) -> QuerySet[Achievement]:
    """The employer's queue: its staff's achievements waiting to be verified, oldest first."""
    if user.role != Role.EMPLOYER or not user.organisation_id:
        return Achievement.objects.none()
    return (
        Achievement.objects.filter(professional__employer_id=user.organisation_id, status=Achievement.Status.PENDING)
        .select_related("professional")
        .order_by("updated_at", "id")
    )


def identifier_claimants(achievement: Achievement) -> int:
    """How many other people claim the same DOI, patent or standard number."""
    if not achievement.identifier_key:
        return 0
    return (
        Achievement.objects.filter(identifier_key=achievement.identifier_key)
        .exclude(professional_id=achievement.professional_id)
        .values("professional_id")
        .distinct()
        .count()
    )


STAFF_FILTERS = {
    "incomplete": "档案未完善",
    "complete": "档案已完善",
    "pending": "有待核验业绩",
}


def _flag(condition: Q) -> Case:
    """True or False, never NULL: a person with no profile row yet simply lacks everything."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def staff_list_for(user, *, year: int, status: str = "", search: str = "") -> QuerySet[Professional]:
    """Visible professionals with, per person, which items of the completeness rule they meet.

    Each item is computed once per row (the CE check is one subquery); `with_completeness` then sets
    `is_complete` on the rows of a page, so the rule is not evaluated a second time in SQL.
    """
    items = rule_items(year, policy_for(year))
    annotations: dict[str, Exists | Case | Value] = {
        name: item if isinstance(item, Exists) else _flag(item) for name, item in items.items()
    }
    annotations.setdefault("has_ce", Value(True))  # a year whose policy does not ask for CE hours
    people = professional_list_visible_to(user).annotate(**annotations)
    complete = Q(**{name: True for name in items})
    if status == "incomplete":
        people = people.exclude(complete)
    elif status == "complete":
        people = people.filter(complete)
    elif status == "pending":
        people = people.filter(
            Exists(Achievement.objects.filter(professional_id=OuterRef("pk"), status=Achievement.Status.PENDING))
        )
    search = search.strip()
    if search:
        people = people.filter(Q(name__startswith=search) | Q(id_number=search.upper()))
    return people.order_by("name", "id")


def with_completeness(people) -> list[Professional]:
    """The rows of a page from `staff_list_for`, each with `is_complete` set from its items."""
    rows = list(people)
    for person in rows:
        person.is_complete = person.has_profile and person.has_verified and person.is_fresh and person.has_ce
    return rows


EDUCATION_RANK = ["secondary", "college", "bachelor", "master", "doctorate"]


def highest_education(professional: Professional) -> str | None:
    """The highest education level recorded in the archive, e.g. "bachelor"; None when none is."""
    levels = set(professional.education_entries.values_list("level", flat=True))
    return max(levels, key=EDUCATION_RANK.index, default=None) if levels else None


def current_title(professional: Professional) -> TitleHeld | None:
    """The title held most recently obtained (the one years-in-grade counts from)."""
    return professional.titles_held.select_related("title").order_by("-obtained_on", "-id").first()


def title_held(professional: Professional, title: Title) -> TitleHeld | None:
    """When the person first obtained `title`, if the archive records it (years in grade count from then)."""
    return professional.titles_held.filter(title=title).order_by("obtained_on", "id").first()


def graduated_on(professional: Professional, level: str) -> date | None:
    """The latest graduation at this education level (years of work count from it)."""
    entry = professional.education_entries.filter(level=level).order_by("-graduated_on").first()
    return entry.graduated_on if entry else None


def achievements_of(professional: Professional | None) -> QuerySet[Achievement]:
    """A person's archive entries, newest first (what a case's materials are chosen from)."""
    return Achievement.objects.filter(professional=professional).order_by("-achieved_on", "-id")


def profile_of(professional: Professional) -> Profile | None:
    """The archive's profile of a person (contact details and counts), or None before one is filled in."""
    return Profile.objects.filter(pk=professional.pk).first()
