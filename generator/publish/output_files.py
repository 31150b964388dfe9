"""The output folder's files as one walk found them, for everything a rebuild asks of the output.

A rebuild asks the output three questions: is each kept page's file still the one the last
build left (`PageCache.is_current`), which files does this build no longer make (the stale
files an update moves away), and what does the output hold now (the no-op fingerprint in
`build.json`). At 40,000 pages each question cost a walk or an `lstat` per file; one walk at
the start of the build answers all three. The files the build then writes or removes are
looked at again (`refresh`), so the record at the end is what a walk would find, at the cost
of the files that changed.

A folder whose name starts with a dot is not walked (a backup or staging folder is never
inside the output; a `.git` someone put there is not ours to judge). A link, a pipe or a
file that cannot be read is recorded without a state: never current, and stale if the build
does not make it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

State = tuple[int, int]
"""A regular file's size and modification time (ns). Not its inode: an output restored from
elsewhere with its times (CI restores main's) is as current as the one left here."""


@dataclass
class OutputFiles:
    """Every file below the output folder (relative POSIX path → its state, or None for anything not a regular file)."""

    out: Path
    files: dict[str, State | None] = field(default_factory=dict)

    @classmethod
    def walk(cls, out: Path) -> OutputFiles:
        """The output as it is now (empty if there is none)."""
        files: dict[str, State | None] = {}
        pending = [("", os.fspath(out))]
        while pending:
            prefix, folder = pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:  # not a folder (yet), or one that cannot be listed: nothing of it is current
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                    continue
                files[prefix + entry.name] = _state_of(entry)
        return cls(out, files)

    def state(self, path: str) -> State | None:
        """The state the walk (or a later `refresh`) found for the file at `path`; None if none or not a regular file."""
        return self.files.get(path)

    def __contains__(self, path: object) -> bool:
        return path in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def refresh(self, paths: Iterable[str]) -> None:
        """Look again at the files at `paths` (written or removed since the walk)."""
        for path in paths:
            try:
                stat = os.lstat(os.path.join(self.out, path))  # noqa: PTH118 - no Path per file: see the module's docstring
            except OSError:
                self.files.pop(path, None)
                continue
            self.files[path] = (stat.st_size, stat.st_mtime_ns) if S_ISREG(stat.st_mode) else None

    def walk_again(self) -> None:
        """Forget what was found and walk the output again (after a first build swapped a new one in)."""
        self.files = OutputFiles.walk(self.out).files

    def digest(self) -> str:
        """A summary of every file's path, size and modification time (`build.json`): an output
        changed by hand since the build that recorded it has another."""
        digest = hashlib.sha256()
        for path in sorted(self.files):
            state = self.files[path]
            digest.update(f"{path}\0{state[0]}\0{state[1]}\n".encode() if state is not None else f"{path}\0-\n".encode())
        return digest.hexdigest()


def _state_of(entry: os.DirEntry[str]) -> State | None:
    try:
        stat = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns) if S_ISREG(stat.st_mode) else None
