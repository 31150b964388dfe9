"""Following the language switcher's links leads to the same page in the other language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from .browser_support import LANGUAGES, PAGES, localized

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOUR = ["de", "ru", "en", "ru", "de", "en"]
"""Starting in English, every ordered pair of languages once: en→de→ru→en→ru→de→en."""
assert sorted(LANGUAGES) == sorted(set(TOUR))


@pytest.mark.parametrize("page_name", ["home", "city", "guide", "city-events", "event", "handbook-chapter"])
def test_switcher_leads_to_the_same_page(base_url: str, context_for: Callable[[int], Any], page_name: str) -> None:
    path = PAGES[page_name]
    page = context_for(1280).new_page()
    try:
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
        current = LANGUAGES[0]
        for target in TOUR:
            switcher = page.locator("nav.languages")
            assert switcher.locator("[aria-current='page']").get_attribute("lang") == current, f"{page.url}: the switcher does not mark {current} as the current language"
            assert switcher.locator("a").count() == len(LANGUAGES) - 1, f"{page.url}: the switcher should link to the {len(LANGUAGES) - 1} other languages"
            link = switcher.locator(f"a[hreflang='{target}']")
            assert link.count() == 1, f"{page.url}: no link to {target} in the language switcher"
            with page.expect_navigation():
                link.click()
            assert urlsplit(page.url).path == localized(path, target), f"the {target} link of {localized(path, current)} led to {page.url}"
            assert page.evaluate("document.documentElement.lang") == target
            current = target
    finally:
        page.close()
