""""Add to calendar" and "Subscribe" on built pages: tests/fixtures/sites/feeds/ built once per
module (see conftest.feeds_git), every calendar link followed to its file. The links as pure
functions: tests/unit/plan/test_calendar_links.py.
"""

from __future__ import annotations

import posixpath
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from conftest import FEEDS_BASE_URL, FeedsBuild

from generator.plan.calendar_links import GOOGLE, OUTLOOK
from generator.plan.views import OUTLOOK_SUBSCRIBE

LANGUAGE_PREFIXES = ("", "ru/")
EVENTS = {
    "berlin": ["christmas-market", "lake-swim", "long-talk", "stammtisch"],
    "almaty": ["mountain-walk", "online-coffee", "plov-evening", "ski-trip", "summer-walk"],
}


def query(link: str) -> dict[str, str]:
    """A link's query as {name: value}; every name must occur once."""
    parsed = parse_qs(urlsplit(link).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in parsed.values()), parsed
    return {name: values[0] for name, values in parsed.items()}


# on built pages


@pytest.fixture(scope="module")
def out(feeds_git: FeedsBuild) -> Path:
    return feeds_git.out


def page(out: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((out / file).read_text(encoding="utf-8"), "html.parser")


def add_links(out: Path, page_file: str) -> dict[str, str]:
    """The "Add to calendar" links of an event page: {"ics": output file, "google": url, "outlook": url}."""
    soup = page(out, page_file)
    section = soup.select_one("section.add-to-calendar")
    assert section is not None, page_file
    links: dict[str, str] = {}
    for a in section.find_all("a"):
        href = a["href"]
        if href.startswith(GOOGLE):
            links["google"] = href
        elif href.startswith(OUTLOOK):
            links["outlook"] = href
        else:
            assert "://" not in href and not href.startswith("/"), href
            assert a.has_attr("download"), href
            links["ics"] = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), href))
    cancelled = soup.select_one("article.event.status-cancelled") is not None  # no Google/Outlook link: they would add it as ordinary
    assert sorted(links) == (["ics"] if cancelled else ["google", "ics", "outlook"]), page_file
    return links


def event_page(city: str, slug: str, prefix: str = "") -> str:
    return f"{prefix}cities/{city}/events/{slug}/index.html"


def event_url(city: str, slug: str, prefix: str = "") -> str:
    return f"{FEEDS_BASE_URL}{prefix}cities/{city}/events/{slug}/"


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_every_event_page_links_its_own_calendar_file(out: Path, prefix: str) -> None:
    for city, slugs in EVENTS.items():
        for slug in slugs:
            links = add_links(out, event_page(city, slug, prefix))
            assert links["ics"] == f"{prefix}cities/{city}/events/{slug}.ics"
            calendar = icalendar.Calendar.from_ical((out / links["ics"]).read_bytes())
            assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [f"{slug}.{city}@feeds.example.org"]


def test_repeating_event_page_adds_the_next_date_at_19_berlin_time(out: Path) -> None:
    links = add_links(out, event_page("berlin", "stammtisch"))
    google, outlook = query(links["google"]), query(links["outlook"])
    assert google["dates"] == "20261203T190000/20261203T220000"  # the first date after --now (21 November)
    assert google["ctz"] == "Europe/Berlin"
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2026-12-03T19:00:00+01:00", "2026-12-03T22:00:00+01:00", "false")
    assert google["text"] == outlook["subject"] == "Monthly Stammtisch"
    assert google["location"] == outlook["location"] == "Café Anna Blume, Kollwitzstraße 83, Berlin"
    assert google["details"] == outlook["body"]
    assert google["details"].startswith("First Thursday of every month") and google["details"].endswith("\n\n" + event_url("berlin", "stammtisch"))


def test_repeating_event_links_agree_with_its_calendar_file(out: Path) -> None:
    """The Google/Outlook date is the calendar file's first occurrence after --now."""
    links = add_links(out, event_page("berlin", "stammtisch"))
    calendar = icalendar.Calendar.from_ical((out / links["ics"]).read_bytes())
    upcoming = sorted(o["DTSTART"].dt for o in recurring_ical_events.of(calendar).between(datetime(2026, 11, 21, 12, tzinfo=ZoneInfo("UTC")), date(2028, 1, 1)))
    assert query(links["outlook"])["startdt"] == upcoming[0].isoformat()
    assert query(links["google"])["dates"].split("/")[0] == f"{upcoming[0]:%Y%m%dT%H%M%S}"


def test_russian_event_page_links_carry_the_russian_text(out: Path) -> None:
    links = add_links(out, event_page("berlin", "stammtisch", "ru/"))
    google, outlook = query(links["google"]), query(links["outlook"])
    assert google["text"] == outlook["subject"] == "Ежемесячный штаммтиш"
    assert google["location"] == "Кафе «Анна Блуме», Kollwitzstraße 83, Berlin"
    assert google["details"].endswith("\n\n" + event_url("berlin", "stammtisch", "ru/"))
    assert google["dates"] == "20261203T190000/20261203T220000"


def test_online_event_page_links_in_almaty_time(out: Path) -> None:
    links = add_links(out, event_page("almaty", "online-coffee"))
    google, outlook = query(links["google"]), query(links["outlook"])
    assert (google["dates"], google["ctz"]) == ("20261208T090000/20261208T100000", "Asia/Almaty")
    assert outlook["startdt"] == "2026-12-08T09:00:00+05:00"
    assert google["location"] == outlook["location"] == "https://meet.example.org/almaty-coffee"


def test_all_day_event_page_links_are_all_day(out: Path) -> None:
    links = add_links(out, event_page("berlin", "christmas-market"))
    assert query(links["google"])["dates"] == "20261212/20261213"
    outlook = query(links["outlook"])
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2026-12-12", "2026-12-13", "true")


def test_past_event_page_links_its_only_date(out: Path) -> None:
    links = add_links(out, event_page("almaty", "summer-walk"))
    assert query(links["google"])["dates"] == "20260801T110000/20260801T140000"
    assert query(links["outlook"])["startdt"] == "2026-08-01T11:00:00+05:00"


def test_series_says_which_links_hold_every_date(out: Path) -> None:
    text = page(out, event_page("berlin", "stammtisch")).select_one("section.add-to-calendar").get_text(" ")
    assert "every date of the series" in text and "next date only" in text
    single = page(out, event_page("berlin", "long-talk")).select_one("section.add-to-calendar").get_text(" ")
    assert "next date only" not in single


# the Subscribe box


def subscribe_links(out: Path, page_file: str) -> dict[str, str]:
    """The Subscribe box's links by kind (`data-subscribe`: webcal, google, outlook, address, file, atom, rss), the first of each."""
    box = page(out, page_file).select_one("aside.subscribe")
    assert box is not None, page_file
    found: dict[str, str] = {}
    for element in box.select("[data-subscribe]"):
        found.setdefault(element["data-subscribe"], element.get("href") or element["value"])
    return found


def resolve(page_file: str, href: str) -> str:
    assert "://" not in href and not href.startswith("/"), (page_file, href)
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_file), href))


SUBSCRIPTIONS = [
    ("events/index.html", "events.ics", "feed.xml", "rss.xml"),
    ("cities/berlin/index.html", "cities/berlin/events.ics", "cities/berlin/feed.xml", "cities/berlin/rss.xml"),
    ("cities/berlin/events/index.html", "cities/berlin/events.ics", "cities/berlin/feed.xml", "cities/berlin/rss.xml"),
    ("cities/almaty/index.html", "cities/almaty/events.ics", "cities/almaty/feed.xml", "cities/almaty/rss.xml"),
    ("calendar/index.html", "events.ics", "feed.xml", "rss.xml"),
    ("cities/almaty/calendar/index.html", "cities/almaty/events.ics", "cities/almaty/feed.xml", "cities/almaty/rss.xml"),
    ("tags/food/index.html", "tags/food/events.ics", "tags/food/feed.xml", "tags/food/rss.xml"),
]


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(("page_file", "calendar", "atom", "rss"), SUBSCRIPTIONS)
def test_subscribe_box_links_the_calendar_and_the_feeds(out: Path, prefix: str, page_file: str, calendar: str, atom: str, rss: str) -> None:
    links = subscribe_links(out, prefix + page_file)
    address = FEEDS_BASE_URL + prefix + calendar
    assert links["webcal"] == "webcal://" + address.split("://", 1)[1]
    assert links["address"] == address
    assert query(links["google"]) == {"cid": links["webcal"]} and links["google"].startswith(GOOGLE + "?")
    name = str(icalendar.Calendar.from_ical((out / prefix / calendar).read_bytes())["X-WR-CALNAME"])
    assert query(links["outlook"]) == {"url": address, "name": name} and links["outlook"].startswith(OUTLOOK_SUBSCRIBE + "?")
    assert resolve(prefix + page_file, links["file"]) == prefix + calendar
    assert resolve(prefix + page_file, links["atom"]) == prefix + atom
    assert resolve(prefix + page_file, links["rss"]) == prefix + rss
    for target in (prefix + calendar, prefix + atom, prefix + rss):
        assert (out / target).is_file(), target


def test_subscribe_box_speaks_the_page_language(out: Path) -> None:
    english = page(out, "cities/berlin/index.html").select_one("aside.subscribe").get_text(" ", strip=True)  # type: ignore[union-attr]
    russian = page(out, "ru/cities/berlin/index.html").select_one("aside.subscribe").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "Apple Calendar, Thunderbird and other calendar apps" in english
    assert "Календарь Apple, Thunderbird и другие приложения-календари" in russian
    assert "Google Календарь" in russian and "Подписаться" in russian
    assert query(subscribe_links(out, "ru/cities/berlin/index.html")["outlook"])["name"] == "Feed Chapters: Берлин"


def test_webcal_address_is_the_published_calendar(out: Path) -> None:
    """An app that opens webcal://… fetches https://… : that must be the calendar the box links."""
    webcal = subscribe_links(out, "ru/cities/berlin/index.html")["webcal"]
    https = "https://" + webcal.removeprefix("webcal://")
    assert https.startswith(FEEDS_BASE_URL)
    file = https.removeprefix(FEEDS_BASE_URL)
    calendar = icalendar.Calendar.from_ical((out / file).read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Feed Chapters: Берлин"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"

