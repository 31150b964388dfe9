"""The full-text search index: Pagefind, run once over the staged output, one index per language.

Pagefind reads the HTML that `write.publish` has staged and writes its bundle into a
scratch folder; the bundle comes back as files for `publish` to write, so the output is
still written by `write.py` alone, and a failed index leaves the published site as it was.
Pagefind finds each page's language in `<html lang>` and indexes only what the templates
mark with `data-pagefind-body` (city, guide, event and handbook pages).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pagefind.service import get_executable

from generator.core import urls

ENTRY = "pagefind-entry.json"


class SearchIndexFailed(RuntimeError):
    """Pagefind could not be run, or did not finish: the build stops before the swap."""


@dataclass(frozen=True)
class Language:
    """One language's part of the bundle: its item of `pagefind-entry.json` and its own files
    (its fragments, index chunks, metadata and stemmer), by their paths in the bundle."""

    entry: Mapping[str, Any]
    files: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"entry": dict(self.entry), "files": list(self.files)}

    @classmethod
    def from_json(cls, value: object) -> Language:
        """The inverse of `to_json`; ValueError for anything else (a damaged record is a miss)."""
        if not isinstance(value, dict) or not isinstance(value.get("entry"), dict) or not isinstance(value.get("files"), list) \
                or not all(isinstance(name, str) for name in value["files"]):
            raise ValueError("not a language's bundle")
        return cls(value["entry"], tuple(value["files"]))


@dataclass(frozen=True)
class Bundle:
    files: list[tuple[str, bytes]]
    """The files made, by their path in the output: every file of the bundle but the kept languages' own."""
    languages: Mapping[str, Language]
    """Every language's part, made or kept."""

    @staticmethod
    def paths(language: Language) -> list[str]:
        """A language's own files by their paths in the output."""
        return [f"{urls.SEARCH_BUNDLE}/{name}" for name in language.files]


def index(staging: Path, languages: tuple[str, ...], kept: Mapping[str, Language] = MappingProxyType({})) -> Bundle:
    """Index the HTML below `staging`; return Pagefind's bundle as (path in the output, bytes).

    Pagefind runs once per language, on that language's pages that may hold searchable
    text (`urls.searchable_glob`, built from the URL contract), and the bundles are merged:
    each language's index files are its own, the shared files are the same in every run
    (checked), and `pagefind-entry.json` lists every language. One language at a time
    needs half the memory of all at once (docs/decisions.md, Speed). A language in `kept`
    (none of its pages changed since the bundle it describes) is not indexed again: its own
    files stay in the output as they are (the caller keeps them), and its item of the entry
    file is the one it recorded; at least one other language is indexed.
    """
    executable = get_executable()  # pagefind_bin's (or pagefind_bin_extended's) binary, or $PAGEFIND_BINARY_PATH
    if executable is None:
        raise SearchIndexFailed("the Pagefind binary is missing: pip install 'pagefind[bin]'")
    files: dict[str, bytes] = {}
    entry: dict[str, Any] | None = None
    found: dict[str, Language] = {}
    with tempfile.TemporaryDirectory(prefix="chapters-search-") as scratch:
        for lang in languages:
            if lang in kept:
                continue
            bundle = _run(executable, staging, Path(scratch) / lang, urls.searchable_glob(lang, languages[0]))
            part = json.loads((bundle / ENTRY).read_bytes())
            if entry is None:
                entry = part
            elif (part["version"], part.get("include_characters")) != (entry["version"], entry.get("include_characters")):
                raise SearchIndexFailed(f"Pagefind wrote a different {ENTRY} for {lang}: cannot merge the languages")
            else:
                entry["languages"].update(part["languages"])
            names = []
            for path in sorted(bundle.rglob("*")):
                name = path.relative_to(bundle).as_posix()
                if not path.is_file() or name == ENTRY:
                    continue
                names.append(name)
                data = path.read_bytes()
                if files.setdefault(name, data) != data:
                    raise SearchIndexFailed(f"Pagefind wrote two different {name}: cannot merge the languages")
            item = part["languages"].get(lang)
            if not isinstance(item, dict):
                raise SearchIndexFailed(f"Pagefind's {ENTRY} for {lang} does not list {lang}")
            found[lang] = Language(item, tuple(name for name in names if _owned(name, lang, item)))
    if entry is None:
        raise SearchIndexFailed("no language to index: the bundle would be the last one, kept whole")
    for lang, language in kept.items():
        entry["languages"][lang] = dict(language.entry)
        found[lang] = language
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Bundle([(f"{urls.SEARCH_BUNDLE}/{name}", normalized(name.rsplit("/", 1)[-1], data)) for name, data in sorted(files.items())], found)


def _owned(name: str, lang: str, item: Mapping[str, Any]) -> bool:
    """Whether a file of a language's run is that language's own (its fragments, index chunks,
    metadata and stemmer, named after it), not one every run writes alike (the scripts)."""
    wasm = item.get("wasm")
    return (name.startswith((f"fragment/{lang}_", f"index/{lang}_", f"filter/{lang}_")) or name == f"pagefind.{item.get('hash')}.pf_meta"
            or (wasm not in (None, "unknown") and name == f"wasm.{wasm}.pagefind"))


def _run(executable: Path, staging: Path, scratch: Path, glob: str) -> Path:
    """Run Pagefind once; return the folder of the bundle it wrote."""
    scratch.mkdir()
    bundle = scratch / urls.SEARCH_BUNDLE
    command = [str(executable), "--site", str(staging), "--output-path", str(bundle), "--quiet", "--glob", glob]
    # An empty working folder and no PAGEFIND_* variables: no pagefind.yml or environment
    # of the caller can change what is indexed, so two builds give the same bytes.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(command, cwd=scratch, env=environment, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexFailed(f"Pagefind could not be started: {exc}") from exc
    if result.returncode != 0 or not (bundle / ENTRY).is_file():
        output = "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())
        raise SearchIndexFailed(f"Pagefind failed (exit status {result.returncode}):\n{output}")
    return bundle


def normalized(name: str, data: bytes) -> bytes:
    """The file's bytes in an order that does not vary between runs.

    Pagefind names its fragment and index files after a hash of their content, so those are
    stable (filter files would not be, so the templates set no filters: docs/decisions.md);
    only `pagefind-entry.json` lists the languages in a hash map's varying order. Each
    language's fields are sorted too: a kept language's come from the page cache's record.
    """
    if name != ENTRY:
        return data
    entry = json.loads(data)
    entry["languages"] = {lang: dict(sorted(item.items())) for lang, item in sorted(entry["languages"].items())}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
