"""Periods: a value is always for a period from one day to another (both included)."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def within(self, other: "Period") -> bool:
        return other.start <= self.start and self.end <= other.end

    @property
    def iso(self) -> str:
        """ISO 8601 interval, e.g. 2002-06-01/2004-06-30 (the open data's `period`)."""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @property
    def label(self) -> str:
        return (
            f"{date_format(self.start, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(self.end, 'SHORT_DATE_FORMAT')}"
        )

    @classmethod
    def parse(cls, text: str) -> "Period":
        """From the ISO form `start/end`; ValueError on anything else."""
        start, _sep, end = (text or "").partition("/")
        return cls(dt.date.fromisoformat(start), dt.date.fromisoformat(end))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def project_term(project) -> Period | None:
    """The project's term from the first day of its start month to the last of its end month."""
    if project.start_month is None or project.end_month is None:
        return None
    return Period(project.start_month.replace(day=1), month_end(project.end_month))


def to_date(project, *, today: dt.date) -> Period | None:
    """From the project's start to today (or its end, if later): what progress is measured over."""
    term = project_term(project)
    if term is None:
        return None
    return Period(term.start, max(term.end, today, term.start))


def years_of(period: Period) -> list[Period]:
    """The calendar years a period touches, each cut to the period."""
    return [
        Period(max(period.start, dt.date(y, 1, 1)), min(period.end, dt.date(y, 12, 31)))
        for y in range(period.start.year, period.end.year + 1)
    ]
