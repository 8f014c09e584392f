"""The funded term (pure): it runs from the award date for a number of months.

The term ends on the day before the day of the last month that corresponds by number to the award
day (German civil code § 188 (2)); if that month has no such day, it ends with the month's last day
(§ 188 (3)). An award on 15.11.2002 for 24 months ends on 14.11.2004; on 31.01.2003 for one month, on
28.02.2003.
"""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """The day `months` later with the same day number, or the month's last day (and False) if the
    month is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return dt.date(year, month, last), False
    return dt.date(year, month, day.day), True


def end_of_term(award_date: dt.date, months: int) -> dt.date:
    if months < 1:
        raise ValueError("a term has at least one month")
    corresponding, exists = add_months(award_date, months)
    return corresponding - dt.timedelta(days=1) if exists else corresponding


def last_day_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def runs_past(end_date: dt.date, project_end_month: dt.date | None) -> bool:
    """Does a term ending on `end_date` run past a project that ends in `project_end_month`?"""
    return project_end_month is not None and end_date > last_day_of_month(project_end_month)
