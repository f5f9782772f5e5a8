"""Demo CE hours: one confirmed record per category and year, the same fingerprints however often loaded."""

from datetime import date

from zhicheng.accounts.models import Professional
from zhicheng.education.models import Category, CERecord

CATEGORIES = ("professional", "general_public", "industry_public")


def demo_ce_year(person: Professional, year: int, hours: tuple[int, int, int]) -> None:
    """(专业科目, 一般公需, 行业公需) hours for one year, as the 继续教育基地 imported them."""
    for category, value in zip(CATEGORIES, hours, strict=True):
        CERecord.objects.get_or_create(
            fingerprint=f"demo-{person.id_number}-{year}-{category}",
            defaults={
                "professional": person,
                "year": year,
                "category": category,
                "hours": value,
                "course": f"{year}年度{dict(Category.choices)[category]}培训",
                "provider": "丽水市专业技术人员继续教育基地",
                "study_date": date(year, 6, 15),
                "source": CERecord.Source.IMPORT,
                "status": CERecord.Status.CONFIRMED,
            },
        )
