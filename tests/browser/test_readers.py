"""What a reader sees first (issue 16), in Chromium at a phone's and a laptop's width, in every
language: the header on two lines at most, a city's next events and every chapter on the first
screen, /events/ and a city's events list with their narrowing index on the first screen, a city's tag page, a cancelled title struck through
alone, directions links, readable map labels on a phone, the search results in the site's look
and words; no axe-core violation on any of these pages. Screenshots of each are written to
test-screenshots/ (`readers-<page>-<lang>-<width>.png`) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .browser_support import LANGUAGES, SCREENSHOTS, WIDTHS, describe_violations, localized, run_axe, screenshots_taken

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CITY = "/cities/berlin/"
CANCELLED = "/cities/berlin/events/2026-12-06-christmas-market-walk/"
CITY_TAG = "/cities/berlin/tags/newcomers/"
WORDS = {"en": "Auezov", "de": "Auezov", "ru": "Ауэзов"}
"""A district named only in the Almaty housing guide (tests/browser/test_search.py)."""
PLACEHOLDER = {"en": "Search the chapters, guides and handbook", "de": "Ortsgruppen, Ratgeber und Handbuch durchsuchen",
               "ru": "Поиск по сообществам, путеводителям и справочнику"}
PHONE = 390
MIN_LABEL_PX = 12

HEADER_ROWS_JS = """() => {
  const shown = [...document.querySelectorAll('.site-header .brand, .site-header .nav li, .site-header .languages li')]
    .map(element => element.getBoundingClientRect()).filter(rect => rect.width > 0);
  const tops = [];
  for (const rect of shown) if (!tops.some(top => Math.abs(top - rect.top) < rect.height / 2)) tops.push(rect.top);
  return tops.length;
}"""
TOP_JS = "selector => document.querySelector(selector).getBoundingClientRect().top + window.scrollY"
STYLE_JS = "([selector, property]) => getComputedStyle(document.querySelector(selector))[property]"


def opened(page: Any, url: str) -> None:
    """Load `url` in `page` (until `load`); it must answer 200."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"


def look(page: Any, url: str, name: str, lang: str, width: int, schemes: tuple[str, ...] = ("light",)) -> list[str]:
    """Once `page` (loaded with `url`) is quiet, save its screenshot, and return axe-core's findings in each colour scheme, described."""
    page.wait_for_load_state("networkidle")
    return screenshot_and_axe(page, url, name, lang, width, schemes)


def screenshot_and_axe(page: Any, url: str, name: str, lang: str, width: int, schemes: tuple[str, ...] = ("light",)) -> list[str]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"readers-{name}-{lang}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    screenshots_taken.append(target)
    found = []
    for scheme in schemes:
        page.emulate_media(color_scheme=scheme)
        violations = run_axe(page, scheme)
        if violations:
            found.append(f"axe-core on {url} at {width}px in {scheme} colours:\n{describe_violations(violations)}")
    page.emulate_media(color_scheme="light")
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_a_reader_sees_first(base_url: str, context_for: Callable[[int], Any], lang: str, width: int) -> None:
    screen = WIDTHS[width]
    context = context_for(width)
    paths = {"city": CITY, "home": "/", "events": "/events/", "city-events": "/cities/berlin/events/", "cancelled": CANCELLED, "search": "/search/"}
    urls = {name: base_url + localized(path, lang) for name, path in paths.items()}
    tabs: dict[str, Any] = {}
    problems: list[str] = []
    try:
        # Each page in a tab of its own, all loaded first: one waits for its network to go quiet while the next ones load.
        for name, url in urls.items():
            tabs[name] = context.new_page()
            opened(tabs[name], url)

        # A city: the next events on the first screen, before the introduction; the header on two lines at most.
        page, url = tabs["city"], urls["city"]
        problems += look(page, url, "city", lang, width)
        assert page.evaluate(HEADER_ROWS_JS) <= 2, f"{url}: the header takes more than two lines at {width}px"
        upcoming, prose = page.evaluate(TOP_JS, "#upcoming"), page.evaluate(TOP_JS, ".prose")
        assert upcoming < prose and upcoming < screen * 0.6, f"{url}: the next events start at y={upcoming}, the screen is {screen}px high"
        assert page.locator(".next-list li").count() == 3

        # Home: every chapter on the first screen, before the network's events; map labels readable on a phone.
        page, url = tabs["home"], urls["home"]
        problems += look(page, url, "home", lang, width)
        picker, events = page.evaluate(TOP_JS, ".picker"), page.evaluate(TOP_JS, "ol.events")
        assert picker < events and page.evaluate(TOP_JS, ".picker li:last-child") < screen, f"{url}: the chapters are not on the first screen"
        labels = page.locator(".map-point text").evaluate_all("texts => texts.filter(t => getComputedStyle(t).display !== 'none').map(t => t.getBoundingClientRect().height)")
        assert len(labels) == page.locator(".map-point").count() and min(labels) >= MIN_LABEL_PX, f"{url}: map labels {labels} px high"

        # /events/: the narrowing index on the first screen, in light and dark colours (no other test visits this page).
        page, url = tabs["events"], urls["events"]
        problems += look(page, url, "events", lang, width, ("light", "dark"))
        assert page.evaluate(TOP_JS, ".narrow") < screen * 0.6
        assert page.locator(".narrow a").count() >= 7 + 2  # every city with events, and tags

        # A city's events narrowed to one tag: reached from the top of its events list.
        page, url = tabs["city-events"], urls["city-events"]
        assert page.evaluate(TOP_JS, ".narrow") < screen * 0.6, f"{url}: the tags are not on the first screen"
        page.locator(".narrow a[href*='tags/newcomers/']").click()
        page.wait_for_load_state("networkidle")
        assert page.url == base_url + localized(CITY_TAG, lang)
        problems += screenshot_and_axe(page, page.url, "city-tag", lang, width)
        assert page.locator("section[aria-labelledby=upcoming] .event-title a").count() > 0

        # A cancelled event: its title struck through, not the badge or the rest of the line; directions.
        page, url = tabs["cancelled"], urls["cancelled"]
        problems += look(page, url, "cancelled", lang, width)
        assert page.evaluate(STYLE_JS, [".event h1", "textDecorationLine"]) == "none"
        assert page.evaluate(STYLE_JS, [".event h1 .title-text", "textDecorationLine"]) == "line-through"
        title_end = page.evaluate("() => [...document.querySelector('.event h1 .title-text').getClientRects()].at(-1).right")
        assert title_end <= page.evaluate("() => document.querySelector('.event h1 .badge').getBoundingClientRect().left")  # the strike ends at the title
        assert page.locator("[data-add]").count() == 0 and page.locator("a[data-directions]").count() == 2

        # Search: our words, our font and colours.
        page, url = tabs["search"], urls["search"]
        box = page.locator(".pagefind-ui__search-input")
        box.wait_for(state="visible", timeout=15_000)
        assert box.get_attribute("placeholder") == PLACEHOLDER[lang]
        box.fill(WORDS[lang])
        page.locator(".pagefind-ui__result-link").first.wait_for(state="visible", timeout=15_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(STYLE_JS, [".pagefind-ui__result-link", "color"]) == page.evaluate(STYLE_JS, ["main a.more", "color"])
        assert page.evaluate(STYLE_JS, [".pagefind-ui__result-title", "fontFamily"]) == page.evaluate(STYLE_JS, ["body", "fontFamily"])
        problems += screenshot_and_axe(page, url, "search", lang, width)
    finally:
        for tab in tabs.values():
            tab.close()
    assert not problems, "\n".join(problems)
