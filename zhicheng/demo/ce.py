"""Demo CE hours: one confirmed record per category and year, the same fingerprints however often loaded."""

from datetime import date, timedelta

from zhicheng.accounts.models import Professional
from zhicheng.education.models import Category, CERecord

CATEGORIES = ("professional", "general_public", "industry_public")
SESSION_HOURS = 6  # a course day, well under the policy's daily maximum (55号 §3 跟踪预警)
FIRST_SESSION = date(2000, 3, 1)  # the year is replaced by the record's


def demo_ce_records(person: Professional, year: int, hours: tuple[int, int, int]) -> list[CERecord]:
    """(专业科目, 一般公需, 行业公需) hours for one year, as the 继续教育基地 imported them (unsaved): one record
    per course day of at most SESSION_HOURS, a week apart from 1 March, so no day exceeds the daily maximum."""
    records: list[CERecord] = []
    for category, value in zip(CATEGORIES, hours, strict=True):
        for part, chunk in enumerate(_sessions(value)):
            records.append(
                CERecord(
                    fingerprint=f"demo-{person.id_number}-{year}-{category}-{part}",
                    professional=person,
                    year=year,
                    category=category,
                    hours=chunk,
                    course=f"{year}年度{dict(Category.choices)[category]}培训（第{part + 1}讲）",
                    provider="丽水市专业技术人员继续教育基地",
                    study_date=FIRST_SESSION.replace(year=year) + timedelta(weeks=len(records)),
                    source=CERecord.Source.IMPORT,
                    status=CERecord.Status.CONFIRMED,
                )
            )
    return records


def _sessions(hours: int) -> list[int]:
    full, rest = divmod(hours, SESSION_HOURS)
    return [SESSION_HOURS] * full + ([rest] if rest else [])


def save_demo_ce(records: list[CERecord]) -> None:
    """Insert what is not there yet: a record already loaded (same fingerprint) is left as it is."""
    CERecord.objects.bulk_create(records, ignore_conflicts=True)


def demo_ce_year(person: Professional, year: int, hours: tuple[int, int, int]) -> None:
    save_demo_ce(demo_ce_records(person, year, hours))
