"""A split content file as plain JSON data, so a build can keep it in its memo (core/memo.py).

Parsing the front matter is most of what reading a file costs; a file whose bytes a build
has split before without a problem is taken from the memo instead (`load.py`), keyed by
its path and the SHA-256 of its bytes. Every value comes back as the parser gave it: a
date stays a date, `1` stays an int and `1.0` a float, and a key of any scalar type is
kept. A value that does not decode to exactly that shape is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
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
    """The document as JSON data; None if it holds a value this format does not know.

    The front matter is kept as a JSON text of its own (`_value`: JSON's own types as they
    are, a date, a time or a mapping JSON cannot hold tagged), so that reading it back is one
    `json.loads` whose hook sees only the mappings (`_tagged`), not a walk over every value."""
    try:
        data = json.dumps(_value(document.data), ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    except TypeError:
        return None
    locations = [[list(path), where.line, where.column] for path, where in document.locations.items()]
    return [data, locations, document.body, document.body_line]


def from_json(value: object, path: str) -> Document:
    """The document `to_json` gave for the file at `path`; a ValueError if `value` is not one."""
    if not isinstance(value, list) or len(value) != 4:
        raise ValueError("not a document")
    data, locations, body, body_line = value
    if not isinstance(data, str) or not isinstance(locations, list) or not isinstance(body, str) or type(body_line) is not int:
        raise ValueError("not a document")
    try:
        decoded = json.loads(data, object_hook=_tagged)
        found: dict[Path_, Location] = {}
        for where, line, column in locations:
            if type(line) is not int or type(column) is not int or not isinstance(where, list):
                raise ValueError("not a location")
            found[tuple(where)] = Location(path, line, column)
    except (TypeError, ValueError) as exc:  # a list or mapping as a key, a location of another shape
        raise ValueError("not a document") from exc
    if not isinstance(decoded, dict):
        raise ValueError("not a document")
    return Document(decoded, found, body, body_line)


_TIME, _DAY, _MAPPING = "$t", "$d", "$m"
"""The tags of what JSON cannot hold as it is; a mapping with a key starting with `$` is a tagged `_MAPPING`."""


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):  # JSON keeps them apart: 1, 1.0, true, "1"
        return value
    if isinstance(value, datetime):  # before date: a datetime is a date in Python
        return {_TIME: value.isoformat()}
    if isinstance(value, date):
        return {_DAY: value.isoformat()}
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("$") for key in value):
            return {key: _value(item) for key, item in value.items()}
        return {_MAPPING: [[_value(key), _value(item)] for key, item in value.items()]}
    raise TypeError(type(value).__name__)


def _tagged(mapping: dict[str, Any]) -> Any:
    """`json.loads`'s hook: a tagged value back to what `_value` was given (inner mappings come first)."""
    if len(mapping) == 1:
        key, item = next(iter(mapping.items()))
        if key == _TIME and isinstance(item, str):
            return datetime.fromisoformat(item)
        if key == _DAY and isinstance(item, str):
            return date.fromisoformat(item)
        if key == _MAPPING and isinstance(item, list) and all(isinstance(pair, list) and len(pair) == 2 for pair in item):
            return dict(item)
    if any(key.startswith("$") for key in mapping):
        raise ValueError("not a value")
    return mapping
