"""What the memo keeps of made files comes back as it was; anything else is a miss."""

from __future__ import annotations

import pytest

from generator.core.keep import file_key, from_kept_files, kept_files


def test_kept_files_come_back_as_paths_and_keys() -> None:
    files = [("cities/a/events.ics", b"BEGIN:VCALENDAR"), ("cities/a/feed.xml", b"<feed/>")]
    assert from_kept_files(kept_files(files)) == [(path, file_key(data)) for path, data in files]
    assert from_kept_files([]) == []


@pytest.mark.parametrize("value", [None, "x", {"a": "b"}, [["a"]], [["a", "b", "c"]], [["a", 1]], [[1, "b"]], [("a", "b")], [["a", "b"], "c"]])
def test_anything_else_is_not_kept_files(value: object) -> None:
    assert from_kept_files(value) is None
