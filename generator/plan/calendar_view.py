"""The month calendar pages' view data: the grid of `calendar_grid`, formatted per language.

Month and weekday names, the first day of the week and the dates in each cell come from
Babel (CLDR), so `/de/calendar/` starts on Montag and says "Dezember 2026" without a
translator writing either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time

from generator.content.model import Event, Occurrence
from generator.core import urls
from generator.plan import calendar_grid
from generator.plan.viewdata import Day, Entry, Link, MonthView, Weekday


class Entries:
    """The entries of one calendar in one language: what each event, city and time of day
    shows is found once, however many occurrences show it (the network's calendar holds
    every occurrence of the network)."""

    def __init__(self, lang: str, city_name: Callable[[str], str] | None = None) -> None:
        self.lang = lang
        self.city_name = city_name
        """The name shown beside each entry, by city slug (the network's calendar); None: no name (a city's own)."""
        self._events: dict[int, tuple[Event, str, str, str, str]] = {}
        self._clocks: dict[tuple[int, int], str] = {}
        self._cities: dict[str, str] = {}

    def entry(self, event: Event, occurrence: Occurrence) -> Entry:
        found = self._events.get(id(event))
        if found is None or found[0] is not event:
            meta = event.text.pick(self.lang).meta
            found = (event, meta.title, urls.event(event.city, event.slug), meta.status, self._city(event.city))
            self._events[id(event)] = found
        _, title, path, status, city = found
        start = occurrence.start
        return Entry(title, path, self._clock(start) if isinstance(start, datetime) else "", start.isoformat(), city, status)

    def _city(self, slug: str) -> str:
        if self.city_name is None:
            return ""
        name = self._cities.get(slug)
        if name is None:
            name = self._cities[slug] = self.city_name(slug)
        return name

    def _clock(self, start: datetime) -> str:
        key = (start.hour, start.minute)
        clock = self._clocks.get(key)
        if clock is None:
            clock = self._clocks[key] = format_time(start, "HH:mm", locale=self.lang)
        return clock


def month_views(
    entries: dict[date, list[Entry]], months: Sequence[date], today: date, lang: str, path_for: Callable[[date | None], str]
) -> list[MonthView]:
    """One view per month of `months`; `path_for(None)` is the calendar's current-month address."""
    locale = Locale.parse(lang)
    order = calendar_grid.weekdays(locale.first_week_day)
    weekdays = tuple(Weekday(str(locale.days["stand-alone"]["abbreviated"][day]), str(locale.days["stand-alone"]["wide"][day])) for day in order)
    views = []
    for index, month in enumerate(months):
        weeks = tuple(
            tuple(None if day is None else _day(day, today, entries.get(day, []), lang) for day in week)
            for week in calendar_grid.weeks(month, locale.first_week_day)
        )
        previous = _link(months[index - 1], lang, path_for) if index > 0 else None
        following = _link(months[index + 1], lang, path_for) if index + 1 < len(months) else None
        views.append(MonthView(
            caption=_month_name(month, lang), weekdays=weekdays, weeks=weeks, previous=previous, next=following,
            current=Link(_month_name(calendar_grid.month_of(today), lang), path_for(None)),
            is_current=month == calendar_grid.month_of(today),
            has_entries=any(day is not None and day.entries for week in weeks for day in week),
        ))
    return views


def _month_name(month: date, lang: str) -> str:
    return format_skeleton("yMMMM", month, locale=lang)


def _link(month: date, lang: str, path_for: Callable[[date | None], str]) -> Link:
    return Link(_month_name(month, lang), path_for(month))


def _day(day: date, today: date, entries: list[Entry], lang: str) -> Day:
    number, label = _day_names(day, lang)
    return Day(day.isoformat(), number, label, day == today, tuple(entries))


@lru_cache(maxsize=4096)
def _day_names(day: date, lang: str) -> tuple[str, str]:
    """Every calendar of a build shows the same days: Babel formats each once per language."""
    return format_date(day, "d", locale=lang), format_date(day, "full", locale=lang)
