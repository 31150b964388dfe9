"""Results of build steps kept between builds, by step and a digest of exactly what the step read.

A step asks `memo.get(step, key)` before doing its work and gives the result with
`memo.put(step, key, value)` after it. The key is a digest of the step's inputs (`digest`),
never of a path, time or inode, so a memo copied to another machine stays valid; values
are plain JSON data, checked by the step that reads them (a damaged or foreign value is a
miss, never an error). The memo of `chapters build` lives in `.chapters-cache/`
(`publish/store.py`); without one (`NO_MEMO`) every step just does its work.
"""

from __future__ import annotations

import hashlib
from typing import Protocol


class Memo(Protocol):
    def get(self, step: str, key: str) -> object | None:
        """What `put` gave for this step and key, in this build or an earlier one; None if nothing."""

    def put(self, step: str, key: str, value: object) -> None:
        """Keep `value` (plain JSON data: lists, dicts, strings, numbers, booleans, None) for later builds."""


class _NoMemo:
    def get(self, step: str, key: str) -> object | None:
        return None

    def put(self, step: str, key: str, value: object) -> None:
        pass


NO_MEMO: Memo = _NoMemo()
"""Remembers nothing: every step does its work."""


def digest(*parts: str) -> str:
    """A key for a step's inputs: SHA-256 of the parts, each length-prefixed (no two lists of parts share a key)."""
    found = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        found.update(b"%d:" % len(data) + data)
    return found.hexdigest()
