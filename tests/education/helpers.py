from datetime import date
from decimal import Decimal

from zhicheng.accounts.models import Professional
from zhicheng.education.models import CERecord

COMPLIANT_YEAR = {"professional": Decimal(60), "general_public": Decimal(12), "industry_public": Decimal(18)}


def store_hours(professional: Professional, hours_by_year: dict[int, dict[str, Decimal]], status="confirmed") -> None:
    """One confirmed record per year and category, as an import would leave them."""
    for year, categories in hours_by_year.items():
        for category, hours in categories.items():
            if hours > 0:
                CERecord.objects.create(
                    professional=professional,
                    year=year,
                    category=category,
                    hours=hours,
                    course=f"{year}{category}课程",
                    study_date=date(year, 6, 1),
                    source="import",
                    status=status,
                    fingerprint=f"{professional.pk}-{year}-{category}-{hours}-{status}",
                )
