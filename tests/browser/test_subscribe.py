"""The Subscribe boxes, as a reader's browser sees them: every link's target decoded and compared
with the calendar's address, and that calendar and those feeds fetched from the served site.

Each box offers the calendar as a `webcal://` link (calendar apps), Google Calendar's "add by
URL" (`?cid=` the webcal address), Outlook.com's "add from web" (`?url=` the address, `&name=` the
calendar's name), the `https://` address to copy and the `.ics` file, then the feeds. The links
are read from the page Chromium rendered (`a.href`, resolved as a click would) in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import feedparser
import icalendar
import pytest
import yaml

from generator.plan.calendar_links import GOOGLE
from generator.plan.views import OUTLOOK_SUBSCRIBE

from .browser_support import LANGUAGES, PAGES, ROOT, localized

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BASE_URL = yaml.safe_load((ROOT / "site.yaml").read_text(encoding="utf-8"))["base_url"]
"""The demo site's published address: the boxes' absolute addresses start with it."""
BOXES = {  # a page with a Subscribe box: the calendar and the Atom feed it offers (default-language addresses)
    "events": ("/events/", "/events.ics", "/feed.xml"),
    "city": (PAGES["city"], "/cities/almaty/events.ics", "/cities/almaty/feed.xml"),
    "city-events": (PAGES["city-events"], "/cities/almaty/events.ics", "/cities/almaty/feed.xml"),
    "calendar": (PAGES["calendar"], "/events.ics", "/feed.xml"),
    "tag": ("/tags/newcomers/", "/tags/newcomers/events.ics", "/tags/newcomers/feed.xml"),
}
LINKS_JS = """() => Array.from(document.querySelectorAll("aside.subscribe [data-subscribe]"),
    (element) => [element.dataset.subscribe, element.href || element.value, element.textContent.trim()])"""


def query(link: str) -> dict[str, str]:
    """A link's query as {name: value}, percent-decoded; every name once."""
    parsed = parse_qs(urlsplit(link).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in parsed.values()), link
    return {name: values[0] for name, values in parsed.items()}


def box_links(base_url: str, context_for: Callable[[int], Any], path: str) -> list[list[str]]:
    page = context_for(1280).new_page()
    try:
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
        links: list[list[str]] = page.evaluate(LINKS_JS)
    finally:
        page.close()
    assert links, f"{path}: no Subscribe box"
    return links


def fetch(url: str) -> bytes:
    with urlopen(url, timeout=30) as response:  # the local server only
        assert response.status == 200, url
        data: bytes = response.read()
        return data


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("box", sorted(BOXES))
def test_every_subscribe_link_leads_to_the_calendar_of_the_box(base_url: str, context_for: Callable[[int], Any], box: str, lang: str) -> None:
    path, calendar, atom = (localized(address, lang) for address in BOXES[box])
    links = box_links(base_url, context_for, path)
    first = {kind: target for kind, target, _ in reversed(links)}  # the first link of each kind
    address = BASE_URL.rstrip("/") + calendar
    served = base_url + calendar

    assert first["address"] == address, f"{path}: the address to copy"
    assert first["webcal"] == "webcal://" + address.removeprefix("https://"), f"{path}: webcal"
    google = first["google"]
    assert google.startswith(GOOGLE + "?") and query(google) == {"cid": first["webcal"]}, f"{path}: Google Calendar's link adds {query(google)}"
    outlook = first["outlook"]
    ics = icalendar.Calendar.from_ical(fetch(served))
    assert outlook.startswith(OUTLOOK_SUBSCRIBE + "?"), outlook
    assert query(outlook) == {"url": address, "name": str(ics["X-WR-CALNAME"])}, f"{path}: Outlook.com's link"
    assert first["file"] == served, f"{path}: the .ics link"
    assert str(ics["URL"]).startswith(BASE_URL + ("" if lang == LANGUAGES[0] else f"{lang}/")), "a calendar in the page's language"

    assert first["atom"] == base_url + atom
    for kind, target, _ in links:
        if kind in ("atom", "rss"):
            feed = feedparser.parse(fetch(target))
            assert not feed.bozo and feed.feed.get("title"), f"{path}: {target}"
            assert feed.version == ("atom10" if kind == "atom" else "rss20"), target


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_boxes_speak_the_page_language(base_url: str, context_for: Callable[[int], Any], lang: str) -> None:
    words = {kind: text for kind, _, text in box_links(base_url, context_for, localized(PAGES["city"], lang))}
    expected = {"en": "Apple Calendar, Thunderbird and other calendar apps", "de": "Apple Kalender, Thunderbird und andere Kalender-Apps",
                "ru": "Календарь Apple, Thunderbird и другие приложения-календари"}
    assert words["webcal"] == expected[lang]
