"""The build, as its stages in order, and the types that pass between them.

    read       source.load_site        site folder → `Source` (files, front matter, assets, git history)
    assemble   content.assemble         `Source` → `Site` (validated: the domain model)
    plan       plan.pages.plan_sliced   `Site` → `Plan` (every page; a city whose key did not change as
                                        `KeptPage`s); then the links and CODEOWNERS are checked
               → `check` returns `Checked` (frozen: the site, its pages, the parsed bodies, theme, catalogs)
    render     `outputs`                `Checked` → `Outputs`: every output path and how to make it, nothing made
    publish    a `Publisher`            `Outputs` → the output folder (`StagingFolder` for a first build,
                                        `InPlace` for a rebuild) or memory (`InMemory`, for `chapters serve`:
                                        each file made when asked for)

`build` runs them all; `chapters serve` runs `check` and `outputs` on every save and
publishes in memory; `chapters check` stops after `check`.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from generator.content.assemble import assemble
from generator.content.markdown import Bodies, Markdown
from generator.content.model import City, Event, Localized, Site
from generator.content.warnings import warn
from generator.core import heap, routes, urls
from generator.core.errors import BuildFailed, ContentError, ErrorReport
from generator.core.identity import ByIdentity, made
from generator.core.keep import IsCurrent, Keep, file_key, never
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.options import Options, Theme, find_theme
from generator.core.timezones import load_zone
from generator.output.calendars import calendar_files
from generator.output.feeds import feed_files
from generator.output.i18n import Catalogs
from generator.output.render import Renderer, Templates, render_all, static_files, static_names
from generator.output.search import Bundle
from generator.output.search import index as search_index
from generator.plan.links import Addresses, Targets, check_links, city_files, network_files, written_paths
from generator.plan.owners import check_codeowners
from generator.plan.pages import CityCards, KeptPage, KnownCity, KnownNetwork, Page, Plan, body_source, plan_sliced
from generator.plan.seo import robots, sitemap
from generator.publish import cache, parallel, progress
from generator.publish.output_files import OutputFiles
from generator.publish.outputs import Group, Make, Outputs, Publisher
from generator.publish.page_cache import PageCache, page_key, renderer_key, search_key
from generator.publish.store import Store
from generator.publish.update import InPlace, recover
from generator.publish.write import Files, StagingFolder, check_output, has_marker
from generator.source.load import SiteSource, SourceFile, load_site


@dataclass(frozen=True)
class Checked:
    site: Site
    pages: list[Page]
    bodies: Bodies
    """Every body's tokens, parsed once by the check (read-only): the later stages render from them."""
    assets: tuple[str, ...]
    """The site's own `static/` files, relative to that folder."""
    catalogs: Catalogs
    """The theme's interface translations for every site language."""
    theme: Theme
    """The theme's files, checked once: templates, catalogs and static files are read only through it."""
    warnings: tuple[ContentError, ...] = ()
    """Problems that do not stop the build (links that may mislead), for the commands to print."""
    memo: Memo = NO_MEMO
    """What the check found in the bodies (links, headings, plain text), for the later stages."""
    kept: tuple[KeptPage, ...] = ()
    """Pages of cities planned by an earlier build from the same inputs (`check(..., reuse=...)`): not planned again."""
    order: tuple[Page | KeptPage, ...] = ()
    """Every page, planned or kept, in the plan's order (the sitemap's)."""
    slices: Mapping[str, Slice] = field(default_factory=lambda: MappingProxyType({}))
    """The cities planned here, with their keys and cards, for the next build to reuse."""
    reused: Mapping[str, Slice] = field(default_factory=lambda: MappingProxyType({}))
    """The cities not planned again (their plan came from the memo or from `Reuse.remembered`)."""
    source: SiteSource | None = None
    """The files as read, for the next build of this process (`Reuse.read`)."""
    network_key: str = ""
    """The key of the network's listings (`keys_of`); empty without `Reuse`."""
    planned_network: bool = True
    """Whether this check planned the network's listings; else they were kept from the last build."""
    by_city: Mapping[str, Mapping[str, tuple[list[Page], list[Page]]]] = field(default_factory=lambda: MappingProxyType({}))
    """The pages of the cities planned here (`slices`), by city and language: its own, then its month calendars."""
    known: Mapping[str, KnownCity] = field(default_factory=lambda: MappingProxyType({}))
    """The cities not planned again (`reused`) as they were found, pages and cards."""
    listings: Mapping[str, tuple[Page | KeptPage, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """The network's listings by language (`plan.pages.Plan.listings`)."""
    renderer: str = ""
    """The key of the renderer's inputs (`publish.page_cache.renderer_key`: theme, catalogs, code),
    in every page's key; empty without `Reuse`."""
    fresh: int = -1
    """How many of `pages` (the first) this check planned; the others are those of the `known` cities (serve). -1: all."""

    @property
    def cities(self) -> Mapping[str, Slice]:
        """Every city's key and cards, planned here or reused."""
        return {**self.slices, **self.reused}

    def by_output(self) -> dict[str, Page]:
        """Every page by its output file: a kept city's found once per city (`KnownCity.planned`)."""
        found: dict[str, Page] = {}
        for city in self.known.values():
            found.update(city.planned)
        found.update({page.output: page for page in (self.pages if self.fresh < 0 else self.pages[: self.fresh])})
        return found

    @property
    def markdown(self) -> Markdown:
        """A new working parser for a later stage, holding the parsed bodies and what was found
        in them (nothing is parsed again; a body the check did not need to parse is parsed
        where a page shows it, in a render worker)."""
        return Markdown(self.bodies, self.memo)


@dataclass(frozen=True)
class Reuse:
    """What a build may take from the last one: the memo, and which output files are still as it left them."""

    memo: Memo
    is_current: IsCurrent
    """Whether the output holds the file made from a key at a path (`PageCache.is_current`)."""
    remembered: Mapping[str, tuple[str, KnownCity]] = field(default_factory=lambda: MappingProxyType({}))
    """Cities as the last build of this process planned them, with their keys (`remembered_cities`: serve)."""
    remembered_network: tuple[str, Mapping[str, KnownNetwork]] | None = None
    """The network's listings as the last build of this process planned them, with their key (`remembered_network`: serve)."""
    read: SiteSource | None = None
    """The files as the last build of this process read them (`Checked.source`: serve): an unchanged one is not read again."""
    keeps_files: bool = False
    """Whether the process keeps the files as read (`read`: serve), so the memo need not hold them."""
    changed: frozenset[str] | None = None
    """With `read`: the only files that may have changed since (serve's file events), relative
    to the site; the others are taken as read without a stat. None: every file's state is looked at."""
    known: ByIdentity | None = None
    """With `read`: what the last build of this process made from the files as read, found by
    their identity (`core.identity`): an unchanged file's front matter is not validated again,
    nor a city none of whose files changed assembled or described again."""
    catalogs: Catalogs | None = None
    """The interface translations the last build of this process compiled: a catalog whose bytes did not change is not compiled again."""


@dataclass(frozen=True)
class Slice:
    """A city as planned by this build: the key of everything its pages read, and its cards."""

    key: str
    cards: Mapping[str, CityCards]


def check(root: Path, options: Options, earlier: Bodies | None = None, memo: Memo = NO_MEMO, reuse: Reuse | None = None) -> Checked:
    """The stages read, assemble and plan, and the checks of links and CODEOWNERS: raise
    BuildFailed with every problem found, or return the checked site.

    `earlier` may hold bodies parsed by an earlier build (`Checked.bodies`, for serve): only
    edited bodies are parsed again. `memo` keeps what was found in each body (its links,
    headings and plain text) between builds: a body found there is not parsed at all here.
    With `reuse`, a city whose inputs did not change since the last build is not planned: its
    pages come as `KeptPage`s (`Checked.kept`) and its cards from the memo.
    """
    with heap.paused():  # millions of objects that live as long as the build, and few cycles: core/heap.py
        return _check(root, options, earlier, memo, reuse)


def _check(root: Path, options: Options, earlier: Bodies | None, memo: Memo, reuse: Reuse | None) -> Checked:
    report = ErrorReport(strict=options.strict)
    keeps_files = reuse is not None and reuse.keeps_files
    source = load_site(root, report, options.git_history, reuse.read if reuse is not None else None, NO_MEMO if keeps_files else memo,
                       options.changed_since, reuse.changed if reuse is not None else None)  # read
    by_identity = reuse.known if reuse is not None else None
    site = assemble(source, options, report, by_identity) if source is not None else None  # assemble
    warn(root, site, options, report, by_identity)  # content/warnings.py: valid, but probably not what was meant
    markdown = Markdown(earlier, memo)
    theme = Theme.open(root)
    theme.report(report, root)
    catalogs = Catalogs.read(theme, site.languages if site is not None else (), report, root, reuse.catalogs if reuse is not None else None)
    renderer = renderer_key(theme, site.settings.title, site.settings.base_url, site.languages) if site is not None and reuse is not None else ""
    keys = keys_of(renderer, site, by_identity) if renderer and site is not None else Keys({}, "")
    network = _known_network(site, keys.network, reuse) if site is not None and reuse is not None else {}
    known = _known_cities(site, reuse, keys.cities, with_cards=not network) if site is not None and reuse is not None else {}
    planned = plan_sliced(site, markdown, report, catalogs.gettext, known, network, memo) if site is not None else Plan([], {})  # plan
    # Every page is in `planned.fresh` or in one of `planned.known`'s cities, whose pages' paths are found once per city.
    pages = [page for page in planned.fresh if isinstance(page, Page)]
    fresh = len(pages)
    kept = [page for page in planned.fresh if isinstance(page, KeptPage)]
    for city in planned.known.values():
        pages += city.planned.values()
        kept += city.kept
    if site is not None and source is not None:
        shown_at: dict[str, str] = {}
        for city in planned.known.values():
            shown_at.update(city.shown_at)
        shown_at.update({found: page.neutral for page in planned.fresh if (found := body_source(page)) is not None})
        files = [*source.assets, *static_names(theme)]
        check_links(site, _targets(site, planned, source, by_identity), shown_at, markdown, files, report, keys.cities, memo)
        owners = root / ".github" / "CODEOWNERS"
        if owners.is_file():  # a missing file is fine; a stale one would route reviews wrongly
            check_codeowners(site, owners.read_text(encoding="utf-8", errors="replace"), ".github/CODEOWNERS", report)
    if report or site is None:
        raise BuildFailed(report.sorted(), report.sorted_warnings())
    slices = {slug: Slice(keys.cities[slug], cards) for slug, cards in planned.cards.items() if slug in keys.cities}
    reused = {slug: Slice(keys.cities[slug], city.cards) for slug, city in known.items()}
    return Checked(site, pages, markdown.bodies(), source.assets if source else (), catalogs, theme, warnings=tuple(report.sorted_warnings()),
                   memo=memo, kept=tuple(kept), order=tuple(planned.pages), slices=MappingProxyType(slices), reused=MappingProxyType(reused),
                   source=source, network_key=keys.network, planned_network=not network, by_city=planned.by_city, known=MappingProxyType(known),
                   listings=planned.listings, renderer=renderer, fresh=fresh)


def _targets(site: Site, planned: Plan, source: SiteSource, known: ByIdentity | None) -> Targets:
    """What a link may lead to: every page, calendar, feed and content file, by city. A city's
    are found once while serve keeps it (`KnownCity.targets`; its files, and its calendars and
    feeds, by identity)."""
    events = site.events_by_city()
    cities: dict[str, tuple[Addresses, ...]] = {}
    for city in site.cities:
        kept = planned.known.get(city.slug)
        pages = kept.targets if kept is not None else \
            Addresses(frozenset(page.neutral for groups in planned.by_city[city.slug].values() for group in groups for page in group))
        own, files = events[city.slug], source.by_city.get(city.slug, ())
        cities[city.slug] = (pages, made(known, FILES_STEP, (city, *own), partial(city_files, city, own), Addresses),
                             made(known, WRITTEN_STEP, (files,), partial(_written, files), Addresses))
    rest = {page.neutral for page in planned.fresh if urls.city_of(page.neutral) is None} | network_files(site)
    rest.update(written_paths(file for slug, files in source.by_city.items() if slug not in cities for file in files))
    return Targets(cities, (Addresses(frozenset(rest)),))


def _written(files: tuple[SourceFile, ...]) -> Addresses:
    return Addresses(frozenset(written_paths(files)))


FILES_STEP = "city files"
"""`core.identity`'s step for a city's calendars and feeds, by the city and its events."""
WRITTEN_STEP = "written"
"""`core.identity`'s step for the addresses of a city's content files, valid or not, by the files as read (`SiteSource.by_city`)."""


CITY_STEP = "city"
"""The memo's step for a city's plan: its pages' keys (`KnownCity.pages`), by the city's key."""

CARDS_STEP = "city cards"
"""The memo's step for a city's cards (`KnownCity.cards`), by the city's key: apart from its
pages, since only a build that plans the network's listings reads them (two thirds of the
plan's bytes: 25 of 37 MB at 40k)."""


@dataclass(frozen=True)
class Keys:
    """The keys of one build (`keys_of`): each city's, and the network's listings'."""

    cities: Mapping[str, str]
    network: str


def keys_of(renderer: str, site: Site, known: ByIdentity | None = None) -> Keys:
    """Every city's key and the network's, from one description of each city (`_described`).

    **A city's key** holds everything its pages are planned and rendered from: the renderer's
    inputs (theme, catalogs, code), the site's settings, what the city sees of the clock, the
    city and its events as the model holds them (every field, in a fixed order, the occurrences
    listed at `now` included, through their `repr`; not the line of each front-matter key,
    `Version.where`, which only messages read, and whose `repr` was a quarter of the text
    described), their bodies, and their files' history.

    **The network's key** holds everything its listings (home, events, search, groups, its
    calendar and tag pages: `plan.pages.is_network_listing`) are planned from: the renderer's
    inputs, the settings, the date, the chapters and every city and its events as the model
    holds them but without their bodies, which no listing shows, and every city's clock. An
    edit of an event's text changes its city's key and leaves the network's as it is.

    With `known` (serve), a city and events assembled by the last build (`content.assemble`:
    the same objects) are not described again.
    """
    by_city = site.events_by_city()
    settings = repr(site.settings)
    cities: dict[str, str] = {}
    network = [renderer, settings, str(site.now.date()), repr([(chapter.slug, [replace(version, body="", where={}) for version in chapter.text.versions])
                                                                for chapter in site.chapters])]
    for city in site.cities:
        events = by_city[city.slug]
        facts, content, ends = made(known, DESCRIBED_STEP, (city, *events, site.history), partial(_description, city, events, site.history), tuple)
        clock = _clock(site, city, ends)
        cities[city.slug] = digest(renderer, settings, clock, content)
        network += [clock, facts]
    return Keys(cities, digest(*network))


def _description(city: City, events: list[Event], history: Mapping[str, object]) -> tuple[str, str, tuple[tuple[float, ...], ...]]:
    """For `keys_of`: the digest of the city's description (`_described`), the digest of that
    with its bodies and their files' history, and its events' ends (for `_clock`)."""
    bodies: list[str] = []
    files: set[str] = set()
    facts = digest(_described(city, events, bodies, files))
    content = digest(facts, *bodies, *(f"{name}\0{history.get(name)!r}" for name in sorted(files)))
    ends = tuple(tuple(sorted(occurrence.end_instant.timestamp() for occurrence in event.occurrences)) for event in events)
    return facts, content, ends


DESCRIBED_STEP = "described"
"""`ByIdentity`'s step for the digest of a city's description (`_described`), the digest of
that with its bodies and their files' history, and its events' ends (`_clock`), by the city,
its events and the history."""


T = TypeVar("T")


def _described(city: City, events: list[Event], bodies: list[str], files: set[str]) -> str:
    """The `repr` of the city and its events, without the bodies of their versions (they go
    to `bodies`, in order; their files to `files`) or the lines of their front-matter keys.
    A text added to the model but not stripped here keeps its bodies in the description: the
    network's key then changes more often, never too seldom."""
    def text(localized: Localized[T]) -> Localized[T]:
        bodies.extend(version.body for version in localized.versions)
        files.update(name for version in localized.versions for name in (version.file, version.source))
        return Localized(tuple(replace(version, body="", where={}) for version in localized.versions))

    stripped = replace(city, text=text(city.text), sections=tuple(replace(section, text=text(section.text)) for section in city.sections),
                       places=tuple(replace(place, text=text(place.text)) for place in city.places),
                       groups=tuple(replace(group, text=text(group.text)) for group in city.groups))
    return repr((stripped, tuple(replace(event, text=text(event.text)) for event in events)))


NETWORK_STEP = "network"
"""The memo's step for the network's listings (`KnownNetwork` per language), by the network's key (`keys_of`)."""


def _known_network(site: Site, key: str, reuse: Reuse) -> dict[str, KnownNetwork]:
    """The network's listings by language, if the memo (or serve's last build) holds them under
    `key` with every file current; else nothing."""
    if reuse.remembered_network is not None and reuse.remembered_network[0] == key:
        return dict(reuse.remembered_network[1])
    value = reuse.memo.get(NETWORK_STEP, key)
    try:
        if not isinstance(value, dict):
            raise ValueError("not the network")
        found = {lang: KnownNetwork.from_json(value.get(lang)) for lang in site.languages}
    except ValueError:
        return {}
    if not all(isinstance(page, KeptPage) and reuse.is_current(page.output, page.key) for network in found.values() for page in network.pages):
        return {}
    return found


def _network_pages(checked: Checked) -> dict[str, list[Page]]:
    """The network's listings this check planned (or serve kept as planned), by language, in plan order."""
    return {lang: [page for page in checked.listings.get(lang, ()) if isinstance(page, Page)] for lang in checked.site.languages}


def remember_network(checked: Checked, keys: Mapping[str, str], memo: Memo) -> None:
    """Keep the network's listings' keys for the next build (`_known_network`), when this check planned them."""
    if not checked.network_key or not checked.planned_network:
        return
    memo.put(NETWORK_STEP, checked.network_key, {
        lang: [KeptPage(page.neutral, page.lang, page.path, keys[page.output], page.sources, None, None).to_json() for page in pages]
        for lang, pages in _network_pages(checked).items()})


def remembered_network(checked: Checked) -> tuple[str, Mapping[str, KnownNetwork]] | None:
    """The network's listings as this check planned or kept them, for the next build of the
    same process (`Reuse.remembered_network`: serve), which keeps them while their key is unchanged."""
    if not checked.network_key:
        return None
    return checked.network_key, {lang: KnownNetwork(tuple(pages)) for lang, pages in _network_pages(checked).items()}


def _clock(site: Site, city: City, ends: tuple[tuple[float, ...], ...]) -> str:
    """What a city's pages see of `now`: the date (skipped dates), the city's own date (its
    month calendar), and how many occurrences of each event have ended (past or upcoming,
    the next date), from each event's ends (POSIX seconds, sorted). A later build with the
    same clock plans the same pages, so a cache made hours ago still serves (CI builds with
    the real time)."""
    now = site.now.timestamp()
    ended = [bisect.bisect_right(found, now) for found in ends]
    return f"{site.now.date()} {site.now.astimezone(load_zone(city.meta.timezone)).date()} {ended}"


def _known_cities(site: Site, reuse: Reuse, keys: Mapping[str, str], with_cards: bool = True) -> dict[str, KnownCity]:
    """The cities whose plan the memo holds under their key, with every page's file still current;
    `with_cards`: with their cards (when the network's listings are planned from them)."""
    known: dict[str, KnownCity] = {}
    for city in site.cities:
        key = keys[city.slug]
        remembered = reuse.remembered.get(city.slug)
        if remembered is not None and remembered[0] == key:
            known[city.slug] = remembered[1]
            continue
        try:
            if with_cards:
                cards = reuse.memo.get(CARDS_STEP, key)
            else:
                reuse.memo.keep(CARDS_STEP, key)  # unread, but kept for the next build that plans the listings
                cards = None
            found = known_city(reuse.memo.get(CITY_STEP, key), cards, site.languages, with_cards)
        except ValueError:
            continue
        if all(isinstance(page, KeptPage) and reuse.is_current(page.output, page.key) for groups in found.pages.values() for group in groups for page in group):
            known[city.slug] = found
    return known


def known_city(value: object, cards: object, languages: tuple[str, ...], with_cards: bool = True) -> KnownCity:
    """A city's plan as `remember_cities` kept it: its pages (`value`) and, if `with_cards`,
    its cards; ValueError for anything else (a miss)."""
    if not isinstance(value, dict) or (with_cards and not isinstance(cards, dict)):
        raise ValueError("not a city")
    found = {lang: CityCards.from_json(cards.get(lang)) for lang in languages} if isinstance(cards, dict) and with_cards else {}
    pages = {}
    for lang in languages:
        groups = value.get(lang)
        if not isinstance(groups, list) or len(groups) != 2 or not all(isinstance(group, list) for group in groups):
            raise ValueError("not a city")
        main, calendars = (tuple(KeptPage.from_json(item) for item in group) for group in groups)
        pages[lang] = (main, calendars)
    return KnownCity(found, pages)


def remembered_cities(checked: Checked) -> dict[str, tuple[str, KnownCity]]:
    """Every city as this check planned or reused it, its pages as planned: for the next
    build of the same process (`Reuse.remembered`), which keeps those whose key is unchanged."""
    remembered = {slug: (checked.reused[slug].key, city) for slug, city in checked.known.items()}
    for slug, found in checked.slices.items():
        remembered[slug] = (found.key, KnownCity(found.cards, {lang: (tuple(main), tuple(calendars)) for lang, (main, calendars) in checked.by_city[slug].items()}))
    return remembered


def remember_cities(checked: Checked, keys: Mapping[str, str], memo: Memo) -> None:
    """Keep each newly planned city's cards and pages' keys for the next build (`known_city`)."""
    def kept(page: Page) -> list[object]:
        body = page.body
        return KeptPage(page.neutral, page.lang, page.path, keys[page.output], page.sources,
                        body.source if body is not None else None, body.file if body is not None else None).to_json()

    pages = {slug: {lang: ([kept(page) for page in main], [kept(page) for page in calendars]) for lang, (main, calendars) in by_lang.items()}
             for slug, by_lang in checked.by_city.items()}
    for slug, found in checked.slices.items():
        memo.put(CITY_STEP, found.key, {lang: [main, calendars] for lang, (main, calendars) in pages[slug].items()})
        memo.put(CARDS_STEP, found.key, {lang: cards.to_json() for lang, cards in found.cards.items()})


@dataclass(frozen=True)
class Built:
    """What a build did, for its summary line and for the tests that count the work."""

    files: int
    """Files in the output."""
    rendered: tuple[str, ...]
    """Pages rendered (output paths); the others were kept from the last build."""
    written: int
    """Files written; the others were hard-linked from the last build's output."""
    searched: bool
    """Whether Pagefind ran (it does not when no indexed page changed)."""
    warnings: tuple[ContentError, ...] = ()
    """The check's warnings, for the command to print."""
    parsed: int = 0
    """Markdown bodies the check parsed; the others' links, headings and plain text were found in the memo."""
    planned_cities: tuple[str, ...] = ()
    """Cities whose pages were planned; the others' inputs had not changed, so their plan came from the memo."""
    planned_network: bool = True
    """Whether the network's listings were planned; else they were kept from the last build (`keys_of`)."""
    indexed: tuple[str, ...] = ()
    """The languages Pagefind indexed; the others' part of the index was kept (none of their pages changed)."""


def build(root: Path, out: Path, options: Options, jobs: int = 1, key: str | None = None, search: bool = True) -> Built | None:
    """Build the site into `out`, search index included unless `search` is False (a preview
    nobody will search: `build --no-search`); None when it is already up to date.

    `key` is the cache fingerprint when the caller has already computed it (the CLI checks
    it before loading the heavy modules).
    """
    check_output(out, root)
    theme = find_theme(root)
    key = key or cache.fingerprint(root, theme, out, options, search)
    if cache.is_fresh(root, out, key):
        return None
    store = Store.open(root)
    try:
        with heap.scope():
            return _build(root, out, options, jobs, key, search, store)
    finally:
        store.close()


def _build(root: Path, out: Path, options: Options, jobs: int, key: str, search: bool, store: Store) -> Built:
    in_place = has_marker(out.resolve())  # an output chapters made: updated in place
    if in_place:
        recover(out)  # an update killed half-way is undone before the output is looked at
    files = OutputFiles.walk(out)  # the one walk of the output: what is current, what is stale, the record at the end
    previous = PageCache.load(root, out, files, store)
    checked = check(root, options, memo=store, reuse=Reuse(store, previous.is_current))
    heap.settle()  # what the check made lives to the end of the build: the collector need not walk it again
    site, warnings, parsed, planned = checked.site, checked.warnings, len(checked.bodies), tuple(checked.slices)
    planned_network = checked.planned_network
    keys = {page.output: page_key(checked.renderer, page) for page in checked.pages}
    kept = frozenset(path for path, key in keys.items() if previous.is_current(path, key))
    remember_cities(checked, keys, store)
    remember_network(checked, keys, store)
    keys.update({page.output: page.key for page in checked.kept})
    other_html = b"".join(name.encode() + b"\0" + make() for name, make in _shared_files(root, checked).items() if name.endswith(".html"))
    search_inputs = search_key((keys[path] for path in sorted(keys)), other_html)
    last_bundle = previous.search_bundle(search_inputs) if search else None
    languages = site.languages
    bundle: list[str] = list(last_bundle or ())
    # Each language's index reads only its own pages: a language none of whose pages changed
    # keeps its part of the last bundle (an edited translation indexes its language alone).
    by_lang: dict[str, list[str]] = {lang: [] for lang in languages}
    for page in itertools.chain[Page | KeptPage](checked.pages, checked.kept):
        by_lang[page.lang].append(page.output)
    language_inputs = {lang: search_key((keys[path] for path in sorted(paths)), other_html) for lang, paths in by_lang.items()}
    indexed: dict[str, object] = dict(previous.last_languages()) if last_bundle is not None else {}
    kept_languages = previous.search_languages(language_inputs) if search and last_bundle is None else {}
    if len(kept_languages) == len(languages):
        kept_languages = {}  # the bundle's shared files are not as it left them (every language's are): all made again
    kept_index = [path for language in kept_languages.values() for path in Bundle.paths(language)]
    """The kept languages' files: kept with the pages (else the update would move them away as stale before the index is made)."""
    bundle += kept_index

    def finish(folder: Path) -> list[tuple[str, bytes | Keep]]:
        """The search index of the complete pages in `folder` (the staging folder, or the output being updated)."""
        made = search_index(folder, languages, kept_languages)
        bundle.extend(path for path, _ in made.files)
        indexed.update({lang: {"key": language_inputs[lang], "bundle": language.to_json()} for lang, language in made.languages.items()})
        return list(made.files)

    expected = len(keys) + 1 + len(languages) * (1 + len(site.cities)) * 3  # pages, calendars, feeds: roughly
    made = outputs(root, checked, is_current=previous.is_current)

    others: dict[str, str] = {}
    """The key of every file that is not a page (the digest of its bytes), for the page cache."""
    digests: dict[str, str] = {}
    """The digest of every file made here, from its bytes: the page cache need not read it back."""

    def recorded(files: Files) -> Files:
        for path, data in files:
            if isinstance(data, bytes):
                digests[path] = file_key(data)
            if path not in keys:
                key = digests[path] if isinstance(data, bytes) else previous.key_of(path)
                if key is not None:
                    others[path] = key
            yield path, data

    def order(made: Outputs) -> Files:
        tracked = progress.track(recorded(in_order(made, jobs, kept)), expected)
        return itertools.chain(tracked, ((path, Keep()) for path in last_bundle or kept_index))  # an unchanged index (or language): kept as it is

    # No index with --no-search (the search page says so in the browser; nothing stale is
    # kept), and no Pagefind run when no indexed page changed (its last bundle is kept).
    searching = finish if search and last_bundle is None else None
    publisher: Publisher = InPlace(out, order, searching, files, _in_search_bundle) if in_place else StagingFolder(out, order, searching, site_root=root)
    # From here on only `made` holds the model and the planned pages: once every file is
    # staged they are freed, before Pagefind (which needs as much memory again) runs.
    del checked, site
    tally = publisher.publish(made)
    if tally.touched is None:
        files.walk_again()  # a new output was swapped in
    else:
        files.refresh(tally.touched)
    store.save()
    previous.save({**others, **keys}, search_inputs, bundle, digests, indexed)
    cache.remember(root, out, key, files)
    unplanned = set(made.kept)
    rendered = tuple(path for path in keys if path not in kept and path not in unplanned)
    searched = search and last_bundle is None
    indexed_now = tuple(lang for lang in languages if lang not in kept_languages) if searched else ()
    return Built(tally.files, rendered, tally.written, searched, warnings, parsed, planned, planned_network, indexed_now)


def _in_search_bundle(path: str) -> bool:
    """Whether an output file is one of the search index's (made only by Pagefind, after the pages)."""
    return path.startswith(urls.SEARCH_BUNDLE + "/")


def _sitemap_entries(checked: Checked) -> tuple[list[str], dict[str, date]]:
    """Pages for the sitemap (not the 404 page), with the date of their file's last commit."""
    default = checked.site.default_language
    paths, lastmod = [], {}
    for page in checked.order or checked.pages:
        if page.lang != default or page.neutral == urls.not_found():
            continue
        paths.append(page.neutral)
        file = page.body_file if isinstance(page, KeptPage) else page.body.file if page.body is not None else None
        history = checked.site.history.get(file) if file is not None else None
        if history is not None:
            lastmod[page.neutral] = history.updated.date()
    return paths, lastmod


PAGES_PER_TASK = 200
"""Small enough to balance the cores, large enough that handing out tasks costs little."""


def outputs(root: Path, checked: Checked, templates: Templates | None = None, is_current: IsCurrent = never) -> Outputs:
    """The render stage: every output of the site with how to make it, nothing made yet.

    `templates` may be those of an earlier build with the same theme, catalogs and languages
    (serve keeps them across saves, so no template is compiled again). A kept city's calendar
    and feed files that `is_current` says the output holds come as `Keep`, unmade.
    """
    site, catalogs, theme = checked.site, checked.catalogs, checked.theme
    markdown = checked.markdown
    renderer = Renderer(theme, markdown, site.settings.title, site.settings.base_url, site.languages, catalogs.translations, templates)
    pages = checked.by_output()
    city_keys = {slug: found.key for slug, found in checked.cities.items()}
    groups: list[Group] = []
    for lang in site.languages:
        groups.append(Group(f"calendars {lang}", _claims(lang, site.languages, routes.CALENDARS),
                            lambda lang=lang: list(calendar_files(site, markdown, catalogs.gettext, (lang,), checked.memo, city_keys, is_current))))  # type: ignore[misc]  # mypy cannot infer a lambda whose default binds the loop variable
        groups.append(Group(f"feeds {lang}", _claims(lang, site.languages, routes.FEEDS),
                            lambda lang=lang: list(feed_files(site, markdown, catalogs.gettext, (lang,), checked.memo, city_keys, is_current))))  # type: ignore[misc]  # mypy cannot infer a lambda whose default binds the loop variable
    files = _shared_files(root, checked)
    files[urls.output_file(urls.sitemap())] = lambda: sitemap(site, *_sitemap_entries(checked))
    files[urls.output_file(urls.robots())] = lambda: robots(site)
    return Outputs(renderer, pages, tuple(groups), files, tuple(page.output for page in checked.kept), checked.memo)


def _shared_files(root: Path, checked: Checked) -> dict[str, Make]:
    """The files published as they are, by output path: the theme's static files, then the site's own `static/`."""
    files: dict[str, Make] = dict(static_files(checked.theme))
    files.update({urls.output_file(urls.asset(asset)): (root / routes.ASSETS_FOLDER / asset).read_bytes for asset in checked.assets})
    return files


def _claims(lang: str, languages: tuple[str, ...], writer: str) -> Callable[[str], bool]:
    """Whether an output path is a file `writer` makes in `lang`, from the path alone (the route table)."""
    def claims(path: str) -> bool:
        address = urls.file_path(path)
        output = routes.output_for(address, languages)
        return output is not None and output.writer == writer and (urls.split_language(address, languages)[0] or languages[0]) == lang
    return claims


def in_order(made: Outputs, jobs: int = 1, kept: Set[str] = frozenset()) -> Iterator[tuple[str, bytes | Keep]]:
    """Every output file, made: each language's calendars and feeds and the pages in slices,
    spread over `jobs` processes (the same bytes for any number), then the other files.

    Pages whose output path is in `kept` are not rendered: they come as `Keep`, linked
    from the last build's output (rendered after all only if that file has vanished).
    """
    renderer = made.renderer
    for path in made.kept:
        yield path, Keep()  # a known city's page: its file is current (checked before it was kept)
    to_render = []
    for path, page in made.pages.items():
        if path in kept:
            yield path, Keep(partial(renderer.render, page))
        else:
            to_render.append(page)
    tasks: list[parallel.Task] = [group.make for group in made.groups]  # the longest tasks first: no core idles at the end
    for start in range(0, len(to_render), PAGES_PER_TASK):
        pages = to_render[start : start + PAGES_PER_TASK]
        tasks.append(partial(_rendered, pages, renderer))
    for files in parallel.run(tasks, jobs, made.memo):
        yield from files
    for path, make in made.files.items():
        yield path, make()


def _rendered(pages: list[Page], renderer: Renderer) -> parallel.Files:
    return list(render_all(pages, renderer))


def site_files(root: Path, checked: Checked, jobs: int = 1, kept: Set[str] = frozenset()) -> Iterator[tuple[str, bytes | Keep]]:
    """Every output file as (path in the output folder, bytes): `build` publishes them, `changes` compares them."""
    return in_order(outputs(root, checked), jobs, kept)
