"""The continuing-education compliance engine (55号 §4(二)): a pure function from hours to a verdict.

A year complies when its hours reach every threshold of the year's policy (total, 专业科目, 公需科目 and,
within that, 一般公需科目); years before the grandfather year comply as they are. An application in year
Y needs every year of its window to comply: the years-in-grade the title requires, ending with Y, and at
least Y and Y−1 (the two-year rule). Every failure is said in words with the hours missing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from zhicheng.education.models import Category

CLAUSE = "55号 §4(二)"
STREAK_CAP = 10  # consecutive years looked at; no title requires more
ZERO = Decimal("0")


def fmt(hours: Decimal) -> str:
    """52.0 → 52, 52.5 → 52.5."""
    text = f"{hours.quantize(Decimal('0.1')):f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Thresholds:
    total: Decimal
    professional: Decimal
    public: Decimal
    general_public: Decimal
    grandfather_before: int
    consecutive_years: int

    @classmethod
    def from_policy(cls, policy) -> "Thresholds":
        return cls(
            total=policy.ce_hours_total_min,
            professional=policy.ce_hours_professional_min,
            public=policy.ce_hours_public_min,
            general_public=policy.ce_hours_general_public_min,
            grandfather_before=policy.ce_grandfather_before_year,
            consecutive_years=policy.ce_consecutive_years,
        )


@dataclass(frozen=True)
class YearHours:
    professional: Decimal = ZERO
    general_public: Decimal = ZERO
    industry_public: Decimal = ZERO
    other_public: Decimal = ZERO

    @classmethod
    def from_mapping(cls, hours: Mapping[str, Decimal] | None) -> "YearHours":
        hours = hours or {}
        return cls(**{c.value: Decimal(hours.get(c.value, ZERO)) for c in Category})

    @property
    def public(self) -> Decimal:
        return self.general_public + self.industry_public + self.other_public

    @property
    def total(self) -> Decimal:
        return self.professional + self.public


@dataclass(frozen=True)
class Shortfall:
    year: int
    what: str
    have: Decimal
    need: Decimal

    @property
    def missing(self) -> Decimal:
        return self.need - self.have

    def __str__(self) -> str:
        return (
            f"{self.year}年 {self.what} {fmt(self.have)}/{fmt(self.need)} 学时，差 {fmt(self.missing)} 学时 — {CLAUSE}"
        )


@dataclass(frozen=True)
class YearTrace:
    year: int
    hours: YearHours
    grandfathered: bool
    in_window: bool
    shortfalls: tuple[Shortfall, ...]

    @property
    def compliant(self) -> bool:
        return self.grandfathered or not self.shortfalls

    def explain(self) -> list[str]:
        """The shortfalls in words; a year with no hours at all is one line, not four."""
        if self.compliant:
            return []
        if self.hours.total == 0:
            missing = "，".join(f"{s.what}差 {fmt(s.need)} 学时" for s in self.shortfalls)
            return [f"{self.year}年 无继续教育学时：{missing} — {CLAUSE}"]
        return [str(s) for s in self.shortfalls]


@dataclass(frozen=True)
class Verdict:
    compliant: bool
    application_year: int
    required_years: int
    window: tuple[int, int]
    years: tuple[YearTrace, ...]
    streak: int
    notes: tuple[str, ...] = field(default=())

    @property
    def shortfalls(self) -> list[str]:
        return [line for trace in self.years if trace.in_window for line in trace.explain()]


def year_shortfalls(year: int, hours: YearHours, t: Thresholds) -> tuple[Shortfall, ...]:
    checks = [
        ("总学时", hours.total, t.total),
        ("专业科目", hours.professional, t.professional),
        ("公需科目", hours.public, t.public),
        ("一般公需科目", hours.general_public, t.general_public),
    ]
    return tuple(Shortfall(year, what, have, need) for what, have, need in checks if have < need)


def trace_year(year: int, hours: YearHours, t: Thresholds, *, in_window: bool) -> YearTrace:
    grandfathered = year < t.grandfather_before
    return YearTrace(year, hours, grandfathered, in_window, () if grandfathered else year_shortfalls(year, hours, t))


def evaluate(
    hours_by_year: Mapping[int, Mapping[str, Decimal]],
    *,
    application_year: int,
    required_years: int,
    thresholds: Thresholds,
    title_obtained_year: int | None = None,
) -> Verdict:
    """The verdict for an application in `application_year` whose title requires `required_years` years."""
    span = max(required_years, thresholds.consecutive_years, 1)
    first = application_year - span + 1
    shown_from = min([first, *(y for y in hours_by_year if y <= application_year)])
    years = tuple(
        trace_year(y, YearHours.from_mapping(hours_by_year.get(y)), thresholds, in_window=y >= first)
        for y in range(shown_from, application_year + 1)
    )
    streak = 0
    for year in range(application_year, application_year - STREAK_CAP, -1):
        if not trace_year(year, YearHours.from_mapping(hours_by_year.get(year)), thresholds, in_window=True).compliant:
            break
        streak += 1
    notes = [
        f"需{first}年至{application_year}年共{span}个年度继续教育学时合格"
        f"（任职年限要求{required_years}年，且申报当年和前一年度均须合格）",
    ]
    grandfathered = [str(t.year) for t in years if t.in_window and t.grandfathered]
    if grandfathered:
        notes.append(f"{'、'.join(grandfathered)}年在{thresholds.grandfather_before}年以前，视同合格")
    if title_obtained_year is not None:
        notes.append(
            f"现职称取得于{title_obtained_year}年，至{application_year}年满{application_year - title_obtained_year}年"
        )
    compliant = all(t.compliant for t in years if t.in_window)
    return Verdict(compliant, application_year, required_years, (first, application_year), years, streak, tuple(notes))
