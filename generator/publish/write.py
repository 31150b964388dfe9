"""The only module that writes: files go to a staging folder that replaces the output at the end.

A build that fails, or is interrupted, leaves the previous output exactly as it was. Only
a folder chapters built (it holds the `.chapters-output` marker) is ever replaced or removed.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from types import MappingProxyType
from typing import TYPE_CHECKING

from generator.core.keep import Keep
from generator.publish.cache import CACHE_DIR, read_entry

if TYPE_CHECKING:
    from generator.publish.outputs import Outputs


class UnsafeOutput(ValueError):
    """The output folder would overwrite the sources, or a folder chapters did not build."""


class WriteFailed(RuntimeError):
    """The file system refused a write (full, read-only, no permission): one line, the old output kept."""


SOURCES = ("content", "static", "themes", "schemas", "site.yaml", ".git", ".github", ".chapters-cache", ".vscode")
"""Entries of a site folder that are its sources: an output folder may never be one of them."""

MARKER = ".chapters-output"
"""The file every output holds, so a later build knows the folder is its own to replace."""
MARKER_TEXT = b"chapters output\nThis folder was built by `chapters build`, which replaces all of it on every build.\n"
"""The same bytes in every output (no path, version or time): harmless to publish, and deterministic."""
_MARKER_START = b"chapters output\n"


def check_output(out: Path, site_root: Path | None) -> None:
    """Refuse an output folder that would replace sources: the site folder or a folder around
    it, any of its source entries or a folder inside one, an existing file, or a git repository;
    and an existing folder that is not empty and not an output of chapters (`is_output`).

    `site_root` None (a caller outside a build) checks only the last: empty, new or marked."""
    target = out.resolve()
    if site_root is not None:
        root = site_root.resolve()
        protected = [root, *(root / name for name in SOURCES)]
        protected += [ancestor / ".git" for ancestor in root.parents if (ancestor / ".git").exists()]
        for place in protected:
            if target == place or target in place.parents or (place in target.parents and place != root):
                raise UnsafeOutput(f"refusing to write into {out}: it would replace {place}")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"refusing to write into {out}: it is a file, not an output folder")
    if target.is_dir() and not _is_empty(target) and not is_output(target, site_root):
        raise UnsafeOutput(f"refusing to write into {out}: it is not empty and not a site built by chapters, and a build "
                           "replaces the whole folder: choose an empty or new folder, or remove it yourself")


def is_output(folder: Path, site_root: Path | None = None) -> bool:
    """Whether `folder` (resolved) is an output of chapters that a build may replace.

    It holds the marker; or, for outputs of versions before the marker, it is the default
    `SITE_DIR/site/` (documented as the build's own folder) or a folder the site's build
    cache records as the output of an earlier build.
    """
    if has_marker(folder):
        return True
    if site_root is None:
        return False
    root = site_root.resolve()
    if folder == root / "site":
        return True
    cache = root / CACHE_DIR
    return not cache.is_symlink() and cache.is_dir() and isinstance(read_entry(root, "build.json", folder), dict)


def has_marker(folder: Path) -> bool:
    marker = folder / MARKER
    try:
        if not S_ISREG(marker.lstat().st_mode):
            return False  # a link someone put there proves nothing
        with marker.open("rb") as handle:
            return handle.read(len(_MARKER_START)) == _MARKER_START
    except OSError:
        return False


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


_REASONS = MappingProxyType({
    errno.ENOSPC: "the disk is full: free some space and try again",
    errno.EDQUOT: "the disk quota is used up: free some space and try again",
    errno.EFBIG: "the file is larger than this system allows (ulimit -f)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
})
"""The refusals a writer meets (full, read-only, not allowed), in words; others keep the system's."""


@contextmanager
def writing(path: Path, shown: Callable[[Path], Path] = lambda path: path) -> Iterator[None]:
    """Turn the file system's refusal to write `path` into a one-line WriteFailed.

    `shown` maps a path in the staging folder to the one the user knows (in the output)."""
    try:
        yield
    except OSError as exc:
        where = shown(Path(os.fsdecode(exc.filename))) if exc.filename is not None else shown(path)
        raise WriteFailed(f"cannot write {where}: {reason(exc)}") from None


def reason(exc: OSError) -> str:
    """Why the file system refused, in words."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def is_refusal(exc: OSError) -> bool:
    """Whether the error is the file system refusing to store (full, read-only, not allowed), not a bug."""
    return exc.errno in _REASONS


def write_file(path: Path, data: bytes, shown: Path | None = None) -> None:
    """Replace `path` with `data` in one step: a full disk or a kill never leaves half a file.

    Raises WriteFailed with a one-line reason naming `shown` (default `path`), never the
    temporary file, which a failure removes."""
    with writing(path, lambda _: shown or path):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            with temporary.open("wb") as handle:
                handle.write(data)
            temporary.replace(path)
        except BaseException:
            with suppress(OSError):
                temporary.unlink()
            raise


class OutputChanged(RuntimeError):
    """A file the build meant to keep vanished from the output while it ran."""


@dataclass
class Tally:
    files: int = 0
    written: int = 0
    """Files whose bytes were written; the others were linked from the previous output."""
    touched: set[str] | None = None
    """The files an update in place wrote, put back or moved away (relative paths); None: the whole output is new."""


Files = Iterable[tuple[str, "bytes | Keep"]]
Finish = Callable[[Path], Files]
"""Reads the complete staging folder and returns more files for it (the search index)."""


def publish(files: Files, out: Path, finish: Finish | None = None, site_root: Path | None = None) -> Tally:
    """Write every file into a fresh staging folder, then swap it in place of `out`.

    `finish` is called with the staging folder once every file is in it; the files it
    returns are written there too, before the swap, so if it fails the old output stays.
    `out` must be new, empty or an output of chapters (`check_output`, with `site_root` for
    the outputs of versions before the marker). A write the file system refuses raises
    WriteFailed; the old output stays and no staging folder is left.
    """
    check_output(out, site_root)
    out = out.resolve()

    def shown(path: Path) -> Path:
        """The staging folder is the build's business: a message names the output instead."""
        if path.parent == out.parent and path.name.startswith(f".{out.name}.staging-"):
            return out
        return out / path.relative_to(staging) if staging in path.parents else path

    staging = out  # until the staging folder exists
    with writing(out, shown):
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        staging = new_folder(out.parent, f".{out.name}.staging-{os.getpid()}-")
    previous = out if out.is_dir() else None
    tally = Tally()
    try:
        _write_all(staging, [(MARKER, MARKER_TEXT)], previous, tally, shown)  # first: a leftover is known as ours
        _write_all(staging, files, previous, tally, shown)
        if finish is not None:
            _write_all(staging, finish(staging), previous, tally, shown)
        check_output(out, site_root)  # again: the build took a while
        with writing(out, shown):
            _swap(staging, out)
    except BaseException:
        remove_output(staging)  # holds the new files, or after a swap that failed half-way, nothing of the old
        raise
    return tally


@dataclass(frozen=True)
class StagingFolder:
    """The publisher of `chapters build` (`outputs.Publisher`): every output made, in the order
    `order` gives them (the pipeline renders there, in parallel, keeping unchanged pages as `Keep`),
    written into a staging folder that then replaces `out` in one step (`publish`)."""

    out: Path
    order: Callable[[Outputs], Files]
    finish: Finish | None = None
    site_root: Path | None = None

    def publish(self, outputs: Outputs) -> Tally:
        return publish(self.order(outputs), self.out, self.finish, self.site_root)


def new_folder(parent: Path, prefix: str) -> Path:
    """A folder this build alone made, with the usual permissions (mkdtemp's 0700 would hide a published site)."""
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(errno.EEXIST, "no free name for a staging folder", str(parent / prefix))


def _swap(staging: Path, out: Path) -> None:
    """Put the complete staging folder at `out`'s place and remove the previous output."""
    if out.exists() and _exchange(staging, out):
        remove_output(staging)  # it now holds the previous output
        return
    if not out.exists():
        staging.rename(out)
        return
    # No atomic exchange here: a moment without `out`, never a half-written one.
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    remove_output(old)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE): no instant without output."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0)


UPDATE_JOURNAL = ".chapters-update"
"""In the backup folder of an update in place (`update.py`): the journal that lets the next build undo it."""
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:staging|old)-(?P<pid>[0-9]+)(?:-[0-9A-Za-z_]+)?")


def leftovers(out: Path) -> list[tuple[Path, int]]:
    """The staging and old folders of builds of `out`, with their process ids."""
    if not out.parent.is_dir():
        return []
    with os.scandir(out.parent) as entries:
        return [(Path(entry.path), int(match["pid"])) for entry in entries
                if (match := _LEFTOVER.fullmatch(entry.name)) and match["name"] == out.name and entry.is_dir(follow_symlinks=False)]


def _remove_leftovers(out: Path) -> None:
    """Remove the staging and old folders of builds that were killed, and nothing else:
    each must be named like one, be a real folder, hold the marker or nothing, and belong
    to a process that is gone (not a build running beside this one). The backup of an
    update killed half-way (`update.py`, it holds a journal) is left for the next update,
    which puts its files back first."""
    for leftover, pid in leftovers(out):
        if not running(pid) and (has_marker(leftover) or _is_empty(leftover)) and not (leftover / UPDATE_JOURNAL).exists():
            remove_output(leftover)


def running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process: whatever it left is finished
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or a number that is no process id: leave it
    return True


def remove_output(folder: Path) -> None:
    """Remove a folder the build made (staging, or a previous output it replaced), marker last,
    so a removal cut short still leaves a folder the next build knows as its own."""
    try:
        with os.scandir(folder) as scanned:
            entries = list(scanned)
    except OSError:
        return
    for entry in entries:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)  # never follows a link out of the folder
        else:
            with suppress(OSError):
                os.unlink(entry.path)  # noqa: PTH108 - an os.scandir entry, removed by its path without building a Path
    with suppress(OSError):
        (folder / MARKER).unlink()
    with suppress(OSError):
        folder.rmdir()


def _write_all(staging: Path, files: Files, previous: Path | None, tally: Tally, shown: Callable[[Path], Path]) -> None:
    """Stage every file; one whose bytes did not change is hard-linked from the previous output.

    A link keeps the old file (and its modification time, which hosts and rsync use to skip
    it) and costs no write; the swap stays atomic because the staging folder is complete.
    Only the writes are turned into WriteFailed: an error reading a source stays what it is.
    """
    made: set[Path] = set()
    for relative, data in files:
        target = (staging / relative).resolve()
        if staging not in target.parents:
            raise UnsafeOutput(f"refusing to write {relative}: outside the output folder")
        if target == staging / MARKER and data != MARKER_TEXT:
            raise UnsafeOutput(f"refusing to write {relative}: the name of the marker of chapters' output")
        if target.parent not in made:
            with writing(target.parent, shown):
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
            with writing(target, shown):
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
