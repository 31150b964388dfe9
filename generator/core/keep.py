"""`Keep`: an output file the previous output already holds with the right bytes.

The stages that make files (render, calendars, feeds) yield `(path, bytes)` for what they
made and `(path, Keep())` for what the page cache says the output already holds, so that
nothing is made, read or written for it; `publish` takes both (publish/write.py,
publish/update.py). A `Keep` without `make` crosses from a render worker to its parent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Keep:
    """A file the previous output already holds with the right bytes: hard-linked, not made again.

    `make` gives the bytes if the link cannot be made after all (the file went missing
    during the build); without it, that is an error and the old output stays.
    """

    make: Callable[[], bytes] | None = None


IsCurrent = Callable[[str, str], bool]
"""Whether the output holds the file made from a key at a path (`publish.page_cache.PageCache.is_current`)."""


def never(path: str, key: str) -> bool:
    """An `IsCurrent` for a build that keeps nothing (serve, `changes`, a first build)."""
    return False


def file_key(data: bytes) -> str:
    """The key of a file that is not a page (a calendar, a feed): the SHA-256 of its bytes,
    as the page cache records it for every file of the output."""
    return hashlib.sha256(data).hexdigest()


def kept_files(files: list[tuple[str, bytes]]) -> list[list[str]]:
    """Made files as a memo keeps them: each path with the key of its bytes (`from_kept_files`)."""
    return [[path, file_key(data)] for path, data in files]


def from_kept_files(value: object) -> list[tuple[str, str]] | None:
    """The (path, key) pairs `kept_files` gave; None for anything else (a damaged memo is a miss)."""
    if type(value) is not list:
        return None
    found = []
    for item in value:
        if type(item) is not list or len(item) != 2 or type(item[0]) is not str or type(item[1]) is not str:
            return None
        found.append((item[0], item[1]))
    return found
