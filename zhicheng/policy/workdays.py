"""The working-day calendar: Chinese statutory holidays and adjusted working days (调休).

The `chinesecalendar` package knows the State Council's notices up to its last release; the CalendarDay
table (edited by administrators) overrides it and fills later years. A year known to neither counts
weekends only, and every deadline in it is provisional until its notice is entered.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from zhicheng.policy.models import CalendarDay

SEARCH_LIMIT_DAYS = 3660  # never search more than ten years for a working day


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class Calendar:
    """Answers working-day questions; loads each year's overrides once per instance (one per request/job)."""

    def __init__(self) -> None:
        self._overrides: dict[int, dict[date, bool]] = {}

    def _year_overrides(self, year: int) -> dict[date, bool]:
        if year not in self._overrides:
            rows = CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
            self._overrides[year] = {day: kind == CalendarDay.Kind.WORKDAY for day, kind in rows}
        return self._overrides[year]

    def is_provisional(self, year: int) -> bool:
        return not _package_knows(year) and not self._year_overrides(year)

    def is_workday(self, day: date) -> bool:
        overrides = self._year_overrides(day.year)
        if day in overrides:
            return overrides[day]
        if _package_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def next_workday(self, day: date, *, include: bool = True) -> date:
        current = day if include else day + timedelta(days=1)
        for _ in range(SEARCH_LIMIT_DAYS):
            if self.is_workday(current):
                return current
            current += timedelta(days=1)
        raise ValueError("十年内找不到工作日，请检查节假日设置")

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (count ≥ 0; 0 gives `day` itself)."""
        current = day
        for _ in range(count):
            current = self.next_workday(current, include=False)
        return current

    def subtract_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day before `day`."""
        current = day
        remaining = count
        for _ in range(SEARCH_LIMIT_DAYS):
            if remaining == 0:
                return current
            current -= timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        raise ValueError("十年内找不到足够的工作日，请检查节假日设置")

    def count_workdays(self, start: date, end: date) -> int:
        """Working days d with start ≤ d < end."""
        total = 0
        current = start
        while current < end:
            total += self.is_workday(current)
            current += timedelta(days=1)
        return total

    def latest_report_date(self, meeting: date, workdays: int) -> date:
        """The last day R with at least `workdays` working days in [R, meeting): a report must come by then."""
        return self.subtract_workdays(meeting, workdays)

    def publicity_period(self, start: date, workdays: int) -> "Period":
        """A publicity of `workdays` working days from `start` (or the next working day if it is not one)."""
        first = self.next_workday(start)
        last = self.add_workdays(first, workdays - 1)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        provisional = any(self.is_provisional(y) for y in {first.year, last.year})
        return Period(first, last, workdays, provisional, [d for d in days if not self.is_workday(d)])

    def workdays_left(self, today: date, deadline: date) -> int:
        """Working days from today up to and including the deadline (0 once it has passed)."""
        return self.count_workdays(today, deadline + timedelta(days=1)) if deadline >= today else 0


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # objections close at the end of this day
    workdays: int
    provisional: bool
    days_off: list[date]

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last
