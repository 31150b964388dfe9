"""views.py: the ideas every output shares, each in one place: where an event is on one line,
its title with a status prefix, its price, and the date an event page shows."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from generator.content.model import Event, EventFacts, Localized, Money, Occurrence, Venue, Version
from generator.plan.views import event_facts, format_cost, place_line, status_prefix, status_title

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
MEET = "https://meet.example.org/tea"
CAFE = Venue("Café Anna", "Main St 1", None, None, None)


def facts(**changes: object) -> EventFacts:
    meta = EventFacts("Tea ceremony", datetime(2026, 12, 3, 19), None, None, None, None, None, (), (), (), (), None, "scheduled", None, (), None, False)
    return dataclasses.replace(meta, **changes)  # type: ignore[arg-type]


# place_line


@pytest.mark.parametrize(("venue", "online", "append", "instead", "omit"), [
    (CAFE, MEET, f"Café Anna, Main St 1, {MEET}", "Café Anna, Main St 1", "Café Anna, Main St 1"),
    (CAFE, None, "Café Anna, Main St 1", "Café Anna, Main St 1", "Café Anna, Main St 1"),
    (Venue("Café Anna", None, None, None, None), MEET, f"Café Anna, {MEET}", "Café Anna", "Café Anna"),
    (None, MEET, MEET, MEET, ""),
    (None, None, "", "", ""),
])
def test_the_place_line_names_the_venue_and_the_online_address_as_asked(venue: Venue | None, online: str | None, append: str, instead: str, omit: str) -> None:
    meta = facts(venue=venue, online=online)

    assert (place_line(meta, online="append"), place_line(meta, online="instead"), place_line(meta, online="omit")) == (append, instead, omit)


# the status prefix


def test_a_cancelled_or_postponed_title_says_so_in_the_pages_language() -> None:
    german = {"Cancelled:": "Abgesagt:", "Postponed:": "Verschoben:"}.__getitem__

    assert status_title(facts(status="cancelled"), german) == "Abgesagt: Tea ceremony"
    assert status_title(facts(status="postponed")) == "Postponed: Tea ceremony"
    assert status_title(facts(status="scheduled"), german) == "Tea ceremony"
    assert (status_prefix("cancelled"), status_prefix("scheduled")) == ("Cancelled:", None)


# format_cost


@pytest.mark.parametrize(("cost", "lang", "shown"), [
    ("free", "en", "Free"),
    ("donations welcome", "en", "donations welcome"),
    (None, "en", ""),
    (Money(Decimal(1700), "KZT"), "en", "KZT\xa01,700"),
    (Money(Decimal("2.50"), "EUR"), "de", "2,50\xa0€"),
])
def test_a_cost_is_shown_as_free_a_text_or_a_price_in_the_language(cost: object, lang: str, shown: str) -> None:
    assert format_cost(cost, lang) == shown


def test_a_price_of_the_model_counts_as_an_amount_to_pay() -> None:
    event = single(facts(cost=Money(Decimal(5), "EUR")))
    free = single(facts(cost="free"))

    assert (event_facts(event, "en", 6, NOW).amount, event_facts(free, "en", 6, NOW).amount) == (True, False)
    assert (event_facts(event, "en", 6, NOW).free, event_facts(free, "en", 6, NOW).free) == (False, True)


# the date an event page shows


def at(day: int) -> Occurrence:
    start = datetime(2026, 11, day, 18, 0, tzinfo=UTC)
    return Occurrence(start, start + timedelta(hours=2), start, start + timedelta(hours=2))


def single(meta: EventFacts, first: Occurrence | None = None) -> Event:
    first = first or at(3)
    return Event("tea", "almaty", Localized((Version("en", meta, "", 1, "x.md", {}, "x.md", "en"),)), False, first, (first,))


def series(occurrences: tuple[Occurrence, ...]) -> Event:
    meta = facts(repeat="FREQ=WEEKLY", except_dates=(date(2026, 11, 19), date(2026, 11, 27)))
    return Event("tea", "almaty", Localized((Version("en", meta, "", 1, "x.md", {}, "x.md", "en"),)), False, occurrences[0], occurrences)


def test_a_series_shows_its_next_date_and_a_single_event_its_only_one() -> None:
    weekly = series((at(6), at(13), at(27)))

    shown = event_facts(weekly, "en", 6, NOW)

    assert shown.when == "Friday, November 27, 2026, 18:00\u2009\u2013\u200920:00"
    assert shown.next_dates == (shown.when,)
    assert shown.skipped == ("Friday, November 27, 2026",)  # the 19th is more than a day past
    assert event_facts(single(facts()), "en", 6, NOW).when == "Tuesday, November 3, 2026, 18:00\u2009\u2013\u200920:00"
    assert event_facts(series((at(6), at(13))), "en", 6, NOW).when == "Friday, November 6, 2026, 18:00\u2009\u2013\u200920:00"
