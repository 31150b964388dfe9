"""plan/calendar_grid.py: which months get a page, the weeks of a month, the local dates an
occurrence is shown on (the month pages themselves: tests/test_browse.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.content.model import Occurrence
from generator.plan import calendar_grid

MONTHS = [f"2026-{month:02}" for month in range(10, 13)] + [f"2027-{month:02}" for month in range(1, 12)]
ALMATY = ZoneInfo("Asia/Almaty")


def timed(start: datetime) -> Occurrence:
    return Occurrence(start, start + timedelta(hours=2), start, start + timedelta(hours=2))


def all_day(first: date, last: date) -> Occurrence:
    midnight = datetime.combine(first, datetime.min.time(), ALMATY)
    return Occurrence(first, last, midnight, datetime.combine(last + timedelta(days=1), datetime.min.time(), ALMATY))


def test_months_run_from_the_first_event_to_twelve_months_ahead() -> None:
    months = calendar_grid.months(date(2026, 10, 10), date(2026, 11, 21))
    assert [calendar_grid.month_slug(month) for month in months] == MONTHS


def test_months_reach_back_three_months_at_most() -> None:
    months = calendar_grid.months(date(2024, 1, 1), date(2026, 11, 21))
    assert calendar_grid.month_slug(months[0]) == "2026-08"
    assert calendar_grid.month_slug(months[-1]) == "2027-11"


def test_months_start_with_the_current_month_without_past_events() -> None:
    assert calendar_grid.month_slug(calendar_grid.months(None, date(2026, 11, 21))[0]) == "2026-11"
    assert calendar_grid.month_slug(calendar_grid.months(date(2027, 3, 1), date(2026, 11, 21))[0]) == "2026-11"


@pytest.mark.parametrize(("first_weekday", "column"), [(0, 1), (6, 2)])
def test_weeks_start_on_the_locales_first_day(first_weekday: int, column: int) -> None:
    """1 December 2026 is a Tuesday: the second column from Monday, the third from Sunday."""
    grid = calendar_grid.weeks(date(2026, 12, 1), first_weekday)
    assert all(len(week) == 7 for week in grid)
    assert grid[0][:column] == [None] * column and grid[0][column] == date(2026, 12, 1)
    days = [day for week in grid for day in week if day is not None]
    assert days == [date(2026, 12, n) for n in range(1, 32)]
    assert calendar_grid.weekdays(first_weekday)[0] == first_weekday


def test_a_timed_occurrence_is_on_its_local_date_not_the_utc_date() -> None:
    start = datetime(2026, 12, 14, 1, 0, tzinfo=ALMATY)
    occurrence = Occurrence(start, start.replace(hour=3), start, start.replace(hour=3))
    assert start.astimezone(ZoneInfo("UTC")).date() == date(2026, 12, 13)
    assert calendar_grid.local_dates(occurrence) == [date(2026, 12, 14)]


def test_an_all_day_occurrence_is_on_every_day_it_lasts() -> None:
    midnight = datetime(2026, 12, 19, tzinfo=ALMATY)
    occurrence = Occurrence(date(2026, 12, 19), date(2026, 12, 20), midnight, midnight)
    assert calendar_grid.local_dates(occurrence) == [date(2026, 12, 19), date(2026, 12, 20)]


# months and month arithmetic


@pytest.mark.parametrize(
    ("month", "count", "result"),
    [(date(2026, 11, 1), 1, date(2026, 12, 1)), (date(2026, 12, 1), 1, date(2027, 1, 1)), (date(2026, 1, 1), -1, date(2025, 12, 1)),
     (date(2026, 11, 1), 14, date(2028, 1, 1)), (date(2026, 11, 1), -23, date(2024, 12, 1)), (date(2026, 3, 1), 0, date(2026, 3, 1))],
)
def test_add_months(month: date, count: int, result: date) -> None:
    assert calendar_grid.add_months(month, count) == result


def test_a_month_is_its_first_day_and_its_slug() -> None:
    assert calendar_grid.month_of(date(2026, 12, 31)) == date(2026, 12, 1)
    assert calendar_grid.month_slug(date(2027, 3, 1)) == "2027-03"


def test_every_calendar_reaches_as_far_ahead() -> None:
    today = date(2026, 11, 21)
    assert calendar_grid.months(None, today)[-1] == calendar_grid.months(date(2026, 1, 1), today)[-1] == date(2027, 11, 1)
    assert len(calendar_grid.months(None, today)) == calendar_grid.FUTURE_MONTHS + 1
    assert len(calendar_grid.months(date(2000, 1, 1), today)) == calendar_grid.PAST_MONTHS + calendar_grid.FUTURE_MONTHS + 1


def test_shown_days_run_from_the_first_to_the_last_day_of_the_pages() -> None:
    shown = calendar_grid.months(date(2026, 10, 10), date(2026, 11, 21))
    assert calendar_grid.shown_days(shown) == (date(2026, 10, 1), date(2027, 11, 30))


def test_a_february_of_a_leap_year_has_29_days_in_its_grid() -> None:
    days = [day for week in calendar_grid.weeks(date(2028, 2, 1), 0) for day in week if day is not None]
    assert days[-1] == date(2028, 2, 29) and len(days) == 29


@pytest.mark.parametrize(("first_weekday", "columns"), [(0, [0, 1, 2, 3, 4, 5, 6]), (6, [6, 0, 1, 2, 3, 4, 5]), (5, [5, 6, 0, 1, 2, 3, 4])])
def test_weekday_columns(first_weekday: int, columns: list[int]) -> None:
    assert calendar_grid.weekdays(first_weekday) == columns


# the days an occurrence is on


def test_a_timed_occurrence_past_midnight_is_on_the_day_it_starts() -> None:
    late = Occurrence(datetime(2026, 12, 5, 22, tzinfo=ALMATY), datetime(2026, 12, 6, 2, tzinfo=ALMATY),
                      datetime(2026, 12, 5, 22, tzinfo=ALMATY), datetime(2026, 12, 6, 2, tzinfo=ALMATY))
    assert calendar_grid.span(late) == (date(2026, 12, 5), date(2026, 12, 5))


def test_local_dates_within_the_pages_shown_only() -> None:
    long = all_day(date(2026, 9, 20), date(2026, 10, 3))
    assert calendar_grid.local_dates(long, (date(2026, 10, 1), date(2027, 11, 30))) == [date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)]
    assert calendar_grid.local_dates(long, (date(2026, 11, 1), date(2027, 11, 30))) == []


@pytest.mark.parametrize(
    ("within", "shown"),
    [((date(2026, 12, 19), date(2026, 12, 19)), True), ((date(2026, 12, 21), date(2026, 12, 31)), True),
     ((date(2026, 12, 22), date(2026, 12, 31)), False), ((date(2026, 12, 1), date(2026, 12, 18)), False)],
)
def test_shows(within: tuple[date, date], shown: bool) -> None:
    assert calendar_grid.shows(all_day(date(2026, 12, 19), date(2026, 12, 21)), within) is shown


def test_by_date_files_items_under_each_of_their_days_in_order() -> None:
    items = [
        ("fair", all_day(date(2026, 12, 19), date(2026, 12, 20))),
        ("talk", timed(datetime(2026, 12, 20, 1, tzinfo=ALMATY))),
        ("late", timed(datetime(2026, 12, 31, 23, tzinfo=ALMATY))),
    ]
    assert calendar_grid.by_date(items) == {date(2026, 12, 19): ["fair"], date(2026, 12, 20): ["fair", "talk"], date(2026, 12, 31): ["late"]}
    assert calendar_grid.by_date(items, (date(2026, 12, 20), date(2026, 12, 30))) == {date(2026, 12, 20): ["fair", "talk"]}
