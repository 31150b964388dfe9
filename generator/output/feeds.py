"""Atom and RSS 2.0 feeds for readers: announced events and new or updated guide pages; each tag's events.

feedgen writes the XML; every date is taken from the content (front matter `published`,
else git history), never from the clock, so a rebuild without changes gives the same
bytes and a feed reader never shows an entry twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from html import escape
from types import MappingProxyType
from typing import Any

from feedgen.feed import FeedGenerator

from generator.content.markdown import Markdown
from generator.content.model import City, Event, Localized, PageFacts, Site, Version
from generator.content.recurrence import local_instant
from generator.core import urls
from generator.core.keep import IsCurrent, Keep, from_kept_files, kept_files, never
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.text import Gettext
from generator.core.timezones import load_zone
from generator.plan.views import city_name, format_when, place_line, status_title
from generator.source.history import FileHistory

FEED_LIMIT = 50
"""Entries per feed, newest first."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML cannot hold at all. Content, site.yaml and translation catalogs refuse them
already (frontmatter.CONTROL); this is the backstop for text from anywhere else, since lxml
stops the whole build at the first one."""


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)



@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    html: str


def _dates(site: Site, text: Localized[Any], lang: str, declared: date | datetime | None, zone_name: str, fallback: datetime | None) -> tuple[datetime, datetime] | None:
    """(published, updated): front matter `published`, else the first commit, else `fallback`."""
    original: FileHistory | None = site.history.get(text.original.source)
    translated: FileHistory | None = site.history.get(text.pick(lang).file)
    if declared is not None:
        published = local_instant(declared if isinstance(declared, datetime) else datetime.combine(declared, time()), load_zone(zone_name))
    elif original is not None:
        published = original.created
    elif fallback is not None:
        published = fallback
    else:
        return None
    updated = max([published] + [h.updated for h in (original, translated) if h is not None])
    return published, updated


class FeedWriter:
    def __init__(self, site: Site, markdown: Markdown, gettext: Gettext, lang: str, memo: Memo = NO_MEMO) -> None:
        self.site = site
        self.markdown = markdown
        self.gettext = gettext
        self.lang = lang
        self.memo = memo
        self._events: dict[tuple[str, str], FeedEntry] = {}
        self._orders: dict[tuple[str, str], tuple[datetime, datetime, str]] = {}
        self._cities = {city.slug: city for city in site.cities}

    def absolute(self, path: str) -> str:
        return urls.absolute_link(self.site.settings.base_url, path, self.lang, self.site.languages)

    def body(self, version: Version[Any]) -> str:
        """The body as HTML with absolute links, rendered once and kept in the memo by its text."""
        key = digest(FEED_BODY, version.body, self.site.settings.base_url, self.lang, *self.site.languages)
        kept = self.memo.get(FEED_BODY, key)
        if isinstance(kept, str):
            return kept
        html = self.markdown.render(version.body, self.absolute)
        self.memo.put(FEED_BODY, key, html)
        return html

    def event_order(self, event: Event) -> tuple[datetime, datetime, str]:
        """Where the event's entry sorts (published, updated, id), without making the entry."""
        key = (event.city, event.slug)
        if key not in self._orders:
            meta = event.text.pick(self.lang).meta
            dates = _dates(self.site, event.text, self.lang, meta.published, self._cities[event.city].meta.timezone, event.first.instant)
            assert dates is not None
            self._orders[key] = dates[0], dates[1], self.absolute(urls.event(event.city, event.slug))
        return self._orders[key]

    def event_entry(self, event: Event) -> FeedEntry:
        """The event's entry, made once per writer."""
        key = (event.city, event.slug)
        if key not in self._events:
            self._events[key] = self._event_entry(event)
        return self._events[key]

    def _event_entry(self, event: Event) -> FeedEntry:
        _ = self.gettext
        version = event.text.pick(self.lang)
        meta = version.meta
        city = self._cities[event.city]
        dates = _dates(self.site, event.text, self.lang, meta.published, city.meta.timezone, event.first.instant)
        assert dates is not None
        link = self.absolute(urls.event(event.city, event.slug))
        where = place_line(meta, online="omit")  # the online address gets a line of its own
        label = {"when": _("When"), "where": _("Where"), "online": _("Online")}  # outside the f-strings, where `pybabel extract` sees them
        local = _("local time in %(city)s") % {"city": city_name(city, self.lang)}
        facts = [f"<strong>{escape(label['when'])}:</strong> {escape(format_when(event.first, self.lang))} ({escape(local)})"]
        if event.recurring:
            facts.append(escape(_("Repeats; see the page for every date.")))
        if where:
            facts.append(f"<strong>{escape(label['where'])}:</strong> {escape(where)}")
        if meta.online:
            facts.append(f'<strong>{escape(label["online"])}:</strong> <a href="{escape(meta.online)}">{escape(meta.online)}</a>')
        html = "<p>" + "<br>".join(facts) + "</p>\n" + self.body(version)
        return FeedEntry(link, status_title(meta, _), link, dates[0], dates[1], html)

    def page_order(self, text: Localized[PageFacts], path: str, zone_name: str) -> tuple[datetime, datetime, str] | None:
        """Where the page's entry sorts (published, updated, id); None when it has no date (no entry)."""
        dates = _dates(self.site, text, self.lang, text.pick(self.lang).meta.published, zone_name, None)
        return None if dates is None else (dates[0], dates[1], self.absolute(path))

    def page_entry(self, text: Localized[PageFacts], path: str, zone_name: str) -> FeedEntry | None:
        version = text.pick(self.lang)
        dates = _dates(self.site, text, self.lang, version.meta.published, zone_name, None)
        if dates is None:
            return None
        link = self.absolute(path)
        summary = version.meta.summary
        html = (f"<p>{escape(summary)}</p>\n" if summary else "") + self.body(version)
        return FeedEntry(link, version.meta.title, link, dates[0], dates[1], html)

    def feeds(self, title: str, page_path: str, atom_path: str, rss_path: str, entries: list[FeedEntry], own_id: bool = False) -> Iterator[tuple[str, bytes]]:
        """The Atom and the RSS feed of `entries`. The Atom feed's id is its page's address, or its
        own with `own_id` (a city's tag feed, whose page, the tag's, has a feed of its own)."""
        entries = sorted(entries, key=lambda e: (e.published, e.updated, e.id), reverse=True)[:FEED_LIMIT]
        updated = max((e.updated for e in entries), default=self.site.now)
        for kind, path in (("atom", atom_path), ("rss", rss_path)):
            feed = FeedGenerator()
            feed.id(self.absolute(atom_path if own_id else page_path))
            feed.title(_xml(title))
            feed.author({"name": _xml(self.site.settings.title)})
            feed.link(href=self.absolute(path), rel="self")
            feed.link(href=self.absolute(page_path), rel="alternate")  # last: RSS takes it as the channel link
            feed.description(_xml(self.site.settings.description or title))
            feed.language(self.lang)
            feed.updated(updated)
            feed.lastBuildDate(updated)
            feed.generator("Chapters")
            for entry in entries:
                item = feed.add_entry(order="append")
                item.id(entry.id)
                item.guid(entry.id, permalink=True)
                item.title(_xml(entry.title))
                item.link(href=entry.link)
                item.published(entry.published)
                item.updated(entry.updated)
                item.content(_xml(entry.html), type="html")
            data = feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
            yield urls.output_file(urls.localized(path, self.lang, self.site.default_language)), data


Candidate = tuple[tuple[datetime, datetime, str], Callable[[], "FeedEntry | None"]]
"""An entry a feed may show: where it sorts (published, updated, id), and how to make it."""
FEED_BODY = "feed body"
"""The memo's step for a body rendered with absolute links, by its text, address and language."""
CITY_FEEDS = "city feeds"
"""The memo's step for a city's feed files in one language (its own and its tags'), by the city's key."""


def feed_files(
    site: Site, markdown: Markdown, gettext_for: Callable[[str], Gettext], languages: tuple[str, ...] | None = None,
    memo: Memo = NO_MEMO, city_keys: Mapping[str, str] = MappingProxyType({}), is_current: IsCurrent = never,
) -> Iterator[tuple[str, bytes | Keep]]:
    """The network's feeds and each city's; each tag's, in every city and in each city where it has events; in every language.

    A city whose key (`pipeline.keys_of`: everything its pages read, its entries' too) is in
    `city_keys` keeps its feed files unmade (`Keep`) when the output holds them as `memo`
    says (`is_current`, by the digest of their bytes); the network's and the tags' feeds make
    only the entries they show (the newest `FEED_LIMIT`), found by their dates alone.
    """
    events_by_city = site.events_by_city()
    tagged_events = site.events_by_tag()
    for lang in languages or site.languages:
        _ = gettext_for(lang)
        writer = FeedWriter(site, markdown, _, lang, memo)
        title = site.settings.title
        pages: list[Candidate] = []
        """The network feed's guide pages and chapters: where each sorts, and how to make its entry."""
        for city in site.cities:
            for section in city.sections:
                order = writer.page_order(section.text, urls.section(city.slug, section.slug), city.meta.timezone)
                if order is not None:
                    pages.append((order, partial(writer.page_entry, section.text, urls.section(city.slug, section.slug), city.meta.timezone)))
        for chapter in site.chapters:
            order = writer.page_order(chapter.text, urls.chapter(chapter.slug), "UTC")
            if order is not None:
                pages.append((order, partial(writer.page_entry, chapter.text, urls.chapter(chapter.slug), "UTC")))
        everything: list[Candidate] = [(writer.event_order(event), partial(writer.event_entry, event)) for event in site.events]
        everything += pages
        yield from writer.feeds(_("%(site)s: events and news") % {"site": title}, urls.home(), urls.atom_feed(), urls.rss_feed(), _newest(everything))
        for city in site.cities:
            key = digest(CITY_FEEDS, city_keys[city.slug], lang) if city.slug in city_keys else None
            kept = from_kept_files(memo.get(CITY_FEEDS, key)) if key is not None else None
            if kept is not None and all(is_current(path, file_digest) for path, file_digest in kept):
                yield from ((path, Keep()) for path, _ in kept)
                continue
            made = list(_city_feeds(writer, city, events_by_city[city.slug]))
            if key is not None:
                memo.put(CITY_FEEDS, key, kept_files(made))
            yield from made
        for tag, events in tagged_events.items():
            tagged: list[Candidate] = [(writer.event_order(event), partial(writer.event_entry, event)) for event in events]
            yield from writer.feeds(_("%(site)s: events tagged %(tag)s") % {"site": title, "tag": tag}, urls.tag(tag),
                                    urls.tag_atom_feed(tag), urls.tag_rss_feed(tag), _newest(tagged))


def _city_feeds(writer: FeedWriter, city: City, events: list[Event]) -> Iterator[tuple[str, bytes]]:
    """A city's feeds (its events and guide pages), its groups' (their events) and its tags' feeds (its events with each tag)."""
    _, site, lang = writer.gettext, writer.site, writer.lang
    title, name = site.settings.title, city_name(city, lang)
    entries = [writer.event_entry(event) for event in events]
    for section in city.sections:
        entry = writer.page_entry(section.text, urls.section(city.slug, section.slug), city.meta.timezone)
        if entry:
            entries.append(entry)
    yield from writer.feeds(f"{title}: {name}", urls.city(city.slug), urls.atom_feed(city.slug), urls.rss_feed(city.slug), entries)
    for group in city.groups:  # its events only, the same entries (and ids) as the city's feed
        theirs = [writer.event_entry(event) for event in events if event.meta.group == group.slug]
        yield from writer.feeds(f"{title}: {group.text.pick(lang).meta.name}", urls.group(city.slug, group.slug),
                                urls.group_atom_feed(city.slug, group.slug), urls.group_rss_feed(city.slug, group.slug), theirs)
    for tag in sorted({tag for event in events for tag in event.meta.tags}):
        here = [writer.event_entry(event) for event in events if tag in event.meta.tags]
        yield from writer.feeds(_("%(site)s: %(city)s, events tagged %(tag)s") % {"site": title, "city": name, "tag": tag}, urls.tag(tag),
                                urls.tag_atom_feed(tag, city.slug), urls.tag_rss_feed(tag, city.slug), here, own_id=True)


def _newest(candidates: list[Candidate]) -> list[FeedEntry]:
    """The entries a feed shows (the newest `FEED_LIMIT`), made from the candidates' dates alone."""
    chosen = sorted(candidates, key=lambda candidate: candidate[0], reverse=True)[:FEED_LIMIT]
    return [entry for _, make in chosen if (entry := make()) is not None]



