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
from dataclasses import dataclass, field
from typing import Protocol

Entry = tuple[str, str]
"""A result's step and key."""


@dataclass(frozen=True)
class Taken:
    """What a forked worker did with the build's memo, for its parent: the results it put, and
    those it found (the parent keeps both when it prunes)."""

    new: dict[Entry, object] = field(default_factory=dict)
    used: frozenset[Entry] = frozenset()


class Memo(Protocol):
    def get(self, step: str, key: str) -> object | None:
        """What `put` gave for this step and key, in this build or an earlier one; None if nothing."""

    def put(self, step: str, key: str, value: object) -> None:
        """Keep `value` (plain JSON data: lists, dicts, strings, numbers, booleans, None) for later builds."""

    def keep(self, step: str, key: str) -> None:
        """Count the result of this step and key (if any) as used without reading it: it stays for later builds."""

    def prefetch(self, step: str) -> None:
        """A hint that most results of `step` will be asked for: a memo in a database may read them in one query."""

    def take_new(self) -> Taken:
        """In a forked worker: the results it put and found since the last call, for its parent (`merge`); nothing elsewhere."""

    def merge(self, found: Taken) -> None:
        """Keep the results a worker put, and count those it found as used (`take_new`)."""


class _NoMemo:
    def get(self, step: str, key: str) -> object | None:
        return None

    def put(self, step: str, key: str, value: object) -> None:
        pass

    def keep(self, step: str, key: str) -> None:
        pass

    def prefetch(self, step: str) -> None:
        pass

    def take_new(self) -> Taken:
        return Taken()

    def merge(self, found: Taken) -> None:
        pass


NO_MEMO: Memo = _NoMemo()
"""Remembers nothing: every step does its work."""


class MemoryMemo:
    """A memo in memory, for a process that builds again and again (`chapters serve`): each
    build starts from what the last one used (`successor`), so it does not grow with the edits."""

    def __init__(self, earlier: dict[tuple[str, str], object] | None = None) -> None:
        self._earlier = earlier or {}
        self._used: dict[tuple[str, str], object] = {}

    def get(self, step: str, key: str) -> object | None:
        found = self._used.get((step, key))
        if found is None:
            found = self._earlier.get((step, key))
            if found is not None:
                self._used[(step, key)] = found
        return found

    def put(self, step: str, key: str, value: object) -> None:
        self._used[(step, key)] = value

    def keep(self, step: str, key: str) -> None:
        self.get(step, key)  # in memory already: nothing to decode

    def prefetch(self, step: str) -> None:
        pass  # everything is in memory already

    def take_new(self) -> Taken:
        return Taken()  # serve makes its files in its own process

    def merge(self, found: Taken) -> None:
        self._used.update(found.new)

    def successor(self) -> MemoryMemo:
        """The memo for the next build: what this one asked for or made."""
        return MemoryMemo(dict(self._used))


def digest(*parts: str) -> str:
    """A key for a step's inputs: SHA-256 of the parts, each length-prefixed (no two lists of parts share a key)."""
    found = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        found.update(b"%d:" % len(data) + data)
    return found.hexdigest()
