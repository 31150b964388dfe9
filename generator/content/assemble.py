"""Turn the loaded files into one validated Site, checking everything that spans files.

Single files are validated against their schema and converted once into the model's
plain facts (`model.py`; this is the only module that knows both); then translations are merged with their
originals, events are tied to their city and its ambassadors, local times are resolved in
the city's zone, and recurring events are expanded. Every problem goes to the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from generator.content.model import (
    PLACE_CATEGORIES,
    Accessibility,
    Ambassador,
    Chapter,
    City,
    CityFacts,
    CommunityLink,
    Event,
    EventFacts,
    GeoPoint,
    Group,
    GroupFacts,
    Localized,
    Money,
    Occurrence,
    PageFacts,
    Place,
    PlaceFacts,
    Section,
    Settings,
    Site,
    Venue,
    Version,
)
from generator.content.recurrence import LISTING_DAYS, MAX_OCCURRENCES, RuleTooSparse, build_rule, expand, gap_or_fold, local_instant, unmatched_exceptions
from generator.content.schema import UNTRANSLATABLE, WORDS_IN_TRANSLATION, CityMeta, EventMeta, GroupMeta, PageMeta, PlaceMeta, SiteMeta, in_words
from generator.content.schema import Money as MoneyMeta
from generator.content.validate import validate
from generator.core import routes, urls
from generator.core.errors import ErrorReport, Location
from generator.core.identity import ByIdentity
from generator.core.limits import MAX_LISTED, MAX_LISTED_PER_CITY, MAX_OCCURRENCE_DAYS, MAX_TAGS
from generator.core.options import Options
from generator.core.text import suggest
from generator.core.timezones import load_zone
from generator.source.frontmatter import Path_
from generator.source.load import SiteSource, SourceFile

S = TypeVar("S", bound=BaseModel)
F = TypeVar("F")
Key = tuple[str, str | None, str]

RESERVED_SECTIONS = frozenset({"events", "calendar", "feed", "rss", "tags", "search", "print", "index", "ambassadors", "directory", "groups"})
"""Guide section names that would clash with a city's generated pages (now or later)."""
RESERVED_CHAPTERS = frozenset({"print"})
"""Handbook chapter names that would clash with the handbook's generated pages (/handbook/print/)."""
DEFAULT_DURATION = timedelta(hours=2)


def assemble(source: SiteSource, options: Options, report: ErrorReport, known: ByIdentity | None = None) -> Site | None:
    """Build the Site model; None if site.yaml is unusable (other errors are only reported).

    `known`: what the last build of this process made from the files as read (`chapters serve`,
    core/identity.py): an unchanged file's front matter is not validated again, and a city none
    of whose files changed is taken whole while the clock allows (`_CityPart`)."""
    site_meta = validate(SiteMeta, source.settings, source.settings_locations, report)
    if site_meta is None:
        return None
    settings = _settings(site_meta)
    languages = settings.languages
    _check_city_folders(source, report)
    budget = _Budget()
    cities: list[City] = []
    events: list[Event] = []
    city_tags: dict[str, frozenset[str]] = {}
    for slug in sorted(slug for slug in source.by_city if slug is not None):
        city, own, tags = _city_part(slug, source.by_city[slug], languages, options, budget, report, known)
        if city is not None:
            cities.append(city)
            events += own
            city_tags[slug] = tags
    budget.check(report)
    if len(frozenset().union(*city_tags.values())) > MAX_TAGS:
        _check_tags(events, report)
    chapters = []
    for (_, _, slug), text in _localize(_group(source.by_city.get(None, ()), languages, report), "chapter", PageMeta, _page_facts, languages[0], report, known):
        if slug in RESERVED_CHAPTERS:
            report.add(Location(text.original.source, 1), f"a handbook chapter cannot be named `{slug}`: {urls.chapter(slug)} is the whole handbook on one page, for printing; rename the file")
        elif options.drafts or not text.original.meta.draft:
            chapters.append(Chapter(slug, text))
    return Site(settings, tuple(cities), tuple(sorted(events, key=_time_order)),
                tuple(sorted(chapters, key=lambda c: c.order)), options.now, source.history, MappingProxyType(city_tags))


def _time_order(event: Event) -> tuple[datetime, str, str]:
    """The network's order of events: by the instant they first start, then city and slug."""
    return event.first.utc, event.city, event.slug


CITY_STEP = "city"
"""`known`'s step for a city assembled with its events (`_CityPart`), by the tuple of its files (`SiteSource.by_city`)."""


@dataclass(frozen=True)
class _CityPart:
    """A city assembled with its events, without a problem, by an earlier build of this process.

    It holds for a later build with the same default language and drafts setting while the
    clock, read in the city's zone, is between `now` and `until`: a place's `checked` day that
    has come stays come, and an event's `repeat` lists the same dates (`_same_dates_until`)."""

    default_lang: str
    drafts: bool
    zone: ZoneInfo
    now: datetime
    """The local time (naive, in `zone`) the city was assembled at."""
    until: datetime | None
    """The latest local time at which its events list the same dates; None: any later time."""
    city: City
    events: tuple[Event, ...]
    listed: tuple[tuple[str, int, int], ...]
    tags: frozenset[str]
    """Its events' tags."""
    """Each event's listed dates (slug, occurrences, days each), in order, for the network's budget."""

    def holds(self, default_lang: str, options: Options) -> bool:
        now = options.now.astimezone(self.zone).replace(tzinfo=None)
        return (self.default_lang == default_lang and self.drafts == options.drafts and self.now <= now
                and (self.until is None or now <= self.until))


@dataclass
class _Until:
    """The latest local time at which a city's events still list the dates they list now (None: no limit)."""

    at: datetime | None = None

    def limit(self, moment: datetime | None) -> None:
        if moment is not None and (self.at is None or moment < self.at):
            self.at = moment


def _city_part(slug: str, files: tuple[SourceFile, ...], languages: tuple[str, ...], options: Options, budget: _Budget, report: ErrorReport,
               known: ByIdentity | None) -> tuple[City | None, list[Event], frozenset[str]]:
    """One city's files: the city with its guide, directory and groups, its events and their
    tags; None for a city whose own file has errors (its other files are still checked)."""
    default_lang = languages[0]
    part = known.get(CITY_STEP, (files,)) if known is not None else None  # serve: the same tuple while no file of the city changed
    if isinstance(part, _CityPart) and part.holds(default_lang, options):
        for event, occurrences, days in part.listed:
            budget.take(slug, event, occurrences, days)  # within the limits as before, unless other cities grew: then reported
        return part.city, list(part.events), part.tags
    groups = _group(files, languages, report)
    if not groups:
        return None, [], frozenset()  # only translations without their originals, reported
    if known is None:  # a build: nothing is kept, and no span of time is worth finding
        city, unlisted = _city(slug, groups, default_lang, options, report, known)
        events = _city_events(groups, city, unlisted, default_lang, options, budget, report, known, None)
        return city, events, _tags(events)
    errors, until = len(report.errors), _Until()
    with known.recording() as front_matter:  # kept with the city, for when one of its files changes
        city, unlisted = _city(slug, groups, default_lang, options, report, known)
        events = _city_events(groups, city, unlisted, default_lang, options, budget, report, known, until)
    if city is not None and len(report.errors) == errors:
        zone = load_zone(city.meta.timezone)
        listed = tuple((event, *counts) for event, counts in budget.listed.get(slug, {}).items())
        known.put(CITY_STEP, (files,), _CityPart(default_lang, options.drafts, zone, options.now.astimezone(zone).replace(tzinfo=None), until.at,
                                                  city, tuple(events), listed, _tags(events)), needs=tuple(front_matter))
    return city, events, _tags(events)


def _tags(events: list[Event]) -> frozenset[str]:
    return frozenset(tag for event in events for tag in event.meta.tags)


def _settings(meta: SiteMeta) -> Settings:
    return Settings(
        title=meta.title, base_url=meta.base_url, languages=tuple(meta.languages), repository=meta.repository,
        branch=meta.branch, description=meta.description, maintainers=tuple(meta.maintainers),
        tag_labels=tuple((tag, tuple(labels.items())) for tag, labels in meta.tag_labels.items()),
    )


def _city_facts(meta: CityMeta) -> CityFacts:
    return CityFacts(
        name=meta.name, country=meta.country, timezone=meta.timezone, summary=meta.summary,
        location=GeoPoint(meta.location.lat, meta.location.lon) if meta.location else None,
        languages=tuple(meta.languages),
        ambassadors=tuple(Ambassador(a.name, a.github, tuple(a.languages), a.bio) for a in meta.ambassadors),
        community=tuple(CommunityLink(c.name, c.url, c.kind, tuple(c.languages)) for c in meta.community),
    )


def _place_facts(meta: PlaceMeta) -> PlaceFacts:
    return PlaceFacts(
        name=meta.name, category=meta.category, languages=tuple(meta.languages), address=meta.address,
        location=GeoPoint(meta.lat, meta.lon) if meta.lat is not None and meta.lon is not None else None,
        url=meta.url, phone=meta.phone, hours=meta.hours, price=meta.price, checked=meta.checked,
        recommended_by=tuple(meta.recommended_by), draft=meta.draft,
    )


def _group_facts(meta: GroupMeta) -> GroupFacts:
    return GroupFacts(
        name=meta.name, summary=meta.summary, contact=meta.contact, meets=meta.meets, languages=tuple(meta.languages),
        hosts=tuple(meta.hosts), tags=tuple(meta.tags), draft=meta.draft,
    )


def _page_facts(meta: PageMeta) -> PageFacts:
    return PageFacts(title=meta.title, order=meta.order, summary=meta.summary, published=meta.published, draft=meta.draft)


def _event_facts(meta: EventMeta) -> EventFacts:
    venue, access = meta.venue, meta.accessibility
    return EventFacts(
        title=meta.title, start=meta.start, end=meta.end,
        venue=Venue(venue.name, venue.address, venue.lat, venue.lon, venue.url) if venue else None,
        online=meta.online, cost=_cost(meta.cost), registration=meta.registration,
        tags=tuple(meta.tags), languages=tuple(meta.languages), hosts=tuple(meta.hosts), partners=tuple(meta.partners),
        accessibility=Accessibility(access.wheelchair, access.children, access.notes) if access else None,
        status=meta.status, repeat=meta.repeat, except_dates=tuple(meta.except_), published=meta.published, draft=meta.draft,
        group=meta.group,
    )


def _cost(cost: MoneyMeta | str | None) -> Money | str | None:
    """`free`, a text, or a price."""
    return Money(cost.amount, cost.currency) if isinstance(cost, MoneyMeta) else cost


@dataclass
class _Group:
    original: SourceFile | None = None
    translations: list[SourceFile] = field(default_factory=list)


def _group(files: tuple[SourceFile, ...], languages: tuple[str, ...], report: ErrorReport) -> dict[Key, _Group]:
    """Pair each translation with its original, rejecting orphans and unknown languages."""
    groups: dict[Key, _Group] = defaultdict(_Group)
    for file in files:
        group = groups[(file.kind, file.city, file.slug)]
        if file.lang is None:
            group.original = file
        elif file.lang == languages[0]:
            report.add(Location(file.path, 1), f"duplicate of the page `{file.slug}`: `{file.lang}` is the default language, so its file is named without `.{file.lang}`")
        elif file.lang not in languages:
            report.add(Location(file.path, 1), f"translation into `{file.lang}`, a language site.yaml does not list (languages: {', '.join(languages)})")
        else:
            group.translations.append(file)
    for group in groups.values():
        if group.original is None:
            for translation in group.translations:
                original = routes.PAGE_KINDS[translation.kind].path(translation.city, translation.slug)
                report.add(Location(translation.path, 1), f"translation without its original: add `{original}` in the default language")
    return {key: groups[key] for key in sorted(groups) if groups[key].original is not None}


def _localize(
    groups: dict[Key, _Group], kind: str, schema: type[S], convert: Callable[[S], F], default_lang: str, report: ErrorReport,
    known: ByIdentity | None,
) -> list[tuple[Key, Localized[F]]]:
    """Validate each original of one kind, and its translations merged over it; each converted to the model's facts."""
    result = []
    for key in sorted(k for k in groups if k[0] == kind):
        group = groups[key]
        assert group.original is not None
        doc = group.original.document
        facts = _facts(schema, convert, (doc,), doc.data, doc.locations, report, known)
        if facts is None:
            continue
        path = group.original.path
        versions = [Version(default_lang, facts, doc.body, doc.body_line, path, doc.locations, path, default_lang)]
        for translation in sorted(group.translations, key=lambda f: f.lang or ""):
            version = _translate(translation, group.original, schema, convert, default_lang, report, known)
            if version is not None:
                versions.append(version)
        result.append((key, Localized(tuple(versions))))
    return result


def _facts(schema: type[S], convert: Callable[[S], F], documents: tuple[object, ...], data: dict[str, Any], locations: dict[Path_, Location],
           report: ErrorReport, known: ByIdentity | None, only_in: str | None = None) -> F | None:
    """The documents' front matter (`data`, merged) validated and converted to the model's facts; None after reporting its problems."""
    if known is not None and (found := known.get(schema, documents)) is not None:
        return cast(F, found)
    meta = validate(schema, data, locations, report, only_in)
    if meta is None:
        return None
    facts = convert(meta)
    if known is not None:
        known.put(schema, documents, facts)
    return facts


def _translate(
    translation: SourceFile, original: SourceFile, schema: type[S], convert: Callable[[S], F], default_lang: str, report: ErrorReport,
    known: ByIdentity | None,
) -> Version[F] | None:
    doc = translation.document
    words = WORDS_IN_TRANSLATION.get(translation.kind, frozenset())
    fixed = UNTRANSLATABLE[translation.kind] - {key for key in words if in_words(key, original.document.data.get(key)) and in_words(key, doc.data.get(key))}
    for key in doc.data:
        if key in words and key in fixed:
            example, figure = ("from 20 EUR a lesson", "a level 1 to 3") if key == "price" else ("Pay what you like", "an amount or `free`")
            report.add(doc.locations[(key,)], f"`{key}` can be set in a translation only in words, when the original's is words too "
                       f"(`{key}: {example}`); {figure} is set in `{original.path}`, translations take it from there")
        elif key in fixed:
            report.add(doc.locations[(key,)], f"`{key}` cannot be set in a translation; set it in `{original.path}`, translations take it from there")
    data = _merge(original.document.data, {k: v for k, v in doc.data.items() if k not in fixed})
    locations: dict[Path_, Location] = {**original.document.locations, **doc.locations}
    meta = _facts(schema, convert, (original.document, doc), data, locations, report, known, translation.path)
    if meta is None:
        return None
    assert translation.lang is not None
    if not doc.body.strip():  # a translation of the front matter only keeps the original text
        body = original.document
        return Version(translation.lang, meta, body.body, body.body_line, original.path, locations, translation.path, default_lang)
    return Version(translation.lang, meta, doc.body, doc.body_line, translation.path, locations, translation.path, translation.lang)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Translation keys override the original's; nested mappings merge key by key."""
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged


def _check_city_folders(source: SiteSource, report: ErrorReport) -> None:
    """Events, recommendations and groups sit in a folder named after their city: it must be a city's."""
    known = sorted(source.city_folders)
    cities = set(known)
    for kind, folders, what in (
        (routes.EVENT, source.event_folders, "events"),
        (routes.PLACE, source.place_folders, "recommendations"),
        (routes.GROUP, source.group_folders, "groups"),
    ):
        for folder in folders:
            if folder not in cities:
                report.add(
                    Location(kind.folder_of(folder).rstrip("/"), 1),
                    f"no city `{folder}` for these {what}: add {routes.CITY.path(folder, 'index')} or move them to a known city ({', '.join(known) or 'none yet'})" + suggest(folder, known),
                )


def _city(slug: str, groups: dict[Key, _Group], default_lang: str, options: Options, report: ErrorReport,
          known: ByIdentity | None) -> tuple[City | None, dict[str, bool]]:
    """The city with its guide, directory and groups (None if its own file has errors); and its
    groups left out (for events naming one): True for a draft, False for a group with errors of
    its own (reported at its file)."""
    sections: list[Section] = []
    for (_, _, name), text in _localize(groups, "section", PageMeta, _page_facts, default_lang, report, known):
        if name in RESERVED_SECTIONS:
            report.add(Location(text.original.source, 1), f"a guide section cannot be named `{name}`: {urls.section(slug, name)} is a generated page; rename the file")
        elif options.drafts or not text.original.meta.draft:
            sections.append(Section(name, slug, text))
    places: list[Place] = []
    for (_, _, name), place_text in _localize(groups, "place", PlaceMeta, _place_facts, default_lang, report, known):
        _check_place(place_text.original, report)
        if options.drafts or not place_text.original.meta.draft:
            places.append(Place(name, slug, place_text))
    city_groups: list[Group] = []
    unlisted: dict[str, bool] = {name: False for kind, _, name in groups if kind == "group"}
    for (_, _, name), group_text in _localize(groups, "group", GroupMeta, _group_facts, default_lang, report, known):
        if options.drafts or not group_text.original.meta.draft:
            city_groups.append(Group(name, slug, group_text))
            del unlisted[name]
        else:
            unlisted[name] = True
    for _, city_text in _localize(groups, "city", CityMeta, _city_facts, default_lang, report, known):
        _check_ambassadors(city_text.original, report)
        zone = load_zone(city_text.original.meta.timezone)
        for place in places:
            _check_checked(place.text.original, options.now.astimezone(zone).date(), report)
        return City(
            slug, city_text, tuple(sorted(sections, key=lambda s: s.order)),
            places=tuple(sorted(places, key=_place_order)),
            groups=tuple(sorted(city_groups, key=lambda g: (g.meta.name.casefold(), g.slug))),
        ), unlisted
    return None, unlisted


def _place_order(place: Place) -> tuple[int, str, str]:
    """The directory's order: by category as PLACE_CATEGORIES lists them, then by name."""
    return (PLACE_CATEGORIES.index(place.meta.category), place.meta.name.casefold(), place.slug)


def _check_place(version: Version[PlaceFacts], report: ErrorReport) -> None:
    """`lat` and `lon` come together (the schema checks each one's range)."""
    data_has = {key for key in ("lat", "lon") if (key,) in version.where}
    if len(data_has) == 1:
        given, missing = ("lat", "lon") if "lat" in data_has else ("lon", "lat")
        report.add(version.at(given), f"`{given}` without `{missing}`: give both (decimal degrees, e.g. from openstreetmap.org) or neither")


def _check_checked(version: Version[PlaceFacts], today: date, report: ErrorReport) -> None:
    """`checked` is a day that has come, in the city's time zone (`--now` pins it)."""
    checked = version.meta.checked
    if checked > today:
        report.add(version.at("checked"), f"`checked` {checked.isoformat()} is in the future (today is {today.isoformat()} in the city): give the day someone last confirmed the place")


def _check_ambassadors(version: Version[CityFacts], report: ErrorReport) -> None:
    seen: set[str] = set()
    for index, ambassador in enumerate(version.meta.ambassadors):
        if ambassador.github is not None:
            if ambassador.github.lower() in seen:
                report.add(version.at("ambassadors", index, "github"), f"ambassador `{ambassador.github}` is listed twice")
            seen.add(ambassador.github.lower())


def _city_events(
    groups: dict[Key, _Group], city: City | None, unlisted_groups: dict[str, bool], default_lang: str, options: Options, budget: _Budget,
    report: ErrorReport, known: ByIdentity | None, until: _Until | None,
) -> list[Event]:
    """A city's events, each checked against its city (none without one: their files are still
    checked); `until`, if given, limited to when their listed dates change."""
    events = []
    for (_, _, slug), text in _localize(groups, "event", EventMeta, _event_facts, default_lang, report, known):
        if city is None or (text.original.meta.draft and not options.drafts):
            continue
        _check_hosts(text.original, city, report)
        _check_group(text.original, city, unlisted_groups, report)
        event = _timed_event(slug, city, text, options, budget, report, until)
        if event is not None:
            events.append(event)
    return events


@dataclass
class _Budget:
    """The listed dates (generator/limits.py) of each city and of the network, counted as events
    are expanded: an occurrence counts one date per day it is shown on the calendars.

    Dates in listings, calendars and tags are what a few files can multiply. Once a city or
    the network is past its limit, events get no occurrences at all (they are only counted,
    for the message), so a refused site costs no more to check than one at the limit: `check`
    goes on to plan the pages after these errors, to report every other problem too.
    """

    listed: dict[str, dict[str, tuple[int, int]]] = field(default_factory=lambda: defaultdict(dict))
    """By city, then by event: (occurrences listed, days each lasts)."""
    city_totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: int = 0

    def take(self, city: str, slug: str, occurrences: int, days: int) -> bool:
        """Count an event's dates; whether its occurrences may be made (both totals still within their limits)."""
        self.listed[city][slug] = (occurrences, days)
        self.city_totals[city] += occurrences * days
        self.total += occurrences * days
        return self.city_totals[city] <= MAX_LISTED_PER_CITY and self.total <= MAX_LISTED

    def check(self, report: ErrorReport) -> None:
        for city, own in sorted(self.listed.items()):
            count = self.city_totals[city]
            if count > MAX_LISTED_PER_CITY:
                biggest = sorted(own.items(), key=lambda item: (-item[1][0] * item[1][1], item[0]))[:3]
                named = ", ".join(f"{slug} ({_dates(*listed)})" for slug, listed in biggest)
                report.add(Location(routes.EVENT.folder_of(city).rstrip("/"), 1), f"{count:,} dates of this city's events are listed ({LISTING_DAYS} days either side of now); the limit is {MAX_LISTED_PER_CITY:,} (docs/content.md, Limits). Most come from: {named}")
        if self.total > MAX_LISTED:
            report.add(Location(routes.EVENT.top, 1), f"{self.total:,} dates of events are listed ({LISTING_DAYS} days either side of now); the limit is {MAX_LISTED:,} (docs/content.md, Limits)")


def _dates(occurrences: int, days: int) -> str:
    """`730`, or `24 occurrences of 30 days each: 720`: each day an occurrence lasts is a date of the calendars."""
    return f"{occurrences:,}" if days == 1 else f"{occurrences:,} occurrence{'s' * (occurrences != 1)} of {days:,} days: {occurrences * days:,}"


def _check_tags(events: list[Event], report: ErrorReport) -> None:
    """Each tag is a page and a calendar per language: cap how many there are (generator/limits.py),
    reporting the first tag beyond the limit, in the network's order of events."""
    tags: set[str] = set()
    for event in events:
        for index, tag in enumerate(event.meta.tags):
            if tag not in tags and len(tags) == MAX_TAGS:
                report.add(event.text.original.at("tags", index), f"tag `{tag}` is one more than the network's limit of {MAX_TAGS:,} different tags (docs/content.md, Limits): use a tag that exists")
                return
            tags.add(tag)


def _check_hosts(version: Version[EventFacts], city: City, report: ErrorReport) -> None:
    handles = {a.github.lower(): a.github for a in city.ambassadors if a.github}
    for index, host in enumerate(version.meta.hosts):
        if host.lower() not in handles:
            listed = ", ".join(sorted(handles.values())) or "none listed"
            report.add(
                version.at("hosts", index),
                f"host `{host}` is not an ambassador of {city.meta.name} (ambassadors: {listed})" + suggest(host, sorted(handles.values())),
            )


def _check_group(version: Version[EventFacts], city: City, unlisted: dict[str, bool], report: ErrorReport) -> None:
    """An event's `group` names an interest group of its own city (`content/groups/<city>/<group>.md`);
    one whose own file has errors is not named again here."""
    slug = version.meta.group
    known = [group.slug for group in city.groups]
    if slug is None or slug in known or unlisted.get(slug) is False:
        return
    if unlisted.get(slug):
        report.add(version.at("group"), f"group `{slug}` is a draft (`draft: yes` in {routes.GROUP.path(city.slug, slug)}): publish the group first, or leave `group` out")
    elif known:
        report.add(version.at("group"), f"unknown group `{slug}`: the groups of {city.meta.name} are {', '.join(sorted(known))}" + suggest(slug, sorted(known)))
    else:
        report.add(version.at("group"), f"unknown group `{slug}`: {city.meta.name} has no groups yet (add {routes.GROUP.path(city.slug, slug)}, or leave `group` out)")


def _timed_event(slug: str, city: City, text: Localized[EventFacts], options: Options, budget: _Budget, report: ErrorReport,
                 until: _Until | None = None) -> Event | None:
    """Resolve start and end in the city's zone and expand the repeat rule, within the budget of listed dates."""
    version = text.original
    meta = version.meta
    zone = load_zone(city.meta.timezone)
    errors_before = len(report.errors)
    start = meta.start
    all_day = not isinstance(start, datetime)
    end = _end(meta, version, report)
    if end is None:
        return None
    for key, moment in (("start", start), ("end", end)):
        if isinstance(moment, datetime):
            problem = gap_or_fold(moment, zone)
            if problem == "gap":
                report.add(version.at(key), f"`{key}` {moment:%Y-%m-%d %H:%M} does not exist in {zone.key}: clocks jump forward at that time; pick another time")
            elif problem == "fold":
                report.add(version.at(key), f"`{key}` {moment:%Y-%m-%d %H:%M} happens twice in {zone.key}: clocks go back at that time; pick another time")
    duration: timedelta = end - start
    try:
        if meta.repeat is not None:
            for day in unmatched_exceptions(meta.repeat, start, meta.except_dates):
                index = meta.except_dates.index(day)
                report.add(version.at("except", index), f"`except` date {day} is not a date on which `repeat` happens")
        elif meta.except_dates:
            report.add(version.at("except"), "`except` skips dates of `repeat`, but this event has no `repeat`")
        if len(report.errors) > errors_before:
            return None
        first = _occurrence(start, duration, all_day, zone)
        days = duration.days + 1 if all_day else 1  # the days of the city's calendar one occurrence is shown on
        if meta.repeat is None:
            return Event(slug, city.slug, text, all_day, first, (first,) if budget.take(city.slug, slug, 1, days) else ())
        window = timedelta(days=LISTING_DAYS)
        now_local = options.now.astimezone(zone).replace(tzinfo=None)
        starts = expand(meta.repeat, start, meta.except_dates, now_local - window, now_local + window)
        if until is not None:
            until.limit(_same_dates_until(meta.repeat, start, starts, now_local, window))
    except RuleTooSparse as exc:
        report.add(version.at("repeat"), f"`repeat` {meta.repeat} {exc}: check BYMONTH, BYMONTHDAY, BYDAY and BYSETPOS (a day that never comes, such as 30 February?)")
        return None
    if len(starts) * days > MAX_LISTED_PER_CITY:
        report.add(version.at("repeat"), (
            f"`repeat` {meta.repeat} lists {len(starts):,} occurrences of {days:,} days each within {LISTING_DAYS} days either side of now: "
            f"{len(starts) * days:,} dates on the calendars, more than a whole city may list ({MAX_LISTED_PER_CITY:,}, docs/content.md, Limits). "
            "An occurrence that lasts longer than the rule's step overlaps the next one: repeat it less often, or make `end` the last day of one occurrence"))
        return None
    keep = budget.take(city.slug, slug, len(starts), days)
    return Event(slug, city.slug, text, all_day, first, tuple(_occurrence(s, duration, all_day, zone) for s in starts) if keep else ())


def _same_dates_until(rule: str, start: datetime | date, starts: list[datetime | date], now_local: datetime, window: timedelta) -> datetime | None:
    """The latest local time at which `expand` over that time ± `window` still finds `starts`
    (found at `now_local`): before the first of them leaves the window, and before the rule's
    next date after the window enters it; None if neither ever happens."""
    if len(starts) >= MAX_OCCURRENCES:
        return now_local  # cut short: only this very time finds the same dates
    bounds = [_as_datetime(starts[0]) + window] if starts else []
    try:
        following = build_rule(rule, start, now_local + window).after(now_local + window)
    except RuleTooSparse:
        return now_local
    if following is not None:
        bounds.append(following - window - timedelta(microseconds=1))
    return min(bounds, default=None)


def _as_datetime(moment: datetime | date) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time())


def _end(meta: EventFacts, version: Version[EventFacts], report: ErrorReport) -> datetime | date | None:
    """The documented defaults: two hours after a timed start; the same day for all-day events."""
    start, end = meta.start, meta.end
    if isinstance(start, datetime):
        if end is None:
            return start + DEFAULT_DURATION
        if isinstance(end, time):
            end = datetime.combine(start.date(), end)
        elif not isinstance(end, datetime):
            report.add(version.at("end"), "`end` needs a time for an event that starts at a time: write `HH:MM` or `YYYY-MM-DD HH:MM`")
            return None
        if end <= start:
            hint = " (for an end after midnight, write the date too: `YYYY-MM-DD HH:MM`)" if end.date() == start.date() else ""
            report.add(version.at("end"), f"`end` {end:%Y-%m-%d %H:%M} is not after `start` {start:%Y-%m-%d %H:%M}{hint}")
            return None
        if end - start > timedelta(days=MAX_OCCURRENCE_DAYS):
            length = end - start
            _too_long(f"`end` {end:%Y-%m-%d %H:%M}", f"{'more than ' * bool(length % timedelta(days=1))}{length.days:,} days", version, report)
            return None
        return end
    if end is None:
        return start
    if isinstance(end, (datetime, time)):
        report.add(version.at("end"), "`end` of an all-day event is a date (`YYYY-MM-DD`); give `start` a time for a timed event")
        return None
    if end < start:
        report.add(version.at("end"), f"`end` {end} is before `start` {start}")
        return None
    if (end - start).days + 1 > MAX_OCCURRENCE_DAYS:
        _too_long(f"`end` {end}", f"{(end - start).days + 1:,} days", version, report)
        return None
    return end


def _too_long(end: str, length: str, version: Version[EventFacts], report: ErrorReport) -> None:
    report.add(version.at("end"), (
        f"{end} makes the event last {length}; one occurrence may last at most {MAX_OCCURRENCE_DAYS} days (docs/content.md, Limits). "
        "For something that runs longer, such as a permanent exhibition, write an event for each season or year, "
        "or give it the days it opens with `repeat` (e.g. `FREQ=WEEKLY;BYDAY=SA,SU`)"))


def _occurrence(start: datetime | date, duration: timedelta, all_day: bool, zone: ZoneInfo) -> Occurrence:
    """All-day occurrences keep plain dates; timed ones become aware local datetimes.

    A repeated time that falls into a daylight-saving gap or fold on some date is read as
    RFC 5545 reads the .ics file's RRULE, so the site and calendar apps agree: in a gap with
    the offset before it (02:30 becomes 03:30 when clocks jump from 02:00 to 03:00), in a fold
    as the first of the two (docs/decisions.md). `start` itself in a gap or fold is an error.
    """
    end = start + duration
    if all_day:
        return Occurrence(start, end, local_instant(start, zone), local_instant(end + timedelta(days=1), zone))
    start_at, end_at = _real(local_instant(start, zone)), _real(local_instant(end, zone))
    if end_at <= start_at:  # the gap swallowed the whole occurrence: keep its length
        end_at = (start_at.astimezone(UTC) + duration).astimezone(zone)
    return Occurrence(start_at, end_at, start_at, end_at)


def _real(moment: datetime) -> datetime:
    """The wall-clock time that exists at this instant: 02:30 in a gap (offset before it) is 03:30."""
    return moment.astimezone(UTC).astimezone(moment.tzinfo)
