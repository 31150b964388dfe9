"""Expansion: what a site shows of its events is bounded by documented horizons and counts
(generator/limits.py), never by what a rule or an `end` could produce. Each long-spanning,
dense or all-day rule is refused at the line responsible, or built with the work counted:
occurrences made, days given calendar entries, dates a rule yields. Counters, never timing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.content import assemble, recurrence
from generator.core import limits
from generator.core.options import Options
from generator.pipeline import check
from generator.plan import calendar_grid, calendar_view

from .support import built, make_site, refused

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
EVENTS = "content/events/almaty"
BERLIN = {"content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\n"}
CALENDARS = 2 * 2
"""Each occurrence in Almaty is on the network's calendar and the city's, in English and German."""
TOO_LONG = (f"one occurrence may last at most {limits.MAX_OCCURRENCE_DAYS} days (docs/content.md, Limits). For something that runs longer, "
            "such as a permanent exhibition, write an event for each season or year, or give it the days it opens with `repeat` (e.g. `FREQ=WEEKLY;BYDAY=SA,SU`)")


def event(fields: str) -> str:
    return f"---\n{fields.strip()}\n---\nCome along.\n"


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """What the build did, counted: `occurrences` made in assemble.py, `calendar days` given
    an entry on a month calendar (each day of each occurrence on each calendar page set),
    `entries` formatted for the month calendars, `rule dates` yielded by dateutil."""
    counts: Counter[str] = Counter()

    def counted(name: str, function: Any, size: Any = lambda result: 1) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            counts[name] += size(result)
            return result
        return wrapper

    monkeypatch.setattr(assemble, "_occurrence", counted("occurrences", assemble._occurrence))
    monkeypatch.setattr(calendar_grid, "local_dates", counted("calendar days", calendar_grid.local_dates, len))
    monkeypatch.setattr(calendar_view.Entries, "entry", counted("entries", calendar_view.Entries.entry))
    iterate = recurrence._BoundedRule._iter

    def rule_dates(self: Any) -> Iterator[datetime]:
        for moment in iterate(self):
            counts["rule dates"] += 1
            yield moment

    monkeypatch.setattr(recurrence._BoundedRule, "_iter", rule_dates)
    return counts


# One occurrence lasts at most MAX_OCCURRENCE_DAYS: refused at `end`.

def test_the_reported_daily_all_day_events_over_years_are_refused_at_their_end(tmp_path: Path, work: Counter[str]) -> None:
    """Issue 13: three of these took 8 min 30 s and 2.35 GB to check (every day of every occurrence listed)."""
    files = {f"{EVENTS}/forever-{n}.md": event(f"title: Forever {n}\nstart: 2026-01-01\nend: 2199-12-31\nrepeat: FREQ=DAILY") for n in range(3)}
    root = make_site(tmp_path / "site-src", files)

    refused(root, [f"{EVENTS}/forever-{n}.md:4:1: error: `end` 2199-12-31 makes the event last 63,552 days; {TOO_LONG}" for n in range(3)])

    assert work["calendar days"] <= 2 * CALENDARS  # check and build: the picnic's one day on each calendar, nothing else
    assert work["occurrences"] <= 2 * 1


@pytest.mark.parametrize(("fields", "error"), [
    ("start: 2028-01-01\nend: 2029-01-01", f"`end` 2029-01-01 makes the event last 367 days; {TOO_LONG}"),
    ("start: 2026-12-01 10:00\nend: 2199-12-01 10:00", f"`end` 2199-12-01 10:00 makes the event last 63,187 days; {TOO_LONG}"),
    ("start: 2026-12-01 10:00\nend: 2027-12-02 10:01", f"`end` 2027-12-02 10:01 makes the event last more than 366 days; {TOO_LONG}"),
    ("start: 2026-12-01\nend: 2099-12-01\nrepeat: FREQ=YEARLY;COUNT=2", f"`end` 2099-12-01 makes the event last 26,664 days; {TOO_LONG}"),
])
def test_an_occurrence_longer_than_the_limit_is_refused_at_its_end(fields: str, error: str, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {f"{EVENTS}/long.md": event(f"title: Long\n{fields}")})

    refused(root, [f"{EVENTS}/long.md:4:1: error: {error}"])


def test_an_occurrence_of_366_days_builds_with_entries_only_on_the_month_pages_there_are(tmp_path: Path, work: Counter[str]) -> None:
    """2026-06-01 to 2027-06-01 is 366 days; the month pages run from 2026-08 (three before
    November) to 2027-11, so only the 305 days from 2026-08-01 get an entry."""
    root = make_site(tmp_path / "site-src", {f"{EVENTS}/season.md": event("title: A season\nstart: 2026-06-01\nend: 2027-06-01")})

    out = built(root)

    months = sorted(path.name for path in (out / "cities/almaty/calendar").iterdir() if path.is_dir())
    assert len(months) == 1 + limits.PAST_MONTHS + limits.FUTURE_MONTHS
    assert (months[0], months[-1]) == ("2026-08", "2027-11")
    shown = (date(2027, 6, 1) - date(2026, 8, 1)).days + 1
    assert shown == 305
    assert work["calendar days"] == CALENDARS * (shown + 1)  # and the picnic's one day
    first_page = (out / "cities/almaty/calendar/2026-08/index.html").read_text(encoding="utf-8")
    assert first_page.count("A season") >= 31


# Listed dates count each day of an occurrence (MAX_LISTED_PER_CITY, MAX_LISTED).

def test_a_long_occurrence_repeated_daily_so_that_days_overlap_is_refused_at_its_repeat(tmp_path: Path, work: Counter[str]) -> None:
    root = make_site(tmp_path / "site-src", {f"{EVENTS}/overlapping.md": event("title: Ten days, every day\nstart: 2025-01-01\nend: 2025-01-10\nrepeat: FREQ=DAILY")})

    refused(root, [
        (f"{EVENTS}/overlapping.md:5:1: error: `repeat` FREQ=DAILY lists 730 occurrences of 10 days each within 365 days either side of now: "
         "7,300 dates on the calendars, more than a whole city may list (5,000, docs/content.md, Limits). An occurrence that lasts longer than "
         "the rule's step overlaps the next one: repeat it less often, or make `end` the last day of one occurrence"),
    ])

    assert work["occurrences"] <= 2 * 2  # check and build: the picnic and this event's first, no repetition
    assert work["calendar days"] <= 2 * CALENDARS


def test_a_long_occurrence_repeated_weekly_under_the_limit_builds_with_its_days_counted(tmp_path: Path, work: Counter[str]) -> None:
    """Ten days every week overlap by three: each listed day is an entry, within the city's limit."""
    root = make_site(tmp_path / "site-src", {f"{EVENTS}/fortnight.md": event("title: Ten days weekly\nstart: 2026-11-02\nend: 2026-11-11\nrepeat: FREQ=WEEKLY")})

    built(root)

    (fortnight,) = [e for e in check(root, Options(now=NOW)).site.events if e.slug == "fortnight"]
    listed_days = 10 * len(fortnight.occurrences)
    assert listed_days <= limits.MAX_LISTED_PER_CITY
    assert work["calendar days"] <= 2 * CALENDARS * (listed_days + 1)  # build and check: each listed day once per calendar


def test_all_day_events_each_under_the_limits_are_refused_together_past_the_city_limit(tmp_path: Path, work: Counter[str]) -> None:
    """Fourteen single events of 366 days: 5,124 dates of calendar entries, one occurrence each."""
    files = {f"{EVENTS}/year-{n:02d}.md": event(f"title: Year {n}\nstart: 2026-06-01\nend: 2027-06-01") for n in range(14)}
    root = make_site(tmp_path / "site-src", files)

    refused(root, [
        (f"{EVENTS}:1:1: error: 5,125 dates of this city's events are listed (365 days either side of now); the limit is 5,000 (docs/content.md, Limits). "
         "Most come from: year-00 (1 occurrence of 366 days: 366), year-01 (1 occurrence of 366 days: 366), year-02 (1 occurrence of 366 days: 366)"),
    ])

    # Past the limit no occurrence is listed: the 13 years within it and the picnic, nothing of the 14th.
    assert work["calendar days"] <= 2 * CALENDARS * (13 * 305 + 1)


def test_many_daily_events_in_one_city_make_no_occurrences_past_its_limit(tmp_path: Path, work: Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """1,999 daily events took 8 min 43 s and 4.4 GB to refuse: every occurrence was made and
    every page planned. Lowered here to keep the test fast: 30 events of 730 dates, limit 1,500."""
    monkeypatch.setattr(assemble, "MAX_LISTED_PER_CITY", 1500)
    files = {f"{EVENTS}/daily-{n:02d}.md": event(f"title: Daily {n}\nstart: 2025-01-01 08:00\nrepeat: FREQ=DAILY") for n in range(30)}
    root = make_site(tmp_path / "site-src", files)

    refused(root, [
        (f"{EVENTS}:1:1: error: 21,901 dates of this city's events are listed (365 days either side of now); the limit is 1,500 (docs/content.md, Limits). "
         "Most come from: daily-00 (730), daily-01 (730), daily-02 (730)"),
    ])

    firsts = 30 + 1  # each event's own `start`, and the picnic
    assert work["occurrences"] <= 2 * (1500 + firsts)  # check and build
    assert work["entries"] <= 2 * CALENDARS * 1500


def test_the_network_makes_no_occurrences_past_its_limit(tmp_path: Path, work: Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "MAX_LISTED", 1000)
    files = {
        **BERLIN,
        f"{EVENTS}/daily.md": event("title: Daily\nstart: 2025-01-01 08:00\nrepeat: FREQ=DAILY"),
        "content/events/berlin/daily.md": event("title: Täglich\nstart: 2025-01-01 08:00\nrepeat: FREQ=DAILY"),
    }
    root = make_site(tmp_path / "site-src", files)

    result = refused(root, None)

    assert "content/events:1:1: error: 1,461 dates of events are listed (365 days either side of now); the limit is 1,000 (docs/content.md, Limits)" in result.err.splitlines()
    assert work["occurrences"] <= 2 * (1000 + 3)


# Rules: no hourly or finer; far COUNT and UNTIL walk no further than the listing horizon.

@pytest.mark.parametrize("rule", ["FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=SECONDLY;COUNT=1000", "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11"])
def test_rules_finer_than_a_day_are_refused_at_repeat(rule: str, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {f"{EVENTS}/often.md": event(f"title: Often\nstart: 2026-12-01 10:00\nrepeat: {rule}")})

    result = refused(root, startswith=[f"{EVENTS}/often.md:4:1: error: `repeat`: "])

    assert ("needs FREQ=DAILY|WEEKLY|MONTHLY|YEARLY" in result.err) != rule.startswith("FREQ=DAILY")


@pytest.mark.parametrize(("start", "rule", "listed"), [
    ("1900-01-01 19:00", "FREQ=DAILY;UNTIL=21991231", 730),
    ("1900-01-01", "FREQ=DAILY;UNTIL=21991231", 730),
    ("1900-01-01 19:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=21991231", 730),
    ("1900-01-31 19:00", "FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=21991231", 14),
    ("1900-01-01 19:00", "FREQ=DAILY;COUNT=1000", 0),
    ("2026-06-01 19:00", "FREQ=DAILY;COUNT=1000", 538),
    ("1900-01-01 19:00", "FREQ=YEARLY;INTERVAL=1000", 0),
    ("1900-01-01 19:00", "FREQ=DAILY;INTERVAL=1000;UNTIL=21991231", 1),
])
def test_far_count_and_until_expand_only_the_listing_horizon(start: str, rule: str, listed: int, tmp_path: Path, work: Counter[str]) -> None:
    root = make_site(tmp_path / "site-src", {f"{EVENTS}/far.md": event(f"title: Far\nstart: {start}\nrepeat: {rule}")})

    (far,) = [e for e in check(root, Options(now=NOW)).site.events if e.slug == "far"]

    assert len(far.occurrences) == listed
    if "COUNT=" in rule:  # COUNT counts from `start`, so it is walked from there: at most COUNT dates
        assert work["rule dates"] <= limits.MAX_RULE_COUNT
    else:  # from the rule's period (at most a week) before the horizon to one date past it
        assert work["rule dates"] <= 2 * limits.LISTING_DAYS + 7 + 1
