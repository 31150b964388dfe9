"""The assembled site as plain immutable data: no I/O, no YAML, no Jinja.

Each page-like entity keeps one Version per language it was written in; the
default-language version always comes first and is the fallback for the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from generator.content.schema import Ambassador, CityMeta, EventMeta, PageMeta, SiteMeta
from generator.core.errors import Location
from generator.source.history import FileHistory

M = TypeVar("M")


@dataclass(frozen=True)
class Version(Generic[M]):
    """The text of a page in one language."""

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
    text: Localized[PageMeta]

    @property
    def order(self) -> tuple[int, str]:
        return (self.text.original.meta.order, self.slug)


@dataclass(frozen=True)
class City:
    slug: str
    text: Localized[CityMeta]
    sections: tuple[Section, ...]

    @property
    def meta(self) -> CityMeta:
        return self.text.original.meta

    @property
    def ambassadors(self) -> tuple[Ambassador, ...]:
        return tuple(self.meta.ambassadors)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event. Timed occurrences are aware datetimes in the city's zone."""

    start: datetime | date
    end: datetime | date
    """Inclusive last day for all-day events; exclusive end time for timed ones."""
    instant: datetime
    """Start as an aware datetime (all-day: local midnight), for sorting across cities."""
    end_instant: datetime


@dataclass(frozen=True)
class Event:
    slug: str
    city: str
    text: Localized[EventMeta]
    all_day: bool
    first: Occurrence
    """The occurrence given by `start`/`end`."""
    occurrences: tuple[Occurrence, ...]
    """Every occurrence within the listing window (one for a single event)."""

    @property
    def meta(self) -> EventMeta:
        return self.text.original.meta

    @property
    def recurring(self) -> bool:
        return self.meta.repeat is not None


@dataclass(frozen=True)
class Chapter:
    slug: str
    text: Localized[PageMeta]

    @property
    def order(self) -> tuple[int, str]:
        return (self.text.original.meta.order, self.slug)


@dataclass(frozen=True)
class Site:
    settings: SiteMeta
    cities: tuple[City, ...]
    events: tuple[Event, ...]
    chapters: tuple[Chapter, ...]
    now: datetime
    """The pinned clock (`--now`), aware."""
    history: dict[str, FileHistory]
    """Git history per source path (empty outside git)."""

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.settings.languages)

    @property
    def default_language(self) -> str:
        return self.settings.languages[0]
