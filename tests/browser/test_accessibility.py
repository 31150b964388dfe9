"""axe-core finds no WCAG 2.0/2.1 A or AA violation on one page of each kind, in every
language, at a phone's and a laptop's width, in light and dark colours."""

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
