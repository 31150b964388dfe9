"""Small text helpers every layer shares: slugs, "did you mean" hints, escaping for messages."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable

Gettext = Callable[[str], str]
"""A translation function for one language: `_("Events")` → `Veranstaltungen`."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


MAX_SLUG = 60
"""The longest slug `chapters new` makes from a title (cut at a word boundary)."""
# Letters that Unicode decomposition does not reduce to ASCII: German, Nordic, Polish, and Cyrillic (ru, uk, kk).
_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "'": "", "’": ""}
    | dict(zip("абвгдезийклмнопрстуфыэіґәғқңөұүһ", "abvgdeziyklmnoprstufyeigagqnouuh", strict=True))
    | {"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"}
)


def slugify(text: str, limit: int | None = MAX_SLUG) -> str:
    """`Café Anna Blume` → `cafe-anna-blume`, `Пикник` → `piknik`; empty if nothing Latin is left.

    The one way a name becomes a slug: `chapters new` makes file names with it (at most
    `limit` characters, cut at a word boundary), and error messages suggest a name with it
    (`limit=None`: a hint keeps the whole name)."""
    ascii_text = unicodedata.normalize("NFKD", text.lower().translate(_LETTERS)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if limit is not None and len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


def slugify_hint(text: str) -> str:
    """A slug an ambassador could use instead of `text`, for error hints: `slugify` without a length limit."""
    return slugify(text, limit=None)


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return ` (did you mean `x`?)` when a close match exists, else ``."""
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean `{matches[0]}`?)" if matches else ""


def printable(text: str) -> str:
    """`text` with every character a terminal or CI log would not show as itself (controls,
    line breaks, invisible characters, lone surrogates from undecodable file names) escaped
    as Python would write it, so one message stays one line and hides nothing."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
