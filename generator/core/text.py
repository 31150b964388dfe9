"""Small text helpers every layer shares: slugs, "did you mean" hints, escaping for messages."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

Gettext = Callable[[str], str]
"""A translation function for one language: `_("Events")` → `Veranstaltungen`."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


def slugify_hint(text: str) -> str:
    """A slug an ambassador could use instead of `text`, for error hints."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return ` (did you mean `x`?)` when a close match exists, else ``."""
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean `{matches[0]}`?)" if matches else ""


def printable(text: str) -> str:
    """`text` with every character a terminal or CI log would not show as itself (controls,
    line breaks, invisible characters, lone surrogates from undecodable file names) escaped
    as Python would write it, so one message stays one line and hides nothing."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
