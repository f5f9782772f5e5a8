"""The working-day calendar on real dates, with the admin's holiday table overriding the package."""

from datetime import date

from zhicheng.policy.models import CalendarDay
from zhicheng.policy.workdays import Calendar


def test_national_day_2022_is_off_and_the_weekend_after_is_worked(db):
    calendar = Calendar()
    assert not any(calendar.is_workday(date(2022, 10, d)) for d in range(1, 8))
    assert calendar.is_workday(date(2022, 10, 8)) and calendar.is_workday(date(2022, 10, 9))


def test_a_publicity_from_friday_30_september_2022_ends_on_tuesday_11_october(db):
    period = Calendar().publicity_period(date(2022, 9, 30), 5)
    assert (period.first, period.last) == (date(2022, 9, 30), date(2022, 10, 11))
    assert not period.provisional and len(period.days_off) == 7


def test_a_publicity_starting_on_a_holiday_starts_on_the_next_working_day(db):
    period = Calendar().publicity_period(date(2022, 10, 3), 5)
    assert period.first == date(2022, 10, 8) and period.last == date(2022, 10, 12)


def test_the_latest_report_date_leaves_five_working_days_before_the_meeting(db):
    calendar = Calendar()
    latest = calendar.latest_report_date(date(2022, 10, 12), 5)
    assert latest == date(2022, 9, 30)
    assert calendar.count_workdays(latest, date(2022, 10, 12)) == 5
    assert calendar.count_workdays(date(2022, 10, 8), date(2022, 10, 12)) == 4


def test_add_and_subtract_working_days_across_the_holiday(db):
    calendar = Calendar()
    assert calendar.add_workdays(date(2022, 9, 30), 1) == date(2022, 10, 8)
    assert calendar.subtract_workdays(date(2022, 10, 8), 1) == date(2022, 9, 30)


def test_a_year_the_package_lacks_counts_weekends_only_and_is_provisional_until_entered(db):
    calendar = Calendar()
    assert calendar.is_provisional(2030)
    assert calendar.is_workday(date(2030, 10, 1))  # a Tuesday: unknown holiday, counted as working
    CalendarDay.objects.create(date=date(2030, 10, 1), kind=CalendarDay.Kind.HOLIDAY, name="国庆节")
    fresh = Calendar()
    assert not fresh.is_provisional(2030)
    assert not fresh.is_workday(date(2030, 10, 1))
    assert fresh.publicity_period(date(2030, 9, 30), 5).last == date(2030, 10, 7)


def test_the_table_overrides_the_package(db):
    CalendarDay.objects.create(date=date(2022, 10, 8), kind=CalendarDay.Kind.HOLIDAY, name="测试")
    assert not Calendar().is_workday(date(2022, 10, 8))
