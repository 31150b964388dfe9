"""`.chapters-cache/build.sqlite`: the memo of `chapters build` (core/memo.py), in SQLite.

One table holds every step's results by (step, key); the keys are digests of what each
step read, so the file is valid on any machine (CI restores it from the last build of main).
The whole memo belongs to one *epoch*, a digest of the generator's code and version and of
the versions of the libraries that shape the output: a build with another epoch starts
from an empty memo. After a build has asked for everything it needs, the results it did not
ask for are dropped (`save`) once enough new ones were put (`PRUNE_SHARE`), so the file
follows the size of the site, not its history.

The memo only ever saves work. Any doubt is a miss: a missing, locked, damaged or foreign
database, a cache folder that links elsewhere or that git tracks (a pull request could
commit one with results made up to hide a broken link), a value of the wrong shape. Values
are JSON, never pickles: reading them cannot run code. A forked worker reads only what the
parent had loaded before the fork, or reads the database through a connection of its own
(SQLite connections must not cross a fork); what it found and put goes back to the parent
with its files (`take_new`), and only the parent writes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator import __version__
from generator.core.memo import Entry, Taken, digest
from generator.publish.cache import CACHE_DIR, code_digest, library_versions

FILE = "build.sqlite"
Record = list[object]
"""A file's record in the page cache: `[key, size, mtime_ns, SHA-256]`."""
_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "pyyaml", "pydantic", "babel", "icalendar", "feedgen", "tzdata", "pycountry")


PRUNE_SHARE = 4
"""A build prunes the memo when the results put since the last prune reach a quarter
(1 / PRUNE_SHARE) of those that prune kept. Pruning reads every key and deletes what the build
did not ask for; a small rebuild asks for little (a pull request's, at 40k, for 1 of the
10,509 files' states and 60 of their link lists), so pruning after each build deleted
tens of thousands of results the next full build made again, and cost that rebuild 2.3 s.
Results are keyed by what they read, so one left over is never wrong, only unused: the file
stays within about a quarter of what the builds use."""


def epoch() -> str:
    """What every kept result depends on besides its own inputs: the generator and its libraries."""
    return digest(__version__, *library_versions(_LIBRARIES), code_digest())


class Store:
    """The memo of one build: what it read from the database or made, in memory; saved at the end."""

    def __init__(self, path: Path | None, epoch: str) -> None:
        self._path = path
        self._epoch = epoch
        self._pid = os.getpid()
        self._connection: sqlite3.Connection | None = None
        self._worker_connection: sqlite3.Connection | None = None
        """In a forked worker: its own connection, opened at its first read."""
        self._known: dict[Entry, object] = {}
        self._new: dict[Entry, str] = {}
        self._used: set[Entry] = set()
        self._from_worker: dict[Entry, object] = {}
        self._found_in_worker: set[Entry] = set()
        """In a forked worker: what it put and found, for the parent (`take_new`)."""
        self.hits = 0
        """Results found (a test counts them)."""
        if path is not None and path.is_file():  # made by the first build that succeeds (`save`), never by a failed one
            self._connection = _connect(path, epoch)

    @classmethod
    def open(cls, root: Path) -> Store:
        """The site's store, or one that keeps nothing when its folder may not be used."""
        folder = root / CACHE_DIR
        usable = not folder.is_symlink() and (not folder.exists() or root.resolve() in folder.resolve().parents) and not _tracked(root)
        return cls(folder / FILE if usable else None, epoch())

    def get(self, step: str, key: str) -> object | None:
        found = self._known.get((step, key))
        in_parent = os.getpid() == self._pid
        connection = self._connection if in_parent else self._connection_in_worker()
        if found is None and connection is not None:
            try:
                row = connection.execute("SELECT value FROM results WHERE step = ? AND key = ?", (step, key)).fetchone()
                found = json.loads(row[0]) if row else None
            except (sqlite3.Error, ValueError):
                found = None
            if found is not None:
                self._known[(step, key)] = found
        if found is not None:
            self._used.add((step, key))
            if not in_parent:
                self._found_in_worker.add((step, key))
            self.hits += 1
        return found

    def keep(self, step: str, key: str) -> None:
        if os.getpid() == self._pid:
            self._used.add((step, key))
        else:
            self._found_in_worker.add((step, key))

    def prefetch(self, step: str) -> None:
        """Read every result of `step` the database holds in one query (the parent's; nothing counts as used until asked for)."""
        if self._connection is None or os.getpid() != self._pid:
            return
        try:
            rows = self._connection.execute("SELECT key, value FROM results WHERE step = ?", (step,)).fetchall()
        except sqlite3.Error:
            return
        for key, value in rows:
            if (step, key) not in self._known:
                try:
                    self._known[(step, key)] = json.loads(value)
                except ValueError:
                    continue

    def _connection_in_worker(self) -> sqlite3.Connection | None:
        """A forked worker's own connection to the database the parent had open (the parent checked its epoch)."""
        if self._worker_connection is None and self._connection is not None and self._path is not None:
            try:
                self._worker_connection = sqlite3.connect(self._path, timeout=5, check_same_thread=False)
            except sqlite3.Error:
                return None
        return self._worker_connection

    def put(self, step: str, key: str, value: object) -> None:
        self._known[(step, key)] = value
        self._used.add((step, key))
        if os.getpid() == self._pid:
            self._new[(step, key)] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            self._from_worker[(step, key)] = value

    def take_new(self) -> Taken:
        taken = Taken(self._from_worker, frozenset(self._found_in_worker))
        self._from_worker, self._found_in_worker = {}, set()
        return taken

    def merge(self, found: Taken) -> None:
        for (step, key), value in found.new.items():
            self.put(step, key, value)
        self._used.update(found.used)

    def save(self, prune: bool = True) -> None:
        """Write the new results; with `prune`, drop those this build did not use, once enough
        were put since the last prune (`PRUNE_SHARE`). Failing never fails the build."""
        if os.getpid() != self._pid or self._path is None:
            return
        if self._connection is None:
            self._connection = _connect(self._path, self._epoch)
        connection = self._connection
        if connection is None:
            return
        try:
            with connection:
                # In key order: the table is a B-tree on (step, key), and rows in its order are
                # appended to it instead of splitting pages all over it (a cold 40k build's 84,000
                # results, 145 MiB: 2.8 s instead of 7.9 s in a shuffled order).
                connection.executemany("INSERT OR REPLACE INTO results (step, key, value) VALUES (?, ?, ?)",
                                       [(step, key, value) for (step, key), value in sorted(self._new.items())])
                kept, added = (_meta_number(connection, name) for name in ("kept", "added"))
                added += len(self._new)
                pruning = prune and added * PRUNE_SHARE >= kept
                if pruning:  # the keys alone are read (not the values), and only the unused are deleted
                    keys = {(step, key) for step, key in connection.execute("SELECT step, key FROM results")}
                    connection.executemany("DELETE FROM results WHERE step = ? AND key = ?", sorted(keys - self._used))
                    kept, added = len(keys & self._used), 0
                connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("kept", str(kept)), ("added", str(added))])
            self._new.clear()
            free, pages = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count"))
            if pruning and free > pages // 2:  # mostly empty after a prune: give the space back (CI saves and restores this file)
                connection.execute("VACUUM")
        except sqlite3.Error:
            pass

    def file_records(self, output: str) -> tuple[dict[str, Record], dict[str, object]]:
        """The page cache's records of the output folder named `output` (`publish.page_cache`):
        each file's `[key, size, mtime_ns, SHA-256]` by path, and the search bundle's; nothing if unreadable."""
        if self._connection is None or os.getpid() != self._pid:
            return {}, {}
        try:
            rows = self._connection.execute("SELECT path, key, size, mtime, sha FROM records WHERE output = ?", (output,)).fetchall()
            bundle = self._connection.execute("SELECT value FROM bundles WHERE output = ?", (output,)).fetchone()
            search = json.loads(bundle[0]) if bundle else {}
        except (sqlite3.Error, ValueError):
            return {}, {}
        return {path: [key, size, mtime, sha] for path, key, size, mtime, sha in rows}, search if isinstance(search, dict) else {}

    def put_file_records(self, output: str, changed: Mapping[str, Record], removed: Iterable[str], search: dict[str, object]) -> None:
        """Record what changed in an output folder since `file_records`; failing never fails the build."""
        if os.getpid() != self._pid or self._path is None:
            return
        if self._connection is None:
            self._connection = _connect(self._path, self._epoch)
        if self._connection is None:
            return
        try:
            with self._connection as connection:
                connection.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?)",
                                       [(output, path, *record) for path, record in sorted(changed.items())])
                connection.executemany("DELETE FROM records WHERE output = ? AND path = ?", [(output, path) for path in sorted(removed)])
                connection.execute("INSERT OR REPLACE INTO bundles VALUES (?, ?)", (output, json.dumps(search, separators=(",", ":"), sort_keys=True)))
            (self._path.parent / "pages.json").unlink(missing_ok=True)  # where versions before this one kept the records
        except (OSError, sqlite3.Error):
            pass

    def close(self) -> None:
        if self._connection is not None and os.getpid() == self._pid:
            self._connection.close()
        self._connection = None


def _meta_number(connection: sqlite3.Connection, name: str) -> int:
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row is not None and str(row[0]).isdigit() else 0


def _connect(path: Path, epoch: str) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(exist_ok=True)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        connection = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        with connection:
            connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
            connection.execute("CREATE TABLE IF NOT EXISTS results (step TEXT, key TEXT, value TEXT, PRIMARY KEY (step, key)) WITHOUT ROWID")
            # The page cache's records (publish/page_cache.py), by output folder: not results of the epoch's code, never pruned.
            connection.execute("CREATE TABLE IF NOT EXISTS records (output TEXT, path TEXT, key TEXT, size INTEGER, mtime INTEGER, sha TEXT, "
                               "PRIMARY KEY (output, path)) WITHOUT ROWID")
            connection.execute("DROP TABLE IF EXISTS files")  # the records as versions before this one kept them (with each file's inode)
            connection.execute("CREATE TABLE IF NOT EXISTS bundles (output TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
            row = connection.execute("SELECT value FROM meta WHERE name = 'epoch'").fetchone()
            if row is None or row[0] != epoch:
                connection.execute("DELETE FROM results")
                connection.execute("DELETE FROM meta WHERE name IN ('kept', 'added')")
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('epoch', ?)", (epoch,))
        return connection
    except (OSError, sqlite3.Error):
        return None


def _tracked(root: Path) -> bool:
    """Whether git tracks a file in the site's cache folder (then it came with the content, not from a build)."""
    if not (root / CACHE_DIR).exists():
        return False
    try:
        result = subprocess.run(["git", "-C", str(root), "ls-files", "--", CACHE_DIR], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(result.stdout.strip())
