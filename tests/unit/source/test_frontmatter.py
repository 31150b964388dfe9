"""frontmatter.py: splitting files, YAML locations, values kept as typed, unsafe YAML refused."""

from __future__ import annotations

import textwrap
import time
from typing import Any

import pytest

from generator.core.errors import ErrorReport, Location
from generator.source.frontmatter import Document, normalise_text, parse_yaml, split

PATH = "content/handbook/page.md"


def messages(report: ErrorReport) -> list[str]:
    return [str(error) for error in report.sorted()]


def split_ok(text: str) -> Document:
    report = ErrorReport()
    document = split(textwrap.dedent(text).lstrip("\n"), PATH, report)
    assert not report, messages(report)
    assert document is not None
    return document


def parse_ok(text: str, first_line: int = 1) -> tuple[Any, dict[tuple[str | int, ...], Location]]:
    report = ErrorReport()
    parsed = parse_yaml(textwrap.dedent(text).lstrip("\n"), PATH, report, first_line=first_line)
    assert not report, messages(report)
    assert parsed is not None
    return parsed


def parse_errors(text: str) -> list[str]:
    """The errors for YAML that starts on file line 2 (as in front matter)."""
    report = ErrorReport()
    parse_yaml(textwrap.dedent(text).lstrip("\n"), PATH, report, first_line=2)
    return messages(report)


# split


def test_split_separates_front_matter_and_body() -> None:
    document = split_ok("""
        ---
        title: Hello
        ---
        Body text.
        """)
    assert document.data == {"title": "Hello"}
    assert document.body == "Body text.\n"


def test_split_body_line_is_the_line_after_the_closing_fence() -> None:
    document = split_ok("---\ntitle: Hello\norder: 2\n---\nFirst body line\n")
    assert document.body_line == 5


def test_split_locations_count_from_the_file_start() -> None:
    document = split_ok("---\ntitle: Hello\norder: 2\n---\n")
    assert document.locations[("title",)] == Location(PATH, 2, 1)
    assert document.locations[("order",)] == Location(PATH, 3, 1)


def test_split_missing_keys_are_located_at_the_opening_fence() -> None:
    document = split_ok("---\ntitle: Hello\n---\n")
    assert document.locations[()] == Location(PATH, 1, 1)


def test_split_accepts_yaml_document_end_marker() -> None:
    document = split_ok("---\ntitle: Hello\n...\nBody\n")
    assert document.data == {"title": "Hello"}
    assert document.body == "Body\n"


def test_split_empty_front_matter_is_an_empty_mapping() -> None:
    document = split_ok("---\n---\nBody\n")
    assert document.data == {}


def test_split_body_may_contain_a_horizontal_rule() -> None:
    document = split_ok("---\ntitle: Hello\n---\nAbove\n\n---\n\nBelow\n")
    assert document.body == "Above\n\n---\n\nBelow\n"


def test_split_without_opening_fence_is_an_error() -> None:
    report = ErrorReport()
    assert split("title: Hello\n", PATH, report) is None
    assert messages(report) == [f"{PATH}:1:1: error: missing front matter: the file must start with a line `---`"]


def test_split_without_closing_fence_is_an_error() -> None:
    report = ErrorReport()
    assert split("---\ntitle: Hello\n\nBody\n", PATH, report) is None
    assert messages(report) == [f"{PATH}:1:1: error: front matter is not closed: add a line `---` after the last field"]


def test_split_front_matter_that_is_a_list_is_an_error() -> None:
    report = ErrorReport()
    assert split("---\n- a\n- b\n---\n", PATH, report) is None
    assert messages(report) == [f"{PATH}:2:1: error: front matter must be `key: value` lines"]


def test_split_yaml_errors_are_located_in_file_lines() -> None:
    report = ErrorReport()
    assert split("---\ntitle: Hello\nsummary: a: b\n---\n", PATH, report) is None
    (error,) = report.sorted()
    assert (error.location.line, error.location.column) == (3, 11)
    assert error.message == 'invalid YAML: text with a colon followed by a space needs quotes around it: write `summary: "a: b"`'


# the common YAML mistakes (CONTRIBUTING.md): where, and what to write instead


@pytest.mark.parametrize(("text", "expected"), [
    ("title: Cooking class: beshbarmak\n",
     '2:21: error: invalid YAML: text with a colon followed by a space needs quotes around it: write `title: "Cooking class: beshbarmak"`'),
    ("title: Cooking class: beshbarmak  # a comment\n",
     '2:21: error: invalid YAML: text with a colon followed by a space needs quotes around it: write `title: "Cooking class: beshbarmak"`'),
    ('title: Say "hi": now\n',
     """2:16: error: invalid YAML: text with a colon followed by a space needs quotes around it: write `title: 'Say "hi": now'`"""),
    ("tags:\n  - a: b: c\n",
     '3:9: error: invalid YAML: text with a colon followed by a space needs quotes around it: write `- a: "b: c"`'),
    ("title: A\n  start: 2026-12-05\n",
     "3:3: error: invalid YAML: wrong indentation: indent `start` like `title` above it (0 spaces, not 2)"),
    ("venue:\n  name: X\n\n  # a comment\n   address: Y\n",
     "6:4: error: invalid YAML: wrong indentation: indent `address` like `name` above it (2 spaces, not 3)"),
    ("venue:\n    name: X\n  address: Y\n",
     "4:3: error: invalid YAML: wrong indentation: indent `address` like `name` above it (4 spaces, not 2)"),
    ("title: A\n\tstart: 2026-12-05\n", "3:1: error: invalid YAML: a tab cannot indent YAML or start a value; use spaces"),
    ('title: "Cooking class\nstart: 2026-12-05\n',
     '2:8: error: invalid YAML: this quote is not closed on its line: write `title: "Cooking class"`'),
    ("title: 'Cooking class\n", "2:8: error: invalid YAML: this quote is not closed on its line: write `title: 'Cooking class'`"),
    ('title: "Cooking class\nsummary: "Nice"\n',
     '2:8: error: invalid YAML: this quote is not closed on its line: write `title: "Cooking class"`'),
    ('title: "Cooking" class\n',
     """2:8: error: invalid YAML: text starting with a quote needs quotes around all of it: write `title: '"Cooking" class'`"""),
    ("title: 'It's nice'\n",
     """2:8: error: invalid YAML: text starting with a quote needs quotes around all of it: write `title: "It's nice"`"""),
    ("tags:\n  - games\n  -newcomers\n", "4:3: error: invalid YAML: a list item needs a space after `-`: write `- newcomers`"),
    ("title: A\ntags:\n-family\n", "4:1: error: invalid YAML: a list item needs a space after `-`: write `- family`"),
])
def test_common_mistakes_say_what_to_write(text: str, expected: str) -> None:
    assert parse_errors(text) == [f"{PATH}:{expected}"]


@pytest.mark.parametrize(("text", "expected"), [
    ("title: A\nfoo\n", "4:1: error: invalid YAML: could not find expected ':'"),
    ("title: A\ntags: - a\n", "3:7: error: invalid YAML: block sequence entries are not allowed in this context"),
])
def test_other_yaml_errors_keep_the_parsers_words(text: str, expected: str) -> None:
    assert parse_errors(text) == [f"{PATH}:{expected}"]


# normalise_text


def test_normalise_text_turns_crlf_and_cr_into_lf() -> None:
    assert normalise_text(b"---\r\ntitle: A\r---\r\n", PATH, ErrorReport()) == "---\ntitle: A\n---\n"


def test_normalise_text_drops_a_byte_order_mark() -> None:
    assert normalise_text("\ufeff---\n".encode(), PATH, ErrorReport()) == "---\n"


def test_normalise_text_reports_the_line_of_invalid_utf8() -> None:
    report = ErrorReport()
    assert normalise_text(b"---\ntitle: A\nsummary: caf\xe9\n", PATH, report) is None
    assert messages(report) == [f"{PATH}:3:1: error: file is not valid UTF-8 text; save it as UTF-8"]


def test_normalise_text_refuses_binary_files() -> None:
    report = ErrorReport()
    assert normalise_text(b"GIF89a\x00\x01\x00", PATH, report) is None
    assert "binary" in messages(report)[0]


# parse_yaml: locations


def test_parse_yaml_locates_each_key_at_its_line_and_column() -> None:
    _, where = parse_ok("""
        title: Picnic
        venue:
          name: Park
          address: Abay 1
        """)
    assert where[("title",)] == Location(PATH, 1, 1)
    assert where[("venue",)] == Location(PATH, 2, 1)
    assert where[("venue", "name")] == Location(PATH, 3, 3)
    assert where[("venue", "address")] == Location(PATH, 4, 3)


def test_parse_yaml_locates_block_list_items_at_the_item() -> None:
    _, where = parse_ok("""
        hosts:
          - aigerim
          - jonas
        """)
    assert where[("hosts", 0)] == Location(PATH, 2, 5)
    assert where[("hosts", 1)] == Location(PATH, 3, 5)


def test_parse_yaml_locates_flow_list_items_at_the_item() -> None:
    _, where = parse_ok("tags: [picnic, outdoors]\n")
    assert where[("tags", 0)] == Location(PATH, 1, 8)
    assert where[("tags", 1)] == Location(PATH, 1, 16)


def test_parse_yaml_first_line_shifts_every_location() -> None:
    _, where = parse_ok("title: A\norder: 1\n", first_line=2)
    assert where[("title",)].line == 2
    assert where[("order",)].line == 3


# parse_yaml: scalars stay as typed


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("wheelchair: yes", "yes"),
        ("wheelchair: no", "no"),
        ("answer: on", "on"),
        ("answer: off", "off"),
        ("draft: true", "true"),
        ("country: NO", "NO"),
        ("order: 010", "010"),
        ("amount: 1_000", "1_000"),
        ("version: 1.10", "1.10"),
        ("start: 2026-12-05", "2026-12-05"),
        ("start: 2026-12-05 19:00", "2026-12-05 19:00"),
        ("time: 19:00", "19:00"),
        ("word: null", None),
        ("word: ~", None),
        ("word:", None),
        ('word: "null"', "null"),
        ("word: 'yes'", "yes"),
    ],
)
def test_parse_yaml_keeps_scalars_as_the_text_typed(yaml_text: str, expected: str | None) -> None:
    data, _ = parse_ok(yaml_text + "\n")
    assert list(data.values()) == [expected]


def test_parse_yaml_country_no_stays_the_text_no() -> None:
    data, _ = parse_ok("country: NO\n")
    assert data == {"country": "NO"}


def test_parse_yaml_keys_are_text_too() -> None:
    data, _ = parse_ok("yes: 1\n2026: x\n")
    assert data == {"yes": "1", "2026": "x"}


def test_parse_yaml_empty_document_is_none() -> None:
    data, where = parse_ok("# only a comment\n")
    assert data is None
    assert where[()] == Location(PATH, 1, 1)


# parse_yaml: refused input


def test_parse_yaml_refuses_duplicate_keys_naming_the_first_line() -> None:
    assert parse_errors("title: A\norder: 1\ntitle: B\n") == [f"{PATH}:4:1: error: duplicate key `title` (first given on line 2)"]


def test_parse_yaml_refuses_python_tags_without_running_them() -> None:
    errors = parse_errors('title: !!python/object/apply:os.system ["echo owned"]\n')
    assert errors == [f"{PATH}:2:8: error: YAML tag `!!python/object/apply:os.system` is not allowed in content"]


@pytest.mark.parametrize(
    "yaml_text",
    [
        "title: !!python/name:os.system\n",
        "title: !custom text\n",
        "venue: !!python/object:generator.content.schema.Venue {name: x}\n",
        "amount: !!binary aGVsbG8=\n",
        "tags: !!set {a, b}\n",
    ],
)
def test_parse_yaml_refuses_other_tags(yaml_text: str) -> None:
    (error,) = parse_errors(yaml_text)
    assert "is not allowed in content" in error


def test_parse_yaml_refuses_merge_keys() -> None:
    errors = parse_errors("base: &base {name: x}\nvenue:\n  <<: *base\n")
    assert errors == [f"{PATH}:4:3: error: YAML merge keys (`<<`) are not supported; write the fields out"]


def test_parse_yaml_refuses_a_list_as_a_key() -> None:
    errors = parse_errors("? [a, b]\n: value\n")
    assert errors == [f"{PATH}:2:3: error: a key must be a plain word, not a list or mapping"]


def test_parse_yaml_refuses_an_alias_bomb_quickly() -> None:
    bomb = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
    started = time.perf_counter()

    errors = parse_errors(bomb)

    assert time.perf_counter() - started < 2
    assert len(errors) == 1
    assert "front matter is too large" in errors[0]


def test_parse_yaml_refuses_deep_nesting() -> None:
    errors = parse_errors("a: " + "[" * 40 + "]" * 40 + "\n")
    assert len(errors) == 1
    assert "nested too deeply" in errors[0]


def test_parse_yaml_allows_a_few_aliases() -> None:
    data, _ = parse_ok("langs: &langs [en, de]\nmore: *langs\n")
    assert data == {"langs": ["en", "de"], "more": ["en", "de"]}
