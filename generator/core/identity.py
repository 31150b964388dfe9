"""What the last build of this process made, found again only by the identity of what it was made from.

`chapters serve` keeps an unchanged file's document as it was read (`source.load.SiteSource`,
given back as `earlier`), so whatever was made from unchanged documents alone can be taken
as it was instead of being made again:

    step: the schema     (content/assemble.py `_facts`)   a document's front matter, validated into the model's facts
    step "city"          (content/assemble.py)            a city assembled with its events, from its files (`SiteSource.by_city`), while the clock allows
    step "described"     (pipeline.py `keys_of`)           a city's description for its key, from the city, its events and the history
    step "warnings"      (content/warnings.py)            a city's warnings, while the date is the same
    step "city files"    (pipeline.py `_targets`)          a city's calendars and feeds, for the link check, from the city and its events
    step "written"       (pipeline.py `_targets`)          the addresses of a city's content files, for the link check, from its files

An entry is found by the identities of the objects it was made from, never by their content:
it holds those objects, so no other object can take their identity, and an object made again
(a file read again, a city assembled again) misses. Only what was made without a problem is put.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

Key = tuple[Hashable, tuple[int, ...]]
"""A step, and the identities of the objects its value was made from."""
Entry = tuple[tuple[object, ...], object, tuple[Key, ...]]
"""The objects a value was made from, the value, and the entries it was made with (`needs`):
those are kept for the next build whenever this one is, though nobody asked for them."""


class ByIdentity:
    """One build's view of what the last good build made (`get`), and what this one made or
    took (`put`, and every hit), for the next (`successor`)."""

    def __init__(self, earlier: dict[Key, Entry] | None = None) -> None:
        self._earlier = earlier or {}
        self._used: dict[Key, Entry] = {}
        self._recording: list[list[Key]] = []

    def get(self, step: Hashable, made_from: tuple[object, ...]) -> object | None:
        """The value `step` made from exactly these objects, or None."""
        key = (step, tuple(map(id, made_from)))
        found = self._used.get(key) or self._earlier.get(key)
        if found is None or len(found[0]) != len(made_from) or not all(map(operator.is_, found[0], made_from)):
            return None
        self._keep(key, found)
        return found[1]

    def put(self, step: Hashable, made_from: tuple[object, ...], value: object, needs: tuple[Key, ...] = ()) -> None:
        key = (step, tuple(map(id, made_from)))
        self._keep(key, (made_from, value, needs))

    @contextmanager
    def recording(self) -> Iterator[list[Key]]:
        """The keys of every entry found or put inside the block, for a `put(..., needs=...)` after it."""
        keys: list[Key] = []
        self._recording.append(keys)
        try:
            yield keys
        finally:
            self._recording.pop()

    def _keep(self, key: Key, entry: Entry) -> None:
        for keys in self._recording:
            keys.append(key)
        self._used[key] = entry
        for need in entry[2]:
            if need not in self._used and need in self._earlier:
                self._keep(need, self._earlier[need])

    def successor(self) -> ByIdentity:
        """For the next build: what this one made or found (what it no longer needed is gone)."""
        return ByIdentity(dict(self._used))


T = TypeVar("T")


def made(known: ByIdentity | None, step: Hashable, made_from: tuple[object, ...], make: Callable[[], T], kind: type[T]) -> T:
    """`make()`, or the `kind` of value it made from the same objects in the last build of this
    process (`known`; None: a build, which keeps nothing). What it makes now is put for the next."""
    found = known.get(step, made_from) if known is not None else None
    if isinstance(found, kind):
        return found
    value = make()
    if known is not None:
        known.put(step, made_from, value)
    return value
