"""plan/calendar_links.py: "Add to calendar" links for Google Calendar and Outlook.com, from
`Occurrence`s built by hand (the links on built pages: tests/test_calendar_links.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from generator.content.model import Occurrence
from generator.plan.calendar_links import GOOGLE, MAX_DETAILS, OUTLOOK, google_link, outlook_link

BERLIN = ZoneInfo("Europe/Berlin")
ALMATY = ZoneInfo("Asia/Almaty")


def timed(start: datetime, minutes: int, zone: ZoneInfo) -> Occurrence:
    """A timed occurrence, as the model holds it: aware datetimes in the city's zone."""
    begin = start.replace(tzinfo=zone)
    end = (start + timedelta(minutes=minutes)).replace(tzinfo=zone)
    return Occurrence(begin, end, begin, end)


def all_day(first: date, last: date, zone: ZoneInfo) -> Occurrence:
    """An all-day occurrence: plain dates, `last` inclusive."""
    return Occurrence(first, last, datetime.combine(first, time(), zone), datetime.combine(last + timedelta(days=1), time(), zone))


def query(link: str) -> dict[str, str]:
    """A link's query as {name: value}; every name must occur once."""
    parsed = parse_qs(urlsplit(link).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in parsed.values()), parsed
    return {name: values[0] for name, values in parsed.items()}


def base(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


DECEMBER = timed(datetime(2026, 12, 3, 19, 0), 180, BERLIN)


# Google Calendar


def test_google_link_for_a_winter_evening_in_berlin() -> None:
    link = google_link("Monthly Stammtisch", DECEMBER, "Europe/Berlin", "First Thursday.", "Café Anna Blume, Berlin")
    assert base(link) == GOOGLE == "https://calendar.google.com/calendar/render"
    assert query(link) == {
        "action": "TEMPLATE",
        "text": "Monthly Stammtisch",
        "dates": "20261203T190000/20261203T220000",
        "ctz": "Europe/Berlin",
        "details": "First Thursday.",
        "location": "Café Anna Blume, Berlin",
    }


def test_google_link_keeps_the_wall_clock_time_in_summer() -> None:
    october = timed(datetime(2026, 10, 1, 19, 0), 180, BERLIN)
    assert query(google_link("T", october, "Europe/Berlin", "", ""))["dates"] == "20261001T190000/20261001T220000"


def test_google_link_in_almaty() -> None:
    coffee = timed(datetime(2026, 12, 8, 9, 0), 60, ALMATY)
    found = query(google_link("Online coffee", coffee, "Asia/Almaty", "", "https://meet.example.org/almaty-coffee"))
    assert (found["dates"], found["ctz"]) == ("20261208T090000/20261208T100000", "Asia/Almaty")
    assert found["location"] == "https://meet.example.org/almaty-coffee"


def test_google_link_past_midnight() -> None:
    party = timed(datetime(2026, 12, 31, 22, 0), 240, BERLIN)
    assert query(google_link("New Year", party, "Europe/Berlin", "", ""))["dates"] == "20261231T220000/20270101T020000"


def test_google_link_for_an_all_day_event_has_dates_and_an_exclusive_end() -> None:
    market = all_day(date(2026, 12, 12), date(2026, 12, 12), BERLIN)
    assert query(google_link("Market", market, "Europe/Berlin", "", ""))["dates"] == "20261212/20261213"
    fair = all_day(date(2026, 12, 19), date(2026, 12, 20), ALMATY)
    assert query(google_link("Fair", fair, "Asia/Almaty", "", ""))["dates"] == "20261219/20261221"
    year_end = all_day(date(2026, 12, 31), date(2026, 12, 31), BERLIN)
    assert query(google_link("Eve", year_end, "Europe/Berlin", "", ""))["dates"] == "20261231/20270101"


# Outlook.com


def test_outlook_link_for_a_winter_evening_in_berlin() -> None:
    link = outlook_link("Monthly Stammtisch", DECEMBER, "First Thursday.", "Café Anna Blume, Berlin")
    assert base(link) == OUTLOOK == "https://outlook.live.com/calendar/0/action/compose"
    assert query(link) == {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": "Monthly Stammtisch",
        "startdt": "2026-12-03T19:00:00+01:00",
        "enddt": "2026-12-03T22:00:00+01:00",
        "allday": "false",
        "body": "First Thursday.",
        "location": "Café Anna Blume, Berlin",
    }


def test_outlook_link_carries_the_offset_of_that_day() -> None:
    october = timed(datetime(2026, 10, 1, 19, 0), 180, BERLIN)
    found = query(outlook_link("T", october, "", ""))
    assert (found["startdt"], found["enddt"]) == ("2026-10-01T19:00:00+02:00", "2026-10-01T22:00:00+02:00")
    coffee = timed(datetime(2026, 12, 8, 9, 0), 60, ALMATY)
    assert query(outlook_link("T", coffee, "", ""))["startdt"] == "2026-12-08T09:00:00+05:00"


def test_outlook_link_for_an_all_day_event() -> None:
    market = all_day(date(2026, 12, 12), date(2026, 12, 12), BERLIN)
    found = query(outlook_link("Market", market, "", ""))
    assert (found["startdt"], found["enddt"], found["allday"]) == ("2026-12-12", "2026-12-13", "true")
    fair = all_day(date(2026, 12, 19), date(2026, 12, 20), ALMATY)
    assert (query(outlook_link("Fair", fair, "", ""))["enddt"]) == "2026-12-21"


# text in links


def test_text_with_reserved_characters_and_cyrillic_round_trips() -> None:
    title = "Вечер плова «Всё своё» & #1 + 50% = ?"
    details = "Готовим плов.\n\nhttps://feeds.example.org/chapters/cities/almaty/events/plov-evening/?a=1&b=2"
    location = "Чайхана «Навват», улица Панфилова, 100"
    google = query(google_link(title, DECEMBER, "Asia/Almaty", details, location))
    assert (google["text"], google["details"], google["location"]) == (title, details, location)
    outlook = query(outlook_link(title, DECEMBER, details, location))
    assert (outlook["subject"], outlook["body"], outlook["location"]) == (title, details, location)


def test_long_details_are_shortened_at_a_word() -> None:
    words = " ".join(f"word{n}" for n in range(400))
    for link, key in ((google_link("T", DECEMBER, "Europe/Berlin", words, ""), "details"), (outlook_link("T", DECEMBER, words, ""), "body")):
        shortened = query(link)[key]
        assert len(shortened) <= MAX_DETAILS
        assert shortened.endswith("…")
        assert words.startswith(shortened[:-1]) and words[len(shortened) - 1] == " "


def test_details_up_to_the_limit_are_kept_whole() -> None:
    exact = "x" * MAX_DETAILS
    assert query(google_link("T", DECEMBER, "Europe/Berlin", exact, ""))["details"] == exact
    assert query(outlook_link("T", DECEMBER, exact, ""))["body"] == exact
