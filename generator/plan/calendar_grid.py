"""The month calendar as pure functions: which months get a page, the weeks of a month,
and the local dates an occurrence is shown on.

No Babel and no model lookups here, so the rules (the horizon, the first day of the week,
an Almaty event at 01:00 landing on its own local date) are tested without building a site.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypeVar

from generator.content.model import Occurrence
from generator.core.limits import FUTURE_MONTHS, PAST_MONTHS

__all__ = ["FUTURE_MONTHS", "PAST_MONTHS", "add_months", "by_date", "local_dates", "month_of", "month_slug", "months", "shown_days", "shows", "span", "weekdays", "weeks"]
T = TypeVar("T")


def month_of(day: date) -> date:
    """A month is written as its first day."""
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_slug(month: date) -> str:
    """`2026-12`: the month's part of its address, sorted as text and as time alike."""
    return f"{month:%Y-%m}"


def months(first_event: date | None, today: date) -> list[date]:
    """The months a calendar has pages for, in order.

    From the month of the calendar's first event, but at most PAST_MONTHS before today's
    month and never after it (its address, `/calendar/`, must exist), to FUTURE_MONTHS
    after today's month. Every calendar reaches as far ahead, so "next" never dead-ends
    early in one city and not in another.
    """
    current = month_of(today)
    start = current
    if first_event is not None:
        start = min(current, max(month_of(first_event), add_months(current, -PAST_MONTHS)))
    count = (current.year - start.year) * 12 + current.month - start.month + FUTURE_MONTHS + 1
    return [add_months(start, index) for index in range(count)]


def shown_days(shown: list[date]) -> tuple[date, date]:
    """The first and last day of the month pages `shown` (from `months`): no day outside gets an entry."""
    return shown[0], add_months(shown[-1], 1) - timedelta(days=1)


def weekdays(first_weekday: int) -> list[int]:
    """Weekday numbers (Monday 0) in the order of the columns, starting on the locale's first day."""
    return [(first_weekday + offset) % 7 for offset in range(7)]


def weeks(month: date, first_weekday: int) -> list[list[date | None]]:
    """The rows of the month's grid; days of the neighbouring months are None (empty cells)."""
    grid = calendar.Calendar(first_weekday).monthdatescalendar(month.year, month.month)
    return [[day if day.month == month.month else None for day in week] for week in grid]


def span(occurrence: Occurrence) -> tuple[date, date]:
    """The first and last day of the city's own calendar an occurrence is shown on.

    Timed occurrences are aware datetimes in the city's zone, so their `.date()` is the
    local date (01:00 in Almaty stays on its day, whatever the UTC date). A timed event is
    shown on the day it starts, also when it runs past midnight; an all-day event on every
    day it lasts.
    """
    start, end = occurrence.start, occurrence.end
    if isinstance(start, datetime):
        return start.date(), start.date()
    assert not isinstance(end, datetime)
    return start, end


def shows(occurrence: Occurrence, within: tuple[date, date]) -> bool:
    """Whether the occurrence is on any day `within` (first, last)."""
    first, last = span(occurrence)
    return first <= within[1] and last >= within[0]


def local_dates(occurrence: Occurrence, within: tuple[date, date] | None = None) -> list[date]:
    """The days of the city's own calendar an occurrence is shown on (see `span`); with
    `within` (first, last: the month pages shown) only those, so a long occurrence costs no
    more entries than those pages have days."""
    first, last = span(occurrence)
    if within is not None:
        first, last = max(first, within[0]), min(last, within[1])
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def by_date(items: Iterable[tuple[T, Occurrence]], within: tuple[date, date] | None = None) -> dict[date, list[T]]:
    """Items under each local date they are shown on (only those `within`), in the order given."""
    found: dict[date, list[T]] = defaultdict(list)
    for item, occurrence in items:
        for day in local_dates(occurrence, within):
            found[day].append(item)
    return dict(found)
