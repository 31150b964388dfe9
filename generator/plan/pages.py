"""Plan every page of the site: its address, template, language and view data.

Planning is cheap and writes nothing, so `check` runs it too: two pages claiming one
address are reported here, naming every file involved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypedDict

from babel.dates import format_date

from generator.content.markdown import Markdown
from generator.content.model import City, CityFacts, EventFacts, Localized, PageFacts, Site, Version
from generator.core import routes, urls
from generator.core.errors import ErrorReport, Location
from generator.core.text import Gettext
from generator.plan.browse import Planned, calendar_pages, print_page, tag_pages
from generator.plan.seo import event_json_ld
from generator.plan.viewdata import (
    Card,
    ChapterView,
    CityEventsView,
    CityView,
    EventsView,
    EventView,
    Feed,
    Frame,
    HandbookView,
    HomeView,
    Link,
    NotFoundView,
    Person,
    Provenance,
    SearchView,
    SectionView,
    Subscribe,
    View,
)
from generator.plan.views import add_to_calendar, country_name, event_facts, home_map, language_name, split_upcoming, subscribe_box, toc

HOME_EVENTS = 8
CITY_EVENTS = 5
NEXT_DATES = 6


Body = Version[CityFacts] | Version[PageFacts] | Version[EventFacts]
"""The text a page shows: a city's, a guide page's or chapter's, or an event's."""


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


def _feeds(city_slug: str | None, city_name: str | None, site_title: str) -> tuple[Feed, ...]:
    """Feeds a page announces for autodiscovery: the network's, and its city's."""
    found = [
        Feed(f"{site_title} (Atom)", "application/atom+xml", urls.atom_feed()),
        Feed(f"{site_title} (RSS)", "application/rss+xml", urls.rss_feed()),
    ]
    if city_slug and city_name:
        found += [
            Feed(f"{city_name} (Atom)", "application/atom+xml", urls.atom_feed(city_slug)),
            Feed(f"{city_name} (RSS)", "application/rss+xml", urls.rss_feed(city_slug)),
        ]
    return tuple(found)


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
    pages: list[Page] = []
    cities = {city.slug: city for city in site.cities}
    for lang in site.languages:
        pages.extend(_pages_in(site, cities, lang, markdown, gettext_for(lang)))
    _check_collisions(pages, report)
    return pages


def _pages_in(site: Site, cities: dict[str, City], lang: str, markdown: Markdown, _: Gettext) -> list[Page]:
    network_feeds = _feeds(None, None, site.settings.title)

    def page(kind: str, neutral: str, title: str, view: View, sources: tuple[str, ...] = (), body: Body | None = None,
             feeds: tuple[Feed, ...] = network_feeds, json_ld: str | None = None) -> Page:
        summary = body.meta.summary if body is not None and not isinstance(body.meta, EventFacts) else None
        frame = Frame(
            feeds=feeds, provenance=provenance(site, body, lang),
            meta_description=summary or site.settings.description or site.settings.title,
            og_type="article" if body is not None else "website", json_ld=json_ld,
        )
        return Page(neutral, lang, urls.localized(neutral, lang, site.default_language), TEMPLATES[kind], title, sources, body, frame, view)

    def generated(planned: Planned) -> Page:
        return page(planned.kind, planned.neutral, planned.title, planned.view)

    events_by_city = site.events_by_city()
    # Every card is formatted once per language, then picked for each listing that shows it.
    upcoming, past = split_upcoming(site, site.events, cities, lang)
    upcoming_in, past_in = _by_city(upcoming), _by_city(past)
    by_country: dict[str, list[Link]] = defaultdict(list)
    for city in site.cities:
        meta = city.text.pick(lang).meta
        by_country[country_name(city.meta.country, lang)].append(Link(meta.name, urls.city(city.slug), meta.summary))
    countries = tuple((country, tuple(links)) for country, links in sorted(by_country.items()))
    contents = tuple(_link(chapter.text, urls.chapter(chapter.slug), lang) for chapter in site.chapters)
    pages = [
        page("home", urls.home(), site.settings.title, HomeView(countries, tuple(upcoming[:HOME_EVENTS]), home_map(site, lang))),
        page("events", urls.all_events(), _("Events"), EventsView(
            tuple(upcoming), subscribe_box(site, lang, urls.network_calendar(), urls.atom_feed(), urls.rss_feed()))),
        page("handbook", urls.handbook(), _("Handbook"), HandbookView(contents, urls.handbook_print())),
        generated(print_page(site, lang, contents, _)),
        page("search", urls.search(), _("Search"), SearchView(
            countries, contents, urls.search_bundle("pagefind-ui.js"), urls.search_bundle("pagefind-ui.css"))),
        page("not found", urls.not_found(), _("Page not found"), NotFoundView()),
    ]
    for city in site.cities:
        version = city.text.pick(lang)
        city_upcoming, city_past = upcoming_in[urls.city(city.slug)], past_in[urls.city(city.slug)]
        ambassadors = tuple(
            Person(a.name, a.github, a.bio, tuple(language_name(code, lang, capitalize=False) for code in a.languages))
            for a in city.ambassadors
        )
        guide = tuple(_link(section.text, urls.section(city.slug, section.slug), lang) for section in city.sections)
        common: _InCity = {
            "city_name": version.meta.name, "city_path": urls.city(city.slug), "city_events_path": urls.city_events(city.slug),
            "city_calendar_path": urls.calendar(city.slug), "guide": guide,
            "subscribe": subscribe_box(site, lang, urls.city_calendar(city.slug), urls.atom_feed(city.slug), urls.rss_feed(city.slug)),
        }
        city_feeds = _feeds(city.slug, version.meta.name, site.settings.title)
        pages.append(page("city", urls.city(city.slug), version.meta.name, CityView(
            summary=version.meta.summary, ambassadors=ambassadors, upcoming=tuple(city_upcoming[:CITY_EVENTS]),
            more_events=len(city_upcoming) > CITY_EVENTS, country=country_name(city.meta.country, lang),
            spoken=tuple(language_name(code, lang, capitalize=False) for code in city.meta.languages), **common,
        ), _sources(city.text), version, city_feeds))
        pages.append(page("city events", urls.city_events(city.slug), version.meta.name, CityEventsView(
            upcoming=tuple(city_upcoming), past=tuple(city_past), **common), feeds=city_feeds))
        for section in city.sections:
            section_version = section.text.pick(lang)
            others = tuple(link for link in guide if link.path != urls.section(city.slug, section.slug))
            pages.append(page("section", urls.section(city.slug, section.slug), section_version.meta.title, SectionView(others=others, **common),
                              _sources(section.text), section_version, city_feeds))
        hosts = {a.github.lower(): a.name for a in city.ambassadors if a.github}
        for event in events_by_city[city.slug]:
            event_version = event.text.pick(lang)
            address = urls.absolute(site.settings.base_url, urls.localized(urls.event(city.slug, event.slug), lang, site.default_language))
            pages.append(page("event", urls.event(city.slug, event.slug), event_version.meta.title, EventView(
                facts=event_facts(event, lang, NEXT_DATES, site.now, _), add_to_calendar=add_to_calendar(site, city, event, lang, markdown),
                hosts=tuple(hosts[h.lower()] for h in event_version.meta.hosts if h.lower() in hosts),
                tags=tuple(Link(tag, urls.tag(tag)) for tag in event_version.meta.tags),
                **common,
            ), _sources(event.text), event_version, city_feeds, event_json_ld(site, city, event, lang, markdown, address)))
    for index, chapter in enumerate(site.chapters):
        chapter_version = chapter.text.pick(lang)
        pages.append(page("chapter", urls.chapter(chapter.slug), chapter_version.meta.title, ChapterView(
            previous=contents[index - 1] if index > 0 else None, next=contents[index + 1] if index + 1 < len(contents) else None,
            toc=toc(markdown, chapter_version.body),
        ), _sources(chapter.text), chapter_version))
    pages.extend(generated(planned) for planned in calendar_pages(site, cities, lang, _))
    pages.extend(generated(planned) for planned in tag_pages(site, upcoming, past, lang, _))
    return pages


def _by_city(cards: list[Card]) -> defaultdict[str, list[Card]]:
    """Cards grouped by their city's address, each group in the order of `cards`."""
    found: defaultdict[str, list[Card]] = defaultdict(list)
    for item in cards:
        found[item.city_path].append(item)
    return found


def _link(text: Localized[PageFacts], path: str, lang: str) -> Link:
    meta = text.pick(lang).meta
    return Link(meta.title, path, meta.summary)


def _sources(text: Localized[CityFacts] | Localized[PageFacts] | Localized[EventFacts]) -> tuple[str, ...]:
    return tuple(version.file for version in text.versions)


def _check_collisions(pages: list[Page], report: ErrorReport) -> None:
    claimed: dict[str, Page] = {}
    for page in pages:
        earlier = claimed.get(page.path)
        if earlier is None:
            claimed[page.path] = page
            continue
        first = earlier.sources[0] if earlier.sources else "a generated page"
        for source in page.sources[:1] or ("(generated)",):
            report.add(Location(source, 1), f"two pages claim the address {page.path}: this file and {first}")
