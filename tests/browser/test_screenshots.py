"""Screenshots of the home, a city and an event page at both widths, for a person to look at.

They are written to test-screenshots/ (or $CHAPTERS_SCREENSHOTS); the run's summary says where.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .browser_support import PAGES, SCREENSHOTS, WIDTHS, screenshots_taken

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", ["home", "city", "event"])
def test_screenshot(base_url: str, context_for: Callable[[int], Any], page_name: str, width: int, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{page_name}-{width}-{scheme}.png"
    page = context_for(width).new_page()
    try:
        page.emulate_media(color_scheme=scheme)
        response = page.goto(base_url + PAGES[page_name])
        assert response is not None and response.status == 200
        page.screenshot(path=str(target), full_page=True)
    finally:
        page.close()
    screenshots_taken.append(target)
    assert target.stat().st_size > 1000
