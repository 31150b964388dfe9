"""routes.py: the route table. Content paths keep their kind, address, schema and owner; a
built site holds exactly the outputs the table declares; addresses and paths round-trip."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, TESTS, run_quietly
from hypothesis import given
from hypothesis import strategies as st

from generator.authoring.json_schema import schema_for
from generator.content.assemble import RESERVED_CHAPTERS, RESERVED_SECTIONS
from generator.core import routes, urls
from generator.core.text import is_slug
from generator.publish.write import MARKER

ROOT = TESTS.parent
SITES = [ROOT, FIXTURES / "sites" / "small", FIXTURES / "sites" / "feeds"]


def _files(site: Path) -> list[str]:
    found = ["site.yaml", *sorted(p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md"))]
    assert len(found) > 5, site
    return found


def _before(path: str) -> tuple[str, str | None, str, str] | None:
    """The rules as load.py, links.written_paths, schemas.schema_for and codeowners spelled them
    before the table: (kind, page address, schema file, owner)."""
    if path == "site.yaml":
        return "site", None, "site.schema.json", "maintainers"
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "content" or not parts[-1].endswith(".md"):
        return None
    slug, _, lang = parts[-1][: -len(".md")].partition(".")
    suffix = ".translation.schema.json" if lang else ".schema.json"
    if parts[1] == "cities":
        kind = "city" if slug == "index" else "section"
        address = urls.city(parts[2]) if kind == "city" else urls.section(parts[2], slug)
        return kind, address, kind + suffix, "ambassadors"
    if parts[1] == "events":
        return "event", urls.event(parts[2], slug), "event" + suffix, "ambassadors"
    if parts[1] == "directory":  # issue 18's kinds, as the table declares them
        return "place", urls.place(parts[2], slug), "place" + suffix, "ambassadors"
    if parts[1] == "groups":
        return "group", urls.group(parts[2], slug), "group" + suffix, "ambassadors"
    return "chapter", urls.chapter(slug), "chapter" + suffix, "maintainers"


@pytest.mark.parametrize("site", SITES, ids=lambda site: site.name)
def test_every_content_file_keeps_its_kind_address_schema_and_owner(site: Path) -> None:
    for path in _files(site):
        placed = routes.content_file(path)
        assert placed is not None, path
        assert (placed.kind.name, placed.address, schema_for(path), placed.owner) == _before(path), path


def test_what_is_no_content_file() -> None:
    for path in ("README.md", "content/cities/almaty.md", "content/cities/almaty/photos/a.md", "content/cities/almaty/photo.jpg",
                 "content/events/almaty/sub/picnic.md", "content/handbook/x.txt", "site.de.yaml", "static/a.md", "content/other/a/b.md"):
        assert routes.content_file(path) is None, path


def test_a_city_owns_its_page_event_directory_and_group_folders_only() -> None:
    assert routes.owned_folders("almaty") == (
        "content/cities/almaty/", "content/events/almaty/", "content/directory/almaty/", "content/groups/almaty/")
    owned = [kind.name for kind in routes.CONTENT if kind.owner == "ambassadors"]
    assert owned == ["city", "section", "event", "place", "group"]


# A whole site holds exactly the declared outputs.


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], tuple[str, ...]]:
    """The small fixture, with a file of its own in static/, built; its output paths."""
    root = tmp_path_factory.mktemp("routes") / "site"
    shutil.copytree(FIXTURES / "sites" / "small", root)
    (root / "static" / "images").mkdir(parents=True)
    (root / "static" / "images" / "map.png").write_bytes(b"\x89PNG")
    for folder in ("directory", "groups"):  # a recommendation and an interest group (issue 18): the small fixture has none
        shutil.copytree(FIXTURES / "sites" / "everyday" / "content" / folder / "berlin", root / "content" / folder / "berlin")
    out = root.parent / "out"
    result = run_quietly(["build", str(root), "--out", str(out)])
    assert result.code == 0, result.err
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    return files, ("en", "de", "ru")


def test_every_output_file_is_exactly_one_declared_kind(built: tuple[list[str], tuple[str, ...]]) -> None:
    files, languages = built
    for name in files:
        found = routes.outputs_at(urls.file_path(name), languages)
        fixed = [output for output in found if not output.open_ended]
        assert len(fixed) == 1 or (not fixed and len(found) == 1), (name, [output.name for output in found])
    static = [name for name in files if routes.output_for(urls.file_path(name), languages).name == "site static file"]  # type: ignore[union-attr]
    assert static == ["images/map.png"]


def test_every_declared_kind_is_made(built: tuple[list[str], tuple[str, ...]]) -> None:
    files, languages = built
    made = {routes.output_for(urls.file_path(name), languages) for name in files}
    assert {output.name for output in routes.OUTPUTS} == {output.name for output in made if output is not None}
    translated = {output.name for name in files if name.startswith("de/") for output in [routes.output_for(urls.file_path(name), languages)] if output}
    assert translated == {output.name for output in routes.OUTPUTS if output.per_language}


def test_each_page_template_exists_in_the_default_theme() -> None:
    templates = {path.name for path in (ROOT / "themes" / "default" / "templates").iterdir()}
    assert {output.template for output in routes.OUTPUTS if output.template} <= templates


def test_names_the_table_spells_out_are_reserved() -> None:
    """A section or chapter named like a fixed address beside it would take that address."""
    beneath_city = {output.pattern.split("/")[3] for output in routes.OUTPUTS if output.pattern.startswith("/cities/<city>/") and output.pattern.count("/") > 3}
    assert {name for name in beneath_city if "<" not in name and "." not in name} <= RESERVED_SECTIONS
    beneath_handbook = {output.pattern.split("/")[2] for output in routes.OUTPUTS if output.pattern.startswith("/handbook/") and output.pattern != "/handbook/"}
    assert {name for name in beneath_handbook if "<" not in name} <= RESERVED_CHAPTERS


def test_the_per_language_files_are_the_ones_urls_keeps_prefixed() -> None:
    for output in routes.OUTPUTS:
        if output.writer and not output.open_ended:
            address = output.at(*(["x"] * len(output.params)))
            assert urls.is_shared_file(address, ("en", "de")) is not output.per_language, output.name
    assert routes.output_for("/" + MARKER, ("en",)).name == "output marker"  # type: ignore[union-attr]


@pytest.mark.parametrize(("path", "expected"), [
    ("/events.ics", "network iCalendar"), ("/de/events.ics", "network iCalendar"),
    ("/cities/almaty/events/picnic.ics", "event iCalendar"), ("/de/tags/music/events.ics", "tag iCalendar"),
    ("/cities/almaty/rss.xml", "city RSS feed"), ("/de/feed.xml", "network Atom feed"),
    ("/images/a.ics", "site static file"), ("/de/images/feed.xml", "site static file"),  # a site's own files, not calendars or feeds
    ("/sitemap.xml", "sitemap"), ("/de/sitemap.xml", "site static file"),
])
def test_what_kind_of_file_a_path_is(path: str, expected: str) -> None:
    """What pipeline.outputs asks to know which language's calendars or feeds a requested file is among."""
    assert routes.output_for(path, ("en", "de")).name == expected  # type: ignore[union-attr]


# No other module spells where content sits or what address a page or file has.

SPELLINGS = re.compile(
    r"content/(?:cities|events|handbook)|index\.(?:md|html)|(?:feed|rss|sitemap)\.xml|robots\.txt|404\.html|\.ics\b"
    r"|(?:^|\W)/(?:cities|handbook|tags|calendar|events|search)/"
)
"""Content paths, output file names and addresses, as routes.py and urls.py spell them."""
ALLOWED = {  # (file, the start of the literal)
    ("generator/authoring/scaffold.py", "a new event in content/events/<city>/"),  # `chapters new --help`: prose
    ("generator/authoring/scaffold.py", "a new city chapter: content/cities/<slug>/index.md"),
    ("generator/authoring/scaffold.py", "a new section of a city's guide: content/cities/<city>/<slug>.md"),
    ("generator/authoring/scaffold.py", "a new handbook chapter: content/handbook/<slug>.md"),
    ("generator/cli/serve.py", ".ics"),  # a content type by suffix
    ("generator/plan/calendar_links.py", "/calendar/action/compose"),  # Outlook's address
    ("generator/plan/owners.py", " from site.yaml and content/cities/*/index.md: do not edit by hand."),  # CODEOWNERS' header: prose
    ("generator/source/load.py", "city folder without `index.md`: add `"),  # a message
}


def _docstrings(tree: ast.AST) -> Iterator[ast.AST]:
    """Module, class and function docstrings, and the strings documenting a constant or field."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for statement in body if isinstance(body, list) else []:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                yield statement.value


def _spelled(source: str) -> Iterator[tuple[int, str]]:
    """The string literals in code (f-strings' parts too, not documentation) that spell a path or address."""
    tree = ast.parse(source)
    documentation = {id(node) for node in _docstrings(tree)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in documentation and SPELLINGS.search(node.value):
            yield node.lineno, node.value


def test_the_scan_finds_a_path_spelled_by_hand() -> None:
    code = 'NAME = "sitemap.xml"\n\ndef f(city, slug):\n    """`content/events/<city>/<slug>.md`."""\n    return f"content/events/{city}/{slug}.md", "/" + slug.removesuffix("index.html")\n'
    assert [line for line, _ in _spelled(code)] == [1, 5, 5]


def test_only_the_route_table_and_urls_spell_paths_and_addresses() -> None:
    """Everyone else asks them: `routes.EVENT.path(city, slug)`, `urls.output_file(urls.sitemap())`."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name not in ("generator/core/routes.py", "generator/core/urls.py"):
            found += [(name, line, text) for line, text in _spelled(path.read_text(encoding="utf-8"))]
    allowed = {(name, start) for name, _, text in found for file, start in ALLOWED if name == file and text.startswith(start)}
    assert [f"{name}:{line}: {text!r}" for name, line, text in found if not any(text.startswith(start) for file, start in ALLOWED if file == name)] == []
    assert allowed == ALLOWED, "an allowed spelling is gone: take it off ALLOWED"


# Addresses and paths round-trip.

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True).filter(is_slug)
languages = st.sampled_from([None, "de", "ru", "kk"])


@given(st.sampled_from(list(routes.PAGE_KINDS)), slugs, slugs, languages)
def test_a_content_path_and_its_parts_round_trip(kind: routes.Kind, city: str, slug: str, lang: str | None) -> None:
    content = routes.PAGE_KINDS[kind]
    if kind == "section" and slug == "index":
        return
    path = content.path(city if kind != "chapter" else None, slug, lang)
    placed = routes.content_file(path)
    assert placed is not None and placed.kind is content and placed.lang == lang
    assert placed.city == (city if kind != "chapter" else None)
    assert placed.slug == (slug if kind != "city" else "index")
    assert placed.kind.path(placed.city, placed.slug, placed.lang) == path
    assert placed.address == routes.page_address(kind, placed.city, placed.slug)


@given(st.sampled_from(routes.OUTPUTS), st.lists(slugs, min_size=3, max_size=3), st.sampled_from([(), ("de",)]))
def test_an_address_is_its_own_kind_and_gives_back_its_values(output: routes.Output, values: list[str], prefix: tuple[str, ...]) -> None:
    chosen = ["2026-11" if name == "month" else "images/a.png" if name == "path" else value for name, value in zip(output.params, values, strict=False)]  # three values, for up to three params
    if (output.name == "section" and chosen[1] in RESERVED_SECTIONS) or (output.name == "chapter" and chosen[0] in RESERVED_CHAPTERS):
        return
    address = output.at(*chosen)
    if prefix and output.per_language:
        address = urls.localized(address, "de", "en")
    assert routes.output_for(address, ("en", "de")) is output
    match = routes.REGEX[output.name].fullmatch(urls.split_language(address, ("en", "de"))[1] if output.per_language else address)
    assert match is not None and [match[name] for name in output.params] == chosen
