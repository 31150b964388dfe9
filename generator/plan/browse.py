"""Plan the pages readers browse by: month calendars, tag pages and the printable handbook.

Each function returns `Planned` pages (kind, address, title, typed view); `pages.py` gives
them their frame and makes them `Page`s, so this module only decides what each page shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from generator.content.model import City, Event, Occurrence, Site
from generator.core import urls
from generator.core.text import Gettext
from generator.core.timezones import load_zone
from generator.plan import calendar_grid
from generator.plan.calendar_view import Entries, month_views
from generator.plan.viewdata import CalendarView, Card, Feed, HandbookPrintView, Link, Part, TagCount, TagsView, TagView, View
from generator.plan.views import announced_feeds, city_name, city_tag_subscribe, occurrences, subscribe_box


@dataclass(frozen=True)
class Planned:
    """A generated page before its frame: its kind (a page output of `core.routes`), address, title and view."""

    kind: str
    neutral: str
    title: str
    view: View
    feeds: tuple[Feed, ...] = ()
    """The feeds the page announces, when not the network's alone (a tag's page: the tag's too)."""


Scope = tuple[City | None, list[Event]]
"""A calendar's city (None: the network's) and the events it shows."""


def calendar_pages(site: Site, cities: dict[str, City], lang: str, _: Gettext, scopes: list[Scope] | None = None) -> list[Planned]:
    """The network's month calendar and each city's: `/calendar/` (this month) and `/calendar/YYYY-MM/`.

    The network's "today" is the UTC date of `--now` (it spans every zone); a city's is
    the date in that city. Every occurrence sits on its city's local date. `scopes` chooses
    the calendars (default: the network's, then every city's).
    """
    pages: list[Planned] = []
    if scopes is None:
        by_city = site.events_by_city()
        scopes = [(None, list(site.events)), *((city, by_city[city.slug]) for city in site.cities)]
    for city, events in scopes:
        slug = city.slug if city else None
        zone = load_zone(city.meta.timezone) if city else UTC
        today = site.now.astimezone(zone).date()
        listed = occurrences(site, events)
        months = calendar_grid.months(min((calendar_grid.span(pair[1])[0] for pair in listed), default=None), today)
        within = calendar_grid.shown_days(months)
        shown = [pair for pair in listed if calendar_grid.shows(pair[1], within)]  # entries only for the month pages there are
        entries = Entries(lang, None if city else lambda slug: city_name(cities[slug], lang))
        days = calendar_grid.by_date(((entries.entry(event, occurrence), occurrence) for event, occurrence in sorted(shown, key=_local_order)), within)

        def path_for(month: date | None, slug: str | None = slug) -> str:
            return urls.calendar(slug, calendar_grid.month_slug(month) if month else None)

        views = month_views(days, months, today, lang, path_for)
        if city is None:
            title = _("Calendar")
            base = CalendarView(views[0], None, None, None, subscribe_box(site, lang, _))
        else:
            name = city_name(city, lang)
            title = _("Calendar of %(city)s") % {"city": name}
            base = CalendarView(views[0], name, urls.city(city.slug), urls.city_events(city.slug),
                                 subscribe_box(site, lang, _, city))
        kind = "calendar" if city is None else "city calendar"
        for month, view in zip(months, views, strict=True):
            pages.append(Planned(f"{kind} month", path_for(month), title, replace(base, month=view)))
        current = views[months.index(calendar_grid.month_of(today))]
        pages.append(Planned(kind, path_for(None), title, replace(base, month=current)))
    return pages


def _local_order(pair: tuple[Event, Occurrence]) -> tuple[datetime, str, str]:
    """Within a day, by the time on the clock where each event happens, as a reader of the cell expects."""
    event, occurrence = pair
    start = occurrence.start
    local = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, time())
    return local, event.city, event.slug


def tag_pages(site: Site, every_upcoming: list[Card], every_past: list[Card], lang: str, _: Gettext) -> list[Planned]:
    """`/tags/` and `/tags/<tag>/`: each tag's events in every city, upcoming and then past.

    `every_upcoming` and `every_past` are the network's cards in this language, formatted
    once and grouped here by the tags they show, in one pass each.
    """
    pages: list[Planned] = []
    counts: list[TagCount] = []
    upcoming_by, past_by = _by_tag(every_upcoming), _by_tag(every_past)
    events_with: dict[str, int] = defaultdict(int)
    for event in site.events:
        for tag in set(event.meta.tags):
            events_with[tag] += 1
    for tag in sorted(events_with):
        upcoming, past = upcoming_by.get(urls.tag(tag), []), past_by.get(urls.tag(tag), [])
        label = site.settings.tag_label(tag, lang)
        counts.append(TagCount(tag, urls.tag(tag), events_with[tag], len(upcoming), label))
        pages.append(Planned("tag", urls.tag(tag), _("Events tagged %(tag)s") % {"tag": label}, TagView(
            tag, tuple(upcoming), tuple(past), subscribe_box(site, lang, _, tag=tag), label), announced_feeds(site, lang, tag=tag)))
    counts.sort(key=lambda count: (count.label.casefold(), count.name))  # as readers read them
    pages.append(Planned("tags", urls.tags(), _("Tags"), TagsView(tuple(counts))))
    return pages


def city_tag_pages(site: Site, city: City, events: list[Event], upcoming: list[Card], past: list[Card], lang: str, _: Gettext) -> list[Planned]:
    """`/cities/<city>/tags/<tag>/`: a city's events with one tag (its events list narrowed), beside
    that city's tag feeds. Made from the city's own cards and events only, so a city planned again
    plans its tag pages with it and a kept city keeps them."""
    pages: list[Planned] = []
    upcoming_by, past_by = _by_tag(upcoming), _by_tag(past)
    name = city_name(city, lang)
    for tag in sorted({tag for event in events for tag in event.meta.tags}):
        label = site.settings.tag_label(tag, lang)
        feeds = (*announced_feeds(site, lang, city),
                 Feed(f"#{label}, {name} (Atom)", "application/atom+xml", urls.tag_atom_feed(tag, city.slug)),
                 Feed(f"#{label}, {name} (RSS)", "application/rss+xml", urls.tag_rss_feed(tag, city.slug)))
        view = TagView(tag, tuple(upcoming_by.get(urls.tag(tag), [])), tuple(past_by.get(urls.tag(tag), [])), city_tag_subscribe(site, lang, _, city, tag),
                       label, city_name=name, city_path=urls.city(city.slug), city_events_path=urls.city_events(city.slug), everywhere=urls.tag(tag))
        # TRANSLATORS: a page title: %(tag)s is a tag's name, %(city)s a city's name as written, never declined.
        pages.append(Planned("city tag", urls.tag(tag, city.slug), _("Events tagged %(tag)s in %(city)s") % {"tag": label, "city": name}, view, feeds))
    return pages


def _by_tag(cards: list[Card]) -> dict[str, list[Card]]:
    """The cards by the address of each tag they show (a tag's title is its name in the page's language)."""
    found: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        for path in dict.fromkeys(link.path for link in card.tags):
            found[path].append(card)
    return found


def print_page(site: Site, lang: str, contents: tuple[Link, ...], _: Gettext) -> Planned:
    """Every handbook chapter in order on one page; each chapter's ids get its slug as prefix.

    The chapter's own element is `chapter-<slug>`; its headings and footnotes are
    `<slug>.<id>` and `fn-<slug>-1`. A slug never holds a dot, so no two chapters, and no
    id of the page around them, can share an id.
    """
    parts = tuple(Part(chapter.text.pick(lang), chapter.slug) for chapter in site.chapters)
    toc = tuple(Link(link.title, f"#chapter-{chapter.slug}", link.summary) for link, chapter in zip(contents, site.chapters, strict=True))
    return Planned("handbook print", urls.handbook_print(), _("The expat handbook: all chapters"), HandbookPrintView(parts, toc))
