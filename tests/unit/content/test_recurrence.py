"""content/recurrence.py: `repeat` rules expanded in local wall-clock time, across daylight
saving, with `except` days skipped, bounded however far back `start` lies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.content.recurrence import (
    MAX_OCCURRENCES,
    RuleTooSparse,
    build_rule,
    expand,
    gap_or_fold,
    local_instant,
    normalise_until,
    unmatched_exceptions,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ALMATY = ZoneInfo("Asia/Almaty")

# local_instant and gap_or_fold


def test_local_instant_of_a_naive_time_and_of_a_day() -> None:
    assert local_instant(datetime(2026, 12, 3, 19, 0), BERLIN) == datetime(2026, 12, 3, 19, 0, tzinfo=BERLIN)
    assert local_instant(date(2026, 12, 3), BERLIN) == datetime(2026, 12, 3, 0, 0, tzinfo=BERLIN)
    assert local_instant(datetime(2026, 7, 3, 19, 0), BERLIN).utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("moment", "zone", "problem"),
    [
        (datetime(2026, 3, 29, 2, 30), BERLIN, "gap"),  # clocks jump from 02:00 to 03:00
        (datetime(2026, 10, 25, 2, 30), BERLIN, "fold"),  # 02:00-03:00 happens twice
        (datetime(2026, 3, 8, 2, 15), NEW_YORK, "gap"),
        (datetime(2026, 11, 1, 1, 30), NEW_YORK, "fold"),
        (datetime(2026, 3, 29, 1, 59), BERLIN, None),
        (datetime(2026, 3, 29, 3, 0), BERLIN, None),
        (datetime(2026, 10, 25, 3, 0), BERLIN, None),
        (datetime(2026, 3, 29, 2, 30), ALMATY, None),  # no daylight saving there
    ],
)
def test_gap_or_fold(moment: datetime, zone: ZoneInfo, problem: str | None) -> None:
    assert gap_or_fold(moment, zone) == problem


# normalise_until


@pytest.mark.parametrize(
    ("rule", "start", "read"),
    [
        ("FREQ=WEEKLY;UNTIL=20270630", datetime(2026, 12, 3, 19), "FREQ=WEEKLY;UNTIL=20270630T235959"),
        ("FREQ=WEEKLY;UNTIL=20270630;BYDAY=TH", datetime(2026, 12, 3, 19), "FREQ=WEEKLY;UNTIL=20270630T235959;BYDAY=TH"),
        ("FREQ=WEEKLY;UNTIL=20270630T120000", datetime(2026, 12, 3, 19), "FREQ=WEEKLY;UNTIL=20270630T120000"),
        ("FREQ=WEEKLY;UNTIL=20270630", date(2026, 12, 3), "FREQ=WEEKLY;UNTIL=20270630"),
        ("FREQ=WEEKLY;COUNT=5", datetime(2026, 12, 3, 19), "FREQ=WEEKLY;COUNT=5"),
    ],
)
def test_normalise_until_reads_a_date_as_the_whole_day(rule: str, start: datetime | date, read: str) -> None:
    assert normalise_until(rule, start) == read


def test_the_last_day_of_until_has_its_evening_occurrence() -> None:
    found = expand("FREQ=WEEKLY;UNTIL=20261217", datetime(2026, 12, 3, 19), [], datetime(2026, 12, 1), datetime(2027, 1, 31))
    assert found == [datetime(2026, 12, 3, 19), datetime(2026, 12, 10, 19), datetime(2026, 12, 17, 19)]


# expand


def test_a_monthly_evening_stays_at_19_across_daylight_saving() -> None:
    found = expand("FREQ=MONTHLY;BYDAY=1TH", datetime(2026, 10, 1, 19), [], datetime(2026, 9, 1), datetime(2027, 5, 1))
    assert [moment.date() for moment in found] == [  # type: ignore[union-attr]
        date(2026, 10, 1), date(2026, 11, 5), date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4), date(2027, 4, 1),
    ]
    assert {(moment.hour, moment.minute) for moment in found} == {(19, 0)}  # type: ignore[union-attr]
    offsets = [local_instant(moment, BERLIN).utcoffset() for moment in found]
    assert offsets[0] == timedelta(hours=2) and offsets[2] == timedelta(hours=1) and offsets[-1] == timedelta(hours=2)


def test_except_days_are_skipped() -> None:
    found = expand("FREQ=WEEKLY", datetime(2026, 12, 3, 19), [date(2026, 12, 24), date(2026, 12, 31)], datetime(2026, 12, 1), datetime(2027, 1, 15))
    assert found == [datetime(2026, 12, 3, 19), datetime(2026, 12, 10, 19), datetime(2026, 12, 17, 19), datetime(2027, 1, 7, 19), datetime(2027, 1, 14, 19)]


def test_an_all_day_rule_gives_dates() -> None:
    found = expand("FREQ=YEARLY", date(2020, 12, 24), [date(2026, 12, 24)], datetime(2025, 1, 1), datetime(2028, 1, 1))
    assert found == [date(2025, 12, 24), date(2027, 12, 24)]


def test_only_the_window_is_expanded() -> None:
    found = expand("FREQ=DAILY", datetime(2026, 1, 1, 9), [], datetime(2026, 6, 10), datetime(2026, 6, 13))
    assert found == [datetime(2026, 6, 10, 9), datetime(2026, 6, 11, 9), datetime(2026, 6, 12, 9)]


def test_expansion_stops_at_the_most_occurrences_an_event_may_list() -> None:
    found = expand("FREQ=DAILY", datetime(2026, 1, 1, 9), [], datetime(2026, 1, 1), datetime(2030, 1, 1))
    assert len(found) == MAX_OCCURRENCES
    assert found[0] == datetime(2026, 1, 1, 9)


def test_count_counts_from_start_not_from_the_window() -> None:
    found = expand("FREQ=WEEKLY;COUNT=4", datetime(2026, 11, 5, 19), [], datetime(2026, 11, 20), datetime(2027, 1, 1))
    assert found == [datetime(2026, 11, 26, 19)]


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2;WKST=SU", "FREQ=WEEKLY;BYDAY=MO,TH",
     "FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=5", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=31",
     "FREQ=YEARLY", "FREQ=YEARLY;INTERVAL=3", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2"],
)
def test_evaluating_from_the_window_gives_the_dates_walking_from_start_gives(rule: str) -> None:
    start = datetime(2019, 5, 31, 18, 30)
    window = (datetime(2026, 3, 17), datetime(2029, 9, 1))
    walked = build_rule(rule, start).between(*window, inc=True)
    assert walked  # the rule has dates in the window, so the comparison means something
    assert build_rule(rule, start, window[0]).between(*window, inc=True) == walked


def test_a_rule_that_never_finds_a_date_is_refused() -> None:
    with pytest.raises(RuleTooSparse, match="finds no date for 100 years or more"):
        expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", datetime(2026, 1, 1, 19), [], datetime(2026, 1, 1), datetime(2027, 1, 1))


def test_a_rare_rule_is_not_too_sparse() -> None:
    found = expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2024, 2, 29), [], datetime(2025, 1, 1), datetime(2029, 1, 1))
    assert found == [date(2028, 2, 29)]


# unmatched_exceptions


def test_except_days_the_rule_has_are_matched() -> None:
    assert unmatched_exceptions("FREQ=WEEKLY", datetime(2026, 12, 3, 19), [date(2026, 12, 24), date(2027, 1, 7)]) == []


def test_except_days_the_rule_lacks_are_named() -> None:
    days = [date(2026, 12, 24), date(2026, 12, 25), date(2020, 1, 2)]  # a Friday; a day before the start
    assert unmatched_exceptions("FREQ=WEEKLY", datetime(2026, 12, 3, 19), days) == [date(2020, 1, 2), date(2026, 12, 25)]


def test_except_days_decades_apart_are_checked_each_on_its_own() -> None:
    assert unmatched_exceptions("FREQ=YEARLY", date(1950, 7, 1), [date(1951, 7, 1), date(2150, 7, 1), date(2150, 7, 2)]) == [date(2150, 7, 2)]


def test_except_days_past_a_count_are_unmatched() -> None:
    assert unmatched_exceptions("FREQ=WEEKLY;COUNT=3", datetime(2026, 12, 3, 19), [date(2026, 12, 17), date(2026, 12, 24)]) == [date(2026, 12, 24)]


def test_no_except_days_nothing_unmatched() -> None:
    assert unmatched_exceptions("FREQ=DAILY", datetime(2026, 12, 3, 19), []) == []
