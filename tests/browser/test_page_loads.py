"""Every page of the list loads from its own host only, with a clean console, in its own
language, and fits a phone's width without scrolling sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .browser_support import LANGUAGES, PAGES, WIDTHS, Visit

pytestmark = [pytest.mark.browser, pytest.mark.slow]



def each_page(test: Callable[..., None]) -> Callable[..., None]:
    """Parametrize `test` by page, language and width (ids like `city-de-390`)."""
    for mark in (pytest.mark.parametrize("page_name", PAGES), pytest.mark.parametrize("lang", LANGUAGES), pytest.mark.parametrize("width", WIDTHS)):
        test = mark(test)
    return test


@each_page
def test_requests_nothing_from_another_origin(visit: Callable[[str, str, int], Visit], page_name: str, lang: str, width: int) -> None:
    seen = visit(page_name, lang, width)
    seen.require_page()
    assert not seen.requests, f"{seen.url} requested other origins:\n" + "\n".join(seen.requests)


@each_page
def test_console_stays_clean(visit: Callable[[str, str, int], Visit], page_name: str, lang: str, width: int) -> None:
    seen = visit(page_name, lang, width)
    seen.require_page()
    assert not seen.console_errors, f"{seen.url} at {width}px:\n" + "\n".join(seen.console_errors)


@each_page
def test_page_is_in_its_language(visit: Callable[[str, str, int], Visit], page_name: str, lang: str, width: int) -> None:
    seen = visit(page_name, lang, width)
    seen.require_page()
    assert seen.lang == lang, f"{seen.url} has <html lang={seen.lang!r}>"


@each_page
def test_no_sideways_scrolling(visit: Callable[[str, str, int], Visit], page_name: str, lang: str, width: int) -> None:
    """WCAG 1.4.10 (reflow): the content fits the viewport's width; nothing sticks out."""
    seen = visit(page_name, lang, width)
    seen.require_page()
    assert seen.scroll_width <= seen.viewport_width, f"{seen.url} is {seen.scroll_width}px wide in a {seen.viewport_width}px viewport: {seen.overflowing}"
