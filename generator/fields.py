"""Value types of the content format: how each kind of front-matter value is checked.

Every validator receives the text the ambassador typed (see frontmatter.py) and either
returns the typed value or raises ValueError with a message written for that ambassador.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pycountry
from babel import Locale
from dateutil.rrule import rrulestr
from pydantic import AfterValidator, BeforeValidator, PlainValidator, WithJsonSchema

from generator.timezones import UnknownTimeZone, load_zone, zone_names

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_GITHUB = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ENGLISH = Locale("en")


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return ` (did you mean `x`?)` when a close match exists, else ``."""
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean `{matches[0]}`?)" if matches else ""


def slugify_hint(text: str) -> str:
    """A slug an ambassador could use instead of `text`, for error hints."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


def _text(value: Any) -> str:
    if value is None:
        raise ValueError("is empty: give it a value or leave the field out")
    if not isinstance(value, str):
        raise ValueError("should be text, not a list or mapping")
    text = value.strip()
    if not text:
        raise ValueError("should not be empty")
    return text


def _line(value: Any) -> str:
    text = _text(value)
    if "\n" in text or "\r" in text:
        raise ValueError("must be on one line (titles and names are shown in lists, feeds and calendars)")
    return text


def _sentence(value: Any) -> str:
    """Summaries may be wrapped in YAML (`>`/`|`); they are shown as one line."""
    return " ".join(_text(value).split())


def _slug(value: Any) -> str:
    text = _text(value)
    if not is_slug(text):
        hint = slugify_hint(text)
        raise ValueError(f"`{text}` is not a slug: use lowercase a-z, 0-9 and `-`" + (f", e.g. `{hint}`" if hint else ""))
    return text


def _language(value: Any) -> str:
    code = _text(value)
    if not _LANGUAGE.match(code) or code not in _ENGLISH.languages:
        raise ValueError(f"unknown language code `{code}`: use an ISO 639 code such as `en`, `de`, `ru`")
    return code


def _country(value: Any) -> str:
    code = _text(value)
    if len(code) != 2 or pycountry.countries.get(alpha_2=code.upper()) is None:
        raise ValueError(f"unknown country code `{code}`: use ISO 3166-1 alpha-2, such as `KZ` or `DE`")
    return code.upper()


def _currency(value: Any) -> str:
    code = _text(value)
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code.upper()) is None:
        raise ValueError(f"unknown currency `{code}`: use ISO 4217, such as `EUR` or `KZT`")
    return code.upper()


def _timezone(value: Any) -> str:
    name = _text(value)
    try:
        load_zone(name)
    except UnknownTimeZone:
        raise ValueError(f"unknown time zone `{name}`: use an IANA name such as `Asia/Almaty`" + suggest(name, zone_names())) from None
    return name


def _github(value: Any) -> str:
    handle = _text(value).removeprefix("@")
    if not _GITHUB.match(handle):
        raise ValueError(f"`{handle}` is not a GitHub handle (letters, digits and single hyphens)")
    return handle


def _url(value: Any, schemes: tuple[str, ...] = ("http", "https")) -> str:
    text = _text(value)
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValueError(f"`{text}` is not a URL: it contains spaces or control characters")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in schemes or (scheme != "mailto" and not parts.netloc) or (scheme == "mailto" and not parts.path):
        allowed = " or ".join(f"{s}:" for s in schemes)
        raise ValueError(f"`{text}` is not an absolute {allowed} URL")
    return text


def _url_or_mailto(value: Any) -> str:
    return _url(value, ("http", "https", "mailto"))


def parse_day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"`{text}` is not a valid date (expected YYYY-MM-DD)") from None


def parse_clock(text: str) -> time:
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            pass
    raise ValueError(f"`{text}` is not a valid time (expected HH:MM, 00:00 to 23:59)")


def parse_when(value: Any) -> date | datetime:
    """`YYYY-MM-DD` is an all-day date; `YYYY-MM-DD HH:MM` a local wall-clock time."""
    text = _text(value)
    match = re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})(?:[ T]+(\d{1,2}:\d{2}(?::\d{2})?))?", text)
    if not match:
        raise ValueError(f"`{text}` is not a date or time: write `YYYY-MM-DD HH:MM` (local time) or `YYYY-MM-DD` (all day)")
    day = parse_day(match.group(1))
    if match.group(2) is None:
        return day
    return datetime.combine(day, parse_clock(match.group(2)))


def parse_end(value: Any) -> date | datetime | time:
    """Like `parse_when`, plus `HH:MM` alone for an end on the start's day."""
    text = _text(value)
    if re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", text):
        return parse_clock(text)
    return parse_when(text)


_RRULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def _rrule(value: Any) -> str:
    text = _text(value).removeprefix("RRULE:")
    if any(ch.isspace() for ch in text):
        raise ValueError("must be one RRULE without spaces, e.g. `FREQ=MONTHLY;BYDAY=1TH`")
    parts = dict(part.split("=", 1) for part in text.split(";") if "=" in part)
    if parts.get("FREQ") not in _RRULE_FREQUENCIES:
        raise ValueError(f"needs FREQ={'|'.join(_RRULE_FREQUENCIES)}, e.g. `FREQ=MONTHLY;BYDAY=1TH`")
    if "DTSTART" in text.upper():
        raise ValueError("takes its first date from `start`; remove DTSTART")
    try:
        rrulestr(f"RRULE:{text}", dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"not a valid RRULE: {exc}") from None
    return text


def _day(value: Any) -> date:
    return parse_day(_text(value))


def _wheelchair(value: Any) -> str:
    # YAML 1.2 keeps `yes` as text, but some editors normalise it to `true`.
    return {"true": "yes", "false": "no"}.get(value, value) if isinstance(value, str) else value


def _decimal(value: Any) -> Decimal:
    text = _text(value)
    try:
        amount = Decimal(text.replace("_", ""))
    except ArithmeticError:
        raise ValueError(f"`{text}` is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"`{text}` is not an amount (a number of 0 or more)")
    return amount


def _string(pattern: str | None = None, **extra: Any) -> WithJsonSchema:
    schema: dict[str, Any] = {"type": "string", **extra}
    if pattern:
        schema["pattern"] = pattern
    return WithJsonSchema(schema)


Text = Annotated[str, PlainValidator(_text), _string(minLength=1)]
Line = Annotated[str, PlainValidator(_line), _string(r"^[^\r\n]+$", minLength=1)]
Sentence = Annotated[str, PlainValidator(_sentence), _string(minLength=1)]
Slug = Annotated[str, PlainValidator(_slug), _string(SLUG_PATTERN)]
LanguageCode = Annotated[str, PlainValidator(_language), _string(r"^[a-z]{2,3}$")]
CountryCode = Annotated[str, PlainValidator(_country), _string(r"^[A-Za-z]{2}$")]
CurrencyCode = Annotated[str, PlainValidator(_currency), _string(r"^[A-Za-z]{3}$")]
TimeZoneName = Annotated[str, PlainValidator(_timezone), _string(description="IANA time zone, e.g. Asia/Almaty")]
GitHubHandle = Annotated[str, PlainValidator(_github), _string(r"^@?[A-Za-z0-9-]{1,39}$")]
HttpUrl = Annotated[str, PlainValidator(_url), _string(r"^https?://", format="uri")]
HttpOrMailtoUrl = Annotated[str, PlainValidator(_url_or_mailto), _string(r"^(https?://|mailto:)")]
When = Annotated[date | datetime, PlainValidator(parse_when), _string(r"^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$")]
EndWhen = Annotated[
    date | datetime | time,
    PlainValidator(parse_end),
    _string(r"^(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}:\d{2}(:\d{2})?)$"),
]
Day = Annotated[date, PlainValidator(_day), _string(r"^\d{4}-\d{1,2}-\d{1,2}$")]
RRule = Annotated[str, PlainValidator(_rrule), _string(r"^(RRULE:)?FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)")]
Amount = Annotated[Decimal, PlainValidator(_decimal), WithJsonSchema({"type": ["number", "string"], "minimum": 0})]
Wheelchair = Annotated[Literal["yes", "no", "partial"], BeforeValidator(_wheelchair)]
Lowercase = Annotated[str, AfterValidator(str.lower)]
