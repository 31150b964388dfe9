"""The assembled site as plain immutable data: no I/O, no YAML, no Jinja, no pydantic.

The front matter is validated with the schemas of `schema.py`; `assemble.py` converts each
validated file once into the frozen dataclasses here, so the stages after it (plan, output,
publish, authoring) read only these types and never the schemas. A renamed front-matter key
changes the schema and its conversion, not the modules that use the fact.

Each page-like entity keeps one Version per language it was written in; the
default-language version always comes first and is the fallback for the others.

Every collection here is a tuple, so `repr` (the page cache's key) is the same in every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cached_property
from typing import Generic, Literal, TypeVar

from generator.core.errors import Location
from generator.source.history import FileHistory

M = TypeVar("M", covariant=True)  # read-only (frozen): a Localized[PageFacts] is a Localized[object]
Status = Literal["scheduled", "cancelled", "postponed"]


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float


@dataclass(frozen=True)
class Ambassador:
    name: str
    github: str | None
    """Without the `@` (front matter may write it)."""
    languages: tuple[str, ...]
    bio: str | None


@dataclass(frozen=True)
class CityFacts:
    """A city's front matter in one language (`content/cities/<city>/index.md`)."""

    name: str
    country: str
    """ISO 3166 alpha-2, upper case."""
    timezone: str
    """IANA zone name."""
    summary: str | None
    location: GeoPoint | None
    languages: tuple[str, ...]
    """Languages spoken at the chapter's events."""
    ambassadors: tuple[Ambassador, ...]
    community: tuple[CommunityLink, ...] = ()
    """Where live questions are asked (front matter `community`), in the order written."""


CommunityKind = Literal["chat", "forum", "mailing-list", "social"]


@dataclass(frozen=True)
class CommunityLink:
    """One of a city's channels for questions: its chat group, forum, mailing list or social page."""

    name: str
    url: str
    kind: CommunityKind
    languages: tuple[str, ...]
    """Languages spoken there."""


PLACE_CATEGORIES: tuple[str, ...] = (
    "doctor", "dentist", "language-teacher", "language-school", "shopping", "crafts-and-repairs", "children",
    "pets", "paperwork", "legal", "housing", "transport", "food", "sport", "other",
)
"""The directory's categories, in the order a city's directory lists them (docs/content.md)."""


@dataclass(frozen=True)
class PlaceFacts:
    """A recommendation's front matter in one language (`content/directory/<city>/<slug>.md`):
    a business, service or public place, never a private person."""

    name: str
    category: str
    """One of PLACE_CATEGORIES."""
    languages: tuple[str, ...]
    """Languages spoken there."""
    address: str | None
    location: GeoPoint | None
    """From `lat` and `lon`."""
    url: str | None
    phone: str | None
    """A business number as written (validated)."""
    hours: str | None
    price: str | int | None
    """A text as written, or 1 to 3 (cheap to expensive)."""
    checked: date
    """The day someone last confirmed it."""
    recommended_by: tuple[str, ...]
    """GitHub handles, without `@`."""
    draft: bool


@dataclass(frozen=True)
class GroupFacts:
    """An interest group's front matter in one language (`content/groups/<city>/<slug>.md`)."""

    name: str
    summary: str | None
    contact: str
    """Where to join or ask (a URL)."""
    meets: str | None
    """When and where it meets, as text."""
    languages: tuple[str, ...]
    hosts: tuple[str, ...]
    """GitHub handles without `@` (hosts need not be ambassadors)."""
    tags: tuple[str, ...]
    draft: bool


@dataclass(frozen=True)
class PageFacts:
    """A guide section's or a handbook chapter's front matter in one language."""

    title: str
    order: int
    summary: str | None
    published: date | datetime | None
    draft: bool


@dataclass(frozen=True)
class Venue:
    name: str
    address: str | None
    lat: float | None
    lon: float | None
    url: str | None


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    """ISO 4217, upper case."""


Cost = Money | str
"""A price, the word `free`, or a text as written (`donations welcome`)."""


@dataclass(frozen=True)
class Accessibility:
    wheelchair: Literal["yes", "no", "partial"] | None
    children: Literal["welcome", "not-suitable"] | None
    notes: str | None


@dataclass(frozen=True)
class EventFacts:
    """An event's front matter in one language (`content/events/<city>/<event>.md`), as written:
    `start` and `end` are naive; `Event` holds them resolved in the city's zone."""

    title: str
    start: date | datetime
    end: date | datetime | time | None
    venue: Venue | None
    online: str | None
    """The address of the online meeting."""
    cost: Cost | None
    registration: str | None
    tags: tuple[str, ...]
    languages: tuple[str, ...]
    hosts: tuple[str, ...]
    """GitHub handles (without `@`) of the city's ambassadors who host it."""
    partners: tuple[str, ...]
    accessibility: Accessibility | None
    status: Status
    repeat: str | None
    """The RRULE as written."""
    except_dates: tuple[date, ...]
    """Front matter `except`: days of `repeat` that are skipped."""
    published: date | datetime | None
    draft: bool
    group: str | None = None
    """The slug of the city's interest group that runs it."""

    @property
    def free(self) -> bool:
        return self.cost == "free"


@dataclass(frozen=True)
class Settings:
    """`site.yaml`."""

    title: str
    base_url: str
    languages: tuple[str, ...]
    """The first is the default language."""
    repository: str | None
    branch: str
    """The branch `repository` publishes from, for "Edit this page" links."""
    description: str | None
    maintainers: tuple[str, ...]
    """GitHub handles that own everything outside the city folders (CODEOWNERS)."""
    tag_labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Each tag's name per language, as (tag, ((lang, label), ...)) in the order written."""

    def tag_label(self, tag: str, lang: str) -> str:
        """The tag's name in `lang` (`tag_labels` in site.yaml), else the tag as written."""
        return next((label for name, labels in self.tag_labels if name == tag for code, label in labels if code == lang), tag)


@dataclass(frozen=True)
class Version(Generic[M]):
    """The text of a page in one language: its facts (`meta`) and its Markdown body."""

    lang: str
    meta: M
    body: str
    body_line: int
    source: str
    """The file the body came from: a translation without a body shows the original's."""
    where: dict[tuple[str | int, ...], Location]
    """The line of every front-matter key, for checks that span files."""
    file: str
    """This version's own file (the translation's, even when its body is the original's)."""
    body_lang: str
    """The language the body is written in."""

    def at(self, *path: str | int) -> Location:
        """The location of a key, or of its nearest enclosing key."""
        while path not in self.where and path:
            path = path[:-1]
        return self.where.get(path) or Location(self.source, 1)


@dataclass(frozen=True)
class Localized(Generic[M]):
    """A page's versions; the first is in the site's default language."""

    versions: tuple[Version[M], ...]

    @property
    def original(self) -> Version[M]:
        return self.versions[0]

    def pick(self, lang: str) -> Version[M]:
        """The version in `lang`, else the original (shown with a notice)."""
        return next((v for v in self.versions if v.lang == lang), self.versions[0])

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(v.lang for v in self.versions)


@dataclass(frozen=True)
class Section:
    slug: str
    city: str
    text: Localized[PageFacts]

    @property
    def order(self) -> tuple[int, str]:
        return (self.text.original.meta.order, self.slug)


@dataclass(frozen=True)
class Place:
    """A recommendation in a city's directory."""

    slug: str
    city: str
    text: Localized[PlaceFacts]

    @property
    def meta(self) -> PlaceFacts:
        return self.text.original.meta


@dataclass(frozen=True)
class Group:
    """An interest group of a city."""

    slug: str
    city: str
    text: Localized[GroupFacts]

    @property
    def meta(self) -> GroupFacts:
        return self.text.original.meta


@dataclass(frozen=True)
class City:
    slug: str
    text: Localized[CityFacts]
    sections: tuple[Section, ...]
    places: tuple[Place, ...] = ()
    """The directory, in PLACE_CATEGORIES order, then by name."""
    groups: tuple[Group, ...] = ()
    """By name."""

    @property
    def meta(self) -> CityFacts:
        """The facts in the default language (the zone, country and people are the same in every one)."""
        return self.text.original.meta

    @property
    def ambassadors(self) -> tuple[Ambassador, ...]:
        return self.meta.ambassadors


@dataclass(frozen=True)
class Occurrence:
    """One date of an event. Timed occurrences are aware datetimes in the city's zone."""

    start: datetime | date
    end: datetime | date
    """Inclusive last day for all-day events; exclusive end time for timed ones."""
    instant: datetime
    """Start as an aware datetime (all-day: local midnight), for sorting across cities."""
    end_instant: datetime

    @property
    def utc(self) -> datetime:
        """`instant` in UTC, the order of the network's listings: aware times in one zone compare
        by their fields, while times in many zones are compared through both offsets, each a
        zone lookup (sorting or merging a 40k network's occurrences took most of a second)."""
        return self.instant.astimezone(UTC)


@dataclass(frozen=True)
class Event:
    slug: str
    city: str
    text: Localized[EventFacts]
    all_day: bool
    first: Occurrence
    """The occurrence given by `start`/`end`."""
    occurrences: tuple[Occurrence, ...]
    """Every occurrence within the listing window (one for a single event)."""

    @property
    def meta(self) -> EventFacts:
        """The facts in the default language (time, status, tags and repeat rule are the same in every one)."""
        return self.text.original.meta

    @property
    def recurring(self) -> bool:
        return self.meta.repeat is not None

    def upcoming(self, now: datetime) -> list[Occurrence]:
        """The listed occurrences that have not ended at `now` (a running one still counts), soonest first."""
        return [occurrence for occurrence in self.occurrences if occurrence.end_instant > now]

    def next_occurrence(self, now: datetime) -> Occurrence:
        """The occurrence to show or add to a calendar: the next one that has not ended, else the first."""
        return next((occurrence for occurrence in self.occurrences if occurrence.end_instant > now), self.first)


@dataclass(frozen=True)
class Chapter:
    slug: str
    text: Localized[PageFacts]

    @property
    def order(self) -> tuple[int, str]:
        return (self.text.original.meta.order, self.slug)


@dataclass(frozen=True)
class Site:
    settings: Settings
    cities: tuple[City, ...]
    events: tuple[Event, ...]
    """In time order of their first occurrence (then city, slug)."""
    chapters: tuple[Chapter, ...]
    now: datetime
    """The pinned clock (`--now`), aware."""
    history: dict[str, FileHistory]
    """Git history per source path (empty outside git)."""
    city_tags: Mapping[str, frozenset[str]] | None = field(default=None, repr=False, compare=False)
    """Each city's events' tags, by city, if assembling found them (serve keeps a city's from one
    save to the next); else `tag_cities` scans the events."""

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages

    @property
    def default_language(self) -> str:
        return self.settings.languages[0]

    @cached_property
    def tag_cities(self) -> dict[str, frozenset[str]]:
        """The slugs of the cities where each tag has events (asked once per tag page and box: one scan of the events)."""
        found: dict[str, set[str]] = {}
        if self.city_tags is not None:
            for city, tags in self.city_tags.items():
                for tag in tags:
                    found.setdefault(tag, set()).add(city)
        else:
            for event in self.events:
                for tag in event.meta.tags:
                    found.setdefault(tag, set()).add(event.city)
        return {tag: frozenset(slugs) for tag, slugs in found.items()}

    def events_by_tag(self) -> dict[str, list[Event]]:
        """Every tag any event has, in sorted order, with its events in the order of `events`."""
        found: dict[str, list[Event]] = {}
        for event in self.events:
            for tag in dict.fromkeys(event.meta.tags):
                found.setdefault(tag, []).append(event)
        return {tag: found[tag] for tag in sorted(found)}

    def events_by_city(self) -> dict[str, list[Event]]:
        """Every city's events (an empty list for a city without any), each list in the order of `events`."""
        found: dict[str, list[Event]] = {city.slug: [] for city in self.cities}
        for event in self.events:
            found[event.city].append(event)
        return found
