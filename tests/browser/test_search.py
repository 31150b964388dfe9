"""The search page finds a guide by a word of its text, in every language (Pagefind's UI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .browser_support import LANGUAGES, PAGES, describe_violations, localized, run_axe, search_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GUIDE = PAGES["guide"]
WORDS = {"en": "Auezov", "de": "Auezov", "ru": "Ауэзов"}
"""A district named only in the Almaty housing guide, as each language's version spells it."""


def language_of(path: str) -> str:
    """The language of a page of the site, by its address ("/de/…" is German; no prefix, the default)."""
    first = path.split("/")[1] if path.count("/") > 1 else ""
    return first if first in LANGUAGES[1:] else LANGUAGES[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_a_guide(base_url: str, context_for: Callable[[int], Any], lang: str) -> None:
    page = context_for(1280).new_page()
    foreign: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((base_url + "/", "data:", "blob:")) else foreign.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        url = base_url + localized(PAGES["search"], lang)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url} answered {response and response.status}: there is no search page (yet)"
        found = search_for(page, WORDS[lang])
        assert localized(GUIDE, lang) in found, f"searching {WORDS[lang]!r} on {url} found {found}, not {localized(GUIDE, lang)}"
        others = [path for path in found if language_of(path) != lang]
        assert not others, f"searching on {url} found pages of another language: {others}"
        assert not foreign, f"searching on {url} requested other origins: {foreign}"
        assert not errors, f"searching on {url}: {errors}"
        violations = run_axe(page)
        assert not violations, f"axe-core on {url} showing results:\n{describe_violations(violations)}"
    finally:
        page.close()
