from decimal import Decimal

from ninja import Schema


class YearHoursIn(Schema):
    year: int
    professional: Decimal = Decimal(0)
    general_public: Decimal = Decimal(0)
    industry_public: Decimal = Decimal(0)
    other_public: Decimal = Decimal(0)


class ComplianceIn(Schema):
    application_year: int
    title_id: int
    education: str
    title_obtained_year: int | None = None
    hours: list[YearHoursIn] = []


class YearTraceOut(Schema):
    year: int
    professional: Decimal
    general_public: Decimal
    industry_public: Decimal
    other_public: Decimal
    total: Decimal
    grandfathered: bool
    in_window: bool
    compliant: bool


class VerdictOut(Schema):
    compliant: bool
    application_year: int
    required_years: int
    window_first: int
    window_last: int
    streak: int
    shortfalls: list[str]
    notes: list[str]
    years: list[YearTraceOut]


def verdict_out(verdict) -> dict:
    return {
        "compliant": verdict.compliant,
        "application_year": verdict.application_year,
        "required_years": verdict.required_years,
        "window_first": verdict.window[0],
        "window_last": verdict.window[1],
        "streak": verdict.streak,
        "shortfalls": verdict.shortfalls,
        "notes": list(verdict.notes),
        "years": [
            {
                "year": t.year,
                "professional": t.hours.professional,
                "general_public": t.hours.general_public,
                "industry_public": t.hours.industry_public,
                "other_public": t.hours.other_public,
                "total": t.hours.total,
                "grandfathered": t.grandfathered,
                "in_window": t.in_window,
                "compliant": t.compliant,
            }
            for t in verdict.years
        ],
    }
