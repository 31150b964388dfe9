"""iCalendar files for subscribers: the network, each city, each tag, each interest group, and each event.

The `icalendar` library writes the RFC 5545 text of the calendar and its events (folding,
escaping); the VTIMEZONE blocks are our own (`output/vtimezone.py`, from the zone data).
This module decides what goes in, and keeps every stamp deterministic: DTSTAMP and
LAST-MODIFIED come from git history (else `--now`), SEQUENCE counts the commits to the
event's file, VTIMEZONEs are written sorted by name, and nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from urllib.parse import urlsplit

from icalendar import Calendar, Component, vDuration, vRecur
from icalendar import Event as VEvent

from generator import __version__
from generator.content.markdown import Markdown
from generator.content.model import City, Event, Site
from generator.content.recurrence import normalise_until
from generator.core import urls
from generator.core.keep import IsCurrent, Keep, from_kept_files, kept_files, never
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.timezones import load_zone
from generator.output.vtimezone import vtimezone
from generator.plan.views import calendar_name, city_name, group_calendar_name, place_line, status_title

REFRESH = timedelta(hours=12)
"""How often calendar apps are asked to fetch a subscription again."""
PAST_DAYS = 90
"""Events that ended more than this many days before `now` leave the calendars."""
ZONE_YEARS_AHEAD = 2
"""VTIMEZONEs describe the rules from the earliest event on: forever where the zone's rule is
regular (an RRULE), else to the last event or this many years after `now`, whichever is later."""

Gettext = Callable[[str], str]
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


@dataclass(frozen=True)
class CalendarInfo:
    """What a calendar app shows about a subscription."""

    path: str
    name: str
    description: str
    page: str
    """The page the calendar belongs to (absolute URL)."""
    timezone: str | None = None


ZONE_STEP = "zone"
"""The memo's step for a VTIMEZONE block (`ZoneBlocks`), by the zone's name and the site's range."""


def zone_range(site: Site) -> tuple[datetime, datetime]:
    """The span every VTIMEZONE covers: from the day before the site's earliest timed event to
    the last listed occurrence's end, or `ZONE_YEARS_AHEAD` years from now if later.

    The same range for every calendar means one computation per zone, and a file changes
    only when the site's range does.
    """
    timed = [event for event in site.events if not event.all_day]
    first = min((event.first.start for event in timed), default=site.now)
    assert isinstance(first, datetime)
    ends = [event.occurrences[-1].end_instant for event in timed if event.occurrences]
    last = max([site.now + timedelta(days=365 * ZONE_YEARS_AHEAD), *ends])
    return first - timedelta(days=1), last


class ZoneBlocks:
    """The VTIMEZONE of each zone over the site's range (`zone_range`), made once per build
    and kept in the memo: a block takes tens of milliseconds to make from the zone's data, and
    at 40,000 pages each language's calendars asked for twenty of them on every build."""

    def __init__(self, site: Site, memo: Memo = NO_MEMO) -> None:
        self.start, self.end = zone_range(site)
        self.memo = memo
        self._made: dict[str, bytes] = {}

    def __call__(self, name: str) -> bytes:
        if name not in self._made:
            key = digest(ZONE_STEP, name, self.start.isoformat(), self.end.isoformat())
            kept = self.memo.get(ZONE_STEP, key)
            if isinstance(kept, str):
                self._made[name] = kept.encode()
            else:
                self._made[name] = vtimezone(name, self.start, self.end)
                self.memo.put(ZONE_STEP, key, self._made[name].decode())
        return self._made[name]


def event_uid(event: Event, base_url: str) -> str:
    """Stable while the file keeps its path: `<event>.<city>@<host>` (dots never occur in slugs)."""
    return f"{event.slug}.{event.city}@{urlsplit(base_url).hostname}"


def in_window(event: Event, now: datetime) -> bool:
    """Keep recent history for subscribers, but not every event ever held."""
    horizon = now - timedelta(days=PAST_DAYS)
    return event.first.instant > now or any(occurrence.end_instant >= horizon for occurrence in event.occurrences)


class CalendarWriter:
    """Builds VEVENTs once per event and language, and assembles calendars from them."""

    def __init__(self, site: Site, markdown: Markdown, gettext: Gettext, lang: str, zones: ZoneBlocks | None = None) -> None:
        self.site = site
        self.zones = zones if zones is not None else ZoneBlocks(site)
        """VTIMEZONEs by name, shared by every calendar of a build: making one is costly."""
        self.markdown = markdown
        self.gettext = gettext
        self.lang = lang
        self._events: dict[tuple[str, str], VEvent] = {}
        self._bytes: dict[int, tuple[Component, bytes]] = {}
        self._kept: dict[tuple[str, str], bytes] = {}
        """Serialized VEVENTs kept from an earlier build (`keep`), by city and slug."""

    def absolute(self, path: str) -> str:
        return urls.absolute_link(self.site.settings.base_url, path, self.lang, self.site.languages)

    def calendar(self, info: CalendarInfo, events: Iterable[Event], window: bool = True) -> bytes:
        """`window=False` keeps past events too (an event's own file)."""
        chosen = [event for event in events if not window or in_window(event, self.site.now)]
        calendar = Calendar()
        calendar.add("prodid", f"-//Chapters//chapters {__version__}//{self.lang.upper()}")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        name, description = " ".join(info.name.split()), " ".join(info.description.split())
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
        calendar.add("url", info.page)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
        if info.timezone:
            calendar.add("x-wr-timezone", info.timezone)
        # Components are serialized once and spliced in: an event appears in many calendars
        # (network, city, tags, its own file), and folding its lines again each time was most
        # of the build's calendar time. The bytes are exactly what to_ical() would write.
        ical: bytes = calendar.to_ical()
        head, end = ical.rsplit(b"END:VCALENDAR", 1)
        parts = list(self._zones(chosen))
        parts += [self.vevent_bytes(event) for event in chosen]
        return head + b"".join(parts) + b"END:VCALENDAR" + end

    def vevent_bytes(self, event: Event) -> bytes:
        """The event's VEVENT as it is written into every calendar that holds it."""
        kept = self._kept.get((event.city, event.slug))
        return kept if kept is not None else self._serialized(self.vevent(event))

    def keep(self, event: Event, data: bytes) -> None:
        """Take the event's VEVENT as an earlier build with the same inputs wrote it."""
        self._kept[(event.city, event.slug)] = data

    def zone(self, name: str) -> bytes:
        return self.zones(name)

    def _serialized(self, component: Component) -> bytes:
        key = id(component)
        if key not in self._bytes:
            self._bytes[key] = (component, component.to_ical())  # keep the component alive: ids are unique only while it is
        return self._bytes[key][1]

    def _zones(self, events: list[Event]) -> Iterator[bytes]:
        for name in sorted({self._city_zone(event) for event in events if not event.all_day}):
            yield self.zone(name)

    def _city_zone(self, event: Event) -> str:
        start = event.first.start
        assert isinstance(start, datetime) and start.tzinfo is not None
        return str(start.tzinfo.key)  # type: ignore[attr-defined]  # an event's start carries its city's ZoneInfo (load_zone)

    def vevent(self, event: Event) -> VEvent:
        key = (event.city, event.slug)
        if key not in self._events:
            self._events[key] = self._build(event)
        return self._events[key]

    def _build(self, event: Event) -> VEvent:
        _ = self.gettext
        version = event.text.pick(self.lang)
        meta = version.meta
        history = self.site.history.get(event.text.original.source)
        page = self.absolute(urls.event(event.city, event.slug))
        vevent = VEvent()
        vevent.add("uid", event_uid(event, self.site.settings.base_url))
        vevent.add("dtstamp", history.updated if history else self.site.now.astimezone(UTC))
        first = event.first
        if event.all_day:
            vevent.add("dtstart", first.start)
            vevent.add("dtend", first.end + timedelta(days=1))  # DTEND of a date is exclusive
        else:
            vevent.add("dtstart", first.start)
            vevent.add("dtend", first.end)
        if meta.repeat:
            vevent.add("rrule", self._rule(event))
            if meta.except_dates:
                vevent.add("exdate", self._exdates(event))
        vevent.add("summary", status_title(meta, _))
        description = self.markdown.plain_text(version.body, self.site.settings.base_url, self.lang, self.site.languages)
        vevent.add("description", f"{description}\n\n{page}" if description else page)
        location = place_line(meta, online="append")
        if location:
            vevent.add("location", location)
        if meta.venue and meta.venue.lat is not None and meta.venue.lon is not None:
            vevent.add("geo", (meta.venue.lat, meta.venue.lon))
        vevent.add("url", page)
        if meta.tags:
            vevent.add("categories", list(meta.tags))
        vevent.add("status", STATUS[meta.status])
        vevent.add("sequence", max(history.commits - 1, 0) if history else 0)
        if history:
            vevent.add("created", history.created)
            vevent.add("last-modified", history.updated)
        return vevent

    def _rule(self, event: Event) -> vRecur:
        """The RRULE as written, with UNTIL in UTC as RFC 5545 requires beside a TZID start."""
        meta = event.meta
        assert meta.repeat is not None
        rule: vRecur = vRecur.from_ical(normalise_until(meta.repeat, meta.start))
        until = rule.get("UNTIL")
        if until and not event.all_day:
            moment = until[0]
            if isinstance(moment, datetime) and moment.tzinfo is None:
                zone = load_zone(self._city_zone(event))
                rule["UNTIL"] = [moment.replace(tzinfo=zone).astimezone(UTC)]
        return rule

    def _exdates(self, event: Event) -> list[date | datetime]:
        start = event.first.start
        if event.all_day:
            return list(event.meta.except_dates)
        assert isinstance(start, datetime)
        return [datetime.combine(day, time(start.hour, start.minute, start.second), tzinfo=start.tzinfo) for day in event.meta.except_dates]


CITY_CALENDARS = "city calendars"
"""The memo's step for a city's calendar files in one language, and its events' VEVENTs."""


def calendar_files(
    site: Site, markdown: Markdown, gettext_for: Callable[[str], Gettext], languages: tuple[str, ...] | None = None,
    memo: Memo = NO_MEMO, city_keys: Mapping[str, str] = MappingProxyType({}), is_current: IsCurrent = never,
) -> Iterator[tuple[str, bytes | Keep]]:
    """Every .ics file of the site, in every language.

    A city whose key (`pipeline.keys_of`: everything its pages read) is in `city_keys`
    takes its events' VEVENTs from `memo` when nothing else they read changed (the zones'
    range, which events are still in the window, the time stamps of events outside git), and
    keeps its calendar files unmade (`Keep`) when the output holds them as that memo says
    (`is_current`, by the digest of their bytes); the network's and the tags' calendars are
    spliced from the VEVENTs.
    """
    tagged = site.events_by_tag()
    by_city = site.events_by_city()
    zones = ZoneBlocks(site, memo)
    for lang in languages or site.languages:
        _ = gettext_for(lang)
        writer = CalendarWriter(site, markdown, _, lang, zones)
        title = site.settings.title

        def out(path: str, lang: str = lang) -> str:
            return urls.output_file(urls.localized(path, lang, site.default_language))

        of_cities: list[tuple[str, bytes | Keep]] = []
        for city in site.cities:
            name = city_name(city, lang)
            events = by_city[city.slug]
            key = _calendars_key(writer, city, events, city_keys[city.slug]) if city.slug in city_keys else None
            kept = _kept_calendars(memo.get(CITY_CALENDARS, key), len(events)) if key is not None else None
            if kept is not None and all(is_current(path, digest) for path, digest in kept[0]):
                for event, data in zip(events, kept[1], strict=True):
                    writer.keep(event, data)
                of_cities.extend((path, Keep()) for path, _ in kept[0])
                continue
            files = [(out(urls.city_calendar(city.slug)), writer.calendar(
                CalendarInfo(urls.city_calendar(city.slug), *calendar_name(site, lang, _, city), writer.absolute(urls.city(city.slug)), city.meta.timezone),
                events,
            ))]
            for group in city.groups:  # its events only, the same VEVENTs (and UIDs) as the city's calendar
                theirs = [event for event in events if event.meta.group == group.slug]
                files.append((out(urls.group_calendar(city.slug, group.slug)), writer.calendar(
                    CalendarInfo(urls.group_calendar(city.slug, group.slug), *group_calendar_name(site, lang, _, city, group),
                                 writer.absolute(urls.group(city.slug, group.slug)), city.meta.timezone),
                    theirs,
                )))
            for event in events:
                meta = event.text.pick(lang).meta
                files.append((out(urls.event_calendar(city.slug, event.slug)), writer.calendar(
                    CalendarInfo(urls.event_calendar(city.slug, event.slug), meta.title, f"{title}: {name}", writer.absolute(urls.event(city.slug, event.slug)), city.meta.timezone),
                    [event],
                    window=False,
                )))
            if key is not None:
                memo.put(CITY_CALENDARS, key, {"files": kept_files(files),
                                               "events": [writer.vevent_bytes(event).decode() for event in events]})
            of_cities.extend(files)
        yield out(urls.network_calendar()), writer.calendar(
            CalendarInfo(urls.network_calendar(), *calendar_name(site, lang, _), writer.absolute(urls.all_events())),
            site.events,
        )
        yield from of_cities
        for tag, events in tagged.items():
            yield out(urls.tag_calendar(tag)), writer.calendar(
                CalendarInfo(urls.tag_calendar(tag), *calendar_name(site, lang, _, tag=tag), writer.absolute(urls.tag(tag))),
                events,
            )


def _calendars_key(writer: CalendarWriter, city: City, events: list[Event], city_key: str) -> str:
    """What a city's calendar files read besides what its pages read (its key)."""
    site = writer.site
    zone = writer.zone(city.meta.timezone).decode() if any(not event.all_day for event in events) else ""
    window = "".join("1" if in_window(event, site.now) else "0" for event in events)
    undated = site.now.isoformat() if any(site.history.get(event.text.original.source) is None for event in events) else ""
    return digest(CITY_CALENDARS, city_key, writer.lang, zone, window, undated)


def _kept_calendars(value: object, events: int) -> tuple[list[tuple[str, str]], list[bytes]] | None:
    """A city's calendar files (paths and digests) and VEVENTs as `calendar_files` kept them; None for anything else."""
    if not isinstance(value, dict):
        return None
    files, vevents = from_kept_files(value.get("files")), value.get("events")
    if files is None or not isinstance(vevents, list) or len(vevents) != events or not all(isinstance(v, str) for v in vevents):
        return None
    return files, [v.encode() for v in vevents]
