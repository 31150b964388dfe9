"""Time: rules that would expand forever or walk to the year 9999, repeated times that fall
into daylight-saving gaps and folds, and `except` dates decades apart. (Impossible dates,
gaps and folds of `start`, unknown zones and invalid rules are fixtures/refused/time-*,
rrule-* and except-*.)
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import recurring_ical_events
from bs4 import BeautifulSoup

from generator.content.recurrence import RuleTooSparse, expand
from generator.core.limits import LISTING_DAYS, MAX_RULE_MONTHS_WALKED
from generator.core.options import Options
from generator.pipeline import check

from .support import built, make_site, refused, vevents

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
BERLIN = {"content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\n"}


def event(fields: str) -> str:
    return f"---\n{fields.strip()}\n---\nCome along.\n"


def test_a_rule_without_end_stays_within_the_listing_horizon(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {"content/events/almaty/daily.md": event("title: Every day\nstart: 1900-01-01 08:00\nrepeat: FREQ=DAILY")})

    started = time.perf_counter()
    (daily,) = [e for e in check(root, Options(now=NOW)).site.events if e.slug == "daily"]
    seconds = time.perf_counter() - started

    starts = [occurrence.instant for occurrence in daily.occurrences]
    assert len(starts) in (2 * LISTING_DAYS, 2 * LISTING_DAYS + 1)  # whether 08:00 falls inside both ends
    assert NOW - timedelta(days=LISTING_DAYS + 1) < starts[0] and starts[-1] < NOW + timedelta(days=LISTING_DAYS + 1)
    assert seconds < 5, "expanded from 1900 instead of from the horizon"


def test_a_series_from_1900_is_evaluated_from_the_horizon() -> None:
    """dateutil would walk 46,000 days from 1900 for every expansion (about 0.1 s each)."""
    started = time.perf_counter()
    for _ in range(20):
        dates = expand("FREQ=DAILY", datetime(1900, 1, 1, 8), [], datetime(2025, 11, 21), datetime(2027, 11, 21))
    assert len(dates) == 730
    assert time.perf_counter() - started < 0.5


def test_the_calendar_file_keeps_the_open_rule_for_calendar_apps(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {"content/events/almaty/weekly.md": event("title: Weekly\nstart: 2020-01-02 19:00\nrepeat: FREQ=WEEKLY")})

    out = built(root)

    (weekly,) = vevents((out / "cities/almaty/events/weekly.ics").read_bytes())
    assert weekly["RRULE"].to_ical() == b"FREQ=WEEKLY"


def test_rules_that_never_happen_are_refused_quickly(tmp_path: Path) -> None:
    """Each would make dateutil walk day by day to the year 9999 (6 s each, before the bound)."""
    rules = ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31",
             "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=21991231"]
    files = {f"content/events/almaty/never-{index}.md": event(f"title: Never\nstart: 2026-12-05 19:00\nrepeat: {rule}\nexcept: [2027-02-28]")
             for index, rule in enumerate(rules * 4)}
    root = make_site(tmp_path / "site-src", files)

    started = time.perf_counter()
    result = refused(root, None)

    assert time.perf_counter() - started < 20
    assert result.err.count(f"finds no date for {MAX_RULE_MONTHS_WALKED // 12} years or more") == len(files)


def test_the_walk_is_bounded_inside_dateutil() -> None:
    """The bound counts a read dateutil makes once per month walked; if a new dateutil stopped
    making it, this would take seconds and expand nothing instead of raising."""
    started = time.perf_counter()
    try:
        expand("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", datetime(2026, 1, 1, 19), [], datetime(2026, 1, 1), datetime(2027, 1, 1))
    except RuleTooSparse:
        pass
    else:
        raise AssertionError("a rule for 30 February found dates")
    assert time.perf_counter() - started < 1


def test_except_dates_decades_apart_are_checked_quickly(tmp_path: Path) -> None:
    days = ", ".join(f"{year}-01-0{1 + (year % 7)}" for year in range(1905, 2199, 3))
    root = make_site(tmp_path / "site-src", {"content/events/almaty/daily.md": event(f"title: Daily\nstart: 1900-01-01 08:00\nrepeat: FREQ=DAILY\nexcept: [{days}, 2199-12-31]")})

    started = time.perf_counter()
    (daily,) = [e for e in check(root, Options(now=NOW)).site.events if e.slug == "daily"]

    assert time.perf_counter() - started < 5
    assert len(daily.meta.except_dates) == 99


def test_a_repeated_time_in_a_daylight_saving_gap_moves_as_calendar_apps_move_it(tmp_path: Path) -> None:
    """Sundays at 02:30 in Berlin: on 2027-03-28 that time does not exist. The site shows what
    RFC 5545 makes of the .ics file's RRULE: the offset before the gap, 03:30 CEST; and on
    2027-10-31, when 02:30 happens twice, the first (CEST). The site and calendar apps agree."""
    root = make_site(tmp_path / "site-src", {**BERLIN, "content/events/berlin/night.md": event("title: Night owls\nstart: 2027-03-07 02:30\nend: 03:15\nrepeat: FREQ=WEEKLY;UNTIL=20271231")})

    out = built(root)
    (night,) = [e for e in check(root, Options(now=NOW)).site.events if e.slug == "night"]

    by_day = {occurrence.start.date(): occurrence for occurrence in night.occurrences}  # type: ignore[union-attr]
    gap, fold = by_day[date(2027, 3, 28)], by_day[date(2027, 10, 31)]
    assert (gap.start.hour, gap.start.minute, gap.start.utcoffset()) == (3, 30, timedelta(hours=2))  # type: ignore[union-attr]
    assert gap.end - gap.start == timedelta(minutes=45)  # type: ignore[operator]
    assert (fold.start.hour, fold.start.minute, fold.start.utcoffset()) == (2, 30, timedelta(hours=2))  # type: ignore[union-attr]
    calendar = icalendar.Calendar.from_ical((out / "cities/berlin/events/night.ics").read_bytes())
    horizon = (NOW + timedelta(days=LISTING_DAYS)).date()
    apps = {instance["DTSTART"].dt.astimezone(UTC) for instance in recurring_ical_events.of(calendar).between(date(2027, 3, 1), horizon)}
    site = {occurrence.instant.astimezone(UTC) for occurrence in night.occurrences if occurrence.instant.date() < horizon}
    assert len(site) > 30 and site == apps
    page = BeautifulSoup((out / "cities/berlin/events/night/index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "March 28, 2027, 03:30\u2009–\u200904:15" in page


def test_a_series_entirely_outside_the_horizon_builds(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {
        "content/events/almaty/long-ago.md": event("title: Long ago\nstart: 1950-01-05 19:00\nrepeat: FREQ=WEEKLY;COUNT=1000"),
        "content/events/almaty/far-ahead.md": event("title: Far ahead\nstart: 2150-01-05\nrepeat: FREQ=YEARLY"),
    })

    out = built(root)

    assert (out / "cities/almaty/events/long-ago/index.html").is_file()
    assert len(vevents((out / "cities/almaty/events/far-ahead.ics").read_bytes())) == 1
