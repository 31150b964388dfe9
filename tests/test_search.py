"""The search: Pagefind's index in the output, one per language, and the /search/ page.

A small site in three languages (en, de, ru) with a Berlin flat-hunting guide translated
into all three, and a handbook chapter only in English, is built twice per module with the
pinned clock; the first build is the one read back. Running a query in a browser is left to
tests/browser/: here the index files are read as Pagefind's own JavaScript reads them
(gzip, a `pagefind_dcd` signature, then JSON for pages), which pins the format too.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import Result, run_quietly, snapshot, write_site

from generator.output import search
from generator.publish.write import MARKER_TEXT, publish

LANGUAGES = ("en", "de", "ru")
PREFIXES = {"en": "", "de": "de/", "ru": "ru/"}
SIGNATURE = b"pagefind_dcd"

SITE = {
    "site.yaml": """
        title: Search Chapters
        base_url: https://example.org/chapters/
        languages: [en, de, ru]
        description: A site for the search tests.
        """,
    "content/cities/berlin/index.md": """
        ---
        name: Berlin
        country: DE
        timezone: Europe/Berlin
        summary: Lakes and paperwork.
        ---

        Welcome to Berlin.
        """,
    "content/cities/almaty/index.md": """
        ---
        name: Almaty
        country: KZ
        timezone: Asia/Almaty
        summary: Mountains and apples.
        ---

        Welcome to Almaty.
        """,
    "content/cities/berlin/housing.md": """
        ---
        title: Finding a flat
        order: 1
        ---

        Bring your Schufa report to every flat viewing.
        """,
    "content/cities/berlin/housing.de.md": """
        ---
        title: Eine Wohnung finden
        ---

        Bring deine Schufa-Auskunft zu jeder Wohnungsbesichtigung mit.
        """,
    "content/cities/berlin/housing.ru.md": """
        ---
        title: Как найти квартиру
        ---

        Возьмите справку Schufa на каждый просмотр квартиры.
        """,
    "content/events/berlin/stammtisch.md": """
        ---
        title: Stammtisch
        start: 2026-12-03 19:00
        venue:
          name: Café Kranzler
        ---

        Come as you are.
        """,
    "content/handbook/bank-account.md": """
        ---
        title: Opening a bank account
        order: 1
        ---

        Bring your passport and your Anmeldung.
        """,
}
GUIDE = "cities/berlin/housing/"
WORDS = {"en": ("viewing", "view"), "de": ("Wohnungsbesichtigung", "wohnun"), "ru": ("квартиры", "кварти")}
"""A word from the guide's text in each language, and a start of it that the language's stemmer keeps."""
INDEXED = ["cities/almaty/", "cities/berlin/", GUIDE, "cities/berlin/events/stammtisch/", "handbook/bank-account/"]
"""The pages of every language that the templates mark for the index, as neutral paths."""


class Builds(NamedTuple):
    out: Path
    again: Path


def build(root: Path, out: Path) -> Result:
    return run_quietly(["build", str(root), "--out", str(out)])


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    base = tmp_path_factory.mktemp("search")
    root = write_site(base / "site-src", SITE)
    for out in (base / "one", base / "two"):
        result = build(root, out)
        assert result.code == 0, result.err
    return Builds(base / "one", base / "two")


@pytest.fixture(scope="module")
def out(builds: Builds) -> Path:
    return builds.out


def unpack(path: Path) -> bytes:
    """A Pagefind data file as pagefind.js reads it: gzip, then the signature."""
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(SIGNATURE), path
    return data[len(SIGNATURE) :]


def fragments(out: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every indexed page by its URL: (language of the index, the page's record)."""
    found = {}
    for path in sorted((out / "pagefind" / "fragment").glob("*.pf_fragment")):
        record = json.loads(unpack(path))
        found[record["url"]] = (path.name.split("_", 1)[0], record)
    return found


def soup(out: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((out / file).read_text(encoding="utf-8"), "html.parser")


def policy(page: BeautifulSoup) -> dict[str, str]:
    """The page's Content-Security-Policy meta tag as {directive: sources}."""
    content = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    return dict(part.strip().split(" ", 1) for part in content.split(";") if part.strip())


def target(page_file: str, href: str) -> str:
    """The output file a relative link on `page_file` points to."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), urlsplit(href).path))
    return posixpath.join(path, "index.html") if href.endswith("/") else path


# the index


def test_the_index_has_one_language_each_with_every_marked_page(out: Path) -> None:
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_bytes())
    assert list(entry["languages"]) == sorted(LANGUAGES)
    for lang in LANGUAGES:
        language = entry["languages"][lang]
        assert language["page_count"] == len(INDEXED), lang
        assert (out / "pagefind" / f"pagefind.{language['hash']}.pf_meta").is_file()
        assert (out / "pagefind" / f"wasm.{lang}.pagefind").is_file()
        assert list((out / "pagefind" / "index").glob(f"{lang}_*.pf_index")), lang


def test_pagefind_reads_every_page_that_marks_text_for_search(out: Path) -> None:
    """Pagefind is given a glob of the pages that may hold text (urls.searchable_glob): none may be left out."""
    marked = dict.fromkeys(LANGUAGES, 0)
    for path in out.rglob("*.html"):
        if "data-pagefind-body" in path.read_text(encoding="utf-8"):
            first = path.relative_to(out).parts[0]
            marked[first if first in LANGUAGES else "en"] += 1
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_bytes())
    assert {lang: entry["languages"][lang]["page_count"] for lang in LANGUAGES} == marked


def test_the_languages_indexed_one_at_a_time_give_the_bundle_of_one_run_over_the_whole_site(out: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(out, site, ignore=shutil.ignore_patterns("pagefind"))
    executable = search.get_executable()
    assert executable is not None
    subprocess.run([str(executable), "--site", str(site), "--output-path", str(tmp_path / "whole"), "--quiet"], cwd=tmp_path, check=True,
                   capture_output=True)
    whole = {path.relative_to(tmp_path / "whole").as_posix(): search.normalized(path.name, path.read_bytes())
             for path in (tmp_path / "whole").rglob("*") if path.is_file()}
    merged = {path.relative_to(out / "pagefind").as_posix(): path.read_bytes() for path in (out / "pagefind").rglob("*") if path.is_file()}
    assert merged == whole


def test_the_search_box_is_served_from_the_site_itself(out: Path) -> None:
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js"):
        assert (out / "pagefind" / name).is_file(), name


def test_each_language_indexes_its_own_pages_and_only_the_content_pages(out: Path) -> None:
    indexed = fragments(out)
    expected = {"/" + PREFIXES[lang] + path: lang for lang in LANGUAGES for path in INDEXED}
    assert {url: lang for url, (lang, _) in indexed.items()} == expected  # no listing, home, search or 404 page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_of_the_guide_is_in_its_language_index(out: Path, lang: str) -> None:
    word, stem = WORDS[lang]
    index_lang, record = fragments(out)["/" + PREFIXES[lang] + GUIDE]
    assert index_lang == lang
    assert word in record["content"]
    chunks = [unpack(path) for path in (out / "pagefind" / "index").glob(f"{lang}_*.pf_index")]
    assert any(stem.encode() in chunk for chunk in chunks)
    others = [unpack(path) for other in LANGUAGES if other != lang for path in (out / "pagefind" / "index").glob(f"{other}_*.pf_index")]
    assert not any(stem.encode() in chunk for chunk in others)


def test_an_untranslated_page_is_in_every_language_index_with_its_original_text(out: Path) -> None:
    lang, record = fragments(out)["/de/handbook/bank-account/"]
    assert lang == "de"
    assert "Bring your passport" in record["content"]


def test_results_name_the_city_of_a_guide_or_event(out: Path) -> None:
    indexed = fragments(out)
    assert indexed["/de/" + GUIDE][1]["meta"]["title"] == "Eine Wohnung finden · Berlin"
    assert indexed["/cities/berlin/events/stammtisch/"][1]["meta"]["title"] == "Stammtisch · Berlin"
    assert indexed["/handbook/bank-account/"][1]["meta"]["title"] == "Opening a bank account"


def test_the_add_to_calendar_links_are_not_indexed(out: Path) -> None:
    content = fragments(out)["/cities/berlin/events/stammtisch/"][1]["content"]
    assert "Café Kranzler" in content
    assert "Outlook" not in content and "Google" not in content


def test_two_builds_are_byte_identical_including_the_index(builds: Builds) -> None:
    one, two = snapshot(builds.out), snapshot(builds.again)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert any(name.startswith("pagefind/fragment/") for name in one)


def test_the_entry_file_lists_the_languages_in_order() -> None:
    shuffled = '{"version":"1.5.2","languages":{"ru":{"hash":"ru_1"},"en":{"hash":"en_2"},"de":{"hash":"de_3"}},"include_characters":["_","‿"]}'
    assert search.normalized("pagefind-entry.json", shuffled.encode()) == (
        '{"version":"1.5.2","languages":{"de":{"hash":"de_3"},"en":{"hash":"en_2"},"ru":{"hash":"ru_1"}},"include_characters":["_","‿"]}'
    ).encode()
    assert search.normalized("pagefind.js", b"as it is") == b"as it is"


# the /search/ page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_search_page_lists_every_chapter_the_handbook_and_the_events_without_javascript(out: Path, lang: str) -> None:
    file = PREFIXES[lang] + "search/index.html"
    page = soup(out, file)
    assert page.html["lang"] == lang
    assert page.select_one("#search") is not None
    targets = {target(file, a["href"]) for a in page.main.find_all("a")}
    for path in ("cities/almaty/", "cities/berlin/", "handbook/", "handbook/bank-account/", "events/"):
        assert PREFIXES[lang] + path + "index.html" in targets, path
    assert all((out / t).is_file() for t in targets)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_search_page_runs_only_scripts_from_the_site(out: Path, lang: str) -> None:
    file = PREFIXES[lang] + "search/index.html"
    page = soup(out, file)
    assert policy(page)["script-src"] == "'self' 'wasm-unsafe-eval'"
    scripts = page.find_all("script")
    assert [target(file, s["src"]) for s in scripts] == ["pagefind/pagefind-ui.js", "static/search.js"]
    assert all(not urlsplit(s["src"]).scheme and not s["src"].startswith("/") and not s.string for s in scripts)
    assert all((out / target(file, s["src"])).is_file() for s in scripts)


def test_every_other_page_runs_no_script(out: Path) -> None:
    pages = [p.relative_to(out).as_posix() for p in sorted(out.rglob("*.html")) if "pagefind" not in p.parts]
    assert len(pages) > 20
    for file in pages:
        if file.endswith("search/index.html"):
            continue
        assert policy(soup(out, file))["script-src"] == "'none'", file


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_links_to_the_search_page_in_the_reader_language(out: Path, lang: str) -> None:
    file = PREFIXES[lang] + GUIDE + "index.html"
    nav = soup(out, file).select_one("header nav ul.nav")
    assert PREFIXES[lang] + "search/index.html" in {target(file, a["href"]) for a in nav.find_all("a")}


# failures leave the published site alone


def failing_pagefind(folder: Path) -> Path:
    script = folder / "pagefind"
    script.write_text("#!/bin/sh\necho 'index broke' >&2\nexit 3\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_a_failed_index_leaves_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_site(tmp_path / "site-src", SITE)
    write_site(root, {"site/marker.txt": "previous build\n"})
    before = snapshot(root / "site")
    broken = failing_pagefind(tmp_path)
    monkeypatch.setattr(search, "get_executable", lambda: broken)

    result = build(root, root / "site")

    assert result.code == 1
    assert "chapters: error: Pagefind failed (exit status 3):" in result.err and "index broke" in result.err
    assert snapshot(root / "site") == before
    assert sorted(path.name for path in root.iterdir()) == ["content", "site", "site.yaml"]  # no staging left


def test_a_missing_pagefind_binary_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_site(tmp_path / "site-src", SITE)
    monkeypatch.setattr(search, "get_executable", lambda: None)

    result = build(root, root / "site")

    assert result.code == 1
    assert "the Pagefind binary is missing" in result.err
    assert not (root / "site").exists()


def test_publish_finishes_in_the_staging_folder_before_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[str] = []

    def finish(staging: Path) -> list[tuple[str, bytes]]:
        assert staging != out.resolve() and not out.exists()
        seen.extend(sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()))
        return [("extra/added.txt", b"from finish")]

    tally = publish([("index.html", b"<p>hi</p>")], out, finish=finish)

    assert tally.files == 3 and tally.written == 3  # with the marker that makes the folder the build's own
    assert seen == [".chapters-output", "index.html"]
    assert snapshot(out) == {".chapters-output": MARKER_TEXT, "index.html": b"<p>hi</p>", "extra/added.txt": b"from finish"}
