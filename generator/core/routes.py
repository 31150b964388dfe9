"""The route table: what each file of a site is, from its place, and every kind of file the site outputs.

Two tables, each kind declared once. `CONTENT` says what a content path is
(`content/events/<city>/<event>.md` is an event): its kind, its page's address, its JSON
Schema and who owns it (CODEOWNERS). `OUTPUTS` lists every kind of file a build writes:
its address pattern, the template or writer that makes it, what it reads and whether each
language has its own. Loading, the link check, CODEOWNERS, schema export and the tests ask
these tables; the addresses themselves are spelled once, in `urls.py`, and the patterns here
are made by calling those functions with placeholders (`urls.event("<city>", "<event>")`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from generator.core import urls

Kind = Literal["city", "section", "event", "chapter", "place", "group"]
"""The content files that become pages."""
Owner = Literal["ambassadors", "maintainers"]
"""Who reviews a file: the ambassadors of the city whose folder holds it, or the network's maintainers."""

CONTENT_FOLDER = "content"
SETTINGS_FILE = "site.yaml"
ASSETS_FOLDER = "static"
"""The site's own files (images, PDFs), published at the same path from the site's root."""


# Content: what a file is, from its place.


@dataclass(frozen=True)
class ContentKind:
    """One kind of file an ambassador or maintainer writes."""

    name: Literal["site", "city", "section", "event", "chapter", "place", "group"]
    folder: str
    """Where the files sit, relative to the site folder (`content/events/<city>/`)."""
    file: str
    """The file's name: a placeholder for its slug (`<event>`) or a fixed name (`index`), without `.md`."""
    suffix: str
    address: Callable[[str, str], str] | None
    """(city folder, slug) → the address of the page the file becomes; None for files that are no page."""
    owner: Owner
    translatable: bool
    """Whether `<name>.<lang>.md` beside it is its translation into `lang`."""

    @property
    def pattern(self) -> str:
        """`content/events/<city>/<event>.md`."""
        return f"{self.folder}{self.file}{self.suffix}"

    @property
    def schema(self) -> str:
        """The kind's schema name (`event`: `event.schema.json`, `event.translation.schema.json`)."""
        return self.name

    @property
    def top(self) -> str:
        """The folder that holds all of this kind's files, without a trailing slash (`content/events`)."""
        return self.folder.partition("<")[0].rstrip("/")

    def folder_of(self, city: str) -> str:
        """The folder that holds this kind's files of `city` (`content/events/almaty/`)."""
        return self.folder.replace("<city>", city)

    def path(self, city: str | None, slug: str, lang: str | None = None) -> str:
        """The content path of a file of this kind: the inverse of `content_file`."""
        name = slug if self.file.startswith("<") else self.file
        return f"{self.folder_of(city or '')}{name}{f'.{lang}' if lang else ''}{self.suffix}"


def _city(city: str, slug: str) -> str:
    return urls.city(city)


def _chapter(city: str, slug: str) -> str:
    return urls.chapter(slug)


MARKDOWN = ".md"
"""The suffix of every content file that becomes a page."""

SETTINGS = ContentKind("site", "", "site", ".yaml", None, "maintainers", translatable=False)
CITY = ContentKind("city", f"{CONTENT_FOLDER}/cities/<city>/", "index", MARKDOWN, _city, "ambassadors", translatable=True)
SECTION = ContentKind("section", f"{CONTENT_FOLDER}/cities/<city>/", "<section>", MARKDOWN, urls.section, "ambassadors", translatable=True)
EVENT = ContentKind("event", f"{CONTENT_FOLDER}/events/<city>/", "<event>", MARKDOWN, urls.event, "ambassadors", translatable=True)
CHAPTER = ContentKind("chapter", f"{CONTENT_FOLDER}/handbook/", "<chapter>", MARKDOWN, _chapter, "maintainers", translatable=True)
PLACE = ContentKind("place", f"{CONTENT_FOLDER}/directory/<city>/", "<place>", MARKDOWN, urls.place, "ambassadors", translatable=True)
"""A recommendation in a city's directory (issue 18)."""
GROUP = ContentKind("group", f"{CONTENT_FOLDER}/groups/<city>/", "<group>", MARKDOWN, urls.group, "ambassadors", translatable=True)
"""An interest group of a city (issue 18)."""

CONTENT: tuple[ContentKind, ...] = (SETTINGS, CITY, SECTION, EVENT, CHAPTER, PLACE, GROUP)
"""Every kind of file with front matter. Everything else in the site folder (the site's
`static/` files, the theme) belongs to the maintainers."""
PAGE_KINDS: Mapping[Kind, ContentKind] = {"city": CITY, "section": SECTION, "event": EVENT, "chapter": CHAPTER, "place": PLACE, "group": GROUP}
CONTENT_FOLDERS: tuple[str, ...] = tuple(dict.fromkeys(kind.top.removeprefix(f"{CONTENT_FOLDER}/") for kind in PAGE_KINDS.values()))
"""The folders `content/` holds (`cities`, `events`, `handbook`): anything else there is a mistake."""


def _folder_pattern(folder: str) -> re.Pattern[str]:
    return re.compile(re.escape(folder).replace(re.escape("<city>"), "(?P<city>[^/]+)"))


_FOLDERS = {kind.name: _folder_pattern(kind.folder) for kind in CONTENT}


@dataclass(frozen=True)
class ContentFile:
    """What a content path is. The names are as written: `load` checks them."""

    kind: ContentKind
    city: str | None
    """The city folder (cities, sections and events)."""
    slug: str
    """The file name up to its first dot (`index` for a city)."""
    lang: str | None
    """What follows the first dot (`de` in `index.de.md`); None without one, `""` for `a..md`."""

    @property
    def stem(self) -> str:
        return self.slug if self.lang is None else f"{self.slug}.{self.lang}"

    @property
    def address(self) -> str | None:
        """The neutral address of the page the file is shown on (a translation: its original's)."""
        return self.kind.address(self.city or "", self.slug) if self.kind.address else None

    @property
    def owner(self) -> Owner:
        return self.kind.owner


def content_file(path: str) -> ContentFile | None:
    """What the site-relative POSIX `path` is, from its place alone; None for anything else."""
    folder, _, name = path.rpartition("/")
    folder = folder + "/" if folder else ""
    for kind in CONTENT:
        found = _FOLDERS[kind.name].fullmatch(folder)
        if found is None or not name.endswith(kind.suffix):
            continue
        slug, dot, lang = name[: -len(kind.suffix)].partition(".")
        if dot and not kind.translatable:
            continue
        fixed = {other.file for other in CONTENT if other.folder == kind.folder and not other.file.startswith("<")}
        if (slug != kind.file) if not kind.file.startswith("<") else (slug in fixed):
            continue
        return ContentFile(kind, found.groupdict().get("city"), slug, lang if dot else None)
    return None


def page_address(kind: Kind, city: str | None, slug: str) -> str:
    """The neutral address of the page a content file of `kind` becomes (a translation: its original's)."""
    address = PAGE_KINDS[kind].address
    assert address is not None  # every page kind has one
    return address(city or "", slug)


def kind_of(file: ContentFile) -> Kind:
    """The kind of page a content file becomes (a ValueError for site.yaml, which is none)."""
    for name, kind in PAGE_KINDS.items():
        if kind is file.kind:
            return name
    raise ValueError(f"{file.kind.pattern} is not a page")


def owned_folders(city: str) -> tuple[str, ...]:
    """The folders a city's ambassadors own (its pages, its events), in table order."""
    return tuple(dict.fromkeys(kind.folder_of(city) for kind in CONTENT if kind.owner == "ambassadors"))


# Outputs: every kind of file the site publishes.


class Reads(Enum):
    """The inputs an output is made from (what a change must invalidate)."""

    EVENT = "one event"
    CITY = "one city: its page, guide, directory and groups"
    CITY_EVENTS = "a city's event summaries"
    ALL_EVENTS = "every event's summary"
    ALL_CITIES = "all cities"
    HANDBOOK = "the handbook"
    PAGES = "every planned page"
    ASSETS = "the site's static files"
    SETTINGS = "the site configuration"
    THEME = "the theme"


PLACEHOLDERS: Mapping[str, str] = {
    "city": "[^/]+", "section": "[^/]+", "event": "[^/]+", "chapter": "[^/]+", "tag": "[^/]+", "place": "[^/]+", "group": "[^/]+",
    "month": "[0-9]{4}-[0-9]{2}",
    "path": "(?:[^/]+/)*[^/]+",
}
"""What each placeholder of an address pattern stands for. `<path>` is a file path of any
depth: a pattern ending in it is open-ended and takes only what no fixed pattern does."""


@dataclass(frozen=True)
class Output:
    """One kind of output file."""

    name: str
    address: Callable[..., str]
    """The `urls` function that spells it, called with the values of `params`."""
    params: tuple[str, ...]
    template: str | None
    """The theme template of an HTML page; None for files made by a writer."""
    writer: str | None
    """The function that writes a non-page file (`output.calendars.calendar_files`)."""
    reads: frozenset[Reads]
    per_language: bool
    """One per language (`/de/...`), or one file all languages share."""

    @property
    def pattern(self) -> str:
        """`/cities/<city>/events/<event>/`."""
        return self.at(*(f"<{name}>" for name in self.params))

    def at(self, *values: str) -> str:
        """The neutral address of one instance (`at("almaty", "picnic")`)."""
        return self.address(*values)

    @property
    def open_ended(self) -> bool:
        """A pattern ending in `<path>` (`/static/<path>`, the site's own `/<path>`)."""
        return self.params[-1:] == ("path",)


_PAGE = frozenset({Reads.SETTINGS, Reads.THEME})
"""What every HTML page reads: the site's title and languages, the templates, the interface translations."""


def _page(name: str, address: Callable[..., str], params: tuple[str, ...], template: str, *reads: Reads) -> Output:
    return Output(name, address, params, template, None, _PAGE | set(reads), per_language=True)


def _file(name: str, address: Callable[..., str], params: tuple[str, ...], writer: str, *reads: Reads, per_language: bool = True) -> Output:
    return Output(name, address, params, None, writer, frozenset(reads), per_language)


def _network_month(month: str) -> str:
    return urls.calendar(None, month)


def _city_calendar(city: str) -> str:
    return urls.calendar(city)


CALENDARS, FEEDS = "output.calendars.calendar_files", "output.feeds.feed_files"
"""The writers of the iCalendar files and of the feeds: each makes all of one language's at once."""

OUTPUTS: tuple[Output, ...] = (
    _page("home", urls.home, (), "home.html", Reads.ALL_CITIES, Reads.ALL_EVENTS),
    _page("events", urls.all_events, (), "events.html", Reads.ALL_EVENTS, Reads.ALL_CITIES),
    _page("handbook", urls.handbook, (), "handbook.html", Reads.HANDBOOK),
    _page("handbook print", urls.handbook_print, (), "handbook_print.html", Reads.HANDBOOK),
    _page("search", urls.search, (), "search.html", Reads.ALL_CITIES, Reads.HANDBOOK),
    _page("not found", urls.not_found, (), "404.html"),
    _page("city", urls.city, ("city",), "city.html", Reads.CITY, Reads.CITY_EVENTS),
    _page("city events", urls.city_events, ("city",), "city_events.html", Reads.CITY, Reads.CITY_EVENTS),
    _page("section", urls.section, ("city", "section"), "section.html", Reads.CITY),
    _page("event", urls.event, ("city", "event"), "event.html", Reads.EVENT, Reads.CITY),
    _page("chapter", urls.chapter, ("chapter",), "chapter.html", Reads.HANDBOOK),
    _page("calendar", urls.calendar, (), "calendar.html", Reads.ALL_EVENTS, Reads.ALL_CITIES),
    _page("calendar month", _network_month, ("month",), "calendar.html", Reads.ALL_EVENTS, Reads.ALL_CITIES),
    _page("city calendar", _city_calendar, ("city",), "calendar.html", Reads.CITY, Reads.CITY_EVENTS),
    _page("city calendar month", urls.calendar, ("city", "month"), "calendar.html", Reads.CITY, Reads.CITY_EVENTS),
    _page("tags", urls.tags, (), "tags.html", Reads.ALL_EVENTS),
    _page("tag", urls.tag, ("tag",), "tag.html", Reads.ALL_EVENTS, Reads.ALL_CITIES),
    _page("city tag", urls.tag, ("tag", "city"), "tag.html", Reads.CITY, Reads.CITY_EVENTS),
    _page("directory", urls.directory, ("city",), "directory.html", Reads.CITY),
    _page("place", urls.place, ("city", "place"), "place.html", Reads.CITY),
    _page("city groups", urls.city_groups, ("city",), "city_groups.html", Reads.CITY),
    _page("group", urls.group, ("city", "group"), "group.html", Reads.CITY, Reads.CITY_EVENTS),
    _page("groups", urls.all_groups, (), "groups.html", Reads.ALL_CITIES),
    _file("network iCalendar", urls.network_calendar, (), CALENDARS, Reads.ALL_EVENTS, Reads.ALL_CITIES, Reads.SETTINGS, Reads.THEME),
    _file("city iCalendar", urls.city_calendar, ("city",), CALENDARS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("tag iCalendar", urls.tag_calendar, ("tag",), CALENDARS, Reads.ALL_EVENTS, Reads.ALL_CITIES, Reads.SETTINGS, Reads.THEME),
    _file("event iCalendar", urls.event_calendar, ("city", "event"), CALENDARS, Reads.EVENT, Reads.CITY, Reads.SETTINGS, Reads.THEME),
    _file("group iCalendar", urls.group_calendar, ("city", "group"), CALENDARS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("network Atom feed", urls.atom_feed, (), FEEDS, Reads.ALL_EVENTS, Reads.ALL_CITIES, Reads.SETTINGS, Reads.THEME),
    _file("network RSS feed", urls.rss_feed, (), FEEDS, Reads.ALL_EVENTS, Reads.ALL_CITIES, Reads.SETTINGS, Reads.THEME),
    _file("city Atom feed", urls.atom_feed, ("city",), FEEDS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("city RSS feed", urls.rss_feed, ("city",), FEEDS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("tag Atom feed", urls.tag_atom_feed, ("tag",), FEEDS, Reads.ALL_EVENTS, Reads.ALL_CITIES, Reads.SETTINGS, Reads.THEME),
    _file("tag RSS feed", urls.tag_rss_feed, ("tag",), FEEDS, Reads.ALL_EVENTS, Reads.ALL_CITIES, Reads.SETTINGS, Reads.THEME),
    _file("city tag Atom feed", urls.tag_atom_feed, ("tag", "city"), FEEDS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("city tag RSS feed", urls.tag_rss_feed, ("tag", "city"), FEEDS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("group Atom feed", urls.group_atom_feed, ("city", "group"), FEEDS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("group RSS feed", urls.group_rss_feed, ("city", "group"), FEEDS, Reads.CITY, Reads.CITY_EVENTS, Reads.SETTINGS, Reads.THEME),
    _file("sitemap", urls.sitemap, (), "plan.seo.sitemap", Reads.PAGES, Reads.SETTINGS, per_language=False),
    _file("robots", urls.robots, (), "plan.seo.robots", Reads.SETTINGS, per_language=False),
    _file("search bundle", urls.search_bundle, ("path",), "output.search.index", Reads.PAGES, per_language=False),
    _file("theme static file", urls.static, ("path",), "output.render.static_files", Reads.THEME, per_language=False),
    _file("site static file", urls.asset, ("path",), "pipeline (the site's static/ folder)", Reads.ASSETS, per_language=False),
    _file("output marker", lambda: "/.chapters-output", (), "publish.write.publish", per_language=False),
)
"""Every kind of file in a built site. tests/unit/core/test_routes.py builds a whole site and
checks that each file is one of these and that each of these is made."""


def _regex(output: Output, among: tuple[Output, ...]) -> re.Pattern[str]:
    """The pattern as a regular expression. A placeholder never stands for a name that
    another pattern spells out at the same place after the same start, so no two patterns
    overlap: `/cities/<city>/<section>/` is not `/cities/<city>/events/` (which is why
    `assemble.RESERVED_SECTIONS` holds those names) and `/handbook/<chapter>/` not `/handbook/print/`."""
    segments = output.pattern.split("/")
    found = []
    for index, segment in enumerate(segments):
        parts = re.split(r"<(\w+)>", segment)
        if len(parts) == 1:
            found.append(re.escape(segment))
            continue
        spelled = sorted({other.pattern.split("/")[index] for other in among
                          if other is not output and _same_start(other.pattern.split("/"), segments, index)})
        guard = f"(?!(?:{'|'.join(map(re.escape, spelled))})(?:/|$))" if spelled else ""
        found.append(guard + "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{PLACEHOLDERS[part]})" for i, part in enumerate(parts)))
    return re.compile("/".join(found))


def _same_start(other: list[str], segments: list[str], index: int) -> bool:
    """`other` spells a name at `index`, after segments that are the same as `segments`' (placeholders alike)."""
    if len(other) <= index or "<" in other[index] or not other[index]:
        return False
    return all(a == b or ("<" in a and "<" in b) for a, b in zip(other[:index], segments[:index], strict=True))


_FIXED = tuple(output for output in OUTPUTS if not output.open_ended)
_OPEN = tuple(output for output in OUTPUTS if output.open_ended)
REGEX: Mapping[str, re.Pattern[str]] = {output.name: _regex(output, _FIXED if not output.open_ended else _OPEN) for output in OUTPUTS}


def outputs_at(path: str, languages: tuple[str, ...]) -> list[Output]:
    """Every kind of output whose pattern matches the site path `path`: fixed ones first,
    open-ended ones after. A per-language kind matches with or without a language prefix,
    a shared one only as written."""
    _lang, neutral = urls.split_language(path, languages)
    found = [output for output in OUTPUTS if REGEX[output.name].fullmatch(neutral if output.per_language else path)]
    return sorted(found, key=lambda output: output.open_ended)


def output_for(path: str, languages: tuple[str, ...]) -> Output | None:
    """The kind of output a file published at `path` is: the fixed pattern that matches, else
    the open-ended one (a site's `static/sitemap.xml` would not be a static file but clash
    with the sitemap); None if the path is no output the site declares."""
    found = outputs_at(path, languages)
    return found[0] if found else None


def addresses(output: Output, known: Mapping[tuple[str, ...], Iterable[tuple[str, ...]]]) -> list[str]:
    """The neutral addresses of every instance of `output`, given the known values of its
    parameters (`{("city",): [("almaty",)], ("city", "event"): [("almaty", "picnic")]}`)."""
    if not output.params:
        return [output.at()]
    return [output.at(*values) for values in known.get(output.params, ())]
