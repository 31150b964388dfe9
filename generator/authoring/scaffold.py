"""`chapters new`: start a content file from a template that already passes `chapters check`.

Ambassadors learn the format from the file in front of them, so each template fills the
required fields and shows every optional one as a commented-out example. Inputs go through
the same field validators as the build, and the finished text is checked with the real
pipeline (load, assemble) before anything is written; an existing file is never replaced.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel.numbers import get_territory_currencies
from pydantic import TypeAdapter, ValidationError

from generator.content.assemble import RESERVED_SECTIONS, assemble
from generator.content.fields import Category, CountryCode, EndWhen, Line, PublicUrl, Slug, TimeZoneName, When
from generator.content.model import PLACE_CATEGORIES
from generator.content.starters import group_starter, place_starter
from generator.content.warnings import (
    CITY_BODY,
    EVENT_BODY,
    EXAMPLE_ADDRESS,
    EXAMPLE_NOTES,
    EXAMPLE_ONLINE,
    EXAMPLE_PARTNER,
    EXAMPLE_REGISTRATION,
    EXAMPLE_URL,
    EXAMPLE_VENUE,
    PAGE_BODY,
    PAGE_HEADING,
)
from generator.core import routes, urls
from generator.core.errors import ErrorReport
from generator.core.options import Options
from generator.core.text import slugify, suggest
from generator.core.timezones import UnknownTimeZone, load_zone
from generator.publish.write import WriteFailed, writing
from generator.source.frontmatter import split
from generator.source.load import Kind, SiteSource, SourceFile, load_site

OPTIONAL = "# Optional: delete the `# ` at the start of a line to use it; lines starting with `#` are ignored."


class ScaffoldError(Exception):
    """A mistake in the command's input, told to the ambassador in one line."""


def _valid(option: str, kind: Any, value: str) -> Any:
    """Run one field validator of the format; its message, prefixed with the option, on failure."""
    if any(ch in value for ch in "\n\r\t\x00"):
        raise ScaffoldError(f"{option}: must be one line of text")
    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError as exc:
        raise ScaffoldError(f"{option}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}") from None


def _slug(option: str, given: str | None, title: str) -> str:
    if given is not None:
        return str(_valid(option, Slug, given))
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}: give one with {option}, e.g. {option} tea-ceremony")
    return slug


def _line(key: str, value: Any) -> str:
    """`key: value` as YAML, quoted where needed (`title: 'Cooking class: beshbarmak'`)."""
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1_000_000).rstrip("\n")


def _when(moment: date | datetime | time) -> str:
    """A parsed date or time written back the way content.md shows it (`2026-12-05 19:00`)."""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M" + (":%S" if moment.second else ""))
    if isinstance(moment, time):
        return moment.strftime("%H:%M" + (":%S" if moment.second else ""))
    return moment.isoformat()


@dataclasses.dataclass(frozen=True)
class OpenSite:
    """What a template needs to know about the site it goes into."""

    root: Path
    source: SiteSource

    def city(self, slug: str) -> dict[str, Any]:
        """The city's raw front matter (for hints in comments); refuses an unknown city."""
        known = [city for city in self.source.city_folders if (self.root / routes.CITY.path(city, "index")).is_file()]
        if slug not in known:
            listed = ", ".join(known) or "none yet: add one with `chapters new city`"
            raise ScaffoldError(f"unknown city `{slug}` (known cities: {listed})" + suggest(slug, known))
        original = next((f for f in self.source.files if f.kind == "city" and f.city == slug and f.lang is None), None)
        return original.document.data if original else {}

    def default_language(self) -> str:
        languages = self.source.settings.get("languages")
        return str(languages[0]) if isinstance(languages, list) and languages and isinstance(languages[0], str) else "en"


def open_site(root: Path) -> OpenSite:
    report = ErrorReport()
    source = load_site(root, report)
    if source is None:
        raise ScaffoldError(f"{root} is not a Chapters site folder (no site.yaml): run this in one, or give --site")
    return OpenSite(root, source)


def event_text(site: OpenSite, city: str, title: str, start: date | datetime, end: date | datetime | time | None) -> str:
    meta = site.city(city)
    name = " ".join(str(meta.get("name") or city).split())
    zone = meta.get("timezone") if isinstance(meta.get("timezone"), str) else "the city's time zone"
    hosts = [a["github"].removeprefix("@") for a in meta.get("ambassadors") or [] if isinstance(a, dict) and isinstance(a.get("github"), str)]
    spoken = meta.get("languages")
    languages = [v for v in spoken if isinstance(v, str)] if isinstance(spoken, list) else []
    country = str(meta.get("country") or "")
    currencies = get_territory_currencies(country.upper(), start) if re.fullmatch(r"[A-Za-z]{2}", country) else []
    all_day = not isinstance(start, datetime)
    day = start.date() if isinstance(start, datetime) else start
    lines = [
        "---",
        _line("title", title),
        f"start: {_when(start)}  # all day; `YYYY-MM-DD HH:MM` for a time, local to {name} ({zone})"
        if all_day
        else f"start: {_when(start)}  # local time in {name} ({zone}); `YYYY-MM-DD` alone is an all-day event",
    ]
    if end is not None:
        lines.append(f"end: {_when(end)}")
    lines.append(OPTIONAL)
    if end is None and not isinstance(start, datetime):
        lines.append(f"# end: {_when(start)}  # the last day, inclusive (default: the same day)")
    elif end is None and isinstance(start, datetime):
        later = start + timedelta(hours=2)
        example = _when(later.time() if later.date() == start.date() else later)
        lines.append(f"# end: {example}  # `HH:MM` the same day, or `YYYY-MM-DD HH:MM`; default: two hours after start")
    lines += [
        "# venue:",
        f"#   name: {EXAMPLE_VENUE}  # required once you give a venue",
        f"#   address: {EXAMPLE_ADDRESS}, {name}",
        "#   lat: 0.0  # the place in decimal degrees (from openstreetmap.org), for directions",
        "#   lon: 0.0",
        f"#   url: {EXAMPLE_URL}  # the place's web page",
        f"# online: {EXAMPLE_ONLINE}  # the link to join online",
        f"# cost: free  # or `{{amount: 10, currency: {currencies[0] if currencies else 'EUR'}}}`, or a short text",
        f"# registration: {EXAMPLE_REGISTRATION}  # an http(s) or mailto: link",
        "# tags: [newcomers]  # lowercase words joined by `-`",
        f"# languages: [{', '.join(languages or [site.default_language()])}]  # spoken at the event",
        f"# hosts: [{hosts[0] if hosts else ''}]  # GitHub handles of ambassadors of {name}: {', '.join(hosts) or 'none listed yet'}",
        f"# partners: [{EXAMPLE_PARTNER}]  # co-hosts",
        "# accessibility:",
        "#   wheelchair: partial  # yes, no or partial",
        "#   children: welcome  # welcome or not-suitable",
        f"#   notes: {EXAMPLE_NOTES}",
        "# status: cancelled  # scheduled (the default), cancelled or postponed",
        "# repeat: FREQ=WEEKLY;COUNT=8  # an RFC 5545 rule (FREQ=MONTHLY;BYDAY=1TH: first Thursdays); `start` is the first date",
        f"# except: [{(day + timedelta(days=14)).isoformat()}]  # dates on which a repeating event does not happen",
        "# draft: yes  # keeps the event off the site until you remove this line",
        "---",
        EVENT_BODY,
    ]
    return "\n".join(lines) + "\n"


def city_text(site: OpenSite, name: str, country: str, timezone_name: str) -> str:
    found = pycountry.countries.get(alpha_2=country)
    lines = [
        "---",
        _line("name", name),
        f"country: {country}  # ISO 3166-1 alpha-2 code" + (f" ({found.name})" if found else ""),
        f"timezone: {timezone_name}  # every event time of the city is local to this zone",
        OPTIONAL,
        "# summary: One sentence for the network's home page.",
        "# location: {lat: 0.0, lon: 0.0}  # the city centre in decimal degrees, for maps",
        f"# languages: [{site.default_language()}]  # spoken at the chapter's events",
        "# ambassadors:  # the volunteers who run the chapter; no e-mail addresses or phone numbers",
        "#   - name: Your Name",
        "#     github: your-github-handle  # reviews this city's pull requests (`chapters codeowners`)",
        f"#     languages: [{site.default_language()}]",
        "#     bio: A sentence or two about you.",
        "---",
        f"Welcome to {' '.join(name.split())}! {CITY_BODY}",
    ]
    return "\n".join(lines) + "\n"


def page_text(title: str, what: str, order: int) -> str:
    lines = [
        "---",
        _line("title", title),
        OPTIONAL,
        f"# order: {order}  # {what}s are listed by order, then by file name (default 0)",
        "# summary: One sentence shown in the contents.",
        "# published: 2026-01-31  # default: the date of the file's first commit",
        f"# draft: yes  # keeps the {what} off the site until you remove this line",
        "---",
        PAGE_HEADING,
        "",
        PAGE_BODY,
    ]
    return "\n".join(lines) + "\n"


def _next_order(site: OpenSite, kind: Kind, city: str | None) -> int:
    orders = [
        int(f.document.data["order"])
        for f in site.source.files
        if f.kind == kind and f.city == city and f.lang is None and re.fullmatch(r"-?\d{1,9}", str(f.document.data.get("order")))
    ]
    return max(orders, default=0) + 1


@dataclasses.dataclass(frozen=True)
class Draft:
    """A file to be: where it goes, what it is, and its text."""

    relative: str
    kind: Kind
    slug: str
    city: str | None
    text: str


def verify(site: OpenSite, draft: Draft, now: datetime) -> None:
    """Run the new file through assemble with the rest of the site; refuse it on any error in it."""
    report = ErrorReport()
    document = split(draft.text, draft.relative, report)
    if document is not None:
        new = SourceFile(draft.kind, draft.relative, draft.slug, draft.city, None, document)
        source = dataclasses.replace(site.source, files=(*site.source.files, new))
        if draft.kind == "city":
            source = dataclasses.replace(source, city_folders=tuple(sorted({*source.city_folders, str(draft.city)})))
        assemble(source, Options(now=now, drafts=True), report)
    problems = [error.message for error in report.errors if error.location.path == draft.relative]
    if problems:
        raise ScaffoldError("; ".join(problems))


def write_new(site: OpenSite, relative: str, text: str) -> Path:
    """Create the file; never replace one."""
    path = site.root / relative
    exists = ScaffoldError(f"{path} already exists: edit it, or choose another --slug")
    if path.exists():
        raise exists
    with writing(path):  # a full disk or a read-only folder: one line, not a traceback
        try:
            _create(path, text)
        except FileExistsError:
            raise exists from None
    return path


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        try:
            handle.write(text)
            handle.close()  # a full disk may only say so here
        except BaseException:
            path.unlink(missing_ok=True)  # the file this call created: never half of it left behind
            raise


def new_event(site: OpenSite, args: argparse.Namespace) -> Draft:
    title = str(_valid("--title", Line, args.title))
    start = _valid("--start", When, args.start)
    end = _valid("--end", EndWhen, args.end) if args.end is not None else None
    site.city(args.city)
    day = (start.date() if isinstance(start, datetime) else start).isoformat()
    slug = _slug("--slug", args.slug, title)
    slug = slug if args.slug is not None and re.match(r"\d{4}-\d{2}-\d{2}-", slug) else f"{day}-{slug}"
    return Draft(routes.EVENT.path(args.city, slug), "event", slug, args.city, event_text(site, args.city, title, start, end))


def new_city(site: OpenSite, args: argparse.Namespace) -> Draft:
    slug = str(_valid("--slug", Slug, args.slug))
    name = str(_valid("--name", Line, args.name))
    country = str(_valid("--country", CountryCode, args.country))
    zone = str(_valid("--timezone", TimeZoneName, args.timezone))
    return Draft(routes.CITY.path(slug, "index"), "city", "index", slug, city_text(site, name, country, zone))


def new_page(site: OpenSite, args: argparse.Namespace) -> Draft:
    """A guide section (`new guide`) or a handbook chapter (`new chapter`)."""
    title = str(_valid("--title", Line, args.title))
    slug = _slug("--slug", args.slug, title)
    if args.kind == "chapter":
        return Draft(routes.CHAPTER.path(None, slug), "chapter", slug, None, page_text(title, "chapter", _next_order(site, "chapter", None)))
    site.city(args.city)
    if slug in RESERVED_SECTIONS:
        raise ScaffoldError(f"a guide section cannot be named `{slug}`: {urls.section(args.city, slug)} is a page the generator makes; choose another --slug")
    text = page_text(title, "section", _next_order(site, "section", args.city))
    return Draft(routes.SECTION.path(args.city, slug), "section", slug, args.city, text)


def _city_today(site: OpenSite, city: str, now: datetime) -> date:
    """`now`'s date in the city (a `checked` date may not lie in the city's future)."""
    zone_name = site.city(city).get("timezone")
    try:
        zone = load_zone(zone_name) if isinstance(zone_name, str) else UTC
    except UnknownTimeZone:
        zone = UTC
    return now.astimezone(zone).date()


def new_place(site: OpenSite, args: argparse.Namespace) -> Draft:
    """A recommendation in a city's directory, from content/starters.py, `checked` today."""
    name = str(_valid("--name", Line, args.name))
    category = str(_valid("--category", Category, args.category))
    site.city(args.city)
    slug = _slug("--slug", args.slug, name)
    text = place_starter(args.city, _city_today(site, args.city, datetime.now(UTC)), name=name, category=category)
    return Draft(routes.PLACE.path(args.city, slug), "place", slug, args.city, text)


def new_group(site: OpenSite, args: argparse.Namespace) -> Draft:
    """An interest group of a city, from content/starters.py."""
    name = str(_valid("--name", Line, args.name))
    contact = str(_valid("--contact", PublicUrl, args.contact)) if args.contact is not None else None
    site.city(args.city)
    slug = _slug("--slug", args.slug, name)
    text = group_starter(args.city, _city_today(site, args.city, datetime.now(UTC)), name=name, contact=contact)
    return Draft(routes.GROUP.path(args.city, slug), "group", slug, args.city, text)


COMMANDS = {"event": new_event, "city": new_city, "guide": new_page, "chapter": new_page, "place": new_place, "group": new_group}
_SLUG_HELP = "the file name without .md (default: made from the title)"
OPTIONS: dict[str, tuple[str, list[tuple[str, bool, str | None]]]] = {
    "event": ("a new event in content/events/<city>/", [
        ("--city", True, "the city's folder name, e.g. almaty"),
        ("--title", True, None),
        ("--start", True, "`YYYY-MM-DD HH:MM` local time, or `YYYY-MM-DD` for an all-day event"),
        ("--end", False, "`HH:MM` the same day, `YYYY-MM-DD HH:MM`, or the last day of an all-day event"),
        ("--slug", False, "the file name without .md (default: the date and the title, e.g. 2026-12-05-garden-party)"),
    ]),
    "city": ("a new city chapter: content/cities/<slug>/index.md", [
        ("--slug", True, "the city's folder name and address, e.g. buenos-aires"),
        ("--name", True, None),
        ("--country", True, "ISO 3166-1 alpha-2 code, e.g. KZ"),
        ("--timezone", True, "IANA time zone, e.g. Asia/Almaty"),
    ]),
    "guide": ("a new section of a city's guide: content/cities/<city>/<slug>.md", [("--city", True, None), ("--title", True, None), ("--slug", False, _SLUG_HELP)]),
    "chapter": ("a new handbook chapter: content/handbook/<slug>.md", [("--title", True, None), ("--slug", False, _SLUG_HELP)]),
    "place": ("a new recommendation in a city's directory: content/directory/<city>/<slug>.md (businesses, services and public places only)", [
        ("--city", True, "the city's folder name, e.g. almaty"),
        ("--name", True, "the business, service or public place, as on its sign"),
        ("--category", True, f"one of: {', '.join(PLACE_CATEGORIES)}"),
        ("--slug", False, "the file name without .md (default: made from the name)"),
    ]),
    "group": ("a new interest group of a city: content/groups/<city>/<slug>.md", [
        ("--city", True, "the city's folder name, e.g. berlin"),
        ("--name", True, None),
        ("--contact", False, "where to join: an http(s) link to its chat, forum or page (default: an example to replace)"),
        ("--slug", False, "the file name without .md (default: made from the name)"),
    ]),
}


EXAMPLES = {
    "event": 'chapters new event . --city almaty --title "Garden party" --start "2026-12-05 15:00" --end 18:00',
    "city": "chapters new city . --slug oslo --name Oslo --country NO --timezone Europe/Oslo",
    "guide": 'chapters new guide . --city almaty --title "Doctors and dentists"',
    "chapter": 'chapters new chapter . --title "Opening a bank account"',
    "place": 'chapters new place . --city almaty --name "Atelier Master" --category crafts-and-repairs',
    "group": 'chapters new group . --city berlin --name "Tiergarten runners" --contact https://t.me/tiergarten-runners',
}
"""One example per kind, shown at the end of its `--help`."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    for name, (help_text, options) in OPTIONS.items():
        sub = kinds.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("site_dir", nargs="?", type=Path, metavar="SITE_DIR", help="the site folder (default: .)")
        sub.add_argument("--site", type=Path, help=argparse.SUPPRESS)  # the older spelling of SITE_DIR, still understood
        for option, required, option_help in options:
            sub.add_argument(option, required=required, help=option_help)


def run(args: argparse.Namespace) -> int:
    if args.site is not None and args.site_dir is not None and args.site != args.site_dir:
        print(f"chapters: error: two site folders given ({args.site_dir} and --site {args.site}): give one", file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    try:
        site = open_site(args.site_dir or args.site or Path())
        draft = COMMANDS[args.kind](site, args)
        verify(site, draft, now)
        path = write_new(site, draft.relative, draft.text)
    except (ScaffoldError, WriteFailed) as exc:
        print(f"chapters: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"chapters: error: cannot write the file: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(path)
    if args.kind == "event" and _is_past(site, args, now):
        print(f"chapters: warning: --start {args.start} is in the past: the event is over before it is published; is the year right?", file=sys.stderr)
    return 0


def _is_past(site: OpenSite, args: argparse.Namespace, now: datetime) -> bool:
    """Whether the new event's start lies before `now`, in its city's time zone."""
    start = _valid("--start", When, args.start)
    zone_name = site.city(args.city).get("timezone")
    try:
        zone = load_zone(zone_name) if isinstance(zone_name, str) else UTC
    except UnknownTimeZone:
        zone = UTC
    moment = start if isinstance(start, datetime) else datetime.combine(start, time(23, 59))
    return moment.replace(tzinfo=zone) < now
