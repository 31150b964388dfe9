"""Value types of the content format: how each kind of front-matter value is checked.

Every validator receives the text the ambassador typed (see frontmatter.py) and either
returns the typed value or raises ValueError with a message written for that ambassador.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

import pycountry
from babel import Locale
from pydantic import AfterValidator, BeforeValidator, PlainValidator, WithJsonSchema

from generator.content.model import PLACE_CATEGORIES
from generator.content.recurrence import parse_rule
from generator.core.limits import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_AMOUNT,
    MAX_AMOUNT_DECIMALS,
    MAX_LINE_CHARS,
    MAX_RULE_COUNT,
    MAX_RULE_INTERVAL,
    MAX_SENTENCE_CHARS,
    MAX_TEXT_CHARS,
    MAX_URL_CHARS,
)
from generator.core.text import SLUG_PATTERN, is_slug, printable, slugify_hint, suggest
from generator.core.timezones import UnknownTimeZone, load_zone, zone_names

_GITHUB = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ENGLISH = Locale("en")


def _text(value: Any, limit: int = MAX_TEXT_CHARS) -> str:
    if value is None:
        raise ValueError("is empty: give it a value or leave the field out")
    if not isinstance(value, str):
        raise ValueError("should be text, not a list or mapping")
    text = value.strip()
    if not text:
        raise ValueError("should not be empty")
    if len(text) > limit:
        raise ValueError(f"is {len(text):,} characters long; the limit is {limit:,} (docs/content.md, Limits)")
    return text


def _line(value: Any) -> str:
    text = _text(value, MAX_LINE_CHARS)
    if len(text.splitlines()) > 1:  # every line break Python knows, U+2028 and form feed included
        raise ValueError("must be on one line (titles and names are shown in lists, feeds and calendars)")
    return text


def _sentence(value: Any) -> str:
    """Summaries may be wrapped in YAML (`>`/`|`); they are shown as one line."""
    return " ".join(_text(value, MAX_SENTENCE_CHARS).split())


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
    text = _text(value, MAX_URL_CHARS)
    if any(ch.isspace() or not ch.isprintable() for ch in text):  # invisible ones too (U+200B, U+202E)
        shown = printable(text)
        raise ValueError(f"`{shown}` is not a URL: it contains spaces or control characters")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in schemes or (scheme != "mailto" and not parts.netloc) or (scheme == "mailto" and not parts.path):
        allowed = " or ".join(f"{s}:" for s in schemes)
        raise ValueError(f"`{text}` is not an absolute {allowed} URL")
    return text


def _url_or_mailto(value: Any) -> str:
    return _url(value, ("http", "https", "mailto"))


_EMAIL = re.compile(r"[^\s@/:?#&=;,<>()\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
"""An e-mail address anywhere in a text (`info@clinic.kz`, `mailto:a@b.org`, `?to=a%40b.org` once unquoted)."""
NO_EMAIL = "the directory and the groups publish no e-mail addresses (one is too often a private person's)"


def email_in(text: str) -> str | None:
    """The e-mail address in `text` (`mailto:` counts as one), else None."""
    found = _EMAIL.search(unquote(text))
    return found.group(0) if found else ("mailto:" if text.lower().startswith("mailto:") else None)


def _public_url(value: Any) -> str:
    """A place's web page or a group's contact: http(s), and never an e-mail address (docs/content.md, Safety)."""
    text = _text(value, MAX_URL_CHARS)
    found = email_in(text)
    if found is not None:
        what = "is an e-mail link" if text.lower().startswith("mailto:") else f"contains the e-mail address `{printable(found)}`"
        raise ValueError(f"`{printable(text)}` {what}: {NO_EMAIL}; give a web page (http:// or https://) or leave the field out")
    return _url(text)


_PHONE = re.compile(r"\+?[0-9 ()/.-]+?(?:\s*(?:ext\.?|x)\s*[0-9]{1,6})?")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 6, 15
"""A number without its extension has 6 (a short local number) to 15 digits (E.164's most)."""


def _phone(value: Any) -> str:
    """A business's phone number as written (`+7 727 250 00 00`, `030 / 123 456-0 ext. 12`)."""
    text = _line(value)
    if email_in(text) is not None:
        raise ValueError(f"`{printable(text)}` is an e-mail address, not a phone number: {NO_EMAIL}; give the business's phone number or leave `phone` out")
    if not _PHONE.fullmatch(text):
        raise ValueError(f"`{printable(text)}` is not a phone number: use digits, spaces, `+` (first), `-`, `(`, `)`, `/` and `ext`, e.g. `+49 30 1234567` or `+7 727 250 00 00 ext. 12`")
    number = re.split(r"ext|x", text)[0]
    digits = sum(ch.isdigit() for ch in number)
    if not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
        raise ValueError(f"`{text}` has {digits} digits; a phone number has {MIN_PHONE_DIGITS} to {MAX_PHONE_DIGITS} (with the country code, as in `+49 30 1234567`)")
    return text


PRICE_LEVELS = (1, 2, 3)


def _price(value: Any) -> str | int:
    """A level from 1 (inexpensive) to 3 (expensive), or a short text (`from 20 EUR a lesson`)."""
    text = _line(value)
    if re.fullmatch(r"[+-]?\d+(?:\.\d*)?", text):
        if text not in {str(level) for level in PRICE_LEVELS}:
            raise ValueError(f"`{text}` is not a price level: write 1 (inexpensive), 2 or 3 (expensive), or the price in words (`from 20 EUR a lesson`)")
        return int(text)
    return text


def price_in_words(value: object) -> bool:
    """Whether a `price` as written is words (`from 20 EUR a lesson`), not a level 1 to 3."""
    return isinstance(value, str) and not re.fullmatch(r"\s*[+-]?\d+(?:\.\d*)?\s*", value)


def _category(value: Any) -> str:
    text = _text(value)
    if text not in PLACE_CATEGORIES:
        raise ValueError(f"unknown category `{printable(text)}`: use one of {', '.join(PLACE_CATEGORIES)} (docs/content.md, Recommendations)"
                         + suggest(text.lower(), PLACE_CATEGORIES))
    return text


_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_day(text: str) -> date:
    parts = _DAY.fullmatch(text)
    try:
        # What strptime's %Y-%m-%d accepts, without its cost (a third of a second per 20,000 dates).
        day = date(*(int(part) for part in parts.groups())) if parts is not None and text.isascii() else datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"`{text}` is not a valid date" + _why_not_a_day(text)) from None
    _check_year(day.year, text)
    return day


def _why_not_a_day(text: str) -> str:
    """What is wrong with a date written YYYY-MM-DD: the month, or the month's length."""
    parts = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if parts is None:
        return " (expected YYYY-MM-DD)"
    year, month, day = (int(part) for part in parts.groups())
    if not 1 <= month <= 12:
        return f": there is no month {month} (months go from 01 to 12)"
    if day == 0:
        return ": days start at 01"
    length = calendar.monthrange(year, month)[1] if year else 31
    if day <= length:  # a date Python's calendar cannot hold (the year 0)
        return " (expected YYYY-MM-DD)"
    return f": {calendar.month_name[month]} {year} has {length} days"


def _check_year(year: int, text: str) -> None:
    """Far-off years are typos, and near the ends of the calendar time arithmetic overflows."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"`{text}` is too far off: dates must lie in the years {EARLIEST_YEAR} to {LATEST_YEAR}")


def parse_clock(text: str) -> time:
    parts = _CLOCK.fullmatch(text)
    if parts is not None and text.isascii():
        hour, minute, second = int(parts.group(1)), int(parts.group(2)), int(parts.group(3) or 0)
        if hour <= 23 and minute <= 59 and second <= 59:  # else strptime below refuses it, and the message says why
            return time(hour, minute, second)
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            pass
    parts = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", text)
    if parts and int(parts.group(1)) > 23:
        raise ValueError(f"`{text}` is not a valid time: hours go from 00 to 23 (midnight is 00:00)")
    if parts and int(parts.group(2)) > 59:
        raise ValueError(f"`{text}` is not a valid time: minutes go from 00 to 59")
    if parts and parts.group(3) and int(parts.group(3)) > 59:
        raise ValueError(f"`{text}` is not a valid time: seconds go from 00 to 59")
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
_RRULE_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY", "BYWEEKNO", "WKST"})
"""RFC 5545's parts, less BYHOUR, BYMINUTE and BYSECOND: the time of day comes from `start`,
and they would turn a daily rule into thousands of dates a day."""


def _rrule(value: Any) -> str:
    text = _text(value).removeprefix("RRULE:")
    if any(ch.isspace() for ch in text):
        raise ValueError("must be one RRULE without spaces, e.g. `FREQ=MONTHLY;BYDAY=1TH`")
    if "DTSTART" in text.upper():
        raise ValueError("takes its first date from `start`; remove DTSTART")
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, _, setting = part.partition("=")
        if name not in _RRULE_PARTS:
            raise ValueError(f"`{name}` is not a part an RRULE may have here (allowed: {', '.join(sorted(_RRULE_PARTS))})" + suggest(name, sorted(_RRULE_PARTS)))
        if name in parts:
            raise ValueError(f"gives `{name}` twice")
        parts[name] = setting
    if parts.get("FREQ") not in _RRULE_FREQUENCIES:
        raise ValueError(f"needs FREQ={'|'.join(_RRULE_FREQUENCIES)}, e.g. `FREQ=MONTHLY;BYDAY=1TH`")
    for name, limit in (("COUNT", MAX_RULE_COUNT), ("INTERVAL", MAX_RULE_INTERVAL)):
        if name in parts and not (parts[name].isdigit() and 1 <= int(parts[name]) <= limit):
            raise ValueError(f"`{name}={parts[name]}`: {name} is a whole number from 1 to {limit:,} (docs/content.md, Limits)")
    if "UNTIL" in parts and parts["UNTIL"][:4].isdigit():
        _check_year(int(parts["UNTIL"][:4]), f"UNTIL={parts['UNTIL']}")
    try:
        parse_rule(text, datetime(2000, 1, 1))
    except (ValueError, TypeError, IndexError, KeyError, OverflowError) as exc:
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
    if amount > MAX_AMOUNT or -amount.as_tuple().exponent > MAX_AMOUNT_DECIMALS:  # type: ignore[operator]  # a finite Decimal's exponent is an int; the str kinds are NaN and infinity, refused above
        raise ValueError(f"`{text}` is not a price: at most {MAX_AMOUNT:,} with {MAX_AMOUNT_DECIMALS} decimals (docs/content.md, Limits)")
    return amount


def _string(pattern: str | None = None, **extra: Any) -> WithJsonSchema:
    schema: dict[str, Any] = {"type": "string", **extra}
    if pattern:
        schema["pattern"] = pattern
    return WithJsonSchema(schema)


# Text lengths are checked by the validators, not in the editors' schema: schemas.py lets free
# text take YAML numbers and booleans (`title: 1984`) only where nothing else constrains it.
Text = Annotated[str, PlainValidator(_text), _string(minLength=1)]
Line = Annotated[str, PlainValidator(_line), _string(r"^[^\r\n]+$", minLength=1)]
Sentence = Annotated[str, PlainValidator(_sentence), _string(minLength=1)]
Slug = Annotated[str, PlainValidator(_slug), _string(SLUG_PATTERN)]
LanguageCode = Annotated[str, PlainValidator(_language), _string(r"^[a-z]{2,3}$")]
CountryCode = Annotated[str, PlainValidator(_country), _string(r"^[A-Za-z]{2}$")]
CurrencyCode = Annotated[str, PlainValidator(_currency), _string(r"^[A-Za-z]{3}$")]
TimeZoneName = Annotated[str, PlainValidator(_timezone), _string(description="IANA time zone, e.g. Asia/Almaty")]
GitHubHandle = Annotated[str, PlainValidator(_github), _string(r"^@?[A-Za-z0-9-]{1,39}$")]
HttpUrl = Annotated[str, PlainValidator(_url), _string(r"^https?://", format="uri", maxLength=MAX_URL_CHARS)]
PublicUrl = Annotated[str, PlainValidator(_public_url), _string(r"^https?://", format="uri", maxLength=MAX_URL_CHARS)]
"""An http(s) URL with no e-mail address in it (a place's `url`, a group's `contact`)."""
Phone = Annotated[str, PlainValidator(_phone), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": r"^\+?[0-9 ()/.-]+?(\s*(ext\.?|x)\s*[0-9]{1,6})?$", "minLength": MIN_PHONE_DIGITS},
    {"type": "integer", "minimum": 10 ** (MIN_PHONE_DIGITS - 1)},  # `phone: 0301234567` is a number to YAML 1.2 editors
]})]
Price = Annotated[str | int, PlainValidator(_price), WithJsonSchema({"anyOf": [
    {"enum": [*PRICE_LEVELS, *(str(level) for level in PRICE_LEVELS)]},
    {"type": "string", "pattern": r"[^0-9+.\s-]"},  # words, not a number that is no level (`4`)
]})]
Category = Annotated[str, PlainValidator(_category), WithJsonSchema({"type": "string", "enum": list(PLACE_CATEGORIES)})]
HttpOrMailtoUrl = Annotated[str, PlainValidator(_url_or_mailto), _string(r"^(https?://|mailto:)", maxLength=MAX_URL_CHARS)]
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
