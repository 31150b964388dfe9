"""core/limits.py: the limits are consistent with each other (a limit that contradicts another
would refuse what the format promises, or let through what another limit is meant to stop)."""

from __future__ import annotations

from generator.core import limits


def test_every_limit_is_a_positive_whole_number() -> None:
    names = [name for name in dir(limits) if name.isupper()]
    assert len(names) >= 30
    for name in names:
        value = getattr(limits, name)
        assert isinstance(value, (int, float)) and not isinstance(value, bool), name
        assert value > 0, name


def test_a_file_fits_in_the_whole_content() -> None:
    assert limits.MAX_FILE_BYTES < limits.MAX_CONTENT_BYTES
    assert limits.MAX_FILE_BYTES == 1024 * 1024


def test_text_lengths_grow_from_line_to_sentence_to_text() -> None:
    assert limits.MAX_LINE_CHARS < limits.MAX_SENTENCE_CHARS < limits.MAX_TEXT_CHARS


def test_years_are_an_ordered_range_around_today() -> None:
    assert limits.EARLIEST_YEAR < 2026 < limits.LATEST_YEAR


def test_per_city_limits_are_within_the_network_limits() -> None:
    assert limits.MAX_EVENTS_PER_CITY <= limits.MAX_EVENTS
    assert limits.MAX_LISTED_PER_CITY <= limits.MAX_LISTED


def test_a_daily_event_fits_every_limit_on_dates() -> None:
    daily = 2 * limits.LISTING_DAYS + 1  # the listing window either side of now
    assert daily <= limits.MAX_OCCURRENCES
    assert daily <= limits.MAX_LISTED_PER_CITY


def test_an_occurrence_of_a_whole_leap_year_is_allowed() -> None:
    assert limits.MAX_OCCURRENCE_DAYS >= 366


def test_a_sparse_rule_may_walk_past_a_leap_day() -> None:
    """FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29 finds a date every 4 (at most 8) years."""
    assert limits.MAX_RULE_MONTHS_WALKED >= 8 * 12
