"""The theme's API: what each template receives, as frozen dataclasses.

Every HTML page gets three sets of names (docs/theming.md lists them all):

- the renderer's (`Rendered`): the page itself, `url()`, `static()`, the language switcher...;
- the page frame's (`Frame`), which `base.html` reads on every page: description, feeds,
  JSON-LD, the "Last updated" line;
- its page kind's view (`HomeView`, `EventView`, ...): what that page's template shows.

The renderer passes each view's fields to the template as top-level names (`upcoming`,
`city_name`), so templates read `{{ city_name }}`, never `{{ view.city_name }}`. Nested values
are the small dataclasses below (a `Card` in a listing, a `Link`...). Every collection is a
tuple: a page's `repr` is its page-cache key and must not change between runs.

Each field has a one-line docstring: they are the reference for theme authors, and
tests/unit/plan/test_viewdata.py checks that docs/theming.md lists every one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from generator.content.markdown import Heading
from generator.content.model import PageFacts, Version
from generator.plan.chapter_map import ChapterMap

if TYPE_CHECKING:
    from markupsafe import Markup

    from generator.plan.pages import Page

# Shared pieces


@dataclass(frozen=True)
class Link:
    """A titled link with an optional one-line summary (contents, city lists, tags)."""

    title: str
    """The link's text."""
    path: str
    """The language-neutral site address; pass it to `url()`."""
    summary: str | None = None
    """A one-line summary shown below the link, if the page has one."""


@dataclass(frozen=True)
class Card:
    """One occurrence of an event in a listing."""

    title: str
    """The event's title, in `title_lang`."""
    path: str
    """The event page's address."""
    city: str
    """The city's name in the page's language."""
    city_path: str
    """The city page's address."""
    when: str
    """The date and local time, written out (`Thursday, 3 December 2026, 19:00–22:00`)."""
    datetime: str
    """The start as ISO 8601, for `<time datetime>`."""
    day: str
    """The day of the month (`3`), for the date box."""
    month: str
    """The abbreviated month (`Dec`), for the date box."""
    status: str
    """`scheduled`, `cancelled` or `postponed`."""
    recurring: bool
    """Whether the event repeats."""
    where: str
    """The venue's name; empty when none is given."""
    online: bool
    """Whether one can join online."""
    past: bool
    """Whether this occurrence has ended."""
    cost: str = ""
    """The price or text as written; empty when free (see `free`) or not given."""
    free: bool = False
    """Whether the event is free."""
    languages: str = ""
    """The event's languages, comma-separated, in lowercase where the language writes them so."""
    wheelchair: str | None = None
    """`yes`, `partial`, `no`, or None when not given."""
    children: str | None = None
    """`welcome`, `not-suitable`, or None when not given."""
    tags: tuple[Link, ...] = ()
    """The event's tags, each linking to its tag page, titled with its name in the page's language (site.yaml's `tag_labels`)."""
    title_lang: str = ""
    """The language of the title (the original's when the event has no translation)."""


@dataclass(frozen=True)
class Part:
    """One of several Markdown bodies on a page (the printable handbook), with the prefix that keeps its ids apart."""

    body: Version[PageFacts]
    """The chapter's text in the page's language (or the original): `body.meta.title`, `body.body_lang`."""
    prefix: str
    """The chapter's slug: its element is `chapter-<prefix>`, its ids `<prefix>.<id>`."""


@dataclass(frozen=True)
class Feed:
    """A feed the page announces for autodiscovery (`<link rel="alternate">`)."""

    title: str
    """`Site title (Atom)`, or the city's name for a city's feed."""
    type: str
    """The feed's media type (`application/atom+xml`, `application/rss+xml`)."""
    path: str
    """The feed's address; pass it to `url()`."""


@dataclass(frozen=True)
class CityFeeds:
    """A tag's feeds of the events in one city."""

    city: str
    """The city's name in the page's language."""
    atom: str
    """The Atom feed's address; pass it to `url()`."""
    rss: str
    """The RSS feed's address; pass it to `url()`."""


@dataclass(frozen=True)
class Subscribe:
    """The Subscribe box's links: the calendar in every kind of app, and the feeds (docs/feeds.md)."""

    webcal: str
    """The calendar's absolute `webcal://` address: Apple Calendar, Thunderbird and most calendar apps subscribe on a click."""
    google: str
    """Google Calendar's "add by URL" link with the `webcal://` address."""
    outlook: str
    """Outlook.com's "add from web" link with the calendar's address and name."""
    address: str
    """The calendar's absolute `https://` address, to copy into any other app."""
    calendar: str
    """The `.ics` file's site address; pass it to `url()`."""
    name: str
    """The calendar's name (its X-WR-CALNAME), in the page's language."""
    atom: str
    """The Atom feed's address."""
    rss: str
    """The RSS feed's address."""
    city_feeds: tuple[CityFeeds, ...]
    """A tag's feeds of each city where it has events (tag pages); empty elsewhere."""


@dataclass(frozen=True)
class Provenance:
    """The "Last updated" line and the "Edit this page" link."""

    updated: str | None
    """The date of the last commit that changed the page's file, written out; None outside git or for generated pages."""
    updated_iso: str | None
    """The same date as ISO 8601 (`2026-11-02`)."""
    edit: str | None
    """The file's edit address in the repository; None without `repository` in site.yaml or for generated pages."""


@dataclass(frozen=True)
class Person:
    """A city's ambassador."""

    name: str
    """Their name."""
    github: str | None
    """Their GitHub user name, without `@`."""
    bio: str | None
    """A short text about them."""
    languages: tuple[str, ...]
    """The languages they speak, named in the page's language, lowercase where it writes them so."""


@dataclass(frozen=True)
class EventDetails:
    """The details shown on an event's own page."""

    when: str
    """A single event's date and time, or a repeating event's next one, written out in the city's time."""
    next_dates: tuple[str, ...]
    """A repeating event's next dates, written out; empty for a single event."""
    start_iso: str
    """The first occurrence's start as ISO 8601."""
    cost: str
    """The price or text as written, `Free`, or empty when not given."""
    free: bool
    """Whether the event is free."""
    languages: tuple[str, ...]
    """The event's languages, named in the page's language (the first capitalized)."""
    wheelchair: str | None
    """`yes`, `partial`, `no`, or None when not given."""
    children: str | None
    """`welcome`, `not-suitable`, or None when not given."""
    accessibility_notes: str | None
    """Free text about access, if given."""
    skipped: tuple[str, ...]
    """The dates a repeating event skips (from yesterday on), written out."""
    amount: bool
    """Whether the cost is an amount of money above zero."""
    map: str | None = None
    """OpenStreetMap at the venue (a link to another site: nothing is loaded from it); None without `lat` and `lon`."""
    geo: str | None = None
    """The venue as a `geo:` URI, which a phone opens in its map app; None without `lat` and `lon`."""


@dataclass(frozen=True)
class AddToCalendar:
    """The "Add to calendar" links of an event page."""

    ics: str
    """The event's own `.ics` file; pass it to `url()`."""
    google: str | None
    """A Google Calendar link for the next (or only) occurrence; None for a cancelled event (it would add an ordinary one)."""
    outlook: str | None
    """An Outlook.com link for the next (or only) occurrence; None for a cancelled event."""
    series: str
    """`yes` when the event repeats (the .ics holds every date, the links only the next), else empty."""
    status: str = "scheduled"
    """The event's status: a postponed event's links say so in their text."""


@dataclass(frozen=True)
class TagCount:
    """A tag in the index: how many events carry it (a repeating event counts once), and how many of its dates are ahead."""

    name: str
    """The tag as written."""
    path: str
    """The tag page's address."""
    events: int
    """How many events carry the tag."""
    upcoming: int
    """How many of their dates are still ahead."""
    label: str = ""
    """The tag's name in the page's language (site.yaml's `tag_labels`), else the tag as written."""


@dataclass(frozen=True)
class Count:
    """A link that narrows a listing (a city's events, a tag's), with how many events it leads to."""

    title: str
    """The city's name in the page's language, or the tag as written."""
    path: str
    """The narrower page's address; pass it to `url()`."""
    count: int
    """How many upcoming events it lists (a repeating event counts once)."""


@dataclass(frozen=True)
class TocItem:
    """A `##` heading of a chapter with its `###` headings."""

    heading: Heading
    """The `##` heading: `heading.id` and `heading.text`."""
    children: tuple[Heading, ...]
    """The `###` headings below it."""


@dataclass(frozen=True)
class Entry:
    """One occurrence in a calendar day's cell."""

    title: str
    """The event's title."""
    path: str
    """The event page's address."""
    time: str
    """`19:00` in the city's time; empty for all-day events."""
    datetime: str
    """The start as ISO 8601."""
    city: str
    """The city's name on the network calendar; empty on a city's own."""
    status: str
    """`scheduled`, `cancelled` or `postponed`."""


@dataclass(frozen=True)
class Day:
    """A day of a month's grid."""

    iso: str
    """The date as ISO 8601."""
    number: str
    """The day of the month (`3`)."""
    label: str
    """The whole date (`Thursday, December 3, 2026`): read out in the grid, shown in the phone's list."""
    today: bool
    """Whether it is today (the city's today; the UTC date on the network calendar)."""
    entries: tuple[Entry, ...]
    """The occurrences on that day, by local time."""


@dataclass(frozen=True)
class Weekday:
    """A column heading of the month grid."""

    short: str
    """The abbreviated name (`Mon`)."""
    long: str
    """The whole name (`Monday`), for screen readers."""


@dataclass(frozen=True)
class MonthView:
    """One month of a calendar page."""

    caption: str
    """`December 2026`, the table's caption."""
    weekdays: tuple[Weekday, ...]
    """The columns, starting on the language's first day of the week."""
    weeks: tuple[tuple[Day | None, ...], ...]
    """The rows; None for the cells outside the month."""
    previous: Link | None
    """The month before, if the calendar has it."""
    next: Link | None
    """The month after, if the calendar has it."""
    current: Link
    """The calendar's own address (`/calendar/`), which shows today's month."""
    is_current: bool
    """Whether this is today's month."""
    has_entries: bool
    """Whether any day of the month has an event."""


@dataclass(frozen=True)
class Alternate:
    """The page in one of the site's languages (language switcher, `hreflang`)."""

    lang: str
    """The language's code (`de`)."""
    name: str
    """The language's name in itself (`Deutsch`)."""
    href: str
    """The page in that language, relative to this page."""
    current: bool
    """Whether it is this page's language."""
    absolute: str
    """The page in that language, as an absolute address."""


@dataclass(frozen=True)
class Channel:
    """One of a city's places to ask questions ("Ask the community": front matter `community`)."""

    name: str
    """The channel's name as written."""
    url: str
    """Its address (another site)."""
    kind: str
    """`chat`, `forum`, `mailing-list` or `social`."""
    kind_label: str
    """The kind in the page's language (`Chat`)."""
    languages: tuple[str, ...]
    """The languages spoken there, named in the page's language, lowercase where it writes them so."""


@dataclass(frozen=True)
class PlaceEntry:
    """A recommendation of a city's directory, formatted for the page's language."""

    name: str
    """Its name as written."""
    path: str
    """Its own page's address."""
    category: str
    """Its category as written in the content (`dentist`)."""
    category_label: str
    """The category in the page's language (`Dentists`)."""
    languages: tuple[str, ...]
    """The languages spoken there, named in the page's language, lowercase where it writes them so."""
    address: str | None
    """Its street address as written, if given."""
    map: str | None
    """OpenStreetMap at the place (a link only); None without `lat` and `lon`."""
    geo: str | None
    """The place as a `geo:` URI for a phone's map app; None without `lat` and `lon`."""
    url: str | None
    """Its own website, if given."""
    phone: str | None
    """The business's phone number as written, if given."""
    phone_href: str | None
    """The number as a `tel:` link (digits and `+` only), if given."""
    hours: str | None
    """Its opening hours as written, if given."""
    price: str | None
    """The price as written, or a scale of 1 to 3 shown as the local currency's symbol repeated (`€€`); None when not given."""
    price_label: str | None
    """What a scale means in words (`moderate`) for every reader, screen readers included; None for a price in words or none."""
    checked: str
    """The day someone last confirmed it, written out in the page's language."""
    checked_iso: str
    """The same day as ISO 8601."""
    name_lang: str
    """The language its text is in (the original's when not translated)."""


@dataclass(frozen=True)
class Category:
    """A category of a city's directory, with its entries."""

    slug: str
    """The category as written (`dentist`): the anchor of its heading is `category-<slug>`."""
    label: str
    """Its name in the page's language."""
    entries: tuple[PlaceEntry, ...]
    """Its recommendations, by name."""


@dataclass(frozen=True)
class GroupEntry:
    """An interest group in a listing."""

    name: str
    """Its name as written."""
    path: str
    """Its page's address."""
    summary: str | None
    """Its one-line summary in the page's language (or the original's), if given."""
    city: str
    """Its city's name in the page's language."""
    city_path: str
    """Its city's page."""
    meets: str | None
    """When and where it meets, as written, if given."""
    languages: tuple[str, ...]
    """The languages spoken in it, named in the page's language, lowercase where it writes them so."""
    name_lang: str
    """The language its text is in (the original's when not translated)."""


@dataclass(frozen=True)
class GroupTheme:
    """A theme of `/groups/`: a tag and every group that carries it, or "Other" for groups without a tag."""

    tag: str | None
    """The tag as written; None for the groups without a tag."""
    anchor: str
    """The id of its heading (`theme-<tag>`, `theme-other`): `/groups/#<anchor>` leads to it."""
    label: str
    """The tag's name in the page's language (site.yaml's `tag_labels`), or "Other"."""
    groups: tuple[GroupEntry, ...]
    """Its groups, by city in the site's order, then by name."""


# What every page gets


@dataclass(frozen=True)
class Rendered:
    """The names the renderer gives every template besides the page's frame and view."""

    page: Page
    """The page: `page.title`, `page.lang`, `page.path`, `page.content_lang` (the language its text is in), `page.body` (its Markdown text's version: `page.body.meta` holds the front matter)."""
    site_title: str
    """The site's title (site.yaml)."""
    url: Callable[..., str]
    """`url(path, lang=None)`: a site address in the page's (or `lang`'s) language, relative to the page."""
    static: Callable[[str], str]
    """`static(name)`: the address of one of the theme's static files (`static('style.css')`)."""
    canonical: str
    """The page's absolute address."""
    og_locale: str
    """The page's language as an Open Graph locale (`de_DE`)."""
    alternates: tuple[Alternate, ...]
    """The page in every language of the site."""
    default_language: str
    """The site's first language."""
    body_html: Markup
    """The page's Markdown text as HTML; empty when it has none."""
    parts_html: tuple[Markup, ...]
    """Each `parts` body as HTML (the printable handbook); empty elsewhere."""
    language_name: Callable[..., str]
    """`language_name(code, in_lang, capitalize=True)`: a language's name in another language."""


@dataclass(frozen=True)
class Frame:
    """What `base.html` reads on every page, around the page's own content."""

    feeds: tuple[Feed, ...]
    """The feeds to announce: the network's, and on a city's pages the city's."""
    provenance: Provenance
    """The "Last updated" line and the "Edit this page" link."""
    meta_description: str
    """The page's description for search engines and link previews: its summary, else the site's description or title."""
    og_type: str
    """`article` for a page with its own text, else `website`."""
    json_ld: str | None
    """schema.org data as JSON (event and directory entry pages), else None."""


# One view per page kind


@dataclass(frozen=True)
class HomeView:
    """`/`: the home page."""

    countries: tuple[tuple[str, tuple[Link, ...]], ...]
    """Every chapter by country: (country name, its cities' links with their summaries), by country name."""
    upcoming: tuple[Card, ...]
    """The next events of every chapter, soonest first (a few)."""
    map: ChapterMap | None
    """The chapters that give a location, as points of a map; None when none does."""
    phone_map: ChapterMap | None = None
    """The same map with larger labels, placed anew for a phone's narrow screen (its points in `map`'s order)."""


@dataclass(frozen=True)
class EventsView:
    """`/events/`: every upcoming event of the network."""

    upcoming: tuple[Card, ...]
    """Every upcoming event once, at its next date, soonest first (a repeating one's card says it repeats; its city's list and its page have every date)."""
    subscribe: Subscribe
    """The network calendar and feeds."""
    cities: tuple[Count, ...] = ()
    """Each city with upcoming events, in the site's order, linking to its events page: the list narrowed to one city."""
    tags: tuple[Count, ...] = ()
    """Each tag of an upcoming event, by name, linking to its page: the list narrowed to one tag."""


@dataclass(frozen=True)
class HandbookView:
    """`/handbook/`: the handbook's contents."""

    chapters: tuple[Link, ...]
    """Every chapter, in order, with its summary."""
    print_path: str
    """The printable handbook's address."""


@dataclass(frozen=True)
class HandbookPrintView:
    """`/handbook/print/`: every chapter on one page."""

    parts: tuple[Part, ...]
    """Every chapter's text, in order; its HTML is `parts_html[loop.index0]`."""
    chapters: tuple[Link, ...]
    """The contents: each chapter linking to `#chapter-<slug>` on this page."""


@dataclass(frozen=True)
class SearchView:
    """`/search/`: the search box, and everything listed for readers without scripts."""

    countries: tuple[tuple[str, tuple[Link, ...]], ...]
    """Every chapter by country, as on the home page."""
    chapters: tuple[Link, ...]
    """Every handbook chapter, in order."""
    search_script: str
    """Pagefind's script (a shared file: use `url(search_script, default_language)`)."""
    search_style: str
    """Pagefind's style sheet (shared, like `search_script`)."""


@dataclass(frozen=True)
class NotFoundView:
    """`/404.html`: served for any missing address, so its links are absolute (from the site's base path)."""


@dataclass(frozen=True, kw_only=True)
class InCity:
    """What every page beneath a city shows (city, its events, guide pages, events)."""

    city_name: str
    """The city's name in the page's language."""
    city_path: str
    """The city page's address."""
    city_events_path: str
    """The city's events page's address."""
    city_calendar_path: str
    """The city's month calendar's address."""
    guide: tuple[Link, ...]
    """The city's guide pages, in order, with their summaries."""
    subscribe: Subscribe
    """The city's calendar and feeds."""


@dataclass(frozen=True, kw_only=True)
class CityView(InCity):
    """`/cities/<city>/`: a chapter's page."""

    summary: str | None
    """The city's one-line summary."""
    ambassadors: tuple[Person, ...]
    """The chapter's ambassadors."""
    upcoming: tuple[Card, ...]
    """The city's next events (a few), soonest first."""
    more_events: bool
    """Whether the city has more upcoming events than `upcoming` shows."""
    country: str
    """The country's name in the page's language."""
    spoken: tuple[str, ...]
    """The languages of the chapter's events, named in the page's language, lowercase where it writes them so."""
    community: tuple[Channel, ...] = ()
    """Where to ask the chapter's community ("Ask the community"), in the order written."""
    directory_path: str | None = None
    """The city's directory of recommendations; None when it has none."""
    places: int = 0
    """How many recommendations the directory has."""
    groups_path: str | None = None
    """The city's interest groups; None when it has none."""
    groups: int = 0
    """How many interest groups the city has."""
    suggest_place: str | None = None
    """GitHub's editor on a new recommendation of this city, prefilled; None without `repository` in site.yaml."""
    start_group: str | None = None
    """GitHub's editor on a new interest group of this city, prefilled; None without `repository` in site.yaml."""


@dataclass(frozen=True, kw_only=True)
class CityEventsView(InCity):
    """`/cities/<city>/events/`: a city's events."""

    upcoming: tuple[Card, ...]
    """Every upcoming occurrence, soonest first."""
    past: tuple[Card, ...]
    """Every past occurrence, latest first."""
    tags: tuple[Count, ...] = ()
    """Each tag of the city's upcoming events, by name, linking to the city's page of that tag: the list narrowed to one tag."""


@dataclass(frozen=True, kw_only=True)
class SectionView(InCity):
    """`/cities/<city>/<section>/`: a page of a city's guide (its text is `page.body`)."""

    others: tuple[Link, ...]
    """The city's other guide pages."""


@dataclass(frozen=True, kw_only=True)
class EventView(InCity):
    """`/cities/<city>/events/<event>/`: an event (its front matter is `page.body.meta`)."""

    facts: EventDetails
    """Its dates, cost, languages and access, formatted."""
    add_to_calendar: AddToCalendar
    """Its .ics file and calendar links."""
    hosts: tuple[str, ...]
    """The names of the hosts who are the city's ambassadors, in the order given."""
    tags: tuple[Link, ...]
    """Its tags, each linking to its tag page."""
    group: Link | None = None
    """The city's interest group that runs it (front matter `group`), linking to the group's page; None without one."""


@dataclass(frozen=True, kw_only=True)
class DirectoryView(InCity):
    """`/cities/<city>/directory/`: a city's recommendations by category."""

    categories: tuple[Category, ...]
    """The categories that have entries, in the format's order (PLACE_CATEGORIES), each with its entries."""
    suggest_place: str | None
    """GitHub's editor on a new recommendation of this city, prefilled; None without `repository` in site.yaml."""


@dataclass(frozen=True, kw_only=True)
class PlaceView(InCity):
    """`/cities/<city>/directory/<place>/`: one recommendation (its text, why and tips, is `page.body`)."""

    entry: PlaceEntry
    """Its facts, formatted."""
    category_path: str
    """Its category on the directory page (`/cities/<city>/directory/#category-<slug>`)."""
    directory_path: str
    """The city's directory."""
    recommended_by: tuple[str, ...]
    """The GitHub handles of the people who recommend it, without `@`."""
    suggest_place: str | None
    """GitHub's editor on a new recommendation of this city, prefilled; None without `repository` in site.yaml."""


@dataclass(frozen=True, kw_only=True)
class CityGroupsView(InCity):
    """`/cities/<city>/groups/`: a city's interest groups."""

    groups: tuple[GroupEntry, ...]
    """Its groups, by name."""
    start_group: str | None
    """GitHub's editor on a new interest group of this city, prefilled; None without `repository` in site.yaml."""


@dataclass(frozen=True, kw_only=True)
class GroupView(InCity):
    """`/cities/<city>/groups/<group>/`: an interest group (its text is `page.body`)."""

    group: GroupEntry
    """Its name, summary, meeting and languages, formatted."""
    contact: str
    """Where to join or ask (another site's address)."""
    hosts: tuple[str, ...]
    """The GitHub handles of the people who run it, without `@`."""
    tags: tuple[Link, ...]
    """Its tags, each linking to its theme on `/groups/`."""
    upcoming: tuple[Card, ...]
    """Its upcoming events (those naming it in `group`), soonest first, each once."""
    group_subscribe: Subscribe
    """The group's own calendar and feeds (its events only)."""
    groups_path: str
    """The city's interest groups."""
    start_group: str | None
    """GitHub's editor on a new interest group of this city, prefilled; None without `repository` in site.yaml."""


@dataclass(frozen=True)
class GroupsView:
    """`/groups/`: every interest group of the network, by theme."""

    themes: tuple[GroupTheme, ...]
    """Each tag some group carries, by its name in the page's language, then "Other" (groups without a tag); a group under each of its tags."""
    count: int
    """How many groups the network has."""
    can_start: bool
    """Whether a city's pages offer "Start a group" (GitHub's editor on a new group; `repository` in site.yaml)."""


@dataclass(frozen=True)
class ChapterView:
    """`/handbook/<chapter>/`: a handbook chapter (its text is `page.body`)."""

    previous: Link | None
    """The chapter before, if any."""
    next: Link | None
    """The chapter after, if any."""
    toc: tuple[TocItem, ...]
    """The chapter's headings; empty when it has fewer than two."""


@dataclass(frozen=True)
class CalendarView:
    """`/calendar/`, `/calendar/<month>/`, `/cities/<city>/calendar/`...: one month of the network's or a city's calendar."""

    month: MonthView
    """The month shown (today's on the calendar's own address)."""
    city_name: str | None
    """The city's name; None on the network calendar."""
    city_path: str | None
    """The city page's address; None on the network calendar."""
    city_events_path: str | None
    """The city's events page's address; None on the network calendar."""
    subscribe: Subscribe
    """The calendar's .ics file and feeds."""


@dataclass(frozen=True)
class TagView:
    """`/tags/<tag>/`: the events with one tag, in every city; `/cities/<city>/tags/<tag>/`: in one city."""

    tag: str
    """The tag as written."""
    upcoming: tuple[Card, ...]
    """Its upcoming occurrences, soonest first."""
    past: tuple[Card, ...]
    """Its past occurrences, latest first."""
    subscribe: Subscribe
    """The tag's calendar, its feeds, and its feeds of each city where it has events."""
    label: str = ""
    """The tag's name in the page's language (site.yaml's `tag_labels`), else the tag as written."""
    city_name: str | None = None
    """On a city's tag page (`/cities/<city>/tags/<tag>/`): the city's name; None on the tag's own page."""
    city_path: str | None = None
    """The city page's address, on a city's tag page."""
    city_events_path: str | None = None
    """The city's events page's address, on a city's tag page."""
    everywhere: str | None = None
    """The tag's page in every city (`/tags/<tag>/`), on a city's tag page."""


@dataclass(frozen=True)
class TagsView:
    """`/tags/`: every tag."""

    tags: tuple[TagCount, ...]
    """Every tag, by name."""


View = (
    HomeView | EventsView | HandbookView | HandbookPrintView | SearchView | NotFoundView | CityView | CityEventsView
    | SectionView | EventView | ChapterView | CalendarView | TagView | TagsView
    | DirectoryView | PlaceView | CityGroupsView | GroupView | GroupsView
)
"""The view of any page kind."""

VIEWS: Mapping[str, type[View]] = MappingProxyType({
    "home": HomeView, "events": EventsView, "handbook": HandbookView, "handbook print": HandbookPrintView,
    "search": SearchView, "not found": NotFoundView, "city": CityView, "city events": CityEventsView,
    "section": SectionView, "event": EventView, "chapter": ChapterView, "calendar": CalendarView,
    "calendar month": CalendarView, "city calendar": CalendarView, "city calendar month": CalendarView,
    "tags": TagsView, "tag": TagView, "city tag": TagView,
    "directory": DirectoryView, "place": PlaceView, "city groups": CityGroupsView, "group": GroupView, "groups": GroupsView,
})
"""The view each page kind of the route table (`core.routes.OUTPUTS`, by name) gets."""
