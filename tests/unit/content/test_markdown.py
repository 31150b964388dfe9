"""The Markdown parser's reuse of work: parsed bodies across a preview's rebuilds, plain text across a build."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest

from generator.content.markdown import Markdown


def counting(markdown: Markdown, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = markdown._md.parse

    def parse(text: str, env: MutableMapping[str, Any] | None = None) -> object:
        parsed.append(text)
        return real(text, env)

    monkeypatch.setattr(markdown._md, "parse", parse)
    return parsed


def test_a_successor_parses_only_edited_bodies(monkeypatch: pytest.MonkeyPatch) -> None:
    first = Markdown()
    html = first.render("## Where to look\n\nAsk [us](/cities/berlin/).\n", lambda href: "." + href)
    first.tokens("A body that the next build no longer has.\n")

    second = first.successor()
    parsed = counting(second, monkeypatch)
    assert second.render("## Where to look\n\nAsk [us](/cities/berlin/).\n", lambda href: "." + href) == html
    second.tokens("An edited body.\n")
    assert parsed == ["An edited body.\n"]

    third = second.successor()
    parsed = counting(third, monkeypatch)
    third.tokens("A body that the next build no longer has.\n")  # dropped by `second`, which never asked for it
    third.tokens("An edited body.\n")
    assert parsed == ["A body that the next build no longer has.\n"]


def test_plain_text_is_made_once_per_body_and_language() -> None:
    markdown = Markdown()
    body = "Meet at [the lake](/cities/berlin/lakes/) or [in German](/de/handbook/).\n"
    languages = ("en", "de", "ru")
    english = markdown.plain_text(body, "https://example.org/", "en", languages)
    assert english == "Meet at the lake (https://example.org/cities/berlin/lakes/) or in German (https://example.org/de/handbook/)."
    assert markdown.plain_text(body, "https://example.org/", "en", languages) is english
    assert markdown.plain_text(body, "https://example.org/", "de", languages) == \
        "Meet at the lake (https://example.org/de/cities/berlin/lakes/) or in German (https://example.org/de/handbook/)."
    assert markdown.plain_text(body, "https://example.net/base/", "en", languages) == \
        "Meet at the lake (https://example.net/base/cities/berlin/lakes/) or in German (https://example.net/base/de/handbook/)."
