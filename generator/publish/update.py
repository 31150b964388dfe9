"""Bring an existing output up to date in place: a rebuild writes what changed, not the whole site.

`write.publish` builds a complete staging folder and swaps it in, which costs a link for
every unchanged file and the removal of the old folder: work that follows the size of the
site. A rebuild of an output chapters made (it holds the marker) goes through `update`
instead, in three phases, and still leaves the old output exactly as it was if anything
fails:

1. *write*: each new or changed file is written beside its place under a hidden temporary
   name (`.index.html.chapters-new-<pid>`); a file already holding the same bytes, or kept
   by the page cache (`Keep`), is not touched. A failure removes the temporary files.
2. *commit*: each temporary file is renamed over its place, and each file the build no
   longer makes is moved away; every replaced or removed file is first moved into a backup
   folder beside the output (`.site.old-<pid>-<random>`), and the files that are new are
   listed in its journal, so that any failure (or a later build, after a kill) can put the
   old output back (`roll_back`).
3. *finish* (the search index): run over the updated output (the pages of removed content
   gone); its files go through the same two phases. If it fails, everything is put back.

Only then is the backup folder removed: a few files, as many as changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING

from generator.core.keep import Keep
from generator.publish.write import (
    MARKER,
    UPDATE_JOURNAL,
    Files,
    Finish,
    Tally,
    UnsafeOutput,
    leftovers,
    new_folder,
    remove_output,
    running,
    writing,
)

if TYPE_CHECKING:
    from generator.publish.outputs import Outputs

JOURNAL = UPDATE_JOURNAL
"""In a backup folder: the output's new files, one relative path per line, written before any is put in place."""
DONE = ".chapters-updated"
"""In a backup folder: the update finished; what is left there is only to be removed."""
_TEMPORARY = ".chapters-new-"


class _Update:
    def __init__(self, out: Path, backup: Path, present: Iterable[str] | None = None) -> None:
        self.out = out
        self.backup = backup
        self.present = set(present) if present is not None else None
        """The output's files as the build's walk found them (`OutputFiles`), else None: walked here."""
        self.touched: set[str] = set()
        """The files written, put back or moved away (relative paths), for the build's record of the output."""
        self.produced: set[str] = {MARKER}
        self.pending: list[tuple[Path, Path]] = []
        """(temporary file, its place) for the files written in this phase."""
        self.journal = (backup / JOURNAL).open("a", encoding="utf-8")

    def shown(self, path: Path) -> Path:
        """A message names the file's place in the output, never a temporary or backup file."""
        if self.backup in path.parents:
            return self.out / path.relative_to(self.backup)
        if path.name.startswith(".") and _TEMPORARY in path.name:
            return path.with_name(path.name[1:path.name.index(_TEMPORARY)])
        return path

    def write(self, files: Files, tally: Tally) -> None:
        """Phase 1: every changed file written under a temporary name beside its place."""
        made: set[Path] = set()
        for relative, data in files:
            if relative == MARKER or relative.startswith("/") or any(part in ("", ".", "..") for part in relative.split("/")):
                raise UnsafeOutput(f"refusing to write {relative}: outside the output folder or the marker's name")
            self.produced.add(relative)
            tally.files += 1
            if isinstance(data, Keep):
                if data.make is None:
                    continue  # the page cache saw it there with these bytes a moment ago (no `Path` made: 80,000 of them cost a second)
                target = self.out / relative
                if _is_file(target):
                    continue
                data = data.make()
            else:
                target = self.out / relative
            if _holds(target, data):
                continue
            if target.parent not in made:
                with writing(target.parent, self.shown):
                    _make_folder(target.parent, self.out)
                made.add(target.parent)
            kept = self.backup / relative
            if _holds(kept, data):  # removed by the first phase, made again the same (the search index): put back
                with writing(target, self.shown):
                    kept.rename(target)
                self.touched.add(relative)
                continue
            temporary = target.with_name(f".{target.name}{_TEMPORARY}{os.getpid()}")
            self.pending.append((temporary, target))
            self.touched.add(relative)
            with writing(temporary, self.shown):
                temporary.write_bytes(data)
            tally.written += 1

    def commit(self, remove: Iterable[str] = ()) -> None:
        """Phase 2: the temporary files put in place and the files no longer made moved away, the old ones kept in the backup."""
        added = [target for _, target in self.pending if not os.path.lexists(target)]
        self.journal.write("".join(f"{target.relative_to(self.out).as_posix()}\n" for target in added))
        self.journal.flush()
        os.fsync(self.journal.fileno())
        for temporary, target in self.pending:
            with writing(target, self.shown):
                if os.path.lexists(target):
                    self._keep_old(target)
                temporary.rename(target)
        self.pending.clear()
        remove = list(remove)
        for folder, inside in _whole_folders(self.out, remove, self.produced, self.present):
            self._move_away(folder, inside)
        for relative in remove:
            if relative not in self.touched:  # else moved away with its folder
                self._move_away(relative, [relative])

    def _move_away(self, relative: str, files: list[str]) -> None:
        """A stale file (or a folder of nothing but the stale `files`) into the backup; the folders it leaves empty removed."""
        target = self.out / relative
        with writing(target, self.shown):
            self._keep_old(target)
        _remove_empty_folders(target.parent, self.out)
        self.touched.update(files)
        if self.present is not None:
            self.present.difference_update(files)

    def _keep_old(self, target: Path) -> None:
        kept = self.backup / target.relative_to(self.out)
        kept.parent.mkdir(parents=True, exist_ok=True)
        target.rename(kept)

    def discard(self) -> None:
        """After a failure in phase 1: the temporary files removed."""
        for temporary, _ in self.pending:
            with suppress(OSError):
                temporary.unlink()
        self.pending.clear()

    def stale(self) -> list[str]:
        """The output's files this build did not make (pages of removed content, an old search index)."""
        if self.present is not None:
            return sorted(path for path in self.present if path not in self.produced and _TEMPORARY not in path.rpartition("/")[2])
        found = []
        top = str(self.out)
        for folder, folders, names in os.walk(top):
            folders[:] = [name for name in folders if not name.startswith(".")]
            prefix = folder[len(top) + 1:] + "/" if folder != top else ""
            for name in names:
                relative = prefix + name
                if relative not in self.produced and _TEMPORARY not in name:
                    found.append(relative)
        return sorted(found)


def update(files: Files, out: Path, finish: Finish | None = None, present: Iterable[str] | None = None,
           later: Callable[[str], bool] | None = None) -> Tally:
    """Bring `out`, an output chapters made, up to date with `files` (and `finish`'s files) in place.

    The same promise as `write.publish`: a failure (a refused write, a failed search index,
    an interrupt) leaves the previous output as it was, and a refused write is a WriteFailed.
    `present` lists the output's files as the build found them after `recover` (its walk,
    `OutputFiles`): the files it does not make are moved away without walking the output
    again. The tally's `touched` lists every file written, put back or moved away.
    `later` says which files only `finish` makes (the search index): the ones it no longer
    makes are moved away after it, not before, so that those it makes again with the same
    bytes (most of an index after one edit) are neither moved away nor written.
    """
    out = out.resolve()
    if recover(out):
        present = None  # the output changed since the caller's walk
    tally = Tally(files=1)  # the marker, kept
    with writing(out, lambda _: out):  # the backup folder is the build's business: a message names the output
        backup = new_folder(out.parent, f".{out.name}.old-{os.getpid()}-")
        (backup / MARKER).write_bytes((out / MARKER).read_bytes())  # a leftover backup is known as ours
    change = _Update(out, backup, present)
    try:
        steps: list[Callable[[], Files]] = [lambda: files]
        if finish is not None:
            steps.append(lambda: finish(out))
        for number, step in enumerate(steps, 1):
            try:
                change.write(step(), tally)
            except BaseException:
                change.discard()
                raise
            stale = change.stale()
            if number < len(steps) and later is not None:
                stale = [path for path in stale if not later(path)]
            change.commit(stale)  # after the pages: the search index reads none that is gone
    except BaseException:
        change.discard()  # temporary files not renamed yet, when a rename failed
        change.journal.close()
        roll_back(backup, out)
        raise
    change.journal.close()
    (backup / DONE).touch()
    remove_output(backup)
    tally.touched = change.touched
    return tally


def recover(out: Path) -> bool:
    """Put back the output of updates that were killed half-way (their backup folders); whether there was any."""
    out = out.resolve()
    found = [(folder, pid) for folder, pid in leftovers(out) if not running(pid) and (folder / JOURNAL).exists()]
    for leftover, pid in found:
        roll_back(leftover, out, pid)
    return bool(found)


def roll_back(backup: Path, out: Path, pid: int | None = None) -> None:
    """Put the output back as it was before the update whose backup folder this is, then remove the folder.

    An update that had finished (`DONE`) is left as it is. With `pid`, the process that made
    the backup (killed, so it could not `discard` them): its temporary files in the output
    are removed too, before the folder whose journal says the output is half-way."""
    if not (backup / DONE).exists():
        if pid is not None:
            _remove_temporaries(out, pid)
        with suppress(OSError):
            for line in (backup / JOURNAL).read_text(encoding="utf-8").splitlines():
                with suppress(OSError):
                    (out / line).unlink()
        for folder, _, names in os.walk(backup):
            for name in names:
                kept = Path(folder) / name
                relative = kept.relative_to(backup)
                if folder == str(backup) and name in (MARKER, JOURNAL, DONE):
                    continue
                with suppress(OSError):
                    (out / relative).parent.mkdir(parents=True, exist_ok=True)
                    kept.replace(out / relative)
    remove_output(backup)


def _remove_temporaries(out: Path, pid: int) -> None:
    """The files a killed update wrote beside their places and had not renamed in yet (`.name.chapters-new-<pid>`)."""
    ending = f"{_TEMPORARY}{pid}"
    for folder, _, names in os.walk(out):
        for name in names:
            if name.startswith(".") and name.endswith(ending):
                with suppress(OSError):
                    os.unlink(os.path.join(folder, name))  # noqa: PTH108, PTH118 - os.walk gives str folders


WHOLE_FOLDERS_FROM = 64
"""Stale files from which an update looks for whole folders to move away at once."""


def _whole_folders(out: Path, stale: list[str], produced: set[str], present: set[str] | None) -> list[tuple[str, list[str]]]:
    """The top-most folders of the output that hold nothing but stale files, each with its
    files: moved away in one rename, not file by file (the last build's search index, when a
    `--no-search` build follows one with it: 23,677 files at 40k, 1.5 s one by one).

    Only for many stale files and a known output (`present`); a folder holding anything the
    walk did not count (a hidden folder, a file the build made since, another process's
    temporary file) is checked by listing it whole and left to the file-by-file path."""
    if present is None or len(stale) < WHOLE_FOLDERS_FROM:
        return []

    def folders(path: str) -> Iterator[str]:
        """The folders `path` lies in, outermost first."""
        parts = path.split("/")[:-1]
        for end in range(1, len(parts) + 1):
            yield "/".join(parts[:end])
    removed = set(stale)
    candidates = {folder for path in removed for folder in folders(path)}
    for path in present:
        if path not in removed:
            candidates.difference_update(folders(path))  # holds a file that stays
    for path in produced:
        candidates.difference_update(folders(path))  # holds a file this build made
    found: list[tuple[str, list[str]]] = []
    taken: set[str] = set()
    for folder in sorted(candidates, key=lambda folder: (folder.count("/"), folder)):  # outer folders first
        if any(outer in taken for outer in folders(folder)):
            continue  # inside a folder already taken whole
        inside = _listed(out / folder)
        if inside is not None and all(f"{folder}/{name}" in removed for name in inside):
            found.append((folder, [f"{folder}/{name}" for name in inside]))
            taken.add(folder)
    return found


def _listed(folder: Path) -> list[str] | None:
    """Every file below `folder` (relative to it), or None if it holds a hidden folder or a link to a folder (or cannot be listed)."""
    files: list[str] = []
    failed: list[OSError] = []
    top = os.fspath(folder)
    for place, names, found in os.walk(top, onerror=failed.append):
        if any(name.startswith(".") or os.path.islink(os.path.join(place, name)) for name in names):  # noqa: PTH114, PTH118 - os.walk gives str folders
            return None
        prefix = place[len(top) + 1:] + "/" if place != top else ""
        files.extend(prefix + name for name in found)
    return None if failed else files


def _is_file(path: Path) -> bool:
    try:
        return S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file (never a link someone put there) holding exactly `data`."""
    try:
        found = path.lstat()
        return S_ISREG(found.st_mode) and found.st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _make_folder(folder: Path, out: Path) -> None:
    """Make `folder` below `out`, replacing a file or link that stands where a folder must be."""
    for parent in [*reversed(folder.relative_to(out).parents), folder.relative_to(out)]:
        place = out / parent
        if place.is_symlink() or (place.exists() and not place.is_dir()):
            raise UnsafeOutput(f"refusing to write into {place}: it is not a folder of the output")
    folder.mkdir(parents=True, exist_ok=True)


def _remove_empty_folders(folder: Path, out: Path) -> None:
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@dataclass(frozen=True)
class InPlace:
    """The publisher of a rebuild (`outputs.Publisher`): the outputs made in the order `order`
    gives them (the pipeline renders there, keeping unchanged pages as `Keep`), and only the
    changed files written into the output (`update`)."""

    out: Path
    order: Callable[[Outputs], Files]
    finish: Finish | None = None
    present: Iterable[str] | None = None
    """The output's files as the build's walk found them (`update`)."""
    later: Callable[[str], bool] | None = None
    """The files only `finish` makes (`update`)."""

    def publish(self, outputs: Outputs) -> Tally:
        return update(self.order(outputs), self.out, self.finish, self.present, self.later)
