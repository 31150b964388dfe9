"""Plan every page of the site: its address, template, language and view data.

Planning is cheap and writes nothing, so `check` runs it too: two pages claiming one
address are reported here, naming every file involved.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from typing import TypedDict, cast

from babel.dates import format_date

from generator.content.markdown import Markdown
from generator.content.model import City, CityFacts, Event, EventFacts, GroupFacts, Localized, PageFacts, PlaceFacts, Site, Version
from generator.core import routes, urls
from generator.core.errors import ErrorReport, Location
from generator.core.memo import NO_MEMO, Memo
from generator.core.text import Gettext
from generator.plan.browse import Planned, calendar_pages, city_tag_pages, print_page, tag_pages
from generator.plan.links import Addresses
from generator.plan.seo import event_json_ld, place_json_ld, short
from generator.plan.viewdata import (
    Card,
    ChapterView,
    CityEventsView,
    CityGroupsView,
    CityView,
    DirectoryView,
    EventsView,
    EventView,
    Feed,
    Frame,
    GroupsView,
    GroupView,
    HandbookView,
    HomeView,
    Link,
    NotFoundView,
    Person,
    PlaceView,
    Provenance,
    SearchView,
    SectionView,
    Subscribe,
    View,
)
from generator.plan.views import (
    PHONE_LABEL_SHARE,
    add_to_calendar,
    announced_feeds,
    card,
    channels,
    city_name,
    city_tags,
    country_name,
    directory_categories,
    event_facts,
    group_entry,
    group_subscribe,
    group_themes,
    home_map,
    language_names,
    narrowing,
    occurrences,
    once_each,
    place_entry,
    start_group_link,
    subscribe_box,
    suggest_place_link,
    tag_link,
    theme_anchor,
    toc,
)

HOME_EVENTS = 8
CITY_EVENTS = 3
NEXT_DATES = 6


Body = Version[CityFacts] | Version[PageFacts] | Version[EventFacts] | Version[PlaceFacts] | Version[GroupFacts]
"""The text a page shows: a city's, a guide page's or chapter's, an event's, a recommendation's or an interest group's."""


@dataclass(frozen=True)
class Page:
    """One HTML file to render."""

    neutral: str
    """The language-neutral site path (`/cities/almaty/`)."""
    lang: str
    path: str
    """The site path in this language (`/de/cities/almaty/`)."""
    template: str
    """The theme template, from the route table (`core.routes.OUTPUTS`)."""
    title: str
    sources: tuple[str, ...]
    body: Body | None
    """The Markdown text the page shows, if any; rendered per page for its links."""
    frame: Frame
    """What `base.html` shows around every page (description, feeds, provenance)."""
    view: View
    """What this page kind's template shows (plan/viewdata.py)."""

    @property
    def content_lang(self) -> str:
        """The language the text is in: the page's, or the default one it falls back to."""
        return self.body.body_lang if self.body is not None else self.lang

    @cached_property
    def output(self) -> str:
        """Its file in the output folder (`cities/almaty/index.html`); found once (serve keeps a page across saves)."""
        return urls.output_file(self.path)


@dataclass(frozen=True)
class KeptPage:
    """A page of a city whose inputs did not change since the last build: not planned again,
    its file kept as it is (`publish/page_cache.py` checked it is still there, unchanged)."""

    neutral: str
    lang: str
    path: str
    key: str
    """The key it was rendered with (`publish/page_cache.py`)."""
    sources: tuple[str, ...]
    body_source: str | None
    """The file whose Markdown it shows (for the link check), if any."""
    body_file: str | None
    """The file its text comes from (for the sitemap's date), if any."""

    @cached_property
    def output(self) -> str:
        """Its file in the output folder."""
        return urls.output_file(self.path)

    def to_json(self) -> list[object]:
        return [self.neutral, self.lang, self.path, self.key, list(self.sources), self.body_source, self.body_file]

    @classmethod
    def from_json(cls, value: object) -> KeptPage:
        """The inverse of `to_json`; ValueError for anything else (a damaged memo is a miss).
        (Plain type checks: a rebuild at 40k reads 49,000 of them.)"""
        if type(value) is not list or len(value) != 7:
            raise ValueError("not a page")
        neutral, lang, path, key, sources, body_source, body_file = value
        if (type(neutral) is not str or type(lang) is not str or type(path) is not str or type(key) is not str or type(sources) is not list
                or not (body_source is None or type(body_source) is str) or not (body_file is None or type(body_file) is str)
                or not all(type(source) is str for source in sources)):
            raise ValueError("not a page")
        return cls(neutral, lang, path, key, tuple(sources), body_source, body_file)


Listed = tuple[datetime, str, str, Card]
"""A card with its place in the network's listings: the occurrence's instant (`Occurrence.utc`),
the city and the event's slug."""


@dataclass(frozen=True)
class CityCards:
    """A city's cards in one language, as the network's listings merge them."""

    upcoming: tuple[Listed, ...]
    """Soonest first."""
    past: tuple[Listed, ...]
    """Latest first."""

    def to_json(self) -> dict[str, object]:
        return {"upcoming": [_listed_json(item) for item in self.upcoming], "past": [_listed_json(item) for item in self.past]}

    @classmethod
    def from_json(cls, value: object) -> CityCards:
        if not isinstance(value, dict) or not isinstance(value.get("upcoming"), list) or not isinstance(value.get("past"), list):
            raise ValueError("not cards")
        return cls(tuple(_listed(item) for item in value["upcoming"]), tuple(_listed(item) for item in value["past"]))


_CARD_FIELDS = tuple(field.name for field in fields(Card))


def _listed_json(item: Listed) -> list[object]:
    instant, city, slug, shown = item
    values = [getattr(shown, name) for name in _CARD_FIELDS]
    values[_CARD_FIELDS.index("tags")] = [[link.title, link.path, link.summary] for link in shown.tags]
    return [instant.isoformat(), city, slug, values]


def _listed(value: object) -> Listed:
    if not isinstance(value, list) or len(value) != 4 or not all(isinstance(v, str) for v in value[:3]):
        raise ValueError("not a card")
    instant, city, slug, values = value
    if not isinstance(values, list) or len(values) != len(_CARD_FIELDS) or not all(v is None or isinstance(v, (str, bool, list)) for v in values):
        raise ValueError("not a card")
    shown = dict(zip(_CARD_FIELDS, values, strict=True))
    tags = shown["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, list) and len(t) == 3 and all(v is None or isinstance(v, str) for v in t) for t in tags):
        raise ValueError("not a card")
    shown["tags"] = tuple(Link(*t) for t in tags)
    return datetime.fromisoformat(instant), city, slug, Card(**shown)


@dataclass(frozen=True)
class KnownCity:
    """A city planned by an earlier build from the same inputs: its cards and its pages' keys, by language."""

    cards: Mapping[str, CityCards]
    """Empty when the network's listings are kept too (`KnownNetwork`): then nothing reads them."""
    pages: Mapping[str, tuple[tuple[Page | KeptPage, ...], tuple[Page | KeptPage, ...]]]
    """Its pages in plan order: the city's own (city, events list, guide, events), then its month
    calendars: as `KeptPage`s (a build: their files are kept), or as planned (serve keeps them in memory)."""

    # What the build asks of every page, found once per city: serve keeps a city whose key did
    # not change from one save to the next, so a save does not pass over every page of the network.

    @cached_property
    def every_page(self) -> tuple[Page | KeptPage, ...]:
        """Its pages in every language."""
        return tuple(page for main, calendars in self.pages.values() for page in (*main, *calendars))

    @cached_property
    def targets(self) -> Addresses:
        """Its pages' neutral paths (`/cities/almaty/`), what a link may lead to, with their digest (`plan.links.Targets`)."""
        return Addresses(frozenset(page.neutral for page in self.every_page))

    @cached_property
    def paths(self) -> frozenset[str]:
        """Its pages' paths in their languages: no other page may claim one."""
        return frozenset(page.path for page in self.every_page)

    @cached_property
    def shown_at(self) -> Mapping[str, str]:
        """The neutral path of the page that shows each of its bodies, by the body's source file."""
        return {source: page.neutral for page in self.every_page if (source := body_source(page)) is not None}

    @cached_property
    def planned(self) -> Mapping[str, Page]:
        """Its pages kept as planned (serve), by output file; none for a build, whose pages are `KeptPage`s."""
        return {page.output: page for page in self.every_page if isinstance(page, Page)}

    @cached_property
    def kept(self) -> tuple[KeptPage, ...]:
        """Its `KeptPage`s (a build); none for serve, which keeps its pages as planned."""
        return tuple(page for page in self.every_page if isinstance(page, KeptPage))

    def prepare(self) -> None:
        """Find all of the above now (serve, between saves), so the next build need not."""
        for name in ("targets", "paths", "shown_at", "planned", "kept"):
            getattr(self, name)


def body_source(page: Page | KeptPage) -> str | None:
    """The file whose Markdown a page shows, if any (for the link check)."""
    if isinstance(page, KeptPage):
        return page.body_source
    return page.body.source if page.body is not None else None


NETWORK_PAGES = (urls.home(), urls.all_events(), urls.search(), urls.all_groups(), urls.not_found())
"""The network's pages made from every city's listings, besides its calendar and tag pages;
none shows a body (the handbook's pages do, and are planned on every build)."""


def is_network_listing(neutral: str) -> bool:
    """Whether a page is one of the network's listings (`KnownNetwork`), from its address."""
    return neutral in NETWORK_PAGES or neutral.startswith((urls.calendar(), urls.tags()))


@dataclass(frozen=True)
class KnownNetwork:
    """The network's listings in one language (`is_network_listing`) as an earlier build
    planned them from the same inputs: kept as they are, in their places in the plan."""

    pages: tuple[Page | KeptPage, ...]
    """In plan order: as `KeptPage`s (a build: their files are kept), or as planned (serve keeps them in memory)."""

    @classmethod
    def from_json(cls, value: object) -> KnownNetwork:
        """The inverse of `to_json`; ValueError for anything else (a damaged memo is a miss)."""
        if not isinstance(value, list):
            raise ValueError("not the network's pages")
        pages = tuple(KeptPage.from_json(item) for item in value)
        if not all(is_network_listing(page.neutral) for page in pages) or {p.neutral for p in pages} < set(NETWORK_PAGES):
            raise ValueError("not the network's pages")
        return cls(pages)


@dataclass(frozen=True)
class Plan:
    pages: list[Page | KeptPage]
    """Every page in a fixed order (the sitemap's), a known city's as `KeptPage`s."""
    cards: Mapping[str, Mapping[str, CityCards]]
    """The cards of the cities planned here, by city and language (kept for the next build)."""
    by_city: Mapping[str, Mapping[str, tuple[list[Page], list[Page]]]] = field(default_factory=lambda: MappingProxyType({}))
    """The pages of the cities planned here, by city and language: its own, then its month calendars, in plan order."""
    listings: Mapping[str, tuple[Page | KeptPage, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """The network's listings (`is_network_listing`) by language, in plan order: planned, or kept as `network` gave them."""
    known: Mapping[str, KnownCity] = field(default_factory=lambda: MappingProxyType({}))
    """The cities not planned here, as `known` gave them (their pages are in `pages` too)."""
    fresh: tuple[Page | KeptPage, ...] = ()
    """Every page but those of `known`, in plan order."""


class _InCity(TypedDict):
    """The fields of `viewdata.InCity`, given to each view beneath a city (mypy checks they match)."""

    city_name: str
    city_path: str
    city_events_path: str
    city_calendar_path: str
    guide: tuple[Link, ...]
    subscribe: Subscribe


TEMPLATES: Mapping[str, str] = MappingProxyType({output.name: output.template for output in routes.OUTPUTS if output.template})
"""The template of each page kind, by its name in the route table."""


def _feeds(site: Site, lang: str, city: City | None = None) -> tuple[Feed, ...]:
    """Feeds a page announces for autodiscovery: the network's, and its city's (`views.announced_feeds`)."""
    return announced_feeds(site, lang, city)


def provenance(site: Site, body: Body | None, lang: str) -> Provenance:
    """"Last updated" from git history (omitted outside git) and the "Edit this page" link."""
    if body is None:
        return Provenance(None, None, None)
    known = [h for h in (site.history.get(body.file), site.history.get(body.source)) if h is not None]
    history = max(known, key=lambda h: h.updated) if known else None
    edit = f"{site.settings.repository.rstrip('/')}/edit/{site.settings.branch}/{body.file}" if site.settings.repository else None
    if history is None:
        return Provenance(None, None, edit)
    return Provenance(format_date(history.updated, "long", locale=lang), history.updated.date().isoformat(), edit)


def plan(site: Site, markdown: Markdown, report: ErrorReport, gettext_for: Callable[[str], Gettext]) -> list[Page]:
    """Every page of the site."""
    return [page for page in plan_sliced(site, markdown, report, gettext_for).pages if isinstance(page, Page)]


def plan_sliced(site: Site, markdown: Markdown, report: ErrorReport, gettext_for: Callable[[str], Gettext],
                known: Mapping[str, KnownCity] = MappingProxyType({}), network: Mapping[str, KnownNetwork] = MappingProxyType({}),
                memo: Memo = NO_MEMO) -> Plan:
    """Every page of the site, but those of the cities in `known` (planned by an earlier build
    from the same inputs), which come as their `KeptPage`s in the same places, unplanned.

    The pages of the network (home, events, tags, the network's calendar) are planned from
    every city's cards: the known cities' come from `known`, the others' are made here. In a
    language of `network` (no listing of the network can have changed since the build that
    planned them: pipeline.keys_of), they are kept as they are too.
    """
    pages: list[Page | KeptPage] = []
    cities = {city.slug: city for city in site.cities}
    cards: dict[str, dict[str, CityCards]] = {}
    grouped: dict[str, dict[str, tuple[list[Page], list[Page]]]] = {}
    listings: dict[str, list[Page | KeptPage]] = {}
    fresh: list[Page | KeptPage] = []
    for lang in site.languages:
        pages.extend(_pages_in(site, cities, lang, markdown, gettext_for(lang), known, cards, network.get(lang), memo, grouped, listings, fresh))
    kept = {slug: known[slug] for slug in cities if slug in known}
    _check_collisions(pages, report, kept.values(), fresh)
    return Plan(pages, cards, grouped, {lang: tuple(found) for lang, found in listings.items()}, MappingProxyType(kept), tuple(fresh))


def _pages_in(site: Site, cities: dict[str, City], lang: str, markdown: Markdown, _: Gettext,
              known: Mapping[str, KnownCity], fresh: dict[str, dict[str, CityCards]], network: KnownNetwork | None, memo: Memo,
              grouped: dict[str, dict[str, tuple[list[Page], list[Page]]]], listings: dict[str, list[Page | KeptPage]],
              fresh_pages: list[Page | KeptPage]) -> list[Page | KeptPage]:
    network_feeds = _feeds(site, lang)

    def page(kind: str, neutral: str, title: str, view: View, sources: tuple[str, ...] = (), body: Body | None = None,
             feeds: tuple[Feed, ...] = network_feeds, json_ld: str | None = None, description: str | None = None) -> Page:
        summary = description or (body.meta.summary if body is not None and isinstance(body.meta, (CityFacts, PageFacts, GroupFacts)) else None)
        frame = Frame(
            feeds=feeds, provenance=provenance(site, body, lang),
            meta_description=summary or site.settings.description or site.settings.title,
            og_type="article" if body is not None else "website", json_ld=json_ld,
        )
        return Page(neutral, lang, urls.localized(neutral, lang, site.default_language), TEMPLATES[kind], title, sources, body, frame, view)

    def generated(planned: Planned) -> Page:
        return page(planned.kind, planned.neutral, planned.title, planned.view, feeds=planned.feeds or network_feeds)

    events_by_city = site.events_by_city()
    # Every card is formatted once per language (or kept from the last build with its city),
    # then picked for each listing that shows it.
    in_city: dict[str, CityCards] = {}
    for city in site.cities:
        kept = known.get(city.slug)
        if kept is not None:
            if network is None:  # kept listings need no card of a kept city
                in_city[city.slug] = kept.cards[lang]
        else:
            in_city[city.slug] = fresh.setdefault(city.slug, {})[lang] = city_cards(site, events_by_city[city.slug], cities, lang)
    contents = tuple(_link(chapter.text, urls.chapter(chapter.slug), lang) for chapter in site.chapters)
    if network is not None:  # the network's listings are kept: only the handbook's pages are planned here
        kept_network = {page.neutral: page for page in network.pages}
        pages: list[Page | KeptPage] = [
            kept_network[urls.home()], kept_network[urls.all_events()],
            page("handbook", urls.handbook(), _("Handbook"), HandbookView(contents, urls.handbook_print())),
            generated(print_page(site, lang, contents, _)),
            kept_network[urls.search()], kept_network[urls.all_groups()], kept_network[urls.not_found()],
        ]
        upcoming: list[Card] = []
        past: list[Card] = []
    else:
        upcoming = [listed[3] for listed in heapq.merge(*(found.upcoming for found in in_city.values()), key=_network_order)]
        past = [listed[3] for listed in heapq.merge(*(found.past for found in in_city.values()), key=_network_order, reverse=True)]
        by_country: dict[str, list[Link]] = defaultdict(list)
        for city in site.cities:
            meta = city.text.pick(lang).meta
            by_country[country_name(city.meta.country, lang)].append(Link(city_name(city, lang), urls.city(city.slug), meta.summary))
        countries = tuple((country, tuple(links)) for country, links in sorted(by_country.items()))
        listed_once = once_each(upcoming)
        pages = [
            page("home", urls.home(), site.settings.title, HomeView(countries, tuple(upcoming[:HOME_EVENTS]), home_map(site, lang, memo=memo), home_map(site, lang, PHONE_LABEL_SHARE, memo))),
            page("events", urls.all_events(), _("Events"), EventsView(
                listed_once, subscribe_box(site, lang, _), *narrowing(site, lang, listed_once))),
            page("handbook", urls.handbook(), _("Handbook"), HandbookView(contents, urls.handbook_print())),
            generated(print_page(site, lang, contents, _)),
            page("search", urls.search(), _("Search"), SearchView(
                countries, contents, urls.search_bundle("pagefind-ui.js"), urls.search_bundle("pagefind-ui.css"))),
            # TRANSLATORS: the title of the page listing every interest group of the network.
            page("groups", urls.all_groups(), _("Interest groups"), GroupsView(
                group_themes(site, lang, _), sum(len(city.groups) for city in site.cities), site.settings.repository is not None)),
            page("not found", urls.not_found(), _("Page not found"), NotFoundView()),
        ]
    listings[lang] = [page for page in pages if page.neutral in NETWORK_PAGES]
    starts: list[tuple[str, int]] = []
    kept_spans: list[tuple[int, int]] = []
    """Where `known`'s pages are in `pages`: the others go to `fresh_pages`."""
    for city in site.cities:
        starts.append((city.slug, len(pages)))
        kept = known.get(city.slug)
        if kept is not None:
            kept_spans.append((len(pages), len(pages) + len(kept.pages[lang][0])))
            pages.extend(kept.pages[lang][0])
            continue
        version = city.text.pick(lang)
        city_upcoming = [listed[3] for listed in in_city[city.slug].upcoming]
        city_past = [listed[3] for listed in in_city[city.slug].past]
        ambassadors = tuple(
            Person(a.name, a.github, a.bio, language_names(a.languages, lang))
            for a in city.ambassadors
        )
        guide = tuple(_link(section.text, urls.section(city.slug, section.slug), lang) for section in city.sections)
        common: _InCity = {
            "city_name": city_name(city, lang), "city_path": urls.city(city.slug), "city_events_path": urls.city_events(city.slug),
            "city_calendar_path": urls.calendar(city.slug), "guide": guide,
            "subscribe": subscribe_box(site, lang, _, city),
        }
        city_feeds = _feeds(site, lang, city)
        suggest, start = suggest_place_link(site, city), start_group_link(site, city)
        pages.append(page("city", urls.city(city.slug), common["city_name"], CityView(
            summary=version.meta.summary, ambassadors=ambassadors, upcoming=tuple(city_upcoming[:CITY_EVENTS]),
            more_events=len(city_upcoming) > CITY_EVENTS, country=country_name(city.meta.country, lang),
            spoken=language_names(city.meta.languages, lang),
            community=channels(city, lang, _), directory_path=urls.directory(city.slug) if city.places else None, places=len(city.places),
            groups_path=urls.city_groups(city.slug) if city.groups else None, groups=len(city.groups),
            suggest_place=suggest, start_group=start, **common,
        ), _sources(city.text), version, city_feeds))
        pages.append(page("city events", urls.city_events(city.slug), common["city_name"], CityEventsView(
            upcoming=tuple(city_upcoming), past=tuple(city_past), **common,
            tags=city_tags(site, lang, city, events_by_city[city.slug], once_each(city_upcoming))), feeds=city_feeds))
        for section in city.sections:
            section_version = section.text.pick(lang)
            others = tuple(link for link in guide if link.path != urls.section(city.slug, section.slug))
            pages.append(page("section", urls.section(city.slug, section.slug), section_version.meta.title, SectionView(others=others, **common),
                              _sources(section.text), section_version, city_feeds))
        hosts = {a.github.lower(): a.name for a in city.ambassadors if a.github}
        groups = {group.slug: group for group in city.groups}
        for event in events_by_city[city.slug]:
            event_version = event.text.pick(lang)
            address = urls.absolute(site.settings.base_url, urls.localized(urls.event(city.slug, event.slug), lang, site.default_language))
            pages.append(page("event", urls.event(city.slug, event.slug), event_version.meta.title, EventView(
                facts=event_facts(event, lang, NEXT_DATES, site.now, _), add_to_calendar=add_to_calendar(site, city, event, lang, markdown, _),
                hosts=tuple(hosts[h.lower()] for h in event_version.meta.hosts if h.lower() in hosts),
                tags=tuple(tag_link(site, tag, lang) for tag in event_version.meta.tags),
                group=Link(groups[event.meta.group].text.pick(lang).meta.name, urls.group(city.slug, event.meta.group))
                if event.meta.group in groups else None,
                **common,
            ), _sources(event.text), event_version, city_feeds, event_json_ld(site, city, event, lang, markdown, address)))
        pages.extend(generated(planned) for planned in city_tag_pages(site, city, events_by_city[city.slug], city_upcoming, city_past, lang, _))
        if city.places:
            pages.append(page("directory", urls.directory(city.slug), _("Recommendations in %(city)s") % {"city": common["city_name"]}, DirectoryView(
                categories=directory_categories(site, city, lang, _), suggest_place=suggest, **common), feeds=city_feeds))
        for place in city.places:
            place_version = place.text.pick(lang)
            entry = place_entry(site, city, place, lang, _)
            address = urls.absolute(site.settings.base_url, urls.localized(entry.path, lang, site.default_language))
            pages.append(page("place", entry.path, entry.name, PlaceView(
                entry=entry, category_path=f"{urls.directory(city.slug)}#category-{place.meta.category}", directory_path=urls.directory(city.slug),
                recommended_by=place.meta.recommended_by, suggest_place=suggest, **common,
            ), _sources(place.text), place_version, city_feeds, place_json_ld(site, city, place, lang, markdown, address, entry.price),
                description=short(markdown.plain_text(place_version.body, site.settings.base_url, lang, site.languages)) or entry.category_label))
        if city.groups:
            pages.append(page("city groups", urls.city_groups(city.slug), _("Interest groups in %(city)s") % {"city": common["city_name"]}, CityGroupsView(
                groups=tuple(group_entry(site, city, group, lang) for group in city.groups), start_group=start, **common), feeds=city_feeds))
        for group in city.groups:
            group_version = group.text.pick(lang)
            shown = group_entry(site, city, group, lang)
            theirs = {urls.event(city.slug, event.slug) for event in events_by_city[city.slug] if event.meta.group == group.slug}
            box = group_subscribe(site, lang, _, city, group)
            pages.append(page("group", shown.path, shown.name, GroupView(
                group=shown, contact=group.meta.contact, hosts=group.meta.hosts,
                tags=tuple(Link(site.settings.tag_label(tag, lang), f"{urls.all_groups()}#{theme_anchor(tag)}") for tag in group.meta.tags),
                upcoming=once_each(item for item in city_upcoming if item.path in theirs), group_subscribe=box,
                groups_path=urls.city_groups(city.slug), start_group=start, **common,
            ), _sources(group.text), group_version, (*city_feeds, *group_feeds(shown.name, box))))
    starts.append(("", len(pages)))
    for (slug, first), (__, after) in itertools.pairwise(starts):
        if slug not in known:
            grouped.setdefault(slug, {})[lang] = (cast(list[Page], pages[first:after]), [])
    for index, chapter in enumerate(site.chapters):
        chapter_version = chapter.text.pick(lang)
        pages.append(page("chapter", urls.chapter(chapter.slug), chapter_version.meta.title, ChapterView(
            previous=contents[index - 1] if index > 0 else None, next=contents[index + 1] if index + 1 < len(contents) else None,
            toc=toc(markdown, chapter_version.body),
        ), _sources(chapter.text), chapter_version))
    if network is not None:
        calendar: list[Page | KeptPage] = [page for page in network.pages if page.neutral.startswith(urls.calendar())]
    else:
        calendar = [generated(planned) for planned in calendar_pages(site, cities, lang, _, [(None, list(site.events))])]
    pages += calendar
    listings[lang] += calendar
    for city in site.cities:
        kept = known.get(city.slug)
        if kept is not None:
            kept_spans.append((len(pages), len(pages) + len(kept.pages[lang][1])))
            pages.extend(kept.pages[lang][1])
        else:
            calendars = [generated(planned) for planned in calendar_pages(site, cities, lang, _, [(city, events_by_city[city.slug])])]
            grouped[city.slug][lang][1].extend(calendars)
            pages.extend(calendars)
    if network is not None:
        tags: list[Page | KeptPage] = [page for page in network.pages if page.neutral.startswith(urls.tags())]
    else:
        tags = [generated(planned) for planned in tag_pages(site, upcoming, past, lang, _)]
    pages += tags
    listings[lang] += tags
    done = 0
    for begin, end in kept_spans:
        fresh_pages += pages[done:begin]
        done = end
    fresh_pages += pages[done:]
    return pages


def city_cards(site: Site, events: list[Event], cities: dict[str, City], lang: str) -> CityCards:
    """A city's cards in one language: upcoming (soonest first) and past (latest first); running events count as upcoming."""
    upcoming: list[Listed] = []
    past: list[Listed] = []
    for event, occurrence in occurrences(site, events):
        item = card(site, event, occurrence, cities, lang)
        (past if item.past else upcoming).append((occurrence.utc, event.city, event.slug, item))
    past.reverse()
    return CityCards(tuple(upcoming), tuple(past))


def _network_order(listed: Listed) -> tuple[datetime, str, str]:
    """The order of `views.occurrences`: by time, ties by city and slug (each occurrence has its own place)."""
    return listed[0], listed[1], listed[2]


def _link(text: Localized[PageFacts], path: str, lang: str) -> Link:
    meta = text.pick(lang).meta
    return Link(meta.title, path, meta.summary)


def group_feeds(name: str, box: Subscribe) -> tuple[Feed, ...]:
    """A group's feeds, announced on its page beside the city's."""
    return (Feed(f"{name} (Atom)", "application/atom+xml", box.atom), Feed(f"{name} (RSS)", "application/rss+xml", box.rss))


def _sources(text: Localized[CityFacts] | Localized[PageFacts] | Localized[EventFacts] | Localized[PlaceFacts] | Localized[GroupFacts]) -> tuple[str, ...]:
    return tuple(version.file for version in text.versions)


def _check_collisions(pages: list[Page | KeptPage], report: ErrorReport, known: Iterable[KnownCity], fresh: list[Page | KeptPage]) -> None:
    """Report every address claimed by two pages. `pages` are `fresh` and the pages of `known`."""
    claimed = {page.path for page in fresh}
    count = len(fresh)
    for city in known:  # each city's paths found once, however many builds keep it (serve)
        claimed |= city.paths
        count += len(city.every_page)
    if len(claimed) == count:
        return  # the usual case, found without a loop over every page
    by_path: dict[str, Page | KeptPage] = {}
    for page in pages:
        earlier = by_path.get(page.path)
        if earlier is None:
            by_path[page.path] = page
            continue
        first = earlier.sources[0] if earlier.sources else "a generated page"
        for source in page.sources[:1] or ("(generated)",):
            report.add(Location(source, 1), f"two pages claim the address {page.path}: this file and {first}")
