"""What search engines and link previews read: schema.org Event JSON-LD, Open Graph,
`sitemap.xml` with language alternates, and `robots.txt`.

An open network lives from people who are not members yet finding it; these make an
event show up as an event (date, place, price, cancelled or not) in search results.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from babel.core import get_global
from babel.numbers import get_territory_currencies

from generator.content.markdown import Markdown
from generator.content.model import City, Event, Money, Place, Site
from generator.core import urls

STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}
DESCRIPTION_LIMIT = 300


def og_locale(lang: str) -> str:
    """`de` → `de_DE`, the form Open Graph expects, from CLDR's likely subtags."""
    likely = str(get_global("likely_subtags").get(lang, lang))
    parts = likely.split("_")
    return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else lang


def short(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _when(moment: datetime | date) -> str:
    return moment.isoformat()


def event_json_ld(site: Site, city: City, event: Event, lang: str, markdown: Markdown, page_url: str) -> str:
    """schema.org Event with the fields search engines require and recommend."""
    version = event.text.pick(lang)
    meta = version.meta
    city_meta = city.text.pick(lang).meta
    occurrence = event.next_occurrence(site.now)
    places: list[dict[str, Any]] = []
    if meta.venue:
        place: dict[str, Any] = {"@type": "Place", "name": meta.venue.name, "address": {
            "@type": "PostalAddress", "streetAddress": meta.venue.address or meta.venue.name,
            "addressLocality": city_meta.name, "addressCountry": city.meta.country}}
        if meta.venue.lat is not None and meta.venue.lon is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": meta.venue.lat, "longitude": meta.venue.lon}
        if meta.venue.url:
            place["url"] = meta.venue.url
        places.append(place)
    if meta.online:
        places.append({"@type": "VirtualLocation", "url": meta.online})
    mode = "Mixed" if meta.venue and meta.online else "Online" if meta.online else "Offline"
    city_url = urls.absolute(site.settings.base_url, urls.localized(urls.city(city.slug), lang, site.default_language))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meta.title,
        "startDate": _when(occurrence.start),
        "endDate": _when(occurrence.end),
        "eventStatus": f"https://schema.org/{STATUS[meta.status]}",
        "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
        "url": page_url,
        "organizer": {"@type": "Organization", "name": f"{site.settings.title} {city_meta.name}", "url": city_url},
        "inLanguage": list(meta.languages) or [lang],
    }
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    description = markdown.plain_text(version.body, site.settings.base_url, lang, site.languages)
    if description:
        data["description"] = short(description)
    offer = _offer(meta.cost, city.meta.country, meta.registration or page_url)
    if offer:
        data["offers"] = offer
        if meta.free:
            data["isAccessibleForFree"] = True
    if event.recurring and event.upcoming(site.now):
        data["eventSchedule"] = {"@type": "Schedule", "repeatFrequency": _frequency(meta.repeat or ""), "startDate": _when(event.first.start), "scheduleTimezone": city.meta.timezone}
    return script_json(data)


PLACE_TYPES = {
    "doctor": "Physician", "dentist": "Dentist", "language-teacher": "EducationalOrganization",
    "language-school": "EducationalOrganization", "shopping": "Store", "children": "ChildCare", "pets": "PetStore",
    "paperwork": "ProfessionalService", "legal": "LegalService", "housing": "RealEstateAgent", "food": "FoodEstablishment",
    "sport": "SportsActivityLocation", "crafts-and-repairs": "HomeAndConstructionBusiness",
}
"""The schema.org type of a directory entry by its category (a LocalBusiness subtype, or an
EducationalOrganization for teachers and schools); LocalBusiness for the others."""


def place_json_ld(site: Site, city: City, place: Place, lang: str, markdown: Markdown, page_url: str, price_range: str | None) -> str:
    """schema.org LocalBusiness (or its type for the category) of a directory entry: name, address,
    coordinates, website, phone, opening hours (only in schema.org's own form) and price range."""
    version = place.text.pick(lang)
    meta, original = version.meta, place.meta
    city_meta = city.text.pick(lang).meta
    address: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": city_meta.name, "addressCountry": city.meta.country}
    if meta.address or original.address:
        address["streetAddress"] = meta.address or original.address
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": PLACE_TYPES.get(original.category, "LocalBusiness"),
        "name": meta.name,
        "url": original.url or page_url,
        "mainEntityOfPage": page_url,
        "address": address,
    }
    if original.location is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": original.location.lat, "longitude": original.location.lon}
    if original.phone:
        data["telephone"] = original.phone
    hours = opening_hours(meta.hours) or opening_hours(original.hours)
    if hours:
        data["openingHours"] = hours[0] if len(hours) == 1 else hours
    if price_range:
        data["priceRange"] = price_range
    if original.languages:
        data["knowsLanguage"] = list(original.languages)
    description = markdown.plain_text(version.body, site.settings.base_url, lang, site.languages)
    if description:
        data["description"] = short(description)
    return script_json(data)


_DAYS = {"mo": "Mo", "mon": "Mo", "tu": "Tu", "tue": "Tu", "we": "We", "wed": "We", "th": "Th", "thu": "Th",
         "fr": "Fr", "fri": "Fr", "sa": "Sa", "sat": "Sa", "su": "Su", "sun": "Su"}
_DAY = "(?:" + "|".join(sorted(_DAYS, key=len, reverse=True)) + ")"
_TIME = r"(?:[01]?\d|2[0-4]):[0-5]\d"
_HOURS_PART = rf"({_DAY}(?:\s*-\s*{_DAY})?(?:\s*,\s*{_DAY}(?:\s*-\s*{_DAY})?)*)(?:\s+({_TIME})\s*[-–]\s*({_TIME}))?"
_HOURS = re.compile(rf"{_HOURS_PART}(?:\s*[;,]\s*{_HOURS_PART})*", re.IGNORECASE)
_PART = re.compile(_HOURS_PART, re.IGNORECASE)


def opening_hours(text: str | None) -> list[str] | None:
    """`hours` in schema.org's `openingHours` form (`Mo-Fr 09:00-18:00`), one item per part
    (parts separated by `;` or `,`), when every part is days with an optional time range
    (English day names, two or three letters); None for anything else (`by appointment`,
    another language), which is then left out."""
    if not text or _HOURS.fullmatch(text.strip()) is None:
        return None
    found = []
    for matched in _PART.finditer(text.strip()):
        days = re.sub(_DAY, lambda day: _DAYS[day.group(0).lower()], re.sub(r"\s+", "", matched.group(1)), flags=re.IGNORECASE)
        times = f" {_padded(matched.group(2))}-{_padded(matched.group(3))}" if matched.group(2) else ""
        found.append(days + times)
    return found


def _padded(clock: str) -> str:
    hour, minute = clock.split(":")
    return f"{int(hour):02d}:{minute}"


def _frequency(rule: str) -> str:
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    unit = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}.get(parts.get("FREQ", ""), "M")
    return f"P{parts.get('INTERVAL', '1')}{unit}"


def _offer(cost: object, country: str, url: str) -> dict[str, Any] | None:
    if cost == "free":
        currencies = get_territory_currencies(country)
        return {"@type": "Offer", "price": 0, "priceCurrency": currencies[0] if currencies else "EUR", "url": url, "availability": "https://schema.org/InStock"}
    if isinstance(cost, Money):
        return {"@type": "Offer", "price": str(cost.amount), "priceCurrency": cost.currency, "url": url, "availability": "https://schema.org/InStock"}
    return None


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element early: `<`, `>` and `&` are written as escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def sitemap(site: Site, neutral_paths: list[str], lastmod: dict[str, date]) -> bytes:
    """Every page in every language, each naming all its language versions (hreflang)."""
    base = site.settings.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for neutral in neutral_paths:
        alternates = [(lang, urls.absolute(base, urls.localized(neutral, lang, site.default_language))) for lang in site.languages]
        # The same links close every language's <url>: quoted once (49,000 pages at 40k, three languages).
        links = "\n".join([*(f"    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href={quoteattr(other)}/>" for lang, other in alternates),
                           f"    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href={quoteattr(alternates[0][1])}/>"])
        modified = f"    <lastmod>{lastmod[neutral].isoformat()}</lastmod>" if neutral in lastmod else None
        for _, address in alternates:
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(address)}</loc>")
            if modified is not None:
                lines.append(modified)
            lines.append(links)
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site.settings.base_url, urls.sitemap())}\n".encode()
