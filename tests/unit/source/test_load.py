"""source/load.py: where a file sits says what it is; names and places that are refused.

Each test writes a few files into a temporary folder and calls `load_site` (no git history,
no build), so only the walk and the reading are tested.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.core.errors import ErrorReport
from generator.source.load import SiteSource, load_site

FRONT = "---\ntitle: T\n---\nBody.\n"


def write(root: Path, files: Mapping[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load(root: Path) -> tuple[SiteSource | None, list[str]]:
    report = ErrorReport()
    source = load_site(root, report, git_history=False)
    return source, [str(error) for error in report.sorted()]


def site(tmp_path: Path, files: Mapping[str, str]) -> tuple[SiteSource, list[str]]:
    source, errors = load(write(tmp_path, {"site.yaml": "title: Test\n", **files}))
    assert source is not None
    return source, errors


def test_each_place_gives_its_kind_slug_city_and_language(tmp_path: Path) -> None:
    source, errors = site(tmp_path, {
        "content/cities/almaty/index.md": FRONT,
        "content/cities/almaty/index.de.md": FRONT,
        "content/cities/almaty/housing.md": FRONT,
        "content/events/almaty/picnic.md": FRONT,
        "content/events/almaty/picnic.ru.md": FRONT,
        "content/handbook/first-week.md": FRONT,
    })
    assert errors == []
    found = {(f.path, f.kind, f.slug, f.city, f.lang) for f in source.files}
    assert found == {
        ("content/cities/almaty/index.md", "city", "index", "almaty", None),
        ("content/cities/almaty/index.de.md", "city", "index", "almaty", "de"),
        ("content/cities/almaty/housing.md", "section", "housing", "almaty", None),
        ("content/events/almaty/picnic.md", "event", "picnic", "almaty", None),
        ("content/events/almaty/picnic.ru.md", "event", "picnic", "almaty", "ru"),
        ("content/handbook/first-week.md", "chapter", "first-week", None, None),
    }
    assert source.city_folders == ("almaty",)
    assert source.event_folders == ("almaty",)
    assert source.history == {}


def test_settings_are_read_with_their_locations(tmp_path: Path) -> None:
    source, errors = site(tmp_path, {"site.yaml": "title: Test\nlanguages: [en, de]\n", "content/handbook/a.md": FRONT})
    assert errors == []
    assert source.settings == {"title": "Test", "languages": ["en", "de"]}
    assert str(source.settings_locations[("languages",)]) == "site.yaml:2:1"


def test_the_document_is_split_with_its_body_line(tmp_path: Path) -> None:
    source, _ = site(tmp_path, {"content/handbook/a.md": "---\ntitle: T\norder: 2\n---\n\nBody.\n"})
    [file] = source.files
    assert file.document.data == {"title": "T", "order": "2"}
    assert file.document.body_line == 5
    assert file.document.body.strip() == "Body."


def test_static_files_are_listed_relative_to_static_without_hidden_ones(tmp_path: Path) -> None:
    source, errors = site(tmp_path, {
        "content/handbook/a.md": FRONT,
        "static/images/map.png": "png",
        "static/docs/a b.pdf": "pdf",
        "static/.hidden": "x",
        "static/images/.DS_Store": "x",
    })
    assert errors == []
    assert source.assets == ("docs/a b.pdf", "images/map.png")


def test_ignored_names_are_skipped_silently(tmp_path: Path) -> None:
    source, errors = site(tmp_path, {
        "content/handbook/a.md": FRONT,
        "content/handbook/.gitkeep": "",
        "content/handbook/Thumbs.db": "",
        "content/.DS_Store": "",
        "content/cities/.hidden/index.md": FRONT,
    })
    assert errors == []
    assert [f.path for f in source.files] == ["content/handbook/a.md"]


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("content/handbook/Garden Party.md", "content/handbook/Garden Party.md:1:1: error: bad file name `Garden Party`: use lowercase a-z, 0-9 and `-` only; rename it to `garden-party`"),
        ("content/handbook/first_week.DE.md", "content/handbook/first_week.DE.md:1:1: error: bad file name `first_week.DE`: use lowercase a-z, 0-9 and `-` only; rename it to `first-week.de`"),
        ("content/handbook/a..md", "content/handbook/a..md:1:1: error: bad file name `a.`: use lowercase a-z, 0-9 and `-` only; rename it to `a`"),
        ("content/handbook/a.d1.md", "content/handbook/a.d1.md:1:1: error: bad file name `a.d1`: use lowercase a-z, 0-9 and `-` only; rename it to `a`"),
        ("content/cities/New York/index.md", "content/cities/New York:1:1: error: bad folder name `New York`: use lowercase a-z, 0-9 and `-` only; rename it to `new-york`"),
    ],
)
def test_bad_names_are_refused_with_a_new_name(tmp_path: Path, relative: str, message: str) -> None:
    source, errors = site(tmp_path, {"content/handbook/ok.md": FRONT, relative: FRONT})
    assert errors == [message]
    assert [f.path for f in source.files] == ["content/handbook/ok.md"]


def test_a_control_character_in_a_name_is_escaped_in_the_message(tmp_path: Path) -> None:
    _, errors = site(tmp_path, {"content/handbook/a\x1bb.md": FRONT})
    assert errors == ["content/handbook/a\\x1bb.md:1:1: error: bad file name `a\\x1bb`: use lowercase a-z, 0-9 and `-` only; rename it to `a-b`"]


def test_misplaced_entries_are_refused(tmp_path: Path) -> None:
    _, errors = site(tmp_path, {
        "content/cities/almaty/index.md": FRONT,
        "content/cities/almaty/photos/a.md": FRONT,
        "content/cities/readme.md": FRONT,
        "content/blog/post.md": FRONT,
    })
    assert errors == [
        "content/blog:1:1: error: unexpected entry in content/: only cities/, events/, handbook/, directory/ and groups/ belong here",
        "content/cities/almaty/photos:1:1: error: unexpected folder: content files sit directly in their city or handbook folder",
        "content/cities/readme.md:1:1: error: unexpected file: cities/ holds one folder per city",
    ]


def test_a_city_folder_needs_its_index(tmp_path: Path) -> None:
    _, errors = site(tmp_path, {"content/cities/almaty/housing.md": FRONT})
    assert errors == ["content/cities/almaty:1:1: error: city folder without `index.md`: add `content/cities/almaty/index.md` with the city's name, country and timezone"]


def test_non_markdown_files_beside_content_are_not_content(tmp_path: Path) -> None:
    source, errors = site(tmp_path, {"content/handbook/a.md": FRONT, "content/handbook/notes.txt": "x"})
    assert errors == []
    assert [f.path for f in source.files] == ["content/handbook/a.md"]


def test_without_site_yaml_nothing_is_loaded(tmp_path: Path) -> None:
    source, errors = load(write(tmp_path, {"content/handbook/a.md": FRONT}))
    assert source is None
    assert errors == [f"site.yaml:1:1: error: no site.yaml in {tmp_path}: is this a Chapters site folder?"]


def test_a_missing_folder_is_one_error(tmp_path: Path) -> None:
    source, errors = load(tmp_path / "nowhere")
    assert source is None
    assert errors == [f"{tmp_path / 'nowhere'}:1:1: error: no such folder"]


def test_site_yaml_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    source, errors = load(write(tmp_path, {"site.yaml": "- a\n- b\n", "content/handbook/a.md": FRONT}))
    assert source is not None and source.settings == {}
    assert errors == ["site.yaml:1:1: error: site.yaml must be `key: value` lines"]


def test_without_content_folder(tmp_path: Path) -> None:
    source, errors = load(write(tmp_path, {"site.yaml": "title: Test\n"}))
    assert source is not None and source.files == ()
    assert errors == ["content:1:1: error: no content/ folder"]


def test_a_file_that_is_not_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    write(tmp_path, {"site.yaml": "title: Test\n"})
    path = tmp_path / "content" / "handbook" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    source, errors = load(tmp_path)
    assert source is not None and source.files == ()
    assert len(errors) == 1 and errors[0].startswith("content/handbook/a.md:2:")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_out_of_the_site_is_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside", {"secret.md": FRONT})
    root = write(tmp_path / "site", {"site.yaml": "title: Test\n", "content/handbook/a.md": FRONT})
    (root / "content" / "handbook" / "b.md").symlink_to(outside / "secret.md")
    source, errors = load(root)
    assert source is not None and [f.path for f in source.files] == ["content/handbook/a.md"]
    assert errors == ["content/handbook/b.md:1:1: error: links to a place outside the site folder; content must live inside it"]


def test_files_by_city_keep_an_unchanged_city_s_tuple_from_the_earlier_load(tmp_path: Path) -> None:
    """`SiteSource.by_city` groups the files by city (None: the handbook's); a load given an
    earlier one (serve) keeps the earlier tuple of a city none of whose files was read again,
    which is how what was made from them is found by identity (`core.identity`)."""
    source, errors = site(tmp_path, {
        "content/cities/almaty/index.md": FRONT, "content/cities/almaty/housing.md": FRONT,
        "content/cities/berlin/index.md": FRONT, "content/events/berlin/picnic.md": FRONT,
        "content/handbook/first-week.md": FRONT,
    })
    assert errors == []
    assert {city: [file.path for file in files] for city, files in source.by_city.items()} == {
        "almaty": ["content/cities/almaty/housing.md", "content/cities/almaty/index.md"],
        "berlin": ["content/cities/berlin/index.md", "content/events/berlin/picnic.md"],
        None: ["content/handbook/first-week.md"],
    }
    (tmp_path / "content/events/berlin/picnic.md").write_text(FRONT + "More.\n", encoding="utf-8")
    again = load_site(tmp_path, ErrorReport(), git_history=False, earlier=source, changed=frozenset({"content/events/berlin/picnic.md"}))
    assert again is not None
    assert again.by_city["almaty"] is source.by_city["almaty"] and again.by_city[None] is source.by_city[None]
    assert again.by_city["berlin"] is not source.by_city["berlin"]
    assert [file.document.body for file in again.by_city["berlin"]] == ["Body.\n", "Body.\nMore.\n"]
    replaced = dataclasses.replace(again, files=again.files[:1])  # another list of files: grouped anew, not taken from the load
    assert [file.path for files in replaced.by_city.values() for file in files] == [again.files[0].path]
