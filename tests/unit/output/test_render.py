"""The renderer gives each page its own language's translations: nothing is swapped between renders."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, NOW_INSTANT

from generator.content.markdown import Markdown
from generator.core.options import Options
from generator.pipeline import check, outputs
from generator.plan.pages import Page

SMALL = FIXTURES / "sites" / "small"
SKIP = {"en": b"Skip to content", "de": b"Zum Inhalt springen"}


def page(pages: list[Page], lang: str) -> Page:
    return next(page for page in pages if page.lang == lang and page.neutral == "/cities/berlin/paperwork/" and page.body is not None)


def test_a_german_and_an_english_page_rendered_at_once_each_keep_their_language(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check(SMALL, Options(now=NOW_INSTANT))
    made = outputs(Path(SMALL), checked)
    german, english = page(checked.pages, "de"), page(checked.pages, "en")
    # Both threads meet in the middle of every render, after a page's language would have
    # been chosen and before its template runs: a renderer that switched translations per
    # page would give one of the two pages the other's language every time.
    meet = threading.Barrier(2, timeout=10)
    real = Markdown.render

    def render(self: Markdown, *args: Any, **kwargs: Any) -> str:
        meet.wait()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Markdown, "render", render)
    found: dict[str, list[bytes]] = {"de": [], "en": []}

    def alternate(pages: list[Page]) -> None:
        for one in pages * 5:
            found[one.lang].append(made.renderer.render(one))

    threads = [threading.Thread(target=alternate, args=([german, english],)), threading.Thread(target=alternate, args=([english, german],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [len(found["de"]), len(found["en"])] == [10, 10]
    for lang, other in (("de", "en"), ("en", "de")):
        for html in found[lang]:
            assert SKIP[lang] in html and SKIP[other] not in html
            assert f'<html lang="{lang}"'.encode() in html


def test_each_language_has_its_own_environment_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check(SMALL, Options(now=NOW_INSTANT))
    renderer = outputs(Path(SMALL), checked).renderer
    environments = dict(renderer.templates.environments)
    assert sorted(environments) == ["de", "en", "ru"]
    assert environments["de"].from_string('{{ _("Skip to content") }}').render() == "Zum Inhalt springen"
    assert environments["en"].from_string('{{ _("Skip to content") }}').render() == "Skip to content"
    for one in checked.pages[:20]:
        renderer.render(one)
    assert dict(renderer.templates.environments) == environments  # rendering made no new ones and replaced none
