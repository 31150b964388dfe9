"""The iCalendar files, read back the way calendar apps read them.

Builds tests/fixtures/sites/feeds/ (languages en, ru; cities berlin and almaty) once per
module, as a git repository with three commits (see conftest.commit_feeds_site) and once
outside git. Every .ics file is parsed with `icalendar` and repeating events are expanded
with `recurring_ical_events`, so the tests see dates the way a subscriber's app does.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from conftest import (
    FEEDS,
    FEEDS_BASE_URL,
    FIRST_COMMIT,
    NOW,
    NOW_INSTANT,
    SECOND_COMMIT,
    TESTS,
    FeedsBuild,
    build_feeds_site,
    isolated_from_git,
    run_quietly,
    snapshot,
    write_site,
)

from generator.content.assemble import Options
from generator.output.calendars import calendar_files
from generator.pipeline import Checked, check

HOST = "feeds.example.org"
BERLIN = ZoneInfo("Europe/Berlin")
EVENTS = {
    "berlin": ["christmas-market", "lake-swim", "long-talk", "stammtisch"],
    "almaty": ["mountain-walk", "online-coffee", "plov-evening", "ski-trip", "summer-walk"],
}
TAGS = ["family", "food", "language-exchange", "newcomers"]
ZONES = {"berlin": "Europe/Berlin", "almaty": "Asia/Almaty"}
LANGUAGE_PREFIXES = ("", "ru/")

STAMMTISCH_UID = f"stammtisch.berlin@{HOST}"
STAMMTISCH_DATES = [  # first Thursdays from 2026-09-03 through UNTIL=20270630, without 2027-01-07
    date(2026, 9, 3), date(2026, 10, 1), date(2026, 11, 5), date(2026, 12, 3),
    date(2027, 2, 4), date(2027, 3, 4), date(2027, 4, 1), date(2027, 5, 6), date(2027, 6, 3),
]
SUMMER_TIME = {date(2026, 9, 3), date(2026, 10, 1), date(2027, 4, 1), date(2027, 5, 6), date(2027, 6, 3)}
PLOV_TITLE = "Вечер плова «Всё своё»"
PLOV_BODY = "Готовим плов вместе: рис, морковь, зира и много разговоров. Приходите все — новичкам особенно рады!"
LONG_TALK_BODY = (
    "Every autumn the letters from the Finanzamt arrive, and every autumn somebody in our chat asks what a "
    "Steuer-ID is, why the tax class matters, and whether the church tax really applies to them. This evening "
    "a volunteer who has filed eleven German tax returns walks through the whole year, step by step, with plenty "
    "of time for questions; read your first week (https://feeds.example.org/chapters/handbook/first-week/) before you come."
)


# reading calendars


def ics_files(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*.ics"))


@functools.cache
def read_calendar(out: Path, file: str) -> icalendar.Calendar:
    """The parsed file (cached: tests only read it)."""
    calendar = icalendar.Calendar.from_ical((out / file).read_bytes())
    assert isinstance(calendar, icalendar.Calendar)
    return calendar


def vevents(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The calendar's events by UID (each UID at most once)."""
    events = calendar.walk("VEVENT")
    found = {str(event["UID"]): event for event in events}
    assert len(found) == len(events), "a UID occurs twice in one calendar"
    return found


def vevent(out: Path, file: str, uid: str) -> icalendar.Event:
    return vevents(read_calendar(out, file))[uid]


def starts(calendar: icalendar.Calendar, uid: str, since: date = date(2026, 1, 1), until: date = date(2030, 1, 1)) -> list[datetime]:
    """The start of every occurrence of one event, expanded like a calendar app does."""
    found = [occurrence["DTSTART"].dt for occurrence in recurring_ical_events.of(calendar).between(since, until) if str(occurrence["UID"]) == uid]
    return sorted(found)


def raw_lines(out: Path, file: str) -> list[bytes]:
    data = (out / file).read_bytes()
    assert data.endswith(b"\r\n"), file
    return data[:-2].split(b"\r\n")


def calendars_with(out: Path, uid: str) -> Iterator[str]:
    for file in ics_files(out):
        if uid in vevents(read_calendar(out, file)):
            yield file


def uid(city: str, slug: str) -> str:
    return f"{slug}.{city}@{HOST}"


def page_url(city: str, slug: str, prefix: str = "") -> str:
    return f"{FEEDS_BASE_URL}{prefix}cities/{city}/events/{slug}/"


def expected_ics_files() -> list[str]:
    neutral = ["events.ics"]
    for city, slugs in EVENTS.items():
        neutral.append(f"cities/{city}/events.ics")
        neutral += [f"cities/{city}/events/{slug}.ics" for slug in slugs]
    neutral += [f"tags/{tag}/events.ics" for tag in TAGS]
    return sorted(prefix + file for prefix in LANGUAGE_PREFIXES for file in neutral)


@pytest.fixture(scope="module")
def out(feeds_git: FeedsBuild) -> Path:
    return feeds_git.out


# what is written, and the properties every calendar and event carries


def test_every_calendar_of_the_contract_is_written(out: Path) -> None:
    assert ics_files(out) == expected_ics_files()


def test_every_calendar_has_the_subscription_properties(out: Path) -> None:
    for file in ics_files(out):
        calendar = read_calendar(out, file)
        assert str(calendar["PRODID"]).startswith("-//Chapters//"), file
        assert str(calendar["VERSION"]) == "2.0", file
        assert str(calendar["CALSCALE"]) == "GREGORIAN", file
        assert str(calendar["METHOD"]) == "PUBLISH", file
        assert str(calendar["NAME"]) and str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]), file
        assert str(calendar["URL"]).startswith(FEEDS_BASE_URL + ("ru/" if file.startswith("ru/") else "")), file
        assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=12), file
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION", file
        assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in (out / file).read_bytes(), file
        assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in (out / file).read_bytes(), file


def test_calendars_are_named_for_what_they_hold(out: Path) -> None:
    assert str(read_calendar(out, "events.ics")["NAME"]) == "Feed Chapters: all events"
    assert str(read_calendar(out, "cities/berlin/events.ics")["NAME"]) == "Feed Chapters: Berlin"
    assert str(read_calendar(out, "ru/cities/berlin/events.ics")["NAME"]) == "Feed Chapters: Берлин"
    assert str(read_calendar(out, "tags/newcomers/events.ics")["NAME"]) == "Feed Chapters: #newcomers"
    assert str(read_calendar(out, "cities/berlin/events/stammtisch.ics")["NAME"]) == "Monthly Stammtisch"
    assert str(read_calendar(out, "ru/cities/berlin/events/stammtisch.ics")["NAME"]) == "Ежемесячный штаммтиш"


def test_names_and_descriptions_are_in_the_calendar_language_with_the_city_name_in_it(out: Path) -> None:
    expected = {  # file: (NAME and X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC)
        "ru/events.ics": ("Feed Chapters: все события", "Все события всех сообществ. Рады всем."),
        "ru/cities/berlin/events.ics": ("Feed Chapters: Берлин", "События сообщества в городе Берлин. Новичкам всегда рады."),
        "ru/tags/food/events.ics": ("Feed Chapters: #food", "События с тегом food во всех сообществах."),
        "ru/cities/berlin/events/stammtisch.ics": ("Ежемесячный штаммтиш", "Feed Chapters: Берлин"),
        "cities/berlin/events.ics": ("Feed Chapters: Berlin", "Events of the Berlin chapter. Newcomers welcome."),
    }
    for file, (name, description) in expected.items():
        calendar = read_calendar(out, file)
        assert (str(calendar["NAME"]), str(calendar["X-WR-CALNAME"])) == (name, name), file
        assert (str(calendar["DESCRIPTION"]), str(calendar["X-WR-CALDESC"])) == (description, description), file
    assert str(read_calendar(out, "ru/tags/food/events.ics")["URL"]) == FEEDS_BASE_URL + "ru/tags/food/"  # the tag's page


def test_city_and_event_calendars_name_the_city_time_zone(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for city, slugs in EVENTS.items():
            for file in [f"cities/{city}/events.ics", *(f"cities/{city}/events/{slug}.ics" for slug in slugs)]:
                assert str(read_calendar(out, prefix + file)["X-WR-TIMEZONE"]) == ZONES[city], prefix + file


def test_calendars_that_mix_cities_name_no_time_zone(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for file in ["events.ics", *(f"tags/{tag}/events.ics" for tag in TAGS)]:
            assert "X-WR-TIMEZONE" not in read_calendar(out, prefix + file), prefix + file


def test_every_event_has_the_required_properties(out: Path) -> None:
    checked = 0
    for file in ics_files(out):
        prefix = "ru/" if file.startswith("ru/") else ""
        for found_uid, event in vevents(read_calendar(out, file)).items():
            for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "STATUS", "SEQUENCE"):
                assert name in event, f"{file}: {found_uid} has no {name}"
            assert event["DTSTAMP"].dt.utcoffset() == timedelta(0), f"{file}: DTSTAMP of {found_uid} is not UTC"
            slug, city = found_uid.split("@")[0].split(".")
            assert str(event["URL"]) == page_url(city, slug, prefix), file
            assert str(event["DESCRIPTION"]).endswith("\n\n" + page_url(city, slug, prefix)), file
            checked += 1
    assert checked > 50


def test_every_tzid_has_a_vtimezone(out: Path) -> None:
    for file in ics_files(out):
        text = (out / file).read_text(encoding="utf-8")
        used = set(re.findall(r"TZID=([^:;\r\n]+)", text))
        defined = [str(zone["TZID"]) for zone in read_calendar(out, file).walk("VTIMEZONE")]
        assert sorted(used) == defined, file  # one VTIMEZONE per zone used, sorted by name, none unused


def test_timed_events_are_written_in_the_city_zone(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for found_uid, event in vevents(read_calendar(out, prefix + "events.ics")).items():
            city = found_uid.split("@")[0].split(".")[1]
            if isinstance(event["DTSTART"].dt, datetime):
                assert event["DTSTART"].params["TZID"] == ZONES[city], found_uid
                assert event["DTEND"].params["TZID"] == ZONES[city], found_uid


def test_no_line_is_longer_than_75_octets(out: Path) -> None:
    long_lines = []
    for file in ics_files(out):
        data = (out / file).read_bytes()
        assert b"\n" not in data.replace(b"\r\n", b""), f"{file}: a line ends without CR"
        for number, line in enumerate(raw_lines(out, file), 1):
            line.decode("utf-8")  # folding never splits a character
            if len(line) > 75:
                long_lines.append(f"{file}:{number}: {len(line)} octets")
    assert long_lines == []


# the monthly Berlin event, across both clock changes


@pytest.mark.parametrize("file", ["cities/berlin/events/stammtisch.ics", "cities/berlin/events.ics", "events.ics", "tags/newcomers/events.ics", "ru/cities/berlin/events/stammtisch.ics", "ru/events.ics"])
def test_monthly_event_occurs_on_every_first_thursday_but_the_skipped_one(out: Path, file: str) -> None:
    found = starts(read_calendar(out, file), STAMMTISCH_UID)
    assert [start.date() for start in found] == STAMMTISCH_DATES


@pytest.mark.parametrize("file", ["cities/berlin/events/stammtisch.ics", "events.ics", "ru/cities/berlin/events.ics"])
def test_monthly_event_stays_at_19_berlin_time_across_the_clock_changes(out: Path, file: str) -> None:
    for start in starts(read_calendar(out, file), STAMMTISCH_UID):
        assert (start.hour, start.minute) == (19, 0), start
        assert str(start.tzinfo) == "Europe/Berlin", start
        assert start.utcoffset() == timedelta(hours=2 if start.date() in SUMMER_TIME else 1), start


def test_monthly_event_in_october_november_and_march(out: Path) -> None:
    by_date = {start.date(): start for start in starts(read_calendar(out, "cities/berlin/events/stammtisch.ics"), STAMMTISCH_UID)}
    assert by_date[date(2026, 10, 1)].isoformat() == "2026-10-01T19:00:00+02:00"  # summer time
    assert by_date[date(2026, 11, 5)].isoformat() == "2026-11-05T19:00:00+01:00"  # after the change on 25 October
    assert by_date[date(2027, 3, 4)].isoformat() == "2027-03-04T19:00:00+01:00"  # before the change on 28 March
    assert by_date[date(2027, 4, 1)].isoformat() == "2027-04-01T19:00:00+02:00"  # after it


def test_monthly_event_vtimezone_gives_the_right_utc_times(out: Path) -> None:
    """Apps that use the file's VTIMEZONE rather than their own zone data get the same instants."""
    calendar = read_calendar(out, "cities/berlin/events/stammtisch.ics")
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"
    zone = vtimezone.to_tz()
    in_utc = {day: datetime(day.year, day.month, day.day, 19, tzinfo=zone).astimezone(UTC) for day in STAMMTISCH_DATES}
    assert in_utc[date(2026, 10, 1)] == datetime(2026, 10, 1, 17, tzinfo=UTC)
    assert in_utc[date(2026, 11, 5)] == datetime(2026, 11, 5, 18, tzinfo=UTC)
    assert in_utc[date(2027, 3, 4)] == datetime(2027, 3, 4, 18, tzinfo=UTC)
    assert in_utc[date(2027, 4, 1)] == datetime(2027, 4, 1, 17, tzinfo=UTC)
    for day, moment in in_utc.items():
        assert moment == datetime(day.year, day.month, day.day, 19, tzinfo=BERLIN).astimezone(UTC), day


def test_monthly_event_skips_its_except_date(out: Path) -> None:
    event = vevent(out, "cities/berlin/events/stammtisch.ics", STAMMTISCH_UID)
    skipped = [moment.dt for moment in event["EXDATE"].dts]
    assert skipped == [datetime(2027, 1, 7, 19, tzinfo=BERLIN)]
    assert event["EXDATE"].params["TZID"] == "Europe/Berlin"
    found = starts(read_calendar(out, "cities/berlin/events/stammtisch.ics"), STAMMTISCH_UID, date(2027, 1, 1), date(2027, 2, 1))
    assert found == []


def test_monthly_event_ends_with_its_until_day(out: Path) -> None:
    calendar = read_calendar(out, "cities/berlin/events/stammtisch.ics")
    assert starts(calendar, STAMMTISCH_UID)[-1].isoformat() == "2027-06-03T19:00:00+02:00"
    assert starts(calendar, STAMMTISCH_UID, date(2027, 6, 4), date(2035, 1, 1)) == []
    rule = vevent(out, "cities/berlin/events/stammtisch.ics", STAMMTISCH_UID)["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["1TH"]
    assert rule["UNTIL"] == [datetime(2027, 6, 30, 21, 59, 59, tzinfo=UTC)]  # the end of 30 June in Berlin, in UTC


def test_monthly_event_has_one_vevent_with_the_first_date(out: Path) -> None:
    event = vevent(out, "events.ics", STAMMTISCH_UID)
    assert event["DTSTART"].dt == datetime(2026, 9, 3, 19, tzinfo=BERLIN)
    assert event["DTEND"].dt == datetime(2026, 9, 3, 22, tzinfo=BERLIN)
    assert event["CATEGORIES"].cats == ["newcomers", "language-exchange"]


# kinds of events


def test_all_day_event_is_a_date_with_an_exclusive_end(out: Path) -> None:
    event = vevent(out, "cities/berlin/events/christmas-market.ics", uid("berlin", "christmas-market"))
    assert type(event["DTSTART"].dt) is date and event["DTSTART"].dt == date(2026, 12, 12)
    assert type(event["DTEND"].dt) is date and event["DTEND"].dt == date(2026, 12, 13)
    lines = raw_lines(out, "cities/berlin/events/christmas-market.ics")
    assert b"DTSTART;VALUE=DATE:20261212" in lines
    assert b"DTEND;VALUE=DATE:20261213" in lines
    assert read_calendar(out, "cities/berlin/events/christmas-market.ics").walk("VTIMEZONE") == []


def test_all_day_event_is_one_day_in_a_calendar_app(out: Path) -> None:
    occurrences = recurring_ical_events.of(read_calendar(out, "events.ics")).between(date(2026, 12, 1), date(2027, 1, 1))
    market = [o for o in occurrences if str(o["UID"]) == uid("berlin", "christmas-market")]
    assert [(o["DTSTART"].dt, o["DTEND"].dt) for o in market] == [(date(2026, 12, 12), date(2026, 12, 13))]


def test_cancelled_event_stays_and_is_marked(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for file in ("events.ics", "cities/berlin/events.ics", "cities/berlin/events/lake-swim.ics"):
            event = vevent(out, prefix + file, uid("berlin", "lake-swim"))
            assert str(event["STATUS"]) == "CANCELLED", prefix + file
            assert str(event["SUMMARY"]).startswith("Отменено: " if prefix else "Cancelled: "), prefix + file
    assert str(vevent(out, "events.ics", uid("berlin", "lake-swim"))["SUMMARY"]) == "Cancelled: Winter swim at the lake"


def test_postponed_event_is_tentative_and_marked(out: Path) -> None:
    event = vevent(out, "events.ics", uid("almaty", "ski-trip"))
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]) == "Postponed: Ski trip to Shymbulak"


def test_scheduled_events_are_confirmed_and_unmarked(out: Path) -> None:
    event = vevent(out, "events.ics", STAMMTISCH_UID)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Monthly Stammtisch"


def test_online_event_has_its_link_as_location_and_no_geo(out: Path) -> None:
    for file in ("events.ics", "cities/almaty/events/online-coffee.ics", "ru/cities/almaty/events.ics"):
        event = vevent(out, file, uid("almaty", "online-coffee"))
        assert "https://meet.example.org/almaty-coffee" in str(event["LOCATION"]), file
        assert "GEO" not in event, file


def test_venue_with_coordinates_has_geo_and_its_address(out: Path) -> None:
    event = vevent(out, "events.ics", STAMMTISCH_UID)
    assert (event["GEO"].latitude, event["GEO"].longitude) == (52.5387, 13.4186)
    assert str(event["LOCATION"]) == "Café Anna Blume, Kollwitzstraße 83, Berlin"
    assert "GEO" not in vevent(out, "events.ics", uid("almaty", "plov-evening"))  # a venue without coordinates


def test_cyrillic_title_and_description_round_trip(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for file in ("events.ics", "cities/almaty/events.ics", "cities/almaty/events/plov-evening.ics", "tags/food/events.ics"):
            event = vevent(out, prefix + file, uid("almaty", "plov-evening"))
            assert str(event["SUMMARY"]) == PLOV_TITLE, prefix + file
            assert str(event["DESCRIPTION"]) == f"{PLOV_BODY}\n\n{page_url('almaty', 'plov-evening', prefix)}", prefix + file
            assert str(event["LOCATION"]) == "Чайхана «Навват», улица Панфилова, 100, Алматы", prefix + file
    assert str(read_calendar(out, "cities/almaty/events/plov-evening.ics")["NAME"]) == PLOV_TITLE


def test_russian_calendars_carry_the_russian_translation(out: Path) -> None:
    ru_url = page_url("berlin", "stammtisch", "ru/")
    for file in ("ru/events.ics", "ru/cities/berlin/events.ics", "ru/cities/berlin/events/stammtisch.ics", "ru/tags/newcomers/events.ics"):
        event = vevent(out, file, STAMMTISCH_UID)
        assert str(event["SUMMARY"]) == "Ежемесячный штаммтиш", file
        assert str(event["DESCRIPTION"]) == f"Каждый первый четверг месяца, с сентября по июнь. Седьмого января 2027 года встречи не будет.\n\n{ru_url}", file
        assert str(event["LOCATION"]) == "Кафе «Анна Блуме», Kollwitzstraße 83, Berlin", file  # the name translated, the address kept
        assert str(event["URL"]) == ru_url, file
    english = vevent(out, "events.ics", STAMMTISCH_UID)
    assert str(english["SUMMARY"]) == "Monthly Stammtisch"
    assert not re.search("[а-яА-Я]", str(english["DESCRIPTION"]) + str(english["LOCATION"]))


def test_title_only_translation_keeps_the_original_description(out: Path) -> None:
    event = vevent(out, "ru/cities/berlin/events/lake-swim.ics", uid("berlin", "lake-swim"))
    assert str(event["SUMMARY"]) == "Отменено: Зимнее купание в озере"
    assert str(event["DESCRIPTION"]) == f"Cancelled: the lake is frozen.\n\n{page_url('berlin', 'lake-swim', 'ru/')}"


def test_long_description_is_folded_and_unfolds_to_the_original(out: Path) -> None:
    file = "cities/berlin/events/long-talk.ics"
    lines = raw_lines(out, file)
    start = next(index for index, line in enumerate(lines) if line.startswith(b"DESCRIPTION:") and index > lines.index(b"BEGIN:VEVENT"))
    continuation = 0
    while lines[start + 1 + continuation].startswith(b" "):
        continuation += 1
    assert continuation >= 5  # more than 300 characters on lines of at most 75 octets
    assert all(len(line) <= 75 for line in lines[start : start + 1 + continuation])
    event = vevent(out, file, uid("berlin", "long-talk"))
    assert str(event["DESCRIPTION"]) == f"{LONG_TALK_BODY}\n\n{page_url('berlin', 'long-talk')}"


def test_tag_calendar_holds_the_tagged_events_of_every_city(out: Path) -> None:
    calendar = read_calendar(out, "tags/newcomers/events.ics")
    assert sorted(vevents(calendar)) == sorted([STAMMTISCH_UID, uid("almaty", "plov-evening")])
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Almaty", "Europe/Berlin"]
    assert sorted(vevents(read_calendar(out, "tags/family/events.ics"))) == [uid("berlin", "christmas-market")]
    assert list(vevent(out, "tags/food/events.ics", uid("almaty", "plov-evening"))["CATEGORIES"].cats) == ["newcomers", "food"]


def test_city_calendar_holds_only_its_city(out: Path) -> None:
    for city in EVENTS:
        found = vevents(read_calendar(out, f"cities/{city}/events.ics"))
        assert found and all(key.split("@")[0].endswith(f".{city}") for key in found), city


# UIDs


def test_uids_are_the_event_and_city_at_the_host(out: Path) -> None:
    found = {key for file in ics_files(out) for key in vevents(read_calendar(out, file))}
    assert found == {uid(city, slug) for city, slugs in EVENTS.items() for slug in slugs}


def test_uid_is_the_same_in_every_calendar_and_language(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        network = vevents(read_calendar(out, prefix + "events.ics"))
        for city, slugs in EVENTS.items():
            in_city = vevents(read_calendar(out, f"{prefix}cities/{city}/events.ics"))
            for slug in slugs:
                (own,) = vevents(read_calendar(out, f"{prefix}cities/{city}/events/{slug}.ics"))
                assert own == uid(city, slug)
                if slug != "summer-walk":  # out of the window
                    assert own in network and own in in_city, own
    assert sorted(calendars_with(out, STAMMTISCH_UID)) == sorted(
        prefix + file for prefix in LANGUAGE_PREFIXES
        for file in ("events.ics", "cities/berlin/events.ics", "cities/berlin/events/stammtisch.ics", "tags/newcomers/events.ics", "tags/language-exchange/events.ics")
    )


# the 90-day window


def test_event_that_ended_over_90_days_ago_leaves_the_subscriptions(out: Path) -> None:
    old = uid("almaty", "summer-walk")
    assert sorted(calendars_with(out, old)) == ["cities/almaty/events/summer-walk.ics", "ru/cities/almaty/events/summer-walk.ics"]
    event = vevent(out, "cities/almaty/events/summer-walk.ics", old)
    assert event["DTSTART"].dt == datetime(2026, 8, 1, 11, tzinfo=ZoneInfo("Asia/Almaty"))


def test_event_that_ended_within_90_days_stays(out: Path) -> None:
    recent = uid("almaty", "mountain-walk")  # 10 October, 42 days before --now
    for file in ("events.ics", "cities/almaty/events.ics", "ru/events.ics"):
        assert recent in vevents(read_calendar(out, file)), file


@pytest.fixture(scope="module")
def checked(feeds_plain: FeedsBuild) -> Checked:
    """The plain site, loaded and validated once (with --now) for the window tests."""
    with isolated_from_git(feeds_plain.root.parent):
        return check(feeds_plain.root, Options(now=NOW_INSTANT))


def network_uids_at(checked: Checked, now: datetime) -> set[str]:
    """The UIDs in /events.ics when the calendars are written at `now` (the listing stays --now's)."""
    site = dataclasses.replace(checked.site, now=now)
    path, data = next(iter(calendar_files(site, checked.markdown, checked.catalogs.gettext)))
    assert path == "events.ics"
    return set(vevents(icalendar.Calendar.from_ical(data)))


def test_window_ends_exactly_90_days_after_the_end(checked: Checked) -> None:
    ended = datetime(2026, 8, 1, 14, tzinfo=ZoneInfo("Asia/Almaty"))  # the summer walk's end
    assert uid("almaty", "summer-walk") in network_uids_at(checked, ended + timedelta(days=90))
    assert uid("almaty", "summer-walk") not in network_uids_at(checked, ended + timedelta(days=90, seconds=1))


def test_repeating_event_stays_while_a_date_is_in_the_window(checked: Checked) -> None:
    last_end = datetime(2027, 6, 3, 22, tzinfo=BERLIN)  # its last date, within --now's listing horizon
    assert STAMMTISCH_UID in network_uids_at(checked, last_end + timedelta(days=89))
    assert STAMMTISCH_UID not in network_uids_at(checked, last_end + timedelta(days=91))


# history: SEQUENCE, DTSTAMP and LAST-MODIFIED from git


def test_changed_event_has_a_higher_sequence_and_the_change_date(out: Path) -> None:
    for file in calendars_with(out, STAMMTISCH_UID):
        event = vevent(out, file, STAMMTISCH_UID)
        assert event["SEQUENCE"] == 1, file
        assert event["DTSTAMP"].dt == SECOND_COMMIT, file
        assert event["LAST-MODIFIED"].dt == SECOND_COMMIT, file
        assert event["CREATED"].dt == FIRST_COMMIT, file
        assert event["DTSTART"].dt == datetime(2026, 9, 3, 19, tzinfo=BERLIN), file  # the new time


def test_unchanged_events_keep_sequence_0_and_the_first_commit_date(out: Path) -> None:
    for found_uid, event in vevents(read_calendar(out, "events.ics")).items():
        if found_uid != STAMMTISCH_UID:
            assert event["SEQUENCE"] == 0, found_uid
            assert event["DTSTAMP"].dt == FIRST_COMMIT, found_uid
            assert event["LAST-MODIFIED"].dt == FIRST_COMMIT, found_uid
            assert event["CREATED"].dt == FIRST_COMMIT, found_uid


def test_history_dates_are_written_in_utc(out: Path) -> None:
    lines = raw_lines(out, "cities/berlin/events/stammtisch.ics")
    assert b"DTSTAMP:20261005T083000Z" in lines
    assert b"LAST-MODIFIED:20261005T083000Z" in lines
    assert b"CREATED:20260815T090000Z" in lines
    assert b"SEQUENCE:1" in lines


def test_site_outside_git_builds_with_sequence_0_and_the_pinned_clock(feeds_plain: FeedsBuild) -> None:
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    outside = subprocess.run(["git", "rev-parse"], cwd=feeds_plain.root, capture_output=True, env={**env, "GIT_CEILING_DIRECTORIES": str(feeds_plain.root.parent)})
    assert outside.returncode != 0  # the build really ran outside any repository
    assert ics_files(feeds_plain.out) == expected_ics_files()
    for file in ics_files(feeds_plain.out):
        for found_uid, event in vevents(read_calendar(feeds_plain.out, file)).items():
            assert event["SEQUENCE"] == 0, (file, found_uid)
            assert event["DTSTAMP"].dt == NOW_INSTANT, (file, found_uid)
            assert "LAST-MODIFIED" not in event and "CREATED" not in event, (file, found_uid)


def test_site_outside_git_has_the_same_events_and_times(out: Path, feeds_plain: FeedsBuild) -> None:
    for file in ics_files(out):
        with_git, without = vevents(read_calendar(out, file)), vevents(read_calendar(feeds_plain.out, file))
        assert sorted(with_git) == sorted(without), file
        for key in with_git:
            for name in ("DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "STATUS"):
                assert with_git[key].get(name) == without[key].get(name), (file, key, name)


# reproducibility


def test_a_second_build_elsewhere_with_another_hash_seed_and_zone_is_byte_identical(feeds_git: FeedsBuild, tmp_path: Path) -> None:
    other = tmp_path / "other-out"
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    env.update(PYTHONHASHSEED="123", TZ="America/New_York", GIT_CEILING_DIRECTORIES=str(feeds_git.root.parent))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(feeds_git.root), "--out", str(other), "--now", NOW],
        cwd=TESTS.parent, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    one, two = snapshot(feeds_git.out), snapshot(other)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    for file in ics_files(other):
        assert list(vevents(read_calendar(other, file))) == list(vevents(read_calendar(feeds_git.out, file))), file


def test_now_with_another_offset_gives_the_same_calendars(feeds_git: FeedsBuild, tmp_path: Path) -> None:
    other = build_feeds_site(feeds_git.root, tmp_path / "other-out", "--now", "2026-11-21T17:00:00+05:00")
    for file in ics_files(feeds_git.out):
        assert (other / file).read_bytes() == (feeds_git.out / file).read_bytes(), file


# text that must not break a calendar


def test_a_title_over_two_lines_is_refused_before_it_reaches_a_calendar(tmp_path: Path) -> None:
    """A YAML block scalar in `title` would put a line break into SUMMARY and NAME: it is an error at the key."""
    root = tmp_path / "site-src"
    shutil.copytree(FEEDS, root)
    write_site(root, {"content/events/almaty/online-coffee.md": """
        ---
        title: |
          Online coffee,
          with friends
        start: 2026-12-08 09:00
        end: 10:00
        online: https://meet.example.org/almaty-coffee
        ---

        Bring your own coffee.
        """})
    with isolated_from_git(tmp_path):
        checked = run_quietly(["check", str(root)])
        built = run_quietly(["build", str(root), "--out", str(tmp_path / "out")])
    expected = "content/events/almaty/online-coffee.md:2:1: error: `title`: must be on one line (titles and names are shown in lists, feeds and calendars)"
    for result in (checked, built):
        assert result.code == 1
        assert result.err.splitlines()[0] == expected
        assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_a_wrapped_summary_is_joined_into_one_line(tmp_path: Path) -> None:
    root = tmp_path / "site-src"
    shutil.copytree(FEEDS, root)
    city = (root / "content/cities/almaty/index.md").read_text(encoding="utf-8")
    wrapped = city.replace("summary: Mountains, apples and a friendly chapter.\n", "summary: |\n  Mountains, apples\n  and a friendly chapter.\n")
    assert wrapped != city
    write_site(root, {"content/cities/almaty/index.md": wrapped})
    with isolated_from_git(tmp_path):
        result = run_quietly(["build", str(root), "--out", str(tmp_path / "out")])
    assert result.code == 0, result.err
    calendar = read_calendar(tmp_path / "out", "cities/almaty/events.ics")
    assert "\n" not in str(calendar["X-WR-CALDESC"])
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "Mountains, apples and a friendly chapter." in home
