"""Slugs name folders, files and addresses: only `[a-z0-9-]` ever gets through, and the hint
shown in an error is itself a slug (or nothing)."""

from __future__ import annotations

import re
import string

from hypothesis import example, given
from hypothesis import strategies as st

from generator.core.text import is_slug, slugify_hint

from .strategies import any_text

SLUG_CHARS = set(string.ascii_lowercase + string.digits + "-")
# Characters that look like, fold to, or sort near slug characters.
TRICKY = "aZz09-_. \t\n\r\x00/\\éİıſK٣０Ａａ﹣‐–—\u200b\u00a0"
near_slugs = st.text(st.sampled_from(sorted(SLUG_CHARS) + list(TRICKY)), max_size=30)
texts = any_text | near_slugs


def reference_is_slug(text: str) -> bool:
    """Lowercase ASCII letters and digits in words joined by single hyphens."""
    return bool(text) and set(text) <= SLUG_CHARS and all(text.split("-"))


@given(texts)
@example("almaty\n")  # `$` in a regex matches before a final line break
@example("ſ")  # folds to `s` under IGNORECASE
@example("K")  # KELVIN SIGN, lowercases to `k`
@example("١٢٣")  # Arabic-Indic digits: `\d` would take them
def test_is_slug_accepts_exactly_lowercase_words_joined_by_hyphens(text: str) -> None:
    assert is_slug(text) == reference_is_slug(text)
    if is_slug(text):
        assert re.fullmatch(r"[a-z0-9-]+", text, flags=re.ASCII)


@given(texts)
@example("İstanbul")  # lowercases to `i̇stanbul`, with a combining dot
@example("Zürich -- Altstadt")
@example("---")
def test_slugify_hint_is_a_slug_or_empty(text: str) -> None:
    hint = slugify_hint(text)
    assert hint == "" or is_slug(hint), hint


@given(texts)
def test_a_slug_is_its_own_hint(text: str) -> None:
    if is_slug(text):
        assert slugify_hint(text) == text
