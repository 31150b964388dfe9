"""core/text.py: slugs, "did you mean" hints and escaping for one-line messages."""

from __future__ import annotations

import pytest

from generator.core import text

# slugs


@pytest.mark.parametrize("word", ["almaty", "buenos-aires", "new-york-2", "a", "2026"])
def test_is_slug_accepts_lowercase_words_joined_by_single_hyphens(word: str) -> None:
    assert text.is_slug(word)


@pytest.mark.parametrize(
    "word",
    ["Almaty", "garden_party", "Garden Party", "new--york", "-almaty", "almaty-", "", "almaty.de", "café", "almaty\n", "ａ"],
)
def test_is_slug_refuses_everything_else(word: str) -> None:
    assert not text.is_slug(word)


@pytest.mark.parametrize(
    ("written", "hint"),
    [("Garden Party", "garden-party"), ("garden_party", "garden-party"), ("New-York", "new-york"), ("  Hi!! ", "hi"),
     ("!!!", ""), ("Café Berlin", "cafe-berlin"), ("Пикник в парке", "piknik-v-parke"), ("a--b", "a-b")],
)
def test_slugify_hint(written: str, hint: str) -> None:
    assert text.slugify_hint(written) == hint


@pytest.mark.parametrize("written", ["Garden Party", "x_Y_z", "  Hi!! ", "2026 Picnic"])
def test_a_non_empty_hint_is_a_slug(written: str) -> None:
    assert text.is_slug(text.slugify_hint(written))


# suggest


def test_suggest_names_a_close_match() -> None:
    assert text.suggest("strat", ["title", "start", "end"]) == " (did you mean `start`?)"


def test_suggest_names_only_the_closest_match() -> None:
    assert text.suggest("almati", ("almaty", "almada", "berlin")) == " (did you mean `almaty`?)"


def test_suggest_is_silent_without_a_close_match() -> None:
    assert text.suggest("colour", ["title", "start", "end"]) == ""
    assert text.suggest("start", []) == ""


# printable


@pytest.mark.parametrize("shown", ["plain.md", "Алматы/índex.md", "日本語 text", "tab-free ~!@#$%^&*()"])
def test_printable_keeps_what_a_terminal_shows_as_itself(shown: str) -> None:
    assert text.printable(shown) == shown


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a\nb", "a\\nb"),
        ("a\tb", "a\\tb"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("rtl\u202eevil", "rtl\\u202eevil"),
        ("line\u2028sep", "line\\u2028sep"),
        ("bad\udcffname", "bad\\udcffname"),
    ],
)
def test_printable_escapes_controls_invisibles_and_surrogates(raw: str, escaped: str) -> None:
    assert text.printable(raw) == escaped


def test_printable_output_is_one_printable_line() -> None:
    every_control = "".join(chr(code) for code in range(0x20)) + "\x7f\x85\u2029"
    shown = text.printable(every_control)
    assert shown.isprintable()
    assert "\n" not in shown and "\r" not in shown
