"""The only module that writes: files go to a staging folder that replaces the output at the end.

A build that fails, or is interrupted, leaves the previous output exactly as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG


class UnsafeOutput(ValueError):
    """The output folder would overwrite the sources."""


SOURCES = ("content", "static", "themes", "schemas", "site.yaml", ".git", ".github", ".chapters-cache", ".vscode")
"""Entries of a site folder that are its sources: an output folder may never be one of them."""


def check_output(out: Path, site_root: Path) -> None:
    """Refuse an output folder that would replace sources: the site folder or a folder around
    it, any of its source entries or a folder inside one, an existing file, or a git repository."""
    target = out.resolve()
    root = site_root.resolve()
    protected = [root, *(root / name for name in SOURCES)]
    protected += [ancestor / ".git" for ancestor in root.parents if (ancestor / ".git").exists()]
    for place in protected:
        if target == place or target in place.parents or place in target.parents and place != root:
            raise UnsafeOutput(f"refusing to write into {out}: it would replace {place}")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"refusing to write into {out}: it is a file, not an output folder")


@dataclass(frozen=True)
class Keep:
    """A file the previous output already holds with the right bytes: hard-linked, not made again.

    `make` gives the bytes if the link cannot be made after all (the file went missing
    during the build); without it, that is an error and the old output stays.
    """

    make: Callable[[], bytes] | None = None


class OutputChanged(RuntimeError):
    """A file the build meant to keep vanished from the output while it ran."""


@dataclass
class Tally:
    files: int = 0
    written: int = 0
    """Files whose bytes were written; the others were linked from the previous output."""


Files = Iterable[tuple[str, "bytes | Keep"]]
Finish = Callable[[Path], Files]
"""Reads the complete staging folder and returns more files for it (the search index)."""


def publish(files: Files, out: Path, finish: Finish | None = None) -> Tally:
    """Write every file into a fresh staging folder, then swap it in place of `out`.

    `finish` is called with the staging folder once every file is in it; the files it
    returns are written there too, before the swap, so if it fails the old output stays.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (*out.parent.glob(f".{out.name}.staging-*"), *out.parent.glob(f".{out.name}.old-*")):
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    staging.mkdir()
    previous = out if out.is_dir() else None
    tally = Tally()
    try:
        _write_all(staging, files, previous, tally)
        if finish is not None:
            _write_all(staging, finish(staging), previous, tally)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous output
        return tally
    if out.exists():  # no atomic exchange here: a moment without `out`, never a half-written one
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return tally


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE): no instant without output."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def _write_all(staging: Path, files: Files, previous: Path | None, tally: Tally) -> None:
    """Stage every file; one whose bytes did not change is hard-linked from the previous output.

    A link keeps the old file (and its modification time, which hosts and rsync use to skip
    it) and costs no write; the swap stays atomic because the staging folder is complete.
    """
    made: set[Path] = set()
    for relative, data in files:
        target = (staging / relative).resolve()
        if staging not in target.parents:
            raise UnsafeOutput(f"refusing to write {relative}: outside the output folder")
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        tally.files += 1
        if isinstance(data, Keep):
            if previous is not None and _link(previous / relative, target):
                continue
            if data.make is None:
                raise OutputChanged(f"{relative} vanished from the output during the build: build again")
            data = data.make()
        if previous is None or not _link_if_unchanged(previous / relative, target, data):
            target.write_bytes(data)
            tally.written += 1


def _link_if_unchanged(old: Path, target: Path, data: bytes) -> bool:
    """Link `old` if it is a regular file (never a link someone put there) holding `data`."""
    try:
        found = old.lstat()
        if not S_ISREG(found.st_mode) or found.st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:
        return False  # missing, unreadable, or a file system without hard links: just write
    return True


def _link(old: Path, target: Path) -> bool:
    """Link `old`, a file the cache vouches for, if it is still a regular file."""
    try:
        if not S_ISREG(old.lstat().st_mode):
            return False
        os.link(old, target)
    except OSError:
        return False  # missing, or a file system without hard links
    return True
