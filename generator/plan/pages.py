"""Plan every page of the site: its address, template, language and view data.

Planning is cheap and writes nothing, so `check` runs it too: two pages claiming one
address are reported here, naming every file involved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date

from generator.content.markdown import Markdown
from generator.content.model import City, Localized, PageFacts, Site, Version
from generator.core import urls
from generator.core.errors import ErrorReport, Location
from generator.core.text import Gettext
from generator.plan.browse import calendar_pages, home_map, print_page, tag_pages, toc
from generator.plan.seo import event_json_ld
from generator.plan.views import Card, Link, add_to_calendar, country_name, event_facts, language_name, split_upcoming

HOME_EVENTS = 8
CITY_EVENTS = 5
NEXT_DATES = 6


@dataclass(frozen=True)
class Page:
    """One HTML file to render."""

    neutral: str
    """The language-neutral site path (`/cities/almaty/`)."""
    lang: str
    path: str
    """The site path in this language (`/de/cities/almaty/`)."""
    template: str
    title: str
    sources: tuple[str, ...]
    body: Version[Any] | None = None
    """The Markdown text the page shows, if any; rendered per page for its links."""
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def content_lang(self) -> str:
        """The language the text is in: the page's, or the default one it falls back to."""
        return self.body.body_lang if self.body is not None else self.lang


def _feeds(city_slug: str | None, city_name: str | None, site_title: str) -> list[dict[str, str]]:
    """Feeds a page announces for autodiscovery: the network's, and its city's."""
    found = [
        {"title": f"{site_title} (Atom)", "type": "application/atom+xml", "path": urls.atom_feed()},
        {"title": f"{site_title} (RSS)", "type": "application/rss+xml", "path": urls.rss_feed()},
    ]
    if city_slug and city_name:
        found += [
            {"title": f"{city_name} (Atom)", "type": "application/atom+xml", "path": urls.atom_feed(city_slug)},
            {"title": f"{city_name} (RSS)", "type": "application/rss+xml", "path": urls.rss_feed(city_slug)},
        ]
    return found


def _subscribe(site: Site, lang: str, calendar: str, atom: str = "", rss: str = "") -> dict[str, str]:
    """The Subscribe box's links; without feeds (a tag's calendar) the box leaves the feed line out."""
    absolute = urls.absolute(site.settings.base_url, urls.localized(calendar, lang, site.default_language))
    return {"webcal": urls.webcal(absolute), "calendar": calendar, "atom": atom, "rss": rss}


def provenance(site: Site, body: Version[Any] | None, lang: str) -> dict[str, str | None]:
    """"Last updated" from git history (omitted outside git) and the "Edit this page" link."""
    found: dict[str, str | None] = {"updated": None, "updated_iso": None, "edit": None}
    if body is None:
        return found
    known = [h for h in (site.history.get(body.file), site.history.get(body.source)) if h is not None]
    history = max(known, key=lambda h: h.updated) if known else None
    if history is not None:
        found["updated"] = format_date(history.updated, "long", locale=lang)
        found["updated_iso"] = history.updated.date().isoformat()
    if site.settings.repository:
        found["edit"] = f"{site.settings.repository.rstrip('/')}/edit/{site.settings.branch}/{body.file}"
    return found


def plan(site: Site, markdown: Markdown, report: ErrorReport, gettext_for: Callable[[str], Gettext]) -> list[Page]:
    pages: list[Page] = []
    cities = {city.slug: city for city in site.cities}
    for lang in site.languages:
        pages.extend(_pages_in(site, cities, lang, markdown, gettext_for(lang)))
    _check_collisions(pages, report)
    return pages


def _pages_in(site: Site, cities: dict[str, City], lang: str, markdown: Markdown, _: Gettext) -> list[Page]:
    def page(neutral: str, template: str, title: str, sources: tuple[str, ...], body: Version[Any] | None = None, **context: Any) -> Page:
        context.setdefault("feeds", _feeds(None, None, site.settings.title))
        context["provenance"] = provenance(site, body, lang)
        summary = getattr(body.meta, "summary", None) if body is not None else None
        context.setdefault("meta_description", summary or site.settings.description or site.settings.title)
        context.setdefault("og_type", "article" if body is not None else "website")
        context.setdefault("json_ld", None)
        return Page(neutral, lang, urls.localized(neutral, lang, site.default_language), template, title, sources, body, context)

    events_by_city = site.events_by_city()
    # Every card is formatted once per language, then picked for each listing that shows it.
    upcoming, past = split_upcoming(site, site.events, cities, lang)
    upcoming_in, past_in = _by_city(upcoming), _by_city(past)
    by_country: dict[str, list[Link]] = defaultdict(list)
    for city in site.cities:
        meta = city.text.pick(lang).meta
        by_country[country_name(city.meta.country, lang)].append(Link(meta.name, urls.city(city.slug), meta.summary))
    countries = sorted(by_country.items())
    contents = [_link(chapter.text, urls.chapter(chapter.slug), lang) for chapter in site.chapters]
    pages = [
        page(urls.home(), "home.html", site.settings.title, (), countries=countries, upcoming=upcoming[:HOME_EVENTS],
             map=home_map(site, lang)),
        page(urls.all_events(), "events.html", _("Events"), (), upcoming=upcoming,
             subscribe=_subscribe(site, lang, urls.network_calendar(), urls.atom_feed(), urls.rss_feed())),
        page(urls.handbook(), "handbook.html", _("Handbook"), (), chapters=contents, print_path=urls.handbook_print()),
        print_page(site, lang, contents, page, _),
        page(urls.search(), "search.html", _("Search"), (), countries=countries, chapters=contents,
             search_script=urls.search_bundle("pagefind-ui.js"), search_style=urls.search_bundle("pagefind-ui.css")),
        page(urls.not_found(), "404.html", _("Page not found"), ()),
    ]
    for city in site.cities:
        version = city.text.pick(lang)
        city_upcoming, city_past = upcoming_in[urls.city(city.slug)], past_in[urls.city(city.slug)]
        ambassadors = [
            {"name": a.name, "github": a.github, "bio": a.bio, "languages": [language_name(code, lang, capitalize=False) for code in a.languages]}
            for a in city.ambassadors
        ]
        guide = [_link(section.text, urls.section(city.slug, section.slug), lang) for section in city.sections]
        common: dict[str, Any] = {
            "city_name": version.meta.name, "city_path": urls.city(city.slug), "city_events_path": urls.city_events(city.slug), "guide": guide,
            "city_calendar_path": urls.calendar(city.slug),
            "feeds": _feeds(city.slug, version.meta.name, site.settings.title),
            "subscribe": _subscribe(site, lang, urls.city_calendar(city.slug), urls.atom_feed(city.slug), urls.rss_feed(city.slug)),
        }
        pages.append(page(
            urls.city(city.slug), "city.html", version.meta.name, _sources(city.text), version, summary=version.meta.summary,
            ambassadors=ambassadors, upcoming=city_upcoming[:CITY_EVENTS], more_events=len(city_upcoming) > CITY_EVENTS,
            country=country_name(city.meta.country, lang), spoken=[language_name(code, lang, capitalize=False) for code in city.meta.languages], **common,
        ))
        pages.append(page(urls.city_events(city.slug), "city_events.html", version.meta.name, (), upcoming=city_upcoming, past=city_past, **common))
        for section in city.sections:
            section_version = section.text.pick(lang)
            others = [link for link in guide if link.path != urls.section(city.slug, section.slug)]
            pages.append(page(urls.section(city.slug, section.slug), "section.html", section_version.meta.title, _sources(section.text), section_version, others=others, **common))
        hosts = {a.github.lower(): a.name for a in city.ambassadors if a.github}
        for event in events_by_city[city.slug]:
            event_version = event.text.pick(lang)
            pages.append(page(
                urls.event(city.slug, event.slug), "event.html", event_version.meta.title, _sources(event.text), event_version,
                facts=event_facts(event, lang, NEXT_DATES, site.now, _), add_to_calendar=add_to_calendar(site, city, event, lang, markdown),
                json_ld=event_json_ld(site, city, event, lang, markdown, urls.absolute(site.settings.base_url, urls.localized(urls.event(city.slug, event.slug), lang, site.default_language))),
                hosts=[hosts[h.lower()] for h in event_version.meta.hosts if h.lower() in hosts],
                tags=[Link(tag, urls.tag(tag)) for tag in event_version.meta.tags],
                **common,
            ))
    for index, chapter in enumerate(site.chapters):
        chapter_version = chapter.text.pick(lang)
        pages.append(page(
            urls.chapter(chapter.slug), "chapter.html", chapter_version.meta.title, _sources(chapter.text), chapter_version,
            previous=contents[index - 1] if index > 0 else None, next=contents[index + 1] if index + 1 < len(contents) else None,
            toc=toc(markdown, chapter_version.body),
        ))

    def subscribe(calendar: str, atom: str, rss: str) -> dict[str, str]:
        return _subscribe(site, lang, calendar, atom, rss)

    pages.extend(calendar_pages(site, cities, lang, page, subscribe, _))
    pages.extend(tag_pages(site, upcoming, past, page, subscribe, _))
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


def _sources(text: Localized[Any]) -> tuple[str, ...]:
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
