"""Demo CE hours: one confirmed record per category and year, the same fingerprints however often loaded."""

from datetime import date

from zhicheng.accounts.models import Professional
from zhicheng.education.models import Category, CERecord

CATEGORIES = ("professional", "general_public", "industry_public")


def demo_ce_records(person: Professional, year: int, hours: tuple[int, int, int]) -> list[CERecord]:
    """(专业科目, 一般公需, 行业公需) hours for one year, as the 继续教育基地 imported them (unsaved)."""
    return [
        CERecord(
            fingerprint=f"demo-{person.id_number}-{year}-{category}",
            professional=person,
            year=year,
            category=category,
            hours=value,
            course=f"{year}年度{dict(Category.choices)[category]}培训",
            provider="丽水市专业技术人员继续教育基地",
            study_date=date(year, 6, 15),
            source=CERecord.Source.IMPORT,
            status=CERecord.Status.CONFIRMED,
        )
        for category, value in zip(CATEGORIES, hours, strict=True)
    ]


def save_demo_ce(records: list[CERecord]) -> None:
    """Insert what is not there yet: a record already loaded (same fingerprint) is left as it is."""
    CERecord.objects.bulk_create(records, ignore_conflicts=True)


def demo_ce_year(person: Professional, year: int, hours: tuple[int, int, int]) -> None:
    save_demo_ce(demo_ce_records(person, year, hours))
