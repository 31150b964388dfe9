"""A split file as JSON (source/kept.py): every value comes back as the YAML parser gave it."""

from __future__ import annotations

import json
from datetime import UTC, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.errors import ErrorReport, Location
from generator.source.frontmatter import Document, split
from generator.source.kept import from_json, to_json

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(),
    st.dates(), st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))])),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(SCALARS, inner, max_size=4), max_leaves=20)


def round_trip(document: Document) -> Document:
    value = to_json(document)
    assert value is not None
    return from_json(json.loads(json.dumps(value)), "content/x.md")


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same type at every level (1 is not 1.0, nor True)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(same(x, y) for x, y in zip(a, b, strict=True)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@given(st.dictionaries(SCALARS, VALUES, max_size=6), st.text(), st.integers(1, 1000))
def test_any_front_matter_comes_back_with_its_types(data: dict[Any, Any], body: str, line: int) -> None:
    document = Document(data, {(): Location("content/x.md", 1), ("a", 0): Location("content/x.md", 3, 5)}, body, line)
    back = round_trip(document)
    assert same(back.data, data)
    assert (back.locations, back.body, back.body_line) == (document.locations, body, line)


def test_a_real_file_comes_back_as_split() -> None:
    text = "---\ntitle: Stammtisch\nstart: 2026-12-03 19:00\nday: 2026-12-03\ncost: {amount: 5, currency: EUR}\nprice: 1.0\ntags: [food, 2026]\ndraft: no\n---\nBody\n"
    document = split(text, "content/x.md", ErrorReport())
    assert document is not None
    back = round_trip(document)
    assert same(back.data, document.data) and back.locations == document.locations
    assert back.data["tags"] == ["food", "2026"] and back.data["cost"] == {"amount": "5", "currency": "EUR"}  # scalars stay text (frontmatter.py)


@pytest.mark.parametrize("value", [
    None, [], ["n"], [{"s": 1}, [], "", 1], [["x", 1], [], "", 1], [["m", [[["l", []], ["n"]]]], [], "", 1],
    [["m", []], [[["a"], "1", 1]], "", 1], [["m", []], [], "", "1"], [["m", [["s", "a"]]], [], "", 1],
    ['{"$x": 1}', [], "", 1], ['{"$m": [[[1], 2]]}', [], "", 1], ['{"a": {"$d": 3}, "$t": 1}', [], "", 1], ["[1]", [], "", 1], ["{", [], "", 1],
    ["{}", [[["a"], "1", 1]], "", 1], ["{}", [[["a"], 1]], "", 1], ["{}", [[[["a"]], 1, 1]], "", 1], ['{"$d": "2026-13-01"}', [], "", 1],
])
def test_anything_else_is_a_miss(value: object) -> None:
    with pytest.raises(ValueError):
        from_json(value, "content/x.md")


def test_a_value_json_cannot_hold_is_not_kept() -> None:
    assert to_json(Document({"a": object()}, {}, "", 1)) is None
