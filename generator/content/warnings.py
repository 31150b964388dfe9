"""Warnings: content that is valid but probably not what the ambassador meant.

They are shown beside the errors (`path:line:column: warning: ...`, or `::warning` for
GitHub) and do not stop a build, unless `--strict` (core/errors.py, ErrorReport.strict).

In every file:
- text left from the templates of `chapters new` (the placeholder description, the example
  venue), whose words live here so that the templates and this check cannot drift apart;
- an event file whose name starts with another date than its `start` (docs/content.md:
  events are named `YYYY-MM-DD-slug.md`);
- a recommendation whose `checked` date is more than STALE_DAYS before `--now` (shops close,
  doctors move: someone should confirm it again).

In the event files added or changed since the base branch, when `chapters check` knows it
(Options.since; source/changed.py asks git), since these are nudges for the ambassador at
work, not faults of old content (coordinates are optional; old events are over):
- an event that is already over (`start` in the past: a typo in the year, a copied file);
- a venue without coordinates, for an event still to come (its page can show no way there).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from generator.content.model import City, Event, EventFacts, GroupFacts, Place, PlaceFacts, Site, Version
from generator.content.starters import (
    EXAMPLE_CONTACT,
    EXAMPLE_HOURS,
    EXAMPLE_MEETS,
    EXAMPLE_PHONE,
    EXAMPLE_PLACE_ADDRESS,
    EXAMPLE_PLACE_URL,
    EXAMPLE_SUMMARY,
    GROUP_BODY,
    PLACE_BODY,
)
from generator.core.errors import ErrorReport, Location
from generator.core.identity import ByIdentity
from generator.core.options import Options
from generator.source.changed import changed_since, merge_base

EVENT_BODY = "What happens, who it is for, what to bring, and how to find the group when you arrive."
CITY_BODY = "Who the chapter is for, how often it meets, and how to say hello."
PAGE_HEADING = "## A first heading"
PAGE_BODY = "Write Markdown here: `## headings`, [links](https://example.org/), lists with `- `."
PLACEHOLDER_BODIES = (EVENT_BODY, CITY_BODY, PAGE_BODY, PLACE_BODY, GROUP_BODY)
"""The descriptions `chapters new` writes (authoring/scaffold.py takes them from here, and
content/starters.py's for recommendations and groups)."""
STALE_DAYS = 365
"""A recommendation last `checked` longer ago than this is reported (a warning)."""

EXAMPLE_VENUE = "Café Example"
EXAMPLE_ADDRESS = "Example Street 1"
EXAMPLE_URL = "https://example.org/"
EXAMPLE_ONLINE = "https://meet.example.org/abc"
EXAMPLE_REGISTRATION = "https://forms.example.org/"
EXAMPLE_PARTNER = "Embassy of Example"
EXAMPLE_NOTES = "Step-free entrance; the café has a ramp."
"""The example values of the event template's commented-out lines."""

_DATED = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")


def warn(root: Path, site: Site | None, options: Options, report: ErrorReport, known: ByIdentity | None = None) -> None:
    """Add every warning about the assembled site to the report.

    With `known` (serve), a city and events assembled by the last build (the same objects)
    have the warnings found then, while the date is the same."""
    if site is None:
        return
    changed = _changed(root, site, options)
    by_city = site.events_by_city()
    for city in site.cities:
        events = by_city[city.slug]
        if known is None or changed is not None:
            _city_warnings(city, events, site.now, changed, report)
            continue
        made_from = (city, *events)
        found = known.get(WARNINGS_STEP, made_from)
        if not (isinstance(found, tuple) and found[0] == site.now.date()):
            collected = ErrorReport()
            _city_warnings(city, events, site.now, None, collected)
            found = (site.now.date(), tuple((warning.location, warning.message) for warning in collected.warnings))
            known.put(WARNINGS_STEP, made_from, found)
        for location, message in found[1]:
            report.warn(location, message)
    for chapter in site.chapters:
        for chapter_version in chapter.text.versions:
            _placeholder_body(chapter_version, report)


WARNINGS_STEP = "warnings"
"""`ByIdentity`'s step for a city's warnings (the date they were found on, and each one's place and message), by the city and its events."""


def _city_warnings(city: City, events: list[Event], now: datetime, changed: frozenset[str] | None, report: ErrorReport) -> None:
    for event in events:
        original = event.text.original
        for version in event.text.versions:
            _placeholder_body(version, report)
        _placeholder_values(original, report)
        _file_date(event, report)
        if changed is not None and original.file in changed:
            _past(event, now, report)
            _venue(event, now, report)
    for city_version in city.text.versions:
        _placeholder_body(city_version, report)
    for place in city.places:
        for place_version in place.text.versions:
            _placeholder_body(place_version, report)
            _place_examples(place_version, report)
        _stale(place, now, report)
    for group in city.groups:
        for group_version in group.text.versions:
            _placeholder_body(group_version, report)
            _group_examples(group_version, report)
    for section in city.sections:
        for section_version in section.text.versions:
            _placeholder_body(section_version, report)


def _changed(root: Path, site: Site, options: Options) -> frozenset[str] | None:
    if options.since is None:
        return None
    base = options.since or merge_base(root, site.settings.branch)
    return changed_since(root, base) if base else None


def _placeholder_body(version: Version[object], report: ErrorReport) -> None:
    if version.source != version.file or not any(placeholder in version.body for placeholder in PLACEHOLDER_BODIES):
        return  # (a translation showing the original's body: reported there)
    for number, line in enumerate(version.body.split("\n")):
        if any(placeholder in line for placeholder in PLACEHOLDER_BODIES):
            report.warn(Location(version.file, version.body_line + number),
                        "the description is still the example text of `chapters new`: write your own")
            return


def _placeholder_values(version: Version[EventFacts], report: ErrorReport) -> None:
    meta = version.meta
    venue = meta.venue
    accessibility = meta.accessibility
    found: list[tuple[tuple[str | int, ...], str | None, str]] = [
        (("venue", "name"), venue.name if venue else None, EXAMPLE_VENUE),
        (("venue", "address"), venue.address if venue else None, EXAMPLE_ADDRESS),
        (("venue", "url"), venue.url if venue else None, EXAMPLE_URL),
        (("online",), meta.online, EXAMPLE_ONLINE),
        (("registration",), meta.registration, EXAMPLE_REGISTRATION),
        (("accessibility", "notes"), accessibility.notes if accessibility else None, EXAMPLE_NOTES),
    ]
    found += [(("partners", index), partner, EXAMPLE_PARTNER) for index, partner in enumerate(meta.partners)]
    for path, value, example in found:
        if value is not None and value.startswith(example):
            name = ".".join(str(part) for part in path if isinstance(part, str))
            report.warn(version.at(*path), f"`{name}` is still the example of `chapters new` (`{value}`): give the real one, or delete the line")


def _examples(version: Version[object], found: list[tuple[str, str | None, str]], report: ErrorReport) -> None:
    for key, value, example in found:
        if value is not None and value.startswith(example) and version.at(key).path == version.file:
            required = key == "contact"  # a group's one required example: it cannot go
            report.warn(version.at(key), f"`{key}` is still the example of `chapters new` (`{value}`): give the real one" + ("" if required else ", or delete the line"))


def _place_examples(version: Version[PlaceFacts], report: ErrorReport) -> None:
    meta = version.meta
    _examples(version, [("address", meta.address, EXAMPLE_PLACE_ADDRESS), ("url", meta.url, EXAMPLE_PLACE_URL),
                        ("phone", meta.phone, EXAMPLE_PHONE), ("hours", meta.hours, EXAMPLE_HOURS)], report)
    if meta.location is not None and meta.location.lat == 0 and meta.location.lon == 0 and version.at("lat").path == version.file:
        report.warn(version.at("lat"), "`lat` and `lon` are still the example of `chapters new` (0.0): give the place's own, or delete the lines")


def _group_examples(version: Version[GroupFacts], report: ErrorReport) -> None:
    meta = version.meta
    _examples(version, [("contact", meta.contact, EXAMPLE_CONTACT), ("summary", meta.summary, EXAMPLE_SUMMARY),
                        ("meets", meta.meets, EXAMPLE_MEETS)], report)


def _stale(place: Place, now: datetime, report: ErrorReport) -> None:
    """`checked` more than STALE_DAYS days before --now (its day in UTC: a warning has no need of the city's zone)."""
    checked = place.meta.checked
    age = (now.date() - checked).days
    if age > STALE_DAYS:
        report.warn(place.text.original.at("checked"),
                    f"`checked` {checked.isoformat()} is {age:,} days ago, more than a year: ask whether {place.meta.name} is still there and still good, "
                    "then set `checked` to that day (or remove the recommendation)")


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _file_date(event: Event, report: ErrorReport) -> None:
    dated = _DATED.fullmatch(event.slug)
    start = _day(event.meta.start)
    if dated is None or dated.group(1) == start.isoformat():
        return
    try:
        date.fromisoformat(dated.group(1))
    except ValueError:
        return  # not a date: the name is only a name
    report.warn(event.text.original.at("start"),
                f"the file name says {dated.group(1)} but `start` is {start.isoformat()}: correct `start`, "
                f"or rename the file to `{start.isoformat()}-{dated.group(2)}.md` (the name is the event's address)")


def _venue(event: Event, now: datetime, report: ErrorReport) -> None:
    venue = event.meta.venue
    if venue is None or not event.upcoming(now):
        return
    if venue.lat == 0 and venue.lon == 0:
        report.warn(event.text.original.at("venue", "lat"),
                    "`venue.lat` and `venue.lon` are still the example of `chapters new` (0.0): give the place's own, or delete the lines")
        return
    if venue.lat is not None and venue.lon is not None:
        return
    report.warn(event.text.original.at("venue"),
                "the venue has no coordinates: add `lat` and `lon` under `venue` (decimal degrees, e.g. from openstreetmap.org) so that its page can show the way")


def _past(event: Event, now: datetime, report: ErrorReport) -> None:
    if event.upcoming(now):
        return
    report.warn(event.text.original.at("start"),
                f"`start` ({_day(event.meta.start).isoformat()}) is in the past, in a new or changed file: "
                "the event is over before it is published; is the year right?")
