"""Years in grade (任职年限): how long the applicant has held the prior title, or worked since graduating.

Pure date arithmetic: the eligibility check reads the archive and the year's policy, then asks here whether
the time served reaches the line, and if not, how much is missing and on which day it will.
"""

from dataclasses import dataclass
from datetime import date


def full_years(start: date, until: date) -> int:
    """Whole years from `start` to `until` (an anniversary on `until` counts)."""
    return until.year - start.year - ((until.month, until.day) < (start.month, start.day))


def anniversary(start: date, years: int) -> date:
    """The day `years` whole years after `start` (29 Feb falls on 28 Feb in a common year)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def months_between(earlier: date, later: date) -> int:
    """Months from `earlier` to `later`, a part month counting as one (what the applicant is short of)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months + (later.day > earlier.day)


@dataclass(frozen=True)
class Served:
    since: date
    until: date
    required: int

    @property
    def years(self) -> int:
        return full_years(self.since, self.until)

    @property
    def enough(self) -> bool:
        return self.years >= self.required

    @property
    def due(self) -> date:
        """The day the required years are complete."""
        return anniversary(self.since, self.required)

    @property
    def missing_months(self) -> int:
        return 0 if self.enough else months_between(self.until, self.due)

    def shortfall(self) -> str:
        years = f"满{self.years}年" if self.years else "不满1年"
        return (
            f"至{self.until:%Y年%-m月%-d日}{years}，尚差{self.missing_months}个月"
            f"（{self.due:%Y年%-m月%-d日}满{self.required}年）"
        )
