"""The publisher of `chapters serve`: outputs kept in memory, each made when first asked for.

Nothing is written to disk. A request for a page renders that page alone; a static file is
only read; calendars and feeds are made, one group (kind and language) at a time, only
when one of that group's files is asked for. Each file (or group) is made at most once per
build, whichever thread asks first; others asking for the same one wait for it, threads
asking for different ones do not wait for each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Generic, TypeVar

from generator.publish.outputs import Group, Outputs
from generator.publish.write import Tally

T = TypeVar("T")


class Once(Generic[T]):
    """A value made by the first caller of `get`; later callers get the same value."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._make()
            return self._value


class InMemory(Mapping[str, bytes]):
    """One build's files for the preview, as a read-only mapping from output path to bytes.

    `name in files` never renders a page or reads a static file; for a calendar or feed it
    makes that file's group. Iterating makes every group (the preview never iterates).
    """

    def __init__(self) -> None:
        self._outputs: Outputs | None = None
        self._files: dict[str, Once[bytes]] = {}
        """The pages and single files asked for so far (a build of 40,000 pages makes none up front)."""
        self._lock = threading.Lock()
        self._groups: Mapping[str, Once[dict[str, bytes]]] = {}

    def publish(self, outputs: Outputs) -> Tally:
        """Keep `outputs`, making nothing yet; the tally counts the pages and single files known so far."""
        if self._outputs is not None:
            raise RuntimeError("an in-memory publisher holds one build: make a new one for the next")
        self._outputs = outputs
        self._groups = {group.name: Once(partial(_made, group)) for group in outputs.groups}
        return Tally(files=len(outputs.pages) + len(outputs.files), written=0)

    def _file(self, name: str) -> Once[bytes] | None:
        """The page or single file at `name`, made once when asked for; None if there is none."""
        outputs = self._outputs
        if outputs is None:
            return None
        make: Callable[[], bytes] | None = partial(outputs.render, name) if name in outputs.pages else outputs.files.get(name)
        if make is None:
            return None
        with self._lock:
            return self._files.setdefault(name, Once(make))

    @property
    def outputs(self) -> Outputs:
        if self._outputs is None:
            raise RuntimeError("nothing published yet")
        return self._outputs

    def _group(self, name: str) -> Once[dict[str, bytes]] | None:
        """The files of the group that claims `name`, made once when asked for."""
        group = self.outputs.group_of(name) if self._outputs is not None else None
        return self._groups[group.name] if group is not None else None

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        if self._outputs is not None and (name in self._outputs.pages or name in self._outputs.files):
            return True
        group = self._group(name)
        return group is not None and name in group.get()

    def __getitem__(self, name: str) -> bytes:
        made = self._file(name)
        if made is not None:
            return made.get()
        group = self._group(name)
        if group is None:
            raise KeyError(name)
        return group.get()[name]

    def __iter__(self) -> Iterator[str]:
        if self._outputs is not None:
            yield from self._outputs.pages
            yield from self._outputs.files
        for made in self._groups.values():
            yield from made.get()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def pages(self) -> int:
        """How many pages the build planned (none of them rendered by counting)."""
        return len(self._outputs.pages) if self._outputs is not None else 0


def _made(group: Group) -> dict[str, bytes]:
    """A group's files as bytes: the pipeline asks an in-memory build to keep nothing, so each is made."""
    files = {}
    for path, data in group.make():
        if not isinstance(data, bytes):
            raise RuntimeError(f"{path}: an in-memory build has no earlier output to keep it from")
        files[path] = data
    return files
