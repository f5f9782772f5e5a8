"""Whether an archive is complete and up to date (55号 §1), by the numbers of the year's policy.

One rule, two readings: `complete_q` selects complete archives in SQL (lists, the 5× indicator), and
`checklist` tells one person, item by item, what is missing. Both read the same fields.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from zhicheng.accounts.models import Professional
from zhicheng.archive.models import Profile
from zhicheng.education.models import CERecord
from zhicheng.policy.models import Policy
from zhicheng.policy.selectors import policy_for


def evaluation_year(requested: str | int | None = None) -> int:
    """The year a page speaks of: the one asked for, else the latest year with a policy (the year in force)."""
    if requested:
        try:
            return int(requested)
        except (TypeError, ValueError):
            pass
    this_year = timezone.localdate().year
    latest = Policy.objects.filter(year__lte=this_year).order_by("-year").values_list("year", flat=True).first()
    return latest or this_year


def months_before(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def has_last_year_ce(year: int) -> Exists:
    """On a Professional queryset: has confirmed CE hours in the year before `year`."""
    return Exists(
        CERecord.objects.filter(professional_id=OuterRef("pk"), year=year - 1, status=CERecord.Status.CONFIRMED)
    )


def rule_items(year: int, policy: Policy) -> dict[str, Q | Exists]:
    """The rule's items as conditions on a Professional queryset, by the name a list annotates each under."""
    items: dict[str, Q | Exists] = {
        "has_profile": Q(archive_profile__profile_complete=True),
        "has_verified": Q(archive_profile__verified_achievements__gte=policy.archive_min_verified_achievements),
        "is_fresh": Q(archive_profile__updated_at__gte=months_before(timezone.now(), policy.archive_max_age_months)),
    }
    if policy.archive_requires_last_year_ce:
        items["has_ce"] = has_last_year_ce(year)
    return items


def complete_q(year: int, *, policy: Policy | None = None) -> Q:
    """On a Professional queryset: the archive is complete and up to date by `year`'s policy (55号 §1)."""
    return Q(*rule_items(year, policy or policy_for(year)).values())


def cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def profile_gaps(professional: Professional, profile: Profile | None = None) -> list[str]:
    """The parts of the basic profile still missing, in the words of the profile page."""
    profile = profile or Profile.objects.filter(pk=professional.pk).first()
    gaps = []
    if not professional.employer_id:
        gaps.append("工作单位")
    if profile is None or not profile.phone:
        gaps.append("手机")
    if not professional.education_entries.exists():
        gaps.append("学历学位")
    if not professional.work_periods.exists():
        gaps.append("工作经历")
    return gaps


@dataclass
class Item:
    label: str
    done: bool
    detail: str


def checklist(professional: Professional, year: int) -> list[Item]:
    """What a complete archive needs this year, each item met or not, and what is missing (55号 §1)."""
    policy = policy_for(year)
    profile = Profile.objects.filter(pk=professional.pk).first()
    gaps = profile_gaps(professional, profile)
    items = [
        Item("基本信息完整", not gaps, "已填写" if not gaps else f"尚缺：{'、'.join(gaps)}"),
    ]
    needed = policy.archive_min_verified_achievements
    verified = profile.verified_achievements if profile else 0
    items.append(
        Item(
            f"至少 {needed} 条业绩经单位核验",
            verified >= needed,
            f"已核验 {verified} 条" + ("" if verified >= needed else f"，还差 {needed - verified} 条"),
        )
    )
    months = policy.archive_max_age_months
    updated = profile.updated_at if profile else None
    fresh = updated is not None and updated >= months_before(timezone.now(), months)
    when = f"最近更新于 {cn_date(timezone.localtime(updated))}" if updated else "尚未登记任何内容"
    items.append(Item(f"近 {months} 个月内更新过", fresh, when if fresh else f"{when}，请核对并更新档案"))
    if policy.archive_requires_last_year_ce:
        has_ce = CERecord.objects.filter(
            professional=professional, year=year - 1, status=CERecord.Status.CONFIRMED
        ).exists()
        items.append(
            Item(
                f"有 {year - 1} 年度继续教育学时",
                has_ce,
                "已有经确认的学时记录" if has_ce else f"没有 {year - 1} 年度经单位确认的继续教育学时",
            )
        )
    return items


def is_complete(items: list[Item]) -> bool:
    return all(item.done for item in items)


def mountain_county_years(professional: Professional, *, on: date | None = None) -> float:
    """Years worked in a 山区26县 county, from the work history, overlaps counted once (55号 §2)."""
    end_of_all = on or timezone.localdate()
    days: set[int] = set()
    for period in professional.work_periods.filter(region__is_mountain_county=True):
        start, end = period.started_on, min(period.ended_on or end_of_all, end_of_all)
        if end > start:
            days.update(range(start.toordinal(), end.toordinal()))
    return round(len(days) / 365.25, 1)
