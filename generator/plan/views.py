"""Ready-made, language-specific views of the model for the templates.

Templates only print these; every date, price and label is formatted here with Babel in
the page's language, so a template never queries the model or formats a value itself.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal
from urllib.parse import quote, urlencode

import pycountry
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_interval, format_time
from babel.numbers import format_currency, get_currency_symbol, get_territory_currencies

from generator.content.markdown import Markdown
from generator.content.model import PLACE_CATEGORIES, City, Event, EventFacts, Money, Occurrence, Site
from generator.content.model import Group as ModelGroup
from generator.content.model import Place as ModelPlace
from generator.content.starters import group_starter, place_starter
from generator.core import urls
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.routes import GROUP, PLACE, ContentKind
from generator.core.text import Gettext
from generator.core.timezones import load_zone
from generator.plan.calendar_links import GOOGLE, google_link, outlook_link
from generator.plan.chapter_map import LABEL_SIZE_SHARE, ChapterMap, Place, chapter_map
from generator.plan.viewdata import (
    AddToCalendar,
    Card,
    Category,
    Channel,
    CityFeeds,
    Count,
    EventDetails,
    Feed,
    GroupEntry,
    GroupTheme,
    Link,
    PlaceEntry,
    Subscribe,
    TocItem,
)

TOC_MIN_HEADINGS = 2
"""A contents list of one heading only repeats the heading."""


def language_name(code: str, in_lang: str, capitalize: bool = True) -> str:
    """`ru` shown in German is `Russisch`; in Russian lists, names stay lowercase (`русский`)."""
    name = Locale(in_lang).languages.get(code) or code
    return name[:1].upper() + name[1:] if capitalize else name


def country_name(code: str, lang: str) -> str:
    name = Locale(lang).territories.get(code)
    if name:
        return str(name)
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def zone_city(zone: str, lang: str) -> str:
    """CLDR's name, in `lang`, of the city a time zone is named after (`Europe/Berlin` is `Берлин`
    in Russian); where CLDR gives none, the zone's own (`America/Argentina/Buenos_Aires`: `Buenos Aires`)."""
    return Locale.parse(lang).time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")


def city_name(city: City, lang: str) -> str:
    """The city's name in `lang`: its translation's; else, when the city is the one its time zone
    is named after (its name in the original's language is CLDR's), CLDR's name in `lang`
    (`Moscow` is `Moskau` in German); else its name as written."""
    version = city.text.pick(lang)
    original = city.text.original
    if version.lang == lang or " ".join(original.meta.name.split()) != zone_city(city.meta.timezone, original.lang):
        return version.meta.name
    return zone_city(city.meta.timezone, lang)


def format_when(occurrence: Occurrence, lang: str) -> str:
    """`Thursday, 3 December 2026, 19:00–22:00` in the event's own local time."""
    start, end = occurrence.start, occurrence.end
    if not isinstance(start, datetime):
        if start == end:
            return format_date(start, "full", locale=lang)
        return format_interval(start, end, "yMMMEd", locale=lang)
    assert isinstance(end, datetime)
    if start.date() == end.date():
        return f"{format_date(start, 'full', locale=lang)}, {format_interval(start.replace(tzinfo=None), end.replace(tzinfo=None), 'Hm', locale=lang)}"
    return f"{format_date(start, 'full', locale=lang)} {format_time(start, 'HH:mm', locale=lang)} – {format_date(end, 'full', locale=lang)} {format_time(end, 'HH:mm', locale=lang)}"


def format_cost(cost: object, lang: str, _: Gettext = str) -> str:
    """A price in the language's way (`KZT\u00a045,000`, `45\u00a0000\u00a0₸`, `€12`), `Free`, or the text as written."""
    if cost is None:
        return ""
    if cost == "free":
        return _("Free")
    if isinstance(cost, Money):
        pattern = currency_spaced(Locale.parse(lang).currency_formats["standard"].pattern, get_currency_symbol(cost.currency, lang))
        if cost.amount == cost.amount.to_integral_value():
            whole = pattern.replace(".00", "")  # `1 700 ₸`, not `1 700,00 ₸`
            return format_currency(cost.amount, cost.currency, locale=lang, format=whole, currency_digits=False)
        return format_currency(cost.amount, cost.currency, locale=lang, format=pattern)
    return str(cost)


SPACE_BESIDE_CURRENCY = "\u00a0"
"""What CLDR's `currencySpacing` inserts (`insertBetween`, the same in every locale)."""


def currency_spaced(pattern: str, symbol: str) -> str:
    """A currency pattern with CLDR's currency spacing, which Babel does not apply: where the
    symbol touches a digit and its character on that side is no symbol (a letter: `RUB`, `KZT`,
    `US$` after a number), U+00A0 goes between (`RUB 500`, but `€500`, `$500`, `500 ₽`).

    This is CLDR's `currencyMatch` `[[:^S:]&[:^Z:]]` and `surroundingMatch` `[[:digit:]]`,
    before and after the currency, as every locale has them (root); each sub-pattern (positive;
    negative) is spaced on its own.
    """
    def apart(character: str) -> bool:
        return not unicodedata.category(character).startswith(("S", "Z"))

    def spaced(part: str) -> str:
        at = part.find("¤")
        if at < 0 or not symbol:
            return part
        if part[at + 1:at + 2] in ("#", "0") and apart(symbol[-1]):
            return f"{part[:at + 1]}{SPACE_BESIDE_CURRENCY}{part[at + 1:]}"
        if part[at - 1:at] in ("#", "0") and at > 0 and apart(symbol[0]):
            return f"{part[:at]}{SPACE_BESIDE_CURRENCY}{part[at:]}"
        return part

    return ";".join(spaced(part) for part in pattern.split(";"))


def iso(moment: datetime | date) -> str:
    return moment.isoformat()


def status_prefix(status: str, _: Gettext = str) -> str | None:
    """`Cancelled:` or `Postponed:`, put before an event's title where no badge shows its status:
    calendar apps, feed readers, the change summary."""
    return {"cancelled": _("Cancelled:"), "postponed": _("Postponed:")}.get(status)


def status_title(meta: EventFacts, _: Gettext = str) -> str:
    """The title with its status prefix (`Cancelled: Tea ceremony`)."""
    prefix = status_prefix(meta.status, _)
    return f"{prefix} {meta.title}" if prefix else meta.title


def place_line(meta: EventFacts, online: Literal["append", "instead", "omit"]) -> str:
    """Where the event is, on one line: the venue's name and address (`Café Anna, Main St 1`), and its
    online address `"append"`ed (a calendar's LOCATION), given only `"instead"` of a venue (the "Add to
    calendar" links), or `"omit"`ted (a feed entry shows it on a line of its own)."""
    parts = [part for part in (meta.venue.name, meta.venue.address) if part] if meta.venue else []
    if meta.online and (online == "append" or (online == "instead" and not parts)):
        parts.append(meta.online)
    return ", ".join(parts)


def card(site: Site, event: Event, occurrence: Occurrence, cities: dict[str, City], lang: str) -> Card:
    version = event.text.pick(lang)
    meta = version.meta
    city = cities[event.city]
    start = occurrence.start
    venue = meta.venue.name if meta.venue else ""
    return Card(
        title=meta.title,
        path=urls.event(event.city, event.slug),
        city=city_name(city, lang),
        city_path=urls.city(event.city),
        when=format_when(occurrence, lang),
        datetime=iso(start),
        day=format_date(start, "d", locale=lang),
        month=format_date(start, "MMM", locale=lang),
        status=meta.status,
        recurring=event.recurring,
        where=venue,
        online=meta.online is not None,
        past=occurrence.end_instant <= site.now,
        cost="" if meta.free else format_cost(meta.cost, lang),
        free=meta.free,
        languages=", ".join(language_names(meta.languages, lang)),
        wheelchair=meta.accessibility.wheelchair if meta.accessibility else None,
        children=meta.accessibility.children if meta.accessibility else None,
        tags=tuple(tag_link(site, tag, lang) for tag in meta.tags),
        title_lang=version.lang,
    )


def tag_link(site: Site, tag: str, lang: str) -> Link:
    """A tag's link, titled with its name in `lang` (site.yaml's `tag_labels`), else as written."""
    return Link(site.settings.tag_label(tag, lang), urls.tag(tag))


def occurrences(site: Site, events: tuple[Event, ...] | list[Event]) -> list[tuple[Event, Occurrence]]:
    """Every listed occurrence, in time order; ties are broken by city and slug for stable output."""
    found = [(event, occurrence) for event in events for occurrence in event.occurrences]
    found.sort(key=lambda pair: (pair[1].utc, pair[0].city, pair[0].slug))
    return found


def split_upcoming(site: Site, events: tuple[Event, ...] | list[Event], cities: dict[str, City], lang: str) -> tuple[list[Card], list[Card]]:
    """Upcoming (soonest first) and past (latest first) cards; running events count as upcoming."""
    upcoming: list[Card] = []
    past: list[Card] = []
    for event, occurrence in occurrences(site, events):
        item = card(site, event, occurrence, cities, lang)
        (past if item.past else upcoming).append(item)
    past.reverse()
    return upcoming, past


def once_each(cards: Iterable[Card]) -> tuple[Card, ...]:
    """Each event's first card only: a repeating event once, at its next date (the network's list stays short)."""
    seen: set[str] = set()
    found: list[Card] = []
    for item in cards:
        if item.path not in seen:
            seen.add(item.path)
            found.append(item)
    return tuple(found)


def narrowing(site: Site, lang: str, listed: tuple[Card, ...]) -> tuple[tuple[Count, ...], tuple[Count, ...]]:
    """The links that narrow a listing of the network's events: to each city's events page (in
    the site's order) and to each tag's page (by name), with how many of `listed` each has."""
    per_city = Counter(item.city_path for item in listed)
    per_tag = Counter(tag for item in listed for tag in dict.fromkeys(item.tags))
    cities = tuple(Count(city_name(city, lang), urls.city_events(city.slug), per_city[urls.city(city.slug)])
                   for city in site.cities if per_city[urls.city(city.slug)])
    tags = tuple(Count(tag.title, tag.path, count) for tag, count in sorted(per_tag.items(), key=lambda pair: (pair[0].title.casefold(), pair[0].path)))
    return cities, tags


def event_facts(event: Event, lang: str, upcoming_limit: int, now: datetime, _: Gettext = str) -> EventDetails:
    """The details shown on an event's own page."""
    meta = event.text.pick(lang).meta
    accessibility = meta.accessibility
    next_dates = tuple(format_when(o, lang) for o in event.upcoming(now)[:upcoming_limit])
    return EventDetails(
        when=format_when(event.next_occurrence(now), lang),  # a single event's only date, else the next one
        next_dates=next_dates if event.recurring else (),
        start_iso=iso(event.first.start),
        cost=format_cost(meta.cost, lang, _),
        free=meta.free,
        # CLDR already capitalizes where a language does (English, Deutsch); only a list's start is raised.
        languages=tuple(language_name(code, lang, capitalize=index == 0) for index, code in enumerate(meta.languages)),
        wheelchair=accessibility.wheelchair if accessibility else None,
        children=accessibility.children if accessibility else None,
        accessibility_notes=accessibility.notes if accessibility else None,
        skipped=tuple(format_date(day, "full", locale=lang) for day in meta.except_dates if day >= now.date() - timedelta(days=1)),
        amount=isinstance(meta.cost, Money) and meta.cost.amount > Decimal(0),
        map=osm_link(meta.venue.lat, meta.venue.lon) if meta.venue and meta.venue.lat is not None and meta.venue.lon is not None else None,
        geo=geo_uri(meta.venue.lat, meta.venue.lon) if meta.venue and meta.venue.lat is not None and meta.venue.lon is not None else None,
    )


OSM = "https://www.openstreetmap.org/"
OSM_ZOOM = 17
"""Streets and house numbers."""


def osm_link(lat: float, lon: float) -> str:
    """OpenStreetMap with a marker on the venue (its page offers directions): a link only, nothing loaded on ours."""
    return f"{OSM}?{urlencode({'mlat': f'{lat:.6f}', 'mlon': f'{lon:.6f}'})}#map={OSM_ZOOM}/{lat:.6f}/{lon:.6f}"


def geo_uri(lat: float, lon: float) -> str:
    """A `geo:` URI (RFC 5870): a phone opens it in its map app, which gives the way there."""
    return f"geo:{lat:.6f},{lon:.6f}"


def add_to_calendar(site: Site, city: City, event: Event, lang: str, markdown: Markdown, _: Gettext = str) -> AddToCalendar:
    """The event's .ics file, and Google/Outlook links for its next (or only) occurrence.

    A cancelled event has no Google or Outlook link: those would add an ordinary event with no
    sign of the cancellation (the .ics says STATUS:CANCELLED, which calendar apps show). A
    postponed one's links add it with its title prefixed (`Postponed: ...`), as the .ics does.
    """
    version = event.text.pick(lang)
    meta = version.meta
    if meta.status == "cancelled":
        return AddToCalendar(ics=urls.event_calendar(event.city, event.slug), google=None, outlook=None,
                             series="yes" if event.recurring else "", status=meta.status)
    title = status_title(meta, _)
    page = urls.absolute(site.settings.base_url, urls.localized(urls.event(event.city, event.slug), lang, site.default_language))
    details = markdown.plain_text(version.body, site.settings.base_url, lang, site.languages)
    details = f"{details}\n\n{page}" if details else page
    location = place_line(meta, online="instead")
    occurrence = event.next_occurrence(site.now)
    return AddToCalendar(
        ics=urls.event_calendar(event.city, event.slug),
        google=google_link(title, occurrence, city.meta.timezone, details, location),
        outlook=outlook_link(title, occurrence, details, location),
        series="yes" if event.recurring else "",
        status=meta.status,
    )


OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"
"""Outlook.com's "add calendar from the web" page (`?url=` the address, `&name=` the name; docs/feeds.md).
Google's "add by URL" is its calendar page (`calendar_links.GOOGLE`) with `?cid=` a `webcal://` address."""


def google_subscribe(address: str) -> str:
    """A link that opens Google Calendar's "add by URL" with the calendar's `webcal://` address."""
    return f"{GOOGLE}?{urlencode({'cid': urls.webcal(address)}, quote_via=quote)}"


def outlook_subscribe(address: str, name: str) -> str:
    """A link that opens Outlook.com's "add from web" with the calendar's `https://` address and name."""
    return f"{OUTLOOK_SUBSCRIBE}?{urlencode({'url': address, 'name': name}, quote_via=quote)}"


def calendar_name(site: Site, lang: str, _: Gettext, city: City | None = None, tag: str | None = None) -> tuple[str, str]:
    """A subscription's name and description in `lang`, with the city's name in `lang`: the
    network's, a city's or a tag's calendar (its NAME and X-WR-CALNAME, DESCRIPTION and
    X-WR-CALDESC; the name Outlook.com is given). Each on one line."""
    title = site.settings.title
    if city is not None:
        named = city_name(city, lang)
        name, description = f"{title}: {named}", _("Events of the %(city)s chapter. Newcomers welcome.") % {"city": named}
    elif tag is not None:
        label = site.settings.tag_label(tag, lang)
        name, description = f"{title}: #{label}", _("Events tagged %(tag)s, in every chapter.") % {"tag": label}
    else:
        name, description = _("%(site)s: all events") % {"site": title}, _("Every event of every chapter. Anyone is welcome.")
    return " ".join(name.split()), " ".join(description.split())


def tag_cities(site: Site, tag: str) -> list[City]:
    """The cities where `tag` has events, in the site's order: each gets the tag's feeds of its events."""
    having = site.tag_cities.get(tag, frozenset())
    return [city for city in site.cities if city.slug in having]


def announced_feeds(site: Site, lang: str, city: City | None = None, tag: str | None = None) -> tuple[Feed, ...]:
    """Feeds a page announces for autodiscovery: the network's, and its city's (pages beneath a
    city) or its tag's, in every city and in each city where it has events (a tag's page)."""
    title = site.settings.title
    found = [Feed(f"{title} (Atom)", "application/atom+xml", urls.atom_feed()), Feed(f"{title} (RSS)", "application/rss+xml", urls.rss_feed())]
    if city is not None:
        name = city_name(city, lang)
        found += [Feed(f"{name} (Atom)", "application/atom+xml", urls.atom_feed(city.slug)), Feed(f"{name} (RSS)", "application/rss+xml", urls.rss_feed(city.slug))]
    if tag is not None:
        label = site.settings.tag_label(tag, lang)
        found += [Feed(f"#{label} (Atom)", "application/atom+xml", urls.tag_atom_feed(tag)), Feed(f"#{label} (RSS)", "application/rss+xml", urls.tag_rss_feed(tag))]
        for place in tag_cities(site, tag):
            name = city_name(place, lang)
            found += [Feed(f"#{label}, {name} (Atom)", "application/atom+xml", urls.tag_atom_feed(tag, place.slug)),
                      Feed(f"#{label}, {name} (RSS)", "application/rss+xml", urls.tag_rss_feed(tag, place.slug))]
    return tuple(found)


def subscribe_box(site: Site, lang: str, _: Gettext, city: City | None = None, tag: str | None = None,
                  tag_feeds_in: list[City] | None = None) -> Subscribe:
    """The Subscribe box of the network's calendar, a city's or a tag's: one-click links for each
    kind of calendar app, the address to copy, and the feeds (a tag's, in each city of
    `tag_feeds_in`: by default every city where it has events)."""
    if city is not None:
        calendar, atom, rss = urls.city_calendar(city.slug), urls.atom_feed(city.slug), urls.rss_feed(city.slug)
    elif tag is not None:
        calendar, atom, rss = urls.tag_calendar(tag), urls.tag_atom_feed(tag), urls.tag_rss_feed(tag)
    else:
        calendar, atom, rss = urls.network_calendar(), urls.atom_feed(), urls.rss_feed()
    address = urls.absolute(site.settings.base_url, urls.localized(calendar, lang, site.default_language))
    name = calendar_name(site, lang, _, city, tag)[0]
    places = tag_feeds_in if tag_feeds_in is not None else tag_cities(site, tag) if tag is not None else []
    city_feeds = tuple(CityFeeds(city_name(place, lang), urls.tag_atom_feed(tag, place.slug), urls.tag_rss_feed(tag, place.slug))
                       for place in places) if tag is not None else ()
    return Subscribe(urls.webcal(address), google_subscribe(address), outlook_subscribe(address, name), address, calendar, name, atom, rss, city_feeds)


PHONE_LABEL_SHARE = 1 / 22
"""The labels' size on a phone's map, as a share of its width: about 15 px on a 390 px screen."""


def city_tag_subscribe(site: Site, lang: str, _: Gettext, city: City, tag: str) -> Subscribe:
    """The Subscribe box of a city's tag page: the tag's calendar, and its feeds in every city and
    in this one (no other city's: the page is planned with its city alone)."""
    return subscribe_box(site, lang, _, tag=tag, tag_feeds_in=[city])


def city_tags(site: Site, lang: str, city: City, events: list[Event], listed: tuple[Card, ...]) -> tuple[Count, ...]:
    """The links that narrow a city's events list to the city's page of each tag its upcoming
    events carry (`listed`, each event once), by name, with how many events each has."""
    per_tag = Counter(tag.path for item in listed for tag in dict.fromkeys(item.tags))
    found = [Count(site.settings.tag_label(tag, lang), urls.tag(tag, city.slug), per_tag[urls.tag(tag)])
             for tag in sorted({tag for event in events for tag in event.meta.tags}) if per_tag[urls.tag(tag)]]
    return tuple(sorted(found, key=lambda count: (count.title.casefold(), count.path)))


MAP_STEP = "map"
"""The memo's step for the home page's map (`ChapterMap`), by its places and label size: placing
309 labels took a quarter of a second, twice per language, whenever the listings were planned."""


def home_map(site: Site, lang: str, label_share: float = LABEL_SIZE_SHARE, memo: Memo = NO_MEMO) -> ChapterMap | None:
    """The chapters that give a `location`, as points of the home page's map (labels of the given size)."""
    places = [Place(city_name(city, lang), urls.city(city.slug), city.meta.location.lat, city.meta.location.lon)
              for city in site.cities if city.meta.location is not None]
    if not places:
        return None
    key = digest(repr(places), repr(label_share))
    try:
        return ChapterMap.from_json(memo.get(MAP_STEP, key))
    except ValueError:
        made = chapter_map(places, label_share)
        if made is not None:
            memo.put(MAP_STEP, key, made.to_json())
        return made


def toc(markdown: Markdown, body: str) -> tuple[TocItem, ...]:
    """A chapter's `##` headings with their `###` headings below them, linking to the ids on the page."""
    found = markdown.headings(body)
    if len(found) < TOC_MIN_HEADINGS:
        return ()
    items: list[TocItem] = []
    for heading in found:
        if heading.level > 2 and items:
            items[-1] = TocItem(items[-1].heading, (*items[-1].children, heading))
        else:
            items.append(TocItem(heading, ()))
    return tuple(items)



# Everyday help (issue 18): the directory, interest groups and where to ask.


def category_labels(_: Gettext) -> dict[str, str]:
    """Each directory category's heading in the page's language, in the format's order (`PLACE_CATEGORIES`)."""
    # TRANSLATORS: the headings of a city's directory of recommendations, one per category.
    labels = {
        "doctor": _("Doctors"), "dentist": _("Dentists"), "language-teacher": _("Language teachers"),
        "language-school": _("Language schools"), "shopping": _("Shopping"), "crafts-and-repairs": _("Crafts and repairs"),
        "children": _("Children"), "pets": _("Pets"), "paperwork": _("Offices and paperwork"), "legal": _("Legal help"),
        "housing": _("Housing"), "transport": _("Transport"), "food": _("Food"), "sport": _("Sport"), "other": _("Other"),
    }
    return {category: labels.get(category, category) for category in PLACE_CATEGORIES}


def channel_kinds(_: Gettext) -> dict[str, str]:
    """A community channel's kind in the page's language."""
    # TRANSLATORS: the kind of a place where a chapter's members ask each other questions.
    return {"chat": _("Chat"), "forum": _("Forum"), "mailing-list": _("Mailing list"), "social": _("Social media")}


def channels(city: City, lang: str, _: Gettext) -> tuple[Channel, ...]:
    """The city's "Ask the community" channels, in the order written."""
    kinds = channel_kinds(_)
    return tuple(Channel(link.name, link.url, link.kind, kinds.get(link.kind, link.kind), language_names(link.languages, lang))
                 for link in city.meta.community)


def language_names(codes: Iterable[str], lang: str) -> tuple[str, ...]:
    """The languages' names in `lang`, as they stand in a sentence (lower case where `lang` writes them so)."""
    return tuple(language_name(code, lang, capitalize=False) for code in codes)


PRICE_SCALE_FALLBACK = "¤"
"""The scale's symbol where the local currency has no one-character symbol (the generic currency sign)."""


def price_symbol(country: str) -> str:
    """The local currency's symbol as the country's main language writes it (`₸` in Kazakhstan, `€` in Germany),
    for a price scale of 1 to 3; the generic `¤` where it takes more than one character."""
    currencies = get_territory_currencies(country)
    spoken = get_global("territory_languages").get(country, {})
    main = max(sorted(spoken), key=lambda code: spoken[code].get("population_percent", 0), default=None)
    if not currencies or main is None:
        return PRICE_SCALE_FALLBACK
    try:
        symbol = get_currency_symbol(currencies[0], f"{main}_{country}")
    except (ValueError, UnknownLocaleError):
        return PRICE_SCALE_FALLBACK
    return symbol if len(symbol) == 1 else PRICE_SCALE_FALLBACK


def price_shown(price: str | int | None, country: str, _: Gettext) -> tuple[str | None, str | None]:
    """A recommendation's price as shown: a text as written, or a scale of 1 to 3 as symbols (`€€`)
    with its meaning in words (`moderate`)."""
    if price is None:
        return None, None
    if isinstance(price, int):
        # TRANSLATORS: a place's price level on a scale of three (shown beside symbols such as €€).
        words = {1: _("inexpensive"), 2: _("moderate"), 3: _("expensive")}
        return price_symbol(country) * price, words.get(price)
    return price, None


def place_entry(site: Site, city: City, place: ModelPlace, lang: str, _: Gettext) -> PlaceEntry:
    """A recommendation formatted for `lang` (its translation's text where there is one)."""
    version = place.text.pick(lang)
    meta = version.meta
    location = place.meta.location
    price, price_label = price_shown(meta.price, city.meta.country, _)
    phone = meta.phone or place.meta.phone
    return PlaceEntry(
        name=meta.name, path=urls.place(city.slug, place.slug), category=place.meta.category,
        category_label=category_labels(_).get(place.meta.category, place.meta.category),
        languages=language_names(place.meta.languages, lang), address=meta.address or place.meta.address,
        map=osm_link(location.lat, location.lon) if location is not None else None,
        geo=geo_uri(location.lat, location.lon) if location is not None else None,
        url=place.meta.url, phone=phone, phone_href=tel_uri(phone) if phone else None,
        hours=meta.hours or place.meta.hours, price=price, price_label=price_label,
        checked=format_date(place.meta.checked, "long", locale=lang), checked_iso=place.meta.checked.isoformat(),
        name_lang=version.lang,
    )


def tel_uri(phone: str) -> str:
    """A `tel:` link (RFC 3966) of a number as written: its digits and a leading `+`; an extension as `;ext=`."""
    number, _, extension = phone.lower().partition("ext")
    digits = "".join(character for character in number if character.isdigit())
    plus = "+" if number.strip().startswith("+") else ""
    ext = "".join(character for character in extension if character.isdigit())
    return f"tel:{plus}{digits}" + (f";ext={ext}" if ext else "")


def group_entry(site: Site, city: City, group: ModelGroup, lang: str) -> GroupEntry:
    """An interest group formatted for `lang` (its translation's summary and meeting where there is one)."""
    version = group.text.pick(lang)
    meta = version.meta
    return GroupEntry(
        name=meta.name, path=urls.group(city.slug, group.slug), summary=meta.summary, city=city_name(city, lang),
        city_path=urls.city(city.slug), meets=meta.meets, languages=language_names(group.meta.languages, lang), name_lang=version.lang,
    )


def group_themes(site: Site, lang: str, _: Gettext) -> tuple[GroupTheme, ...]:
    """Every group of the network by theme: under each of its tags (by the tag's name in `lang`),
    then the groups without a tag under "Other"; in each, by city in the site's order, then by name."""
    by_tag: dict[str, list[GroupEntry]] = {}
    untagged: list[GroupEntry] = []
    for city in site.cities:
        for group in city.groups:
            entry = group_entry(site, city, group, lang)
            for tag in dict.fromkeys(group.meta.tags):
                by_tag.setdefault(tag, []).append(entry)
            if not group.meta.tags:
                untagged.append(entry)
    themes = [GroupTheme(tag, theme_anchor(tag), site.settings.tag_label(tag, lang), tuple(entries)) for tag, entries in by_tag.items()]
    themes.sort(key=lambda theme: (theme.label.casefold(), theme.tag or ""))
    if untagged:
        # TRANSLATORS: the heading of the interest groups that have no theme (tag).
        themes.append(GroupTheme(None, theme_anchor(None), _("Other groups"), tuple(untagged)))
    return tuple(themes)


def theme_anchor(tag: str | None) -> str:
    """The id of a theme's heading on `/groups/` (`theme-language-exchange`, `theme-other`)."""
    return f"theme-{tag}" if tag is not None else "theme-other"


NEW_PLACE_FILE, NEW_GROUP_FILE = "new-place.md", "new-group.md"
"""The file names GitHub's editor suggests for a new recommendation or group (the writer renames it)."""


def new_file_link(site: Site, kind: ContentKind, city: str, text: str, name: str) -> str | None:
    """GitHub's web editor on a new file `name` in the city's folder of `kind`, prefilled with `text`
    (`/new/<branch>/<folder>?filename=...&value=...`), for people who do not use git; None without `repository`."""
    repository = site.settings.repository
    if not repository:
        return None
    folder = kind.folder_of(city).rstrip("/")
    return f"{repository.rstrip('/')}/new/{quote(site.settings.branch)}/{quote(folder)}?{urlencode({'filename': name, 'value': text}, quote_via=quote)}"


def suggest_place_link(site: Site, city: City) -> str | None:
    """"Suggest a recommendation": a new file of the city's directory, from `starters.place_starter`
    (checked today in the city, by `--now`: a UTC date can be tomorrow there, which `check` refuses)."""
    return new_file_link(site, PLACE, city.slug, place_starter(city.slug, _city_today(site, city)), NEW_PLACE_FILE)


def start_group_link(site: Site, city: City) -> str | None:
    """"Start a group": a new file of the city's groups, from `starters.group_starter`."""
    return new_file_link(site, GROUP, city.slug, group_starter(city.slug, _city_today(site, city)), NEW_GROUP_FILE)


def _city_today(site: Site, city: City) -> date:
    return site.now.astimezone(load_zone(city.meta.timezone)).date()


def group_subscribe(site: Site, lang: str, _: Gettext, city: City, group: ModelGroup) -> Subscribe:
    """The Subscribe box of a group's page: its own calendar (its events only) and its feeds."""
    calendar = urls.group_calendar(city.slug, group.slug)
    address = urls.absolute(site.settings.base_url, urls.localized(calendar, lang, site.default_language))
    name = group_calendar_name(site, lang, _, city, group)[0]
    return Subscribe(urls.webcal(address), google_subscribe(address), outlook_subscribe(address, name), address, calendar, name,
                     urls.group_atom_feed(city.slug, group.slug), urls.group_rss_feed(city.slug, group.slug), ())


def group_calendar_name(site: Site, lang: str, _: Gettext, city: City, group: ModelGroup) -> tuple[str, str]:
    """A group's calendar's name and description in `lang`, each on one line (as `calendar_name`)."""
    named, title = group.text.pick(lang).meta.name, site.settings.title
    description = _("Events of %(group)s, an interest group of the %(city)s chapter.") % {"group": named, "city": city_name(city, lang)}
    return " ".join(f"{title}: {named}".split()), " ".join(description.split())


def directory_categories(site: Site, city: City, lang: str, _: Gettext) -> tuple[Category, ...]:
    """The city's recommendations by category, in the format's order (`City.places` is), those with entries only."""
    labels = category_labels(_)
    found: dict[str, list[PlaceEntry]] = {}
    for place in city.places:
        found.setdefault(place.meta.category, []).append(place_entry(site, city, place, lang, _))
    return tuple(Category(category, labels.get(category, category), tuple(entries)) for category, entries in found.items())
