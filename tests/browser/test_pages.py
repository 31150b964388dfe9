"""One visit per page of the list, language and width (tests/browser/conftest.py, `visit`),
and what it must show: no axe-core violation of WCAG 2.0/2.1 A or AA in light and dark
colours; nothing loaded from another host; a clean console; the page's own language; no
sideways scrolling. The checks share the visits, so they live in one module: the suite deals
out whole modules (`--dist loadfile`), and these stay on one worker.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .browser_support import LANGUAGES, PAGES, WIDTHS, Visit, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_name", PAGES)
def test_axe_finds_no_wcag_violations(visit: Callable[[str, str, int], Visit], page_name: str, lang: str, width: int, scheme: str) -> None:
    seen = visit(page_name, lang, width)
    seen.require_page()
    violations = seen.violations[scheme]
    assert not violations, f"axe-core on {seen.url} at {width}px in {scheme} colours:\n{describe_violations(violations)}"


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
