"""Check the links written in Markdown: every internal link must lead to a page or file.

Runs once over every body when the site is assembled (the parsed tokens are shared with
rendering), and reports each broken link at its own line and column, with a suggestion.
Links that could mislead a reader (text that names another host than the link's, a host in
punycode or mixing scripts) are reported as warnings.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from urllib.parse import SplitResult, unquote, urlsplit

import pycountry

from generator.content.markdown import Markdown, is_external
from generator.content.markdown_links import Positions, body_links
from generator.content.model import City, Event, Localized, Site, Version
from generator.core import routes, urls
from generator.core.errors import ERROR, WARNING, ContentError, ErrorReport, Location
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.text import printable, suggest
from generator.source.load import SourceFile


@dataclass(frozen=True)
class FoundLink:
    href: str
    image: bool
    location: Location
    text: str = ""
    """What a reader sees of it: a link's text, an image's alt text."""
    auto: bool = False
    """An autolink (`<https://…>`), whose text is its own address."""


@dataclass(frozen=True)
class Addresses:
    """Some of the addresses a link may lead to, with their digest, each found once (serve keeps
    a city's from one save to the next: `KnownCity.targets`, `city_files`)."""

    found: frozenset[str]

    @cached_property
    def digest(self) -> str:
        return digest(*sorted(self.found))


class Targets:
    """Every address an internal link may lead to (pages, calendars, feeds, content files), kept
    by city: an address beneath a city (`urls.city_of`) is looked up in that city's sets and the rest."""

    def __init__(self, cities: Mapping[str, tuple[Addresses, ...]], rest: tuple[Addresses, ...]) -> None:
        self.cities = cities
        self.rest = rest

    def __contains__(self, address: str) -> bool:
        if any(address in part.found for part in self.rest):
            return True
        city = urls.city_of(address)
        return city is not None and any(address in part.found for part in self.cities.get(city, ()))

    def __iter__(self) -> Iterator[str]:
        for part in (*self.rest, *(part for parts in self.cities.values() for part in parts)):
            yield from part.found

    @cached_property
    def digest(self) -> str:
        """Changes whenever an address comes or goes: each city's sets by their own digests (found once per set)."""
        return digest(*(part.digest for part in self.rest), *(f"{slug}\0{part.digest}" for slug in sorted(self.cities) for part in self.cities[slug]))


def city_files(city: City, events: Sequence[Event]) -> Addresses:
    """A city's calendars and feeds, all beneath it: the route table's per-language files with a city."""
    known: dict[tuple[str, ...], list[tuple[str, ...]]] = {
        ("city",): [(city.slug,)],
        ("city", "event"): [(city.slug, event.slug) for event in events],
        ("tag", "city"): [(tag, city.slug) for tag in sorted({tag for event in events for tag in event.meta.tags})],
        ("city", "group"): [(city.slug, group.slug) for group in city.groups],
    }
    return Addresses(frozenset(_files(known, beneath_city=True)))


def network_files(site: Site) -> frozenset[str]:
    """The network's calendars and feeds and its tags': the route table's per-language files without a city."""
    return frozenset(_files({("tag",): [(tag,) for tag in sorted(site.tag_cities)]}, beneath_city=False))


def _files(known: Mapping[tuple[str, ...], list[tuple[str, ...]]], beneath_city: bool) -> Iterator[str]:
    for output in routes.OUTPUTS:
        if output.writer and output.per_language and ("city" in output.params) == beneath_city:
            yield from routes.addresses(output, known)


def generated_targets(site: Site) -> set[str]:
    """The calendars and feeds: files that, like pages, exist in every language (the route table's per-language files)."""
    events = site.events_by_city()
    found = set(network_files(site))
    for city in site.cities:
        found |= city_files(city, events[city.slug]).found
    return found


def written_paths(files: Iterable[SourceFile]) -> set[str]:
    """Addresses of every content file, valid or not: a link to a page with its own error is not broken."""
    return {routes.page_address(file.kind, file.city, file.slug) for file in files}


def check_links(site: Site, targets: Targets, shown_at: Mapping[str, str], markdown: Markdown, files: Iterable[str], report: ErrorReport,
                kept: Mapping[str, str] = MappingProxyType({}), memo: Memo = NO_MEMO) -> None:
    """`targets` are the pages, calendars, feeds and content files a link may lead to;
    `shown_at` maps each body's source file to the neutral path of the page that shows it;
    `files` are the shared files (the site's and the theme's static files), relative to the output.

    `kept` maps a city to its key (`pipeline.keys_of`: everything its pages and bodies are):
    its bodies' problems are those the memo holds for that key and the same targets (pages,
    calendars, feeds, files), so an edit elsewhere does not check every body of the network."""
    shared = {"/" + f.lstrip("/") for f in files}
    suggestions = _Suggestions(targets)
    site_host = urlsplit(site.settings.base_url).hostname
    everything = digest(targets.digest, "\0", *sorted(shared)) if kept else ""
    found: dict[str, ErrorReport] = {}
    for slug, key in kept.items():
        known = _problems(memo.get(CITY_LINKS, digest(key, everything)))
        if known is not None:
            found[slug] = known
    pending: dict[str, ErrorReport] = {}
    for version, page_path in _bodies(site, shown_at, found):
        city = urls.city_of(page_path) if kept else None
        into = pending.setdefault(city, ErrorReport()) if city is not None and city in kept else report
        for link in find_links(version, markdown):
            for warning in deceptive(link, site_host):
                into.warn(link.location, warning)
            if not is_external(link.href) and not link.href.startswith("#"):
                broken = _broken(link, page_path, site.languages, targets, shared, suggestions)
                if broken:
                    into.add(link.location, broken)
    for slug, problems in pending.items():
        memo.put(CITY_LINKS, digest(kept[slug], everything), [_problem_json(p) for p in [*problems.errors, *problems.warnings]])
    for problems in [*found.values(), *pending.values()]:
        for problem in [*problems.errors, *problems.warnings]:
            (report.add if problem.severity == ERROR else report.warn)(problem.location, problem.message)


CITY_LINKS = "city links"
"""The memo's step for the problems of a city's links, by its key and every target there is."""


def _problem_json(problem: ContentError) -> list[object]:
    where = problem.location
    return [where.path, where.line, where.column, problem.message, problem.severity]


def _problems(value: object) -> ErrorReport | None:
    """The problems as `_problem_json` kept them; None for anything else (a miss)."""
    if not isinstance(value, list):
        return None
    found = ErrorReport()
    for item in value:
        if not (isinstance(item, list) and len(item) == 5 and isinstance(item[0], str) and type(item[1]) is int and type(item[2]) is int
                and isinstance(item[3], str) and item[4] in (ERROR, WARNING)):
            return None
        (found.add if item[4] == ERROR else found.warn)(Location(item[0], item[1], item[2]), item[3])
    return found


class _Suggestions:
    """One "did you mean" per broken address, however often it is linked (difflib is slow);
    the pages to suggest are listed only when a link is broken."""

    def __init__(self, targets: Targets) -> None:
        self.targets = targets
        self.choices: list[str] | None = None
        self.found: dict[str, str] = {}

    def hint(self, target: str) -> str:
        if target not in self.found:
            if self.choices is None:
                self.choices = sorted({t for t in self.targets if t.endswith("/")})
            self.found[target] = suggest(target, self.choices)
        return self.found[target]


def _broken(link: FoundLink, page_path: str, languages: tuple[str, ...], targets: Targets, shared: set[str], suggestions: _Suggestions) -> str | None:
    """What is wrong with an internal link, resolved as it is rendered (`urls.localize_link`)."""
    href = printable(link.href)
    written = unquote(urlsplit(link.href).path)
    path = resolve(written, page_path)
    if path is None:
        return f"link `{href}` leads outside the site"
    if urls.is_shared_file(path, languages):  # served as written, the same file in every language
        target = posixpath.normpath(path)
        if target not in shared:
            unprefixed = urls.split_language(target, languages)[1]
            hint = f" (static files have no language prefix: `{printable(unprefixed)}` is there)" if unprefixed in shared else ""
            return f"`{href}` is linked but not in the repository: add it as static{printable(target)}{hint}"
        if not written.startswith("/") and len(languages) > 1:
            return f"`{href}` is a static file linked by a relative path, which on a translated page leads into its language's folder: link `{printable(target)}`"
        return None
    target = urls.split_language(path, languages)[1]
    if target in targets or target + "/" in targets:
        return None
    if link.image or posixpath.splitext(target)[1]:
        return f"`{href}` is linked but not in the repository: add it as static{printable(target)}"
    return f"link to `{printable(target)}`: no such page" + suggestions.hint(target)


def _bodies(site: Site, pages: Mapping[str, str], skipped: Iterable[str] = ()) -> Iterator[tuple[Version[object], str]]:
    """Every body shown on a page, with that page's neutral path, but those of the `skipped` cities."""
    events = site.events_by_city()
    texts: list[Localized[object]] = []
    for city in site.cities:
        if city.slug not in skipped:
            texts.append(city.text)
            texts += [section.text for section in city.sections]
            texts += [event.text for event in events[city.slug]]
            texts += [place.text for place in city.places]
            texts += [group.text for group in city.groups]
    texts += [chapter.text for chapter in site.chapters]
    for text in texts:
        seen = set()
        for version in text.versions:
            if version.source not in seen and version.source in pages:
                seen.add(version.source)
                yield version, pages[version.source]


def resolve(path: str, page_path: str) -> str | None:
    """A link's (decoded) path as a site path, relative ones against the page's neutral path;
    None if it climbs out of the site. It may still name a language (`/de/...`)."""
    if not path:
        return page_path
    if path.startswith("/"):
        return path
    parts = [p for p in page_path.split("/") if p]
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None  # climbs above the site root
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts) + ("/" if path.endswith("/") and parts else "")


# Where each link is written.

def find_links(version: Version[object], markdown: Markdown, positions: Positions | None = None) -> Iterator[FoundLink]:
    """Every link and image of a body, each with the file, line and column where it is written.

    The body's links are found once per text (`Markdown.links`, remembered across builds by
    the build's memo); here they are placed in the file. With `positions`, they are found
    again with that counter (the tests count the characters compared).
    """
    found = body_links(markdown.tokens(version.body), positions) if positions is not None else markdown.links(version.body)
    for link in found:
        where = Location(version.source, version.body_line + link.line, link.column + 1)
        yield FoundLink(link.href, link.image, where, link.text, link.auto)


# Links that could mislead a reader.

_ADDRESS = re.compile(r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>[^\s/?#:@\[\]\\]+)(?P<port>:\d{1,5})?(?P<rest>[/?#]\S*)?", re.IGNORECASE)
_LABEL = re.compile(r"(?:[^\W_]|-)+")
GENERIC_TLDS = frozenset("com org net edu gov mil int info biz name pro mobi app dev io co me tv eu shop online site xyz example test".split())
FILE_EXTENSIONS = frozenset("ac ai am cc cr do gs in ly md mk ml mm mo ms pl pm ps py rs sc sh so st sv tf".split())
"""Two-letter country domains that are also common file extensions (`setup.py`, `README.md`):
alone, without `https://`, `www.` or a path, such a name is taken for a file, not a host."""
_COUNTRY_TLDS = frozenset(country.alpha_2.lower() for country in pycountry.countries) | {"uk", "ac", "eu"}


def deceptive(link: FoundLink, site_host: str | None) -> list[str]:
    """Warnings for a link that may take a reader elsewhere than it seems to."""
    found: list[str] = []
    try:
        parts = urlsplit(link.href)
        target = site_host if not is_external(link.href) else _target_host(parts)
    except ValueError:  # `https://[x`: no host a browser would go to
        return found
    written = address_host(link.text) if not link.auto else None
    if written is not None and target is not None and _comparable(written) != _comparable(target):
        found.append(f"the link text `{printable(link.text.strip())}` looks like an address on {printable(written)}, "
                     f"but the link leads to {printable(target)}")
    if parts.scheme.lower() in ("http", "https") and "@" in parts.netloc:
        found.append(f"`{printable(link.href)}` has `{printable(parts.netloc.rsplit('@', 1)[0])}@` before its host: "
                     f"it leads to {printable(target or '')}")
    if target is not None and target != site_host:
        shown = _unicode(target)
        mixed = [label for label in shown.split(".") if len(_scripts(label)) > 1]
        if mixed:
            found.append(f"the host `{printable(target)}` (shown as `{printable(shown)}`) mixes "
                         f"{' and '.join(sorted(_scripts(mixed[0])))} letters in `{printable(mixed[0])}`: a look-alike of another name?")
        elif shown != target or not target.isascii():
            found.append(f"the host `{printable(target)}` is an international name, shown as `{printable(shown)}`: "
                         f"letters of another script can imitate a familiar name; make sure it is the one you mean")
    return found


def address_host(text: str) -> str | None:
    """The host a link text names if it reads as an address (`https://bank.example/login`,
    `www.bank.example`, `bank.com`), else None (`our site`, `Node.js`, `README.md`)."""
    match = _ADDRESS.fullmatch(text.strip())
    if match is None:
        return None
    host = match["host"].rstrip(".").lower()
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    top = labels[-1]
    if match["scheme"] or match["port"] or match["rest"] or labels[0] == "www":
        return host if top.isalpha() or top.startswith("xn--") or host.replace(".", "").isdigit() else None
    if top in GENERIC_TLDS or top.startswith("xn--") or not top.isascii() or (top in _COUNTRY_TLDS and top not in FILE_EXTENSIONS):
        return host
    return None


def _target_host(parts: SplitResult) -> str | None:
    """The host an external link leads to: its own, or a `mailto:` address's domain."""
    if parts.scheme.lower() == "mailto":
        return parts.path.rsplit("@", 1)[-1].lower() or None if "@" in parts.path else None
    return parts.hostname


def _comparable(host: str) -> str:
    """`www.Example.org.` and `example.org`, `пример.рф` and its punycode, compare equal."""
    host = host.lower().rstrip(".").removeprefix("www.")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _unicode(host: str) -> str:
    """A host as a browser may show it: punycode labels (`xn--80ak6aa92e`) decoded."""
    labels = []
    for label in host.split("."):
        try:
            labels.append(label[4:].encode("ascii").decode("punycode") if label.lower().startswith("xn--") else label)
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}
"""Japanese and Korean names mix these scripts by nature: count them as one."""


def _scripts(label: str) -> set[str]:
    """The scripts of a label's letters, by their Unicode names (`CYRILLIC SMALL LETTER A`)."""
    found = set()
    for ch in label:
        if ch.isalpha():
            script = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
            family = _SCRIPT_FAMILIES.get(script, script)
            found.add(family if family == "CJK" else family.title())
    return found
