"""Which pages need rendering: a page whose inputs did not change keeps its file from the last build.

A page's key is a digest of everything its HTML is made from:

- the page as planned: its address, template, Markdown body and view data, through
  `repr`. The model is frozen dataclasses, pydantic models, tuples and plain values,
  whose `repr` shows every field in a fixed order (pickle would not do: a pydantic model
  pickles the *set* of fields given, in an order that changes with PYTHONHASHSEED);
- the renderer's inputs: the theme's templates and translation catalogs, the site's
  title, address and languages, the generator's own code and the versions of the
  libraries that shape the bytes (see `renderer_key`).

The memo's database (`.chapters-cache/build.sqlite`, publish/store.py) keeps the last
build's key of every page with the size, modification time and SHA-256 of the file
it produced, one row per file (a rebuild writes the rows that changed, not all 87,000 of a
40k network), so a file changed or replaced by hand
since then is rendered again. Every other file of the output (calendars, feeds, static
files) is recorded the same way, its key being the digest of its bytes (`core.keep.file_key`),
so that the calendars and feeds of a city whose inputs did not change are kept unread. The search index is keyed the same way, by the keys of every
page it indexes: when none changed, the last bundle is kept and Pagefind is not run.

The cache only ever saves work: a missing, unreadable or foreign file means "render".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.core.options import Theme
from generator.output.search import Bundle, Language
from generator.plan.pages import Page
from generator.publish.cache import code_digest, library_versions, output_name
from generator.publish.output_files import OutputFiles, State
from generator.publish.store import Store

_LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "babel", "pagefind-bin")


def renderer_key(theme: Theme, title: str, base_url: str, languages: tuple[str, ...]) -> str:
    """Everything a page's HTML depends on besides the page itself."""
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, library_versions(_LIBRARIES), title, base_url, list(languages)]).encode())
    for name in [*theme.names("templates"), *(name for name in theme.names("locale") if name.endswith(".po"))]:
        digest.update(name.encode() + b"\0" + theme.read(name) + b"\0")  # through the theme's checked listing
    digest.update(code_digest().encode())  # the generator's code: a fix in a view or a filter shows at once
    return digest.hexdigest()


def page_key(renderer: str, page: Page) -> str:
    return hashlib.sha256(f"{renderer}\0{page!r}".encode()).hexdigest()


def _is_record(record: list[object]) -> bool:
    key, size, mtime, sha = record
    return isinstance(key, str) and isinstance(size, int) and isinstance(mtime, int) and isinstance(sha, str | None)


def _unchanged(size: object, mtime: object, state: State | None) -> bool:
    """Whether a file the walk found (`state`) has the size and time recorded: the test of a
    kept file, a record's digest and the search bundle alike (not the inode: see `is_current`)."""
    return state is not None and size == state[0] and mtime == state[1]


def _listed(state: State | None) -> list[int] | None:
    return list(state) if state is not None else None


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def search_key(page_keys: Iterable[str], extra: bytes) -> str:
    """The search index's inputs: every indexed page's key, and any other HTML (`extra`)."""
    digest = hashlib.sha256(extra)
    for key in page_keys:
        digest.update(key.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class PageCache:
    """The last build's page keys and search bundle for one output folder, as read at the start of a build."""

    root: Path
    out: Path
    previous: Mapping[str, list[object]] = field(default_factory=dict)
    """Output path → [key, size, mtime_ns, SHA-256] of the file the last build left there."""
    previous_search: Mapping[str, object] = field(default_factory=dict)
    """The last search bundle: {"key": its search key, "files": {output path: [size, mtime_ns]},
    "languages": {language: {"key": its pages' search key, "bundle": `Language.to_json`}}}."""
    files: OutputFiles = field(default_factory=lambda: OutputFiles(Path()), repr=False, compare=False)
    """The output's files as this build's one walk found them (`OutputFiles`): no `lstat` per file here."""

    store: Store | None = field(default=None, repr=False, compare=False)
    """Where the records are kept (`Store.file_records`)."""

    @classmethod
    def load(cls, root: Path, out: Path, files: OutputFiles, store: Store) -> PageCache:
        pages, search = store.file_records(output_name(root, out))
        found = {path: record for path, record in pages.items() if _is_record(record)}
        return cls(root, out, found, search, files, store)

    def is_current(self, path: str, key: str) -> bool:
        """Whether the output already holds the file made from `key` at `path` (a question only: nothing is recorded).

        The file's size and modification time (to the nanosecond), as the build's walk of the
        output found them, say so; its inode need not be the same, so that an output restored
        from elsewhere with its times (CI restores the last build of main with its cache: every
        file new to the file system) is not read again. A file whose time differs (a restore
        in whole seconds, an edit by hand) is read and compared with the digest instead."""
        entry = self.previous.get(path)
        if entry is None or entry[0] != key:
            return False
        state = self.files.state(path)
        if state is None or entry[1] != state[0]:
            return False
        return _unchanged(entry[1], entry[2], state) or entry[3] == _digest(self.out / path)

    def key_of(self, path: str) -> str | None:
        """The key the last build made the file at `path` from (a page's key; the digest of any other file's bytes)."""
        entry = self.previous.get(path)
        return entry[0] if entry is not None and isinstance(entry[0], str) else None

    def search_bundle(self, key: str) -> list[str] | None:
        """The last bundle's files when it was made from `key` and is still intact; else None."""
        files = self.previous_search.get("files")
        if self.previous_search.get("key") != key or not isinstance(files, dict) or not files:
            return None
        if not self._bundle_intact(files, files):
            return None
        return sorted(files)

    def _bundle_intact(self, recorded: Mapping[object, object], paths: Iterable[str]) -> bool:
        """Whether each of the bundle's files at `paths` is as the last build recorded it (`recorded`: path → [size, mtime_ns])."""
        return all(isinstance(state := recorded.get(path), list) and len(state) >= 2 and _unchanged(state[0], state[1], self.files.state(path))
                   for path in paths)

    def search_languages(self, keys: Mapping[str, str]) -> dict[str, Language]:
        """The languages of the last bundle whose pages' key (`search_key` over the language's
        pages) is in `keys` and whose own files are still intact: their index need not be made again."""
        files, languages = self.previous_search.get("files"), self.previous_search.get("languages")
        if not isinstance(files, dict) or not isinstance(languages, dict):
            return {}
        found: dict[str, Language] = {}
        for lang, key in keys.items():
            record = languages.get(lang)
            if not isinstance(record, dict) or record.get("key") != key:
                continue
            try:
                language = Language.from_json(record.get("bundle"))
            except ValueError:
                continue
            if self._bundle_intact(files, Bundle.paths(language)):
                found[lang] = language
        return found

    def last_languages(self) -> Mapping[str, object]:
        """The last bundle's languages as recorded, for a build that keeps the bundle whole."""
        languages = self.previous_search.get("languages")
        return languages if isinstance(languages, dict) else {}

    def save(self, keys: Mapping[str, str], search_key: str, bundle: Iterable[str], digests: Mapping[str, str] | None = None,
             languages: Mapping[str, object] | None = None) -> None:
        """Record this build's keys (output path → key) with the files now in the output, as
        `files` holds them (walked at the start, refreshed where the build wrote). `digests`:
        the SHA-256 of the files this build made, from their bytes (each file is read again otherwise)."""
        made = digests or {}
        pages: dict[str, list[object]] = {}
        for path, key in keys.items():
            state = self.files.state(path)
            if state is not None:
                earlier = self.previous.get(path)
                same = earlier is not None and _unchanged(earlier[1], earlier[2], state)
                digest = made.get(path) or (earlier[3] if same and earlier is not None else _digest(self.out / path))
                pages[path] = [key, *state, digest]
        search: dict[str, object] = {"key": search_key, "files": {path: _listed(self.files.state(path)) for path in bundle}, "languages": dict(languages or {})}
        if self.store is not None:
            changed = {path: record for path, record in pages.items() if self.previous.get(path) != record}
            self.store.put_file_records(output_name(self.root, self.out), changed, self.previous.keys() - pages.keys(), search)
