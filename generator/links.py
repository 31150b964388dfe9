"""Check the links written in Markdown: every internal link must lead to a page or file.

Runs once over every body when the site is assembled (the parsed tokens are shared with
rendering), and reports each broken link at its own line and column, with a suggestion.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from generator import urls
from generator.errors import ErrorReport, Location
from generator.fields import suggest
from generator.load import SourceFile
from generator.markdown import Markdown, is_external
from generator.model import Localized, Site, Version


@dataclass(frozen=True)
class FoundLink:
    href: str
    image: bool
    location: Location


def known_targets(site: Site, page_paths: Iterable[str], files: Iterable[str]) -> set[str]:
    """Every language-neutral address a link may point to: pages, feeds, calendars, files."""
    targets = set(page_paths) | {"/" + f.lstrip("/") for f in files}
    targets |= {urls.network_calendar(), urls.atom_feed(), urls.rss_feed()}
    for city in site.cities:
        targets |= {urls.city_calendar(city.slug), urls.atom_feed(city.slug), urls.rss_feed(city.slug)}
    for event in site.events:
        targets.add(urls.event_calendar(event.city, event.slug))
        targets |= {urls.tag_calendar(tag) for tag in event.meta.tags}
    return targets


def written_paths(files: Iterable[SourceFile]) -> set[str]:
    """Addresses of every content file, valid or not: a link to a page with its own error is not broken."""
    paths = set()
    for file in files:
        if file.kind == "city":
            paths.add(urls.city(file.city or ""))
        elif file.kind == "section":
            paths.add(urls.section(file.city or "", file.slug))
        elif file.kind == "event":
            paths.add(urls.event(file.city or "", file.slug))
        else:
            paths.add(urls.chapter(file.slug))
    return paths


def check_links(site: Site, page_paths: set[str], shown_at: dict[str, str], markdown: Markdown, files: Iterable[str], report: ErrorReport) -> None:
    """`shown_at` maps each body's source file to the neutral path of the page that shows it."""
    targets = known_targets(site, page_paths, files)
    page_targets = sorted(t for t in targets if t.endswith("/"))
    for version, page_path in _bodies(site, shown_at):
        for link in find_links(version, markdown):
            target = resolve(link.href, page_path, site.languages)
            href = _printable(link.href)
            if target is None:
                report.add(link.location, f"link `{href}` leads outside the site")
            elif target not in targets and target + "/" not in targets:
                if link.image or posixpath.splitext(target)[1]:
                    report.add(link.location, f"`{href}` is linked but not in the repository: add it as static{_printable(target)}")
                else:
                    report.add(link.location, f"link to `{_printable(target)}`: no such page" + suggest(target, page_targets))


def _printable(text: str) -> str:
    """`%0A` in a link decodes to a line break: escape it, so one error stays one line."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _bodies(site: Site, pages: dict[str, str]) -> Iterator[tuple[Version[object], str]]:
    texts: list[Localized[object]] = [city.text for city in site.cities]  # type: ignore[misc]
    texts += [section.text for city in site.cities for section in city.sections]  # type: ignore[misc]
    texts += [event.text for event in site.events]  # type: ignore[misc]
    texts += [chapter.text for chapter in site.chapters]  # type: ignore[misc]
    for text in texts:
        seen = set()
        for version in text.versions:
            if version.source not in seen and version.source in pages:
                seen.add(version.source)
                yield version, pages[version.source]


def resolve(href: str, page_path: str, languages: tuple[str, ...]) -> str | None:
    """The language-neutral site path a link points to; None if it climbs out of the site."""
    path = unquote(urlsplit(href).path)
    if not path:
        return page_path
    if not path.startswith("/"):
        parts = [p for p in page_path.split("/") if p]
        for part in path.split("/"):
            if part == "..":
                if not parts:
                    return None  # climbs above the site root
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        path = "/" + "/".join(parts) + ("/" if path.endswith("/") and parts else "")
    return urls.split_language(path, languages)[1]


def find_links(version: Version[object], markdown: Markdown) -> Iterator[FoundLink]:
    """Internal links and images of a body, each with the line and column where it is written."""
    lines = version.body.split("\n")
    for block in markdown.tokens(version.body):
        if block.type != "inline" or not block.children:
            continue
        first, last = block.map if block.map else (0, len(lines))
        cursor = (first, 0)
        for child in block.children:
            href = _href(child)
            if href is None or is_external(href) or href.startswith("#"):
                continue
            line, column, cursor = _position(lines, href, first, last, cursor)
            where = Location(version.source, version.body_line + line, column + 1)
            yield FoundLink(href, child.type == "image", where)


def _href(token: Token) -> str | None:
    if token.type == "link_open":
        return str(token.attrGet("href") or "")
    if token.type == "image":
        return str(token.attrGet("src") or "")
    return None


def _position(lines: list[str], href: str, first: int, last: int, cursor: tuple[int, int]) -> tuple[int, int, tuple[int, int]]:
    """Find the written link at or after `cursor` within the block; fall back to the block start."""
    for needle in (href, unquote(href)):
        line, start = cursor
        while line < max(last, first + 1) and line < len(lines):
            column = lines[line].find(needle, start)
            if column >= 0:
                return line, column, (line, column + len(needle))
            line, start = line + 1, 0
    return first, 0, cursor
