"""Walk a site folder and read every content file once into a SourceFile.

Where a file sits decides what it is (city, guide section, event, handbook chapter) and
which language it is in; nothing here knows about other files (see assemble.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.errors import ErrorReport, Location, display_path
from generator.fields import is_slug, slugify_hint
from generator.frontmatter import Document, Path_, normalise_text, parse_yaml, split
from generator.history import FileHistory, read_history

Kind = Literal["city", "section", "event", "chapter"]
MAX_FILE_BYTES = 4 * 1024 * 1024
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


def load_site(root: Path, report: ErrorReport, git_history: bool = True) -> SiteSource | None:
    """Read site.yaml and content/; None if site.yaml itself cannot be read."""
    settings_path = root / "site.yaml"
    if not root.is_dir():
        report.add(Location(str(root), 1), "no such folder")
        return None
    if not settings_path.is_file():
        report.add(Location("site.yaml", 1), f"no site.yaml in {root}: is this a Chapters site folder?")
        return None
    settings: dict[str, Any] = {}
    settings_locations: dict[Path_, Location] = {(): Location("site.yaml", 1)}
    text = _read(settings_path, root, report)
    if text is not None:
        parsed = parse_yaml(text, "site.yaml", report)
        if parsed is not None:
            if isinstance(parsed[0], dict):
                settings, settings_locations = parsed[0], parsed[1]
            elif parsed[0] is not None:
                report.add(Location("site.yaml", 1), "site.yaml must be `key: value` lines")
    content = root / "content"
    files: list[SourceFile] = []
    city_folders = _folders(content / "cities", root, report)
    event_folders = _folders(content / "events", root, report)
    for city in city_folders:
        if not (content / "cities" / city / "index.md").is_file():
            report.add(Location(f"content/cities/{city}", 1), f"city folder without `index.md`: add `content/cities/{city}/index.md` with the city's name, country and timezone")
        for path in _markdown_files(content / "cities" / city, root, report):
            files.extend(_source(path, root, "city" if path.name.split(".")[0] == "index" else "section", city, report))
    for city in event_folders:
        for path in _markdown_files(content / "events" / city, root, report):
            files.extend(_source(path, root, "event", city, report))
    for path in _markdown_files(content / "handbook", root, report):
        files.extend(_source(path, root, "chapter", None, report))
    if content.is_dir():
        for entry in sorted(content.iterdir()):
            if entry.name not in ("cities", "events", "handbook") and entry.name not in IGNORED_NAMES:
                report.add(Location(display_path(entry, root), 1), "unexpected entry in content/: only cities/, events/ and handbook/ belong here")
    else:
        report.add(Location("content", 1), "no content/ folder")
    history = read_history(root) if git_history else {}
    assets = _assets(root / "static", root, report)
    return SiteSource(root, settings, settings_locations, tuple(files), tuple(city_folders), tuple(event_folders), history, assets)


def _assets(folder: Path, root: Path, report: ErrorReport) -> tuple[str, ...]:
    """Images and files ambassadors link from pages (`static/images/x.jpg` → `/images/x.jpg`)."""
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in IGNORED_NAMES and not path.name.startswith(".") and _inside(path, root, report):
            found.append(path.relative_to(folder).as_posix())
    return tuple(found)


def _folders(parent: Path, root: Path, report: ErrorReport) -> list[str]:
    if not parent.is_dir():
        return []
    names = []
    for entry in sorted(parent.iterdir()):
        if entry.name in IGNORED_NAMES or entry.name.startswith("."):
            continue
        if not entry.is_dir():
            report.add(Location(display_path(entry, root), 1), f"unexpected file: {parent.name}/ holds one folder per city")
            continue
        if not _inside(entry, root, report):
            continue
        if not is_slug(entry.name):
            report.add(Location(display_path(entry, root), 1), _bad_slug(entry.name, "folder"))
            continue
        names.append(entry.name)
    return names


def _markdown_files(folder: Path, root: Path, report: ErrorReport) -> list[Path]:
    """The `.md` files of one folder; other files are assets, sub-folders are not allowed."""
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.name in IGNORED_NAMES or entry.name.startswith("."):
            continue
        if entry.is_dir():
            report.add(Location(display_path(entry, root), 1), "unexpected folder: content files sit directly in their city or handbook folder")
        elif entry.suffix == ".md" and _inside(entry, root, report):
            found.append(entry)
    return found


def _inside(path: Path, root: Path, report: ErrorReport) -> bool:
    """Refuse symlinks that lead out of the site folder: a pull request must not read the host."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        report.add(Location(display_path(path, root), 1), "links to a place outside the site folder; content must live inside it")
        return False
    return True


def _read(path: Path, root: Path, report: ErrorReport) -> str | None:
    shown = display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add(Location(shown, 1), f"file is {size / 1024 / 1024:.1f} MiB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MiB per file")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report.add(Location(shown, 1), f"cannot read this file: {exc.strerror or exc}")
        return None
    return normalise_text(raw, shown, report)


def _source(path: Path, root: Path, kind: Kind, city: str | None, report: ErrorReport) -> list[SourceFile]:
    shown = display_path(path, root)
    stem = path.name[: -len(".md")]
    slug, _, lang = stem.partition(".")
    if not is_slug(slug) or (lang and not lang.isalpha()):
        report.add(Location(shown, 1), _bad_slug(stem, "file"))
        return []
    text = _read(path, root, report)
    document = split(text, shown, report) if text is not None else None
    if document is None:
        return []
    return [SourceFile(kind, shown, slug, city, lang or None, document)]


def _bad_slug(name: str, what: str) -> str:
    slug, dot, lang = name.partition(".")
    hint = slugify_hint(slug) + (f".{lang.lower()}" if dot and lang.isalpha() else "")
    suggestion = f"; rename it to `{hint}`" if hint and hint != name else ""
    return f"bad {what} name `{name}`: use lowercase a-z, 0-9 and `-` only{suggestion}"
