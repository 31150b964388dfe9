"""Walk a site folder and read every content file once into a SourceFile.

Where a file sits decides what it is (city, guide section, event, handbook chapter) and
which language it is in, as the route table says (`core/routes.py`); nothing here knows
about other files (see assemble.py).
"""

from __future__ import annotations

import hashlib
import operator
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.core import routes
from generator.core.errors import ErrorReport, Location, display_path
from generator.core.limits import MAX_ASSET_BYTES, MAX_CITIES, MAX_CONTENT_BYTES, MAX_EVENTS, MAX_EVENTS_PER_CITY, MAX_FILE_BYTES
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.text import is_slug, printable, slugify_hint
from generator.source import changed, kept
from generator.source.frontmatter import Document, Path_, normalise_text, parse_yaml, split
from generator.source.history import FileHistory, head, read_history

Kind = routes.Kind
IGNORED_NAMES = {".DS_Store", "Thumbs.db", ".gitkeep", "desktop.ini"}


@dataclass(frozen=True)
class SourceFile:
    """One content file: what it is, where it sits, and its split text."""

    kind: Kind
    path: str
    """Path relative to the site folder, as shown in messages."""
    slug: str
    city: str | None
    """The city folder the file belongs to (cities, sections and events)."""
    lang: str | None
    """The language suffix (`de` in `index.de.md`); None for the default-language file."""
    document: Document


@dataclass(frozen=True)
class Listing:
    """What the folders of a site hold (`_list`), for a later load that finds them unchanged."""

    city_folders: tuple[str, ...]
    event_folders: tuple[str, ...]
    place_folders: tuple[str, ...]
    group_folders: tuple[str, ...]
    files: tuple[str, ...]
    """Every Markdown file to read, relative to the site, in reading order."""
    assets: tuple[str, ...]


@dataclass(frozen=True)
class SiteSource:
    """Everything read from disk: site.yaml's data and every content file."""

    root: Path
    settings: dict[str, Any]
    settings_locations: dict[Path_, Location]
    files: tuple[SourceFile, ...]
    city_folders: tuple[str, ...]
    event_folders: tuple[str, ...]
    history: dict[str, FileHistory]
    """Git history per file path; empty outside a repository."""
    assets: tuple[str, ...]
    """Files under `static/`, relative to it; published at the same path from the site root."""
    place_folders: tuple[str, ...] = ()
    """The city folders of `content/directory/` (recommendations), as `event_folders` for events."""
    group_folders: tuple[str, ...] = ()
    """The city folders of `content/groups/` (interest groups)."""
    states: Mapping[str, FileState] = field(default_factory=dict)
    """The state of each file read without a problem, by path: a later load given this one
    (`earlier`) takes such a file as it is when its state has not changed."""
    history_at: str | None = None
    """The commit `history` was read at (None outside git): a later load given this one (serve)
    takes the history as it is while the same commit is checked out."""
    listing: Listing | None = None
    """The folders as listed, for a later load given this one whose changes are only edits (`_only_edited`)."""
    grouped: tuple[tuple[SourceFile, ...], Mapping[str | None, tuple[SourceFile, ...]]] | None = None
    """Some files and them by city, as the load grouped them (`by_city`): used while they are `files`."""

    @cached_property
    def by_city(self) -> Mapping[str | None, tuple[SourceFile, ...]]:
        """`files` by the city they belong to (None: the handbook's), each in reading order. A load
        given an earlier one keeps the earlier tuple of a city whose files were all taken as they
        were, so what was made from them can be found by its identity (`core.identity`)."""
        if self.grouped is not None and self.grouped[0] is self.files:
            return self.grouped[1]
        return _by_city(self.files, None)


def _by_city(files: tuple[SourceFile, ...], earlier: SiteSource | None) -> dict[str | None, tuple[SourceFile, ...]]:
    grouped: dict[str | None, list[SourceFile]] = {}
    for file in files:
        grouped.setdefault(file.city, []).append(file)
    before = earlier.by_city if earlier is not None else {}
    found: dict[str | None, tuple[SourceFile, ...]] = {}
    for city, own in grouped.items():
        kept = before.get(city)
        found[city] = kept if kept is not None and len(kept) == len(own) and all(map(operator.is_, kept, own)) else tuple(own)
    return found


FileState = tuple[int, int, int, int]
"""A file's size, modification and change times (ns) and inode: any write changes one of them."""


def load_site(root: Path, report: ErrorReport, git_history: bool = True, earlier: SiteSource | None = None,
              memo: Memo = NO_MEMO, changed_since: str | None = None, changed: frozenset[str] | None = None) -> SiteSource | None:
    """Read site.yaml and content/; None if site.yaml itself cannot be read.

    With `earlier` (the last load of the same folder, kept by serve), a content file whose
    state has not changed since is taken from it instead of being read and parsed again.
    `memo` (a build's) keeps each file as split (`kept.py`): a file whose state an earlier
    build saw is not read, and one whose bytes it saw is not parsed. With `changed_since` (a
    git revision: `build --changed-since`), a file git says holds what that revision holds is
    found in the memo by its blob id, neither stated nor read (`_vouched`); raises
    `changed.GitUnavailable` if git cannot say. With `changed` as well as `earlier` (serve: the
    paths its file events named since), a file `earlier` read that is not among them is taken
    as it was without a stat, and when every path among them is such a file, still a plain
    file, the folders are not listed again either (`_only_edited`)."""
    settings_path = root / routes.SETTINGS_FILE
    if not root.is_dir():
        report.add(Location(str(root), 1), "no such folder")
        return None
    if not settings_path.is_file():
        report.add(Location(routes.SETTINGS_FILE, 1), f"no site.yaml in {root}: is this a Chapters site folder?")
        return None
    settings: dict[str, Any] = {}
    settings_locations: dict[Path_, Location] = {(): Location(routes.SETTINGS_FILE, 1)}
    text = _read(settings_path, root, report) if _inside(settings_path, root, report) else None
    if text is None:  # too big, not UTF-8 or outside the site: the one error says so
        return None
    parsed = parse_yaml(text, routes.SETTINGS_FILE, report)
    if parsed is not None:
        if isinstance(parsed[0], dict):
            settings, settings_locations = parsed[0], parsed[1]
        elif parsed[0] is not None:
            report.add(Location(routes.SETTINGS_FILE, 1), "site.yaml must be `key: value` lines")
    listing = earlier.listing if earlier is not None and earlier.listing is not None and _only_edited(root, earlier, changed) else None
    if listing is None:  # else serve's usual save: the folders hold what they held
        listing = _list(root, report)
    city_folders, event_folders, place_folders, group_folders = listing.city_folders, listing.event_folders, listing.place_folders, listing.group_folders
    files: list[SourceFile] = []
    states: dict[str, FileState] = {}
    for step in (kept.STATE_STEP, kept.BLOB_STEP, kept.STEP):
        memo.prefetch(step)  # one query each instead of one per file (three per file at 40k: 31,000)
    vouched = _vouched(root, listing.files, memo, changed_since) if changed_since is not None else {}
    trusted = earlier.states if earlier is not None and changed is not None else {}
    edited = changed or frozenset()
    found: dict[str, FileState | None] = {}  # by path relative to the site
    for shown in listing.files:
        if shown in vouched:
            found[shown] = None
        else:
            found[shown] = trusted[shown] if shown in trusted and shown not in edited else _state(root / shown)
    total = sum(state[0] for state in found.values() if state is not None) + sum(size for _, size in vouched.values())
    if total > MAX_CONTENT_BYTES:
        report.add(Location("content", 1), f"content/ holds {total / 1024 / 1024:.1f} MiB of Markdown; the limit is {MAX_CONTENT_BYTES / 1024 / 1024:g} MiB (docs/content.md, Limits)")
    else:
        known = {file.path: file for file in earlier.files} if earlier is not None else {}
        for shown, state in found.items():
            if state is not None and shown in known and earlier is not None and earlier.states.get(shown) == state:
                files.append(known[shown])
                states[shown] = state
                continue
            path = root / shown
            problems = len(report.errors) + len(report.warnings)
            read = _source(path, root, report, memo, state, vouched[shown][0] if shown in vouched else None)
            files.extend(read)
            if read and state is not None and len(report.errors) + len(report.warnings) == problems and _state(path) == state:
                states[shown] = state  # read without a problem, and not changed while it was read
    at = head(root) if git_history else None
    if earlier is not None and git_history and earlier.history_at == at and (at is not None or not earlier.history):
        history = earlier.history  # the same commit: the same history (and one object, for `core.identity`)
    else:
        history = read_history(root) if git_history else {}
    every = tuple(files)
    return SiteSource(root, settings, settings_locations, every, city_folders, event_folders, history, listing.assets,
                      place_folders, group_folders, states, at, listing, (every, _by_city(every, earlier)))


def _list(root: Path, report: ErrorReport) -> Listing:
    """The folders and files of content/ and static/, every problem with them reported."""
    content = root / routes.CONTENT_FOLDER
    inside = not content.exists() or _inside(content, root, report)
    city_folders = _folders(root / routes.CITY.top, root, report) if inside else []
    event_folders = _folders(root / routes.EVENT.top, root, report) if inside else []
    place_folders = _folders(root / routes.PLACE.top, root, report) if inside else []
    group_folders = _folders(root / routes.GROUP.top, root, report) if inside else []
    if len(city_folders) > MAX_CITIES:
        report.add(Location(routes.CITY.top, 1), f"{len(city_folders):,} city folders; the limit is {MAX_CITIES:,} (docs/content.md, Limits)")
        city_folders = []
    wanted: list[Path] = []
    for city in city_folders:
        index = routes.CITY.path(city, "index")
        if not (root / index).is_file():
            report.add(Location(routes.CITY.folder_of(city).rstrip("/"), 1), f"city folder without `index.md`: add `{index}` with the city's name, country and timezone")
        wanted += _markdown_files(root / routes.CITY.folder_of(city), root, report)
    # Counted before anything is read, so that too many files are refused in a moment.
    events = {city: _markdown_files(root / routes.EVENT.folder_of(city), root, report) for city in event_folders}
    originals = {city: sum(1 for path in paths if not _is_translation(path, root)) for city, paths in events.items()}
    for city, count in originals.items():
        if count > MAX_EVENTS_PER_CITY:
            report.add(Location(routes.EVENT.folder_of(city).rstrip("/"), 1), f"{count:,} events in one city; the limit is {MAX_EVENTS_PER_CITY:,} (docs/content.md, Limits)")
            events[city], originals[city] = [], 0
    if sum(originals.values()) > MAX_EVENTS:
        report.add(Location(routes.EVENT.top, 1), f"{sum(originals.values()):,} events in the network; the limit is {MAX_EVENTS:,} (docs/content.md, Limits)")
        events = {}
    wanted += [path for paths in events.values() for path in paths]
    for kind, folders in ((routes.PLACE, place_folders), (routes.GROUP, group_folders)):
        for city in folders:  # their number is bounded by MAX_CONTENT_BYTES below, as the guide's sections are
            wanted += _markdown_files(root / kind.folder_of(city), root, report)
    if inside:
        wanted += _markdown_files(root / routes.CHAPTER.top, root, report)
    if not content.is_dir():
        report.add(Location("content", 1), "no content/ folder")
    elif inside:
        for entry in sorted(content.iterdir()):
            if entry.name not in routes.CONTENT_FOLDERS and entry.name not in IGNORED_NAMES:
                report.add(Location(_shown(entry, root), 1), f"unexpected entry in content/: only {_listed(routes.CONTENT_FOLDERS)} belong here")
    return Listing(tuple(city_folders), tuple(event_folders), tuple(place_folders), tuple(group_folders),
                   tuple(display_path(path, root) for path in wanted), _assets(root / routes.ASSETS_FOLDER, root, report))


def _only_edited(root: Path, earlier: SiteSource, changed: frozenset[str] | None) -> bool:
    """Whether the only files that may have changed (serve's file events, `changed`) are content
    files `earlier` read without a problem, still plain files: then every folder holds what it
    held, and need not be listed again. Any other path (new, removed, a folder, a link, a
    static file, site.yaml) has the folders listed."""
    if changed is None:
        return False
    for shown in changed:
        if shown not in earlier.states:
            return False
        try:
            if not stat.S_ISREG(os.lstat(root / shown).st_mode):
                return False
        except OSError:
            return False
    return True


def _vouched(root: Path, wanted: tuple[str, ...], memo: Memo, revision: str) -> dict[str, tuple[str, int]]:
    """The files (relative to the site) git says hold exactly what `revision` holds
    (`changed.unchanged_blobs`: one listing for all of them) and whose blob id an earlier build
    read: the SHA-256 of their bytes and their size, from the memo, without a stat or a read.
    A symlink is never among them (git lists the link, not what it points to), nor a file the
    memo does not know."""
    blobs = changed.unchanged_blobs(root, revision, routes.CONTENT_FOLDER)
    found: dict[str, tuple[str, int]] = {}
    for shown in wanted:
        blob = blobs.get(shown)
        hit = kept.blob_hit(memo.get(kept.BLOB_STEP, blob)) if blob is not None else None
        if hit is not None:
            found[shown] = hit
    return found


def _listed(folders: tuple[str, ...]) -> str:
    """`cities/, events/, handbook/, directory/ and groups/`."""
    names = [f"{folder}/" for folder in folders]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _assets(folder: Path, root: Path, report: ErrorReport) -> tuple[str, ...]:
    """Images and files ambassadors link from pages (`static/images/x.jpg` → `/images/x.jpg`)."""
    if not folder.is_dir() or not _inside(folder, root, report):
        return ()
    found = []
    for path in sorted(folder.rglob("*")):  # symlinked folders are listed, not entered
        if path.name in IGNORED_NAMES or path.name.startswith(".") or not _entry_inside(path, root, report):
            continue
        if path.is_file():
            size = _size(path)
            if size > MAX_ASSET_BYTES:
                report.add(Location(_shown(path, root), 1), f"file is {size / 1024 / 1024:.1f} MiB; files in static/ may be at most {MAX_ASSET_BYTES // 1024 // 1024} MiB (docs/content.md, Limits)")
                continue
            found.append(path.relative_to(folder).as_posix())
    return tuple(found)


def _folders(parent: Path, root: Path, report: ErrorReport) -> list[str]:
    if not parent.is_dir() or not _inside(parent, root, report):
        return []
    names = []
    for entry in sorted(parent.iterdir()):
        if entry.name in IGNORED_NAMES or entry.name.startswith("."):
            continue
        if not entry.is_dir():
            report.add(Location(_shown(entry, root), 1), f"unexpected file: {parent.name}/ holds one folder per city")
            continue
        if not _entry_inside(entry, root, report):
            continue
        if not is_slug(entry.name):
            report.add(Location(_shown(entry, root), 1), _bad_slug(entry.name, "folder"))
            continue
        names.append(entry.name)
    return names


def _markdown_files(folder: Path, root: Path, report: ErrorReport) -> list[Path]:
    """The `.md` files of one folder; other files are assets, sub-folders are not allowed."""
    if not folder.is_dir() or not _inside(folder, root, report):
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name in IGNORED_NAMES or entry.name.startswith("."):
            continue
        if entry.is_dir():
            report.add(Location(_shown(entry, root), 1), "unexpected folder: content files sit directly in their city or handbook folder")
        elif entry.suffix == routes.MARKDOWN and _entry_inside(entry, root, report):
            if entry.is_file():
                found.append(entry)
            else:  # a pipe or device would block or never end; a broken link has nothing to read
                report.add(Location(_shown(entry, root), 1), "not a regular file (a broken link, pipe or device?): content files are plain files")
    return found


def _inside(path: Path, root: Path, report: ErrorReport) -> bool:
    """Refuse symlinks that lead out of the site folder: a pull request must not read the host."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        report.add(Location(_shown(path, root), 1), "links to a place outside the site folder; content must live inside it")
        return False
    return True


def _entry_inside(entry: Path, root: Path, report: ErrorReport) -> bool:
    """`_inside` for an entry of a folder already found inside the site: only a link can lead
    out of it, so only links are resolved (resolving every file of a 40,000-page network cost
    a second on each build)."""
    return not entry.is_symlink() or _inside(entry, root, report)


def _shown(path: Path, root: Path) -> str:
    """The path for messages, with control characters and undecodable bytes in names escaped,
    so that a file name cannot write lines of its own into a terminal or CI log."""
    return printable(display_path(path, root))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _state(path: Path) -> FileState | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def _read(path: Path, root: Path, report: ErrorReport) -> str | None:
    raw = _read_bytes(path, root, report)
    return normalise_text(raw, display_path(path, root), report) if raw is not None else None


def _read_bytes(path: Path, root: Path, report: ErrorReport) -> bytes | None:
    shown = display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(Location(shown, 1), f"file is {size / 1024:,.0f} KiB; the limit is {MAX_FILE_BYTES // 1024:,} KiB (1 MiB) per file: split it (docs/content.md, Limits)")
            return None
        with path.open("rb") as handle:  # never more than the limit, even if the file grows meanwhile
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            report.add(Location(shown, 1), f"file is over {MAX_FILE_BYTES // 1024:,} KiB (1 MiB), the limit per file: split it (docs/content.md, Limits)")
            return None
    except OSError as exc:
        report.add(Location(shown, 1), f"cannot read this file: {exc.strerror or exc}")
        return None
    return raw


def _placed(path: Path, root: Path) -> routes.ContentFile:
    """What a Markdown file found in a content folder is, from its place (the route table)."""
    placed = routes.content_file(display_path(path, root))
    assert placed is not None and placed.kind.name != "site", path  # only content folders' `.md` files are walked
    return placed


def _is_translation(path: Path, root: Path) -> bool:
    return _placed(path, root).lang is not None


def _source(path: Path, root: Path, report: ErrorReport, memo: Memo = NO_MEMO, state: FileState | None = None,
            vouched: str | None = None) -> list[SourceFile]:
    shown = display_path(path, root)
    placed = _placed(path, root)
    slug, lang = placed.slug, placed.lang
    if not is_slug(slug) or (lang is not None and not (lang.isascii() and lang.isalpha())):  # `a..md` is not `a.md`
        report.add(Location(_shown(path, root), 1), _bad_slug(placed.stem, "file"))
        return []
    document = _split(path, shown, root, report, memo, state, vouched)
    if document is None:
        return []
    return [SourceFile(routes.kind_of(placed), shown, slug, placed.city, lang or None, document)]


def _split(path: Path, shown: str, root: Path, report: ErrorReport, memo: Memo, state: FileState | None,
           vouched: str | None = None) -> Document | None:
    """The file split into front matter and body: from the memo when an earlier build split
    the same bytes at this path (only files split without a problem are kept), else read.

    The bytes are known without reading them when git vouches for them (`vouched`: their
    SHA-256, `_vouched`), or when an earlier build saw the file in this state: its state
    gives the bytes' git blob id, and the blob id their SHA-256 (`kept.py`'s steps)."""
    if vouched is not None:
        if (document := _kept(memo, shown, vouched)) is not None:
            return document
        state = _state(path)  # the same bytes at another path: read them as any new file
    at_state = digest(shown, *map(str, state)) if state is not None else None
    blob = memo.get(kept.STATE_STEP, at_state) if at_state is not None else None
    hit = kept.blob_hit(memo.get(kept.BLOB_STEP, blob)) if isinstance(blob, str) else None
    if hit is not None and (document := _kept(memo, shown, hit[0])) is not None:
        return document
    raw = _read_bytes(path, root, report)
    if raw is None:
        return None
    sha, blob = hashlib.sha256(raw).hexdigest(), kept.blob_id(raw)
    document = _kept(memo, shown, sha)
    if document is None:
        problems = len(report.errors) + len(report.warnings)
        text = normalise_text(raw, shown, report)
        document = split(text, shown, report) if text is not None else None
        if document is None or len(report.errors) + len(report.warnings) != problems:
            return document
        value = kept.to_json(document)
        if value is None:
            return document
        memo.put(kept.STEP, digest(shown, sha), value)
    memo.put(kept.BLOB_STEP, blob, [sha, len(raw)])
    if at_state is not None:
        memo.put(kept.STATE_STEP, at_state, blob)
    return document


def _kept(memo: Memo, shown: str, sha: str) -> Document | None:
    try:
        return kept.from_json(memo.get(kept.STEP, digest(shown, sha)), shown)
    except ValueError:
        return None


def _bad_slug(name: str, what: str) -> str:
    slug, dot, lang = name.partition(".")
    hint = slugify_hint(slug) + (f".{lang.lower()}" if dot and lang.isalpha() else "")
    suggestion = f"; rename it to `{hint}`" if hint and hint != name else ""
    return f"bad {what} name `{printable(name)}`: use lowercase a-z, 0-9 and `-` only{suggestion}"
