"""A split content file as plain JSON data, so a build can keep it in its memo (core/memo.py).

Parsing the front matter is most of what reading a file costs; a file whose bytes a build
has split before without a problem is taken from the memo instead (`load.py`), keyed by
its path and the SHA-256 of its bytes. The YAML's values are tagged with their type, so
that every value comes back as the parser gave it: a date stays a date, `1` stays an int
and `1.0` a float, and a key of any scalar type is kept. A value that does not decode to
exactly that shape is a miss, never an error.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from generator.core.errors import Location
from generator.source.frontmatter import Document, Path_

STEP = "split"
"""The memo's step: a split file, by its path and the digest (SHA-256) of its bytes."""
STATE_STEP = "file state"
"""The memo's step: a file's git blob id (`blob_id`), by its path and state (size, times,
inode), so that an unchanged file is not even read; another machine's states simply miss."""
BLOB_STEP = "file blob"
"""The memo's step: `[SHA-256, size]` of a file's bytes, by their git blob id. Every build that
reads a file fills it, so that `build --changed-since REF` (a fresh clone in CI, where every
state is new) takes a file git says is unchanged by the blob id git gives, unread."""


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (`git hash-object`): one SHA-1 over bytes already read."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()  # git's id; the split stays keyed by SHA-256


def blob_hit(value: object) -> tuple[str, int] | None:
    """The `[SHA-256, size]` a `BLOB_STEP` result holds; None for anything else (a miss)."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], int) and not isinstance(value[1], bool):
        return value[0], value[1]
    return None


def to_json(document: Document) -> list[object] | None:
    """The document as JSON data; None if it holds a value this format does not know."""
    try:
        data = _value(document.data)
    except TypeError:
        return None
    locations = [[list(path), where.line, where.column] for path, where in document.locations.items()]
    return [data, locations, document.body, document.body_line]


def from_json(value: object, path: str) -> Document:
    """The document `to_json` gave for the file at `path`; a ValueError if `value` is not one."""
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError("not a document")
    data, locations, body, body_line = value
    if not isinstance(locations, list) or not isinstance(body, str) or not isinstance(body_line, int):
        raise ValueError("not a document")
    try:
        decoded = _decoded(data)
    except TypeError as exc:  # a list or mapping as a key
        raise ValueError("not a document") from exc
    if not isinstance(decoded, dict):
        raise ValueError("not a document")
    found: dict[Path_, Location] = {}
    for item in locations:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], list) and isinstance(item[1], int)
                and isinstance(item[2], int) and all(isinstance(part, (str, int)) for part in item[0])):
            raise ValueError("not a location")
        found[tuple(item[0])] = Location(path, item[1], item[2])
    return Document(decoded, found, body, body_line)


def _value(value: Any) -> list[object]:
    if value is None:
        return ["n"]
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, float):
        return ["f", value]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, datetime):  # before date: a datetime is a date in Python
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    if isinstance(value, list):
        return ["l", [_value(item) for item in value]]
    if isinstance(value, dict):
        return ["m", [[_value(key), _value(item)] for key, item in value.items()]]
    raise TypeError(type(value).__name__)


def _decoded(value: object) -> Any:
    if not isinstance(value, list) or not value or not isinstance(value[0], str):
        raise ValueError("not a value")
    tag, rest = value[0], value[1:]
    if tag == "n" and not rest:
        return None
    if len(rest) != 1:
        raise ValueError("not a value")
    item = rest[0]
    if tag == "b" and isinstance(item, bool):
        return item
    if tag == "i" and isinstance(item, int) and not isinstance(item, bool):
        return item
    if tag == "f" and isinstance(item, float):
        return item
    if tag == "s" and isinstance(item, str):
        return item
    if tag == "t" and isinstance(item, str):
        return datetime.fromisoformat(item)
    if tag == "d" and isinstance(item, str):
        return date.fromisoformat(item)
    if tag == "l" and isinstance(item, list):
        return [_decoded(element) for element in item]
    if tag == "m" and isinstance(item, list):
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in item):
            raise ValueError("not a mapping")
        return {_decoded(key): _decoded(element) for key, element in item}
    raise ValueError("not a value")
