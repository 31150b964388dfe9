"""Everyday help (issue 18) in Chromium, at a phone's and a laptop's width, in every language:
a city's directory, one of its entries, an interest group's page and /groups/ load without
anything from another host, fit the screen without sideways scrolling, and have no axe-core
violation in light or dark colours; the search finds a directory entry by a word of its text
in each language. Screenshots go to test-screenshots/ (`directory-<page>-<lang>-<width>.png`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .browser_support import LANGUAGES, SCREENSHOTS, WIDTHS, describe_violations, localized, run_axe, screenshots_taken, search_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "directory": "/cities/almaty/directory/",
    "entry": "/cities/almaty/directory/slovo-russian-studio/",
    "group": "/cities/almaty/groups/tandem-almaty/",
    "groups": "/groups/",
}
"""The demo site's pages of the new kinds, by name: their addresses in the default language."""
ENTRY = PAGES["entry"]
WORDS = {"en": "survival", "de": "Überlebensrussisch", "ru": "выживания"}
"""A word only the Slovo studio's text has, as each language's version writes it."""


def other_origins(requests: list[str], base_url: str) -> list[str]:
    return [url for url in requests if not url.startswith((base_url + "/", "data:", "blob:"))]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_directory_entry_group_and_groups_pages_fit_and_pass_axe(base_url: str, context_for: Callable[[int], Any], lang: str, width: int) -> None:
    context = context_for(width)
    urls = {name: base_url + localized(path, lang) for name, path in PAGES.items()}
    tabs: dict[str, Any] = {}
    requests: list[str] = []
    errors: list[str] = []
    problems: list[str] = []
    try:
        # Each page in a tab of its own, all loaded first: one waits for its network to go quiet while the next ones load.
        for name, url in urls.items():
            page = tabs[name] = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
        for name, page in tabs.items():
            url = urls[name]
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.lang") == lang
            wide, box = page.evaluate("document.documentElement.scrollWidth"), page.evaluate("document.documentElement.clientWidth")
            assert wide <= box, f"{url} scrolls sideways at {width}px ({wide} > {box})"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            target = SCREENSHOTS / f"directory-{name}-{lang}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            screenshots_taken.append(target)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                violations = run_axe(page, scheme)
                if violations:
                    problems.append(f"axe-core on {url} at {width}px in {scheme} colours:\n{describe_violations(violations)}")
            page.emulate_media(color_scheme="light")
            if name == "directory":  # the category index leads to its category
                first = page.locator(".category-index a").first
                anchor = first.get_attribute("href")
                first.click()
                assert page.url.endswith(anchor or "?"), page.url
                assert page.locator(f"{anchor} ~ .places .place").count() >= 1
            if name == "entry":
                assert page.locator("[data-directions=osm]").count() == 1 and page.locator("[data-website]").count() == 1
                assert page.locator("script[type='application/ld+json']").count() == 1
            if name == "group":
                assert page.locator("[data-contact]").count() == 1 and page.locator("aside.subscribe [data-subscribe=file]").count() == 1
            if name == "groups":
                assert page.locator("section.theme").count() >= 2
    finally:
        for page in tabs.values():
            page.close()
    assert not other_origins(requests, base_url), f"requests to other hosts: {other_origins(requests, base_url)}"
    assert not errors, errors
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_a_directory_entry(base_url: str, context_for: Callable[[int], Any], lang: str) -> None:
    page = context_for(1280).new_page()
    try:
        url = base_url + localized("/search/", lang)
        response = page.goto(url)
        assert response is not None and response.status == 200
        found = search_for(page, WORDS[lang])
        assert localized(ENTRY, lang) in found, f"searching {WORDS[lang]!r} on {url} found {found}"
        titles = page.locator(".pagefind-ui__result-title").all_inner_texts()
        assert titles[found.index(localized(ENTRY, lang))].startswith("Slovo Russian Studio"), titles
        assert all(path.startswith(f"/{lang}/") for path in found) if lang != LANGUAGES[0] else not any(
            path.startswith(("/de/", "/ru/")) for path in found), f"searching on {url} found pages of another language: {found}"
    finally:
        page.close()
