"""fields.py: every value type of the content format, fed the text an ambassador typed."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.content import fields
from generator.content.fields import parse_end, parse_when
from generator.content.schema import EventMeta, Money


def accepts(kind: Any, value: Any) -> Any:
    return TypeAdapter(kind).validate_python(value)


def refusal(kind: Any, value: Any) -> str:
    """The message an ambassador would read for `value`."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    return caught.value.errors()[0]["msg"].removeprefix("Value error, ")


# parse_when / parse_end


def test_parse_when_date_alone_is_all_day() -> None:
    assert parse_when("2026-12-05") == date(2026, 12, 5)


def test_parse_when_date_and_time_is_local_wall_clock() -> None:
    moment = parse_when("2026-12-05 19:00")
    assert moment == datetime(2026, 12, 5, 19, 0)
    assert isinstance(moment, datetime) and moment.tzinfo is None


@pytest.mark.parametrize("text", ["2026-12-05T19:00", "2026-12-05  19:00", " 2026-12-05 19:00 "])
def test_parse_when_accepts_t_and_extra_spaces(text: str) -> None:
    assert parse_when(text) == datetime(2026, 12, 5, 19, 0)


def test_parse_when_accepts_seconds_and_unpadded_numbers() -> None:
    assert parse_when("2026-12-05 19:00:30") == datetime(2026, 12, 5, 19, 0, 30)
    assert parse_when("2026-1-5 9:05") == datetime(2026, 1, 5, 9, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "`2026-02-30` is not a valid date: February 2026 has 28 days"),
        ("2026-13-01 19:00", "`2026-13-01` is not a valid date: there is no month 13 (months go from 01 to 12)"),
        ("2026-12-05 24:30", "`24:30` is not a valid time: hours go from 00 to 23 (midnight is 00:00)"),
        ("2026-12-05 19:60", "`19:60` is not a valid time: minutes go from 00 to 59"),
        ("2028-02-30", "`2028-02-30` is not a valid date: February 2028 has 29 days"),
        ("2027-04-31 10:00", "`2027-04-31` is not a valid date: April 2027 has 30 days"),
        ("2027-04-00", "`2027-04-00` is not a valid date: days start at 01"),
        ("2027-04-01 31:00", "`31:00` is not a valid time: hours go from 00 to 23 (midnight is 00:00)"),
        ("2027-04-01 10:00:75", "`10:00:75` is not a valid time: seconds go from 00 to 59"),
        ("0000-01-01", "`0000-01-01` is not a valid date (expected YYYY-MM-DD)"),
        ("next Friday", "`next Friday` is not a date or time: write `YYYY-MM-DD HH:MM` (local time) or `YYYY-MM-DD` (all day)"),
        ("05.12.2026", "`05.12.2026` is not a date or time: write `YYYY-MM-DD HH:MM` (local time) or `YYYY-MM-DD` (all day)"),
        ("2026-12-05 19:00+01:00", "`2026-12-05 19:00+01:00` is not a date or time: write `YYYY-MM-DD HH:MM` (local time) or `YYYY-MM-DD` (all day)"),
    ],
)
def test_parse_when_refuses_bad_dates_and_times(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_when(text)
    assert str(caught.value) == message


def test_parse_when_refuses_a_leap_day_in_a_common_year_but_not_in_a_leap_year() -> None:
    assert parse_when("2028-02-29") == date(2028, 2, 29)
    with pytest.raises(ValueError):
        parse_when("2027-02-29")


@pytest.mark.parametrize("value", [["2026-12-05"], {"date": "2026-12-05"}])
def test_parse_when_refuses_non_text(value: Any) -> None:
    with pytest.raises(ValueError, match="should be text"):
        parse_when(value)


def test_parse_when_calls_a_missing_value_empty() -> None:
    with pytest.raises(ValueError, match="is empty"):
        parse_when(None)


def test_parse_when_refuses_empty_text() -> None:
    with pytest.raises(ValueError, match="should not be empty"):
        parse_when("  ")


def test_parse_end_time_alone_is_a_time_of_day() -> None:
    assert parse_end("22:00") == time(22, 0)


def test_parse_end_accepts_what_parse_when_accepts() -> None:
    assert parse_end("2026-12-06") == date(2026, 12, 6)
    assert parse_end("2026-12-06 01:30") == datetime(2026, 12, 6, 1, 30)


def test_parse_end_refuses_a_bad_time() -> None:
    with pytest.raises(ValueError, match="`24:30` is not a valid time"):
        parse_end("24:30")


# slugs (the Slug type; is_slug, slugify_hint and suggest are core/text.py: tests/unit/core/test_text.py)


def test_slug_type_refusal_suggests_a_slug() -> None:
    assert refusal(fields.Slug, "Board Games") == "`Board Games` is not a slug: use lowercase a-z, 0-9 and `-`, e.g. `board-games`"


# text


def test_text_is_stripped() -> None:
    assert accepts(fields.Text, "  Picnic  ") == "Picnic"


@pytest.mark.parametrize("value", [["a", "b"], {"a": "b"}])
def test_text_refuses_lists_and_mappings(value: Any) -> None:
    assert refusal(fields.Text, value) == "should be text, not a list or mapping"


def test_text_refuses_blank() -> None:
    assert refusal(fields.Text, "   ") == "should not be empty"


# countries, currencies, languages, time zones


def test_country_no_is_norway() -> None:
    assert accepts(fields.CountryCode, "NO") == "NO"


def test_country_is_uppercased() -> None:
    assert accepts(fields.CountryCode, "kz") == "KZ"


@pytest.mark.parametrize("code", ["UK", "XX", "KAZ", "Kazakhstan"])
def test_country_refuses_unknown_codes(code: str) -> None:
    assert refusal(fields.CountryCode, code) == f"unknown country code `{code}`: use ISO 3166-1 alpha-2, such as `KZ` or `DE`"


def test_currency_is_uppercased() -> None:
    assert accepts(fields.CurrencyCode, "eur") == "EUR"


@pytest.mark.parametrize("code", ["EUX", "TENGE", "€"])
def test_currency_refuses_unknown_codes(code: str) -> None:
    assert refusal(fields.CurrencyCode, code) == f"unknown currency `{code}`: use ISO 4217, such as `EUR` or `KZT`"


@pytest.mark.parametrize("code", ["en", "de", "ru", "kk"])
def test_language_accepts_iso_639_codes(code: str) -> None:
    assert accepts(fields.LanguageCode, code) == code


@pytest.mark.parametrize("code", ["EN", "english", "xx", "en-US"])
def test_language_refuses_other_codes(code: str) -> None:
    assert refusal(fields.LanguageCode, code).startswith(f"unknown language code `{code}`")


@pytest.mark.parametrize("zone", ["Asia/Almaty", "Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC"])
def test_timezone_accepts_iana_names(zone: str) -> None:
    assert accepts(fields.TimeZoneName, zone) == zone


def test_timezone_refusal_suggests_the_closest_name() -> None:
    assert refusal(fields.TimeZoneName, "Asia/Almati") == "unknown time zone `Asia/Almati`: use an IANA name such as `Asia/Almaty` (did you mean `Asia/Almaty`?)"


@pytest.mark.parametrize("zone", ["../../etc/passwd", "/etc/localtime", "Europe/../Europe/Berlin", "Europe/", "Europe"])
def test_timezone_refuses_paths(zone: str) -> None:
    assert refusal(fields.TimeZoneName, zone).startswith(f"unknown time zone `{zone}`")


# URLs and handles


@pytest.mark.parametrize("url", ["https://example.org/", "http://example.org/path?q=1"])
def test_http_url_accepts_http_and_https(url: str) -> None:
    assert accepts(fields.HttpUrl, url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "mailto:a@example.org", "ftp://example.org/", "//example.org/", "example.org", "https://"])
def test_http_url_refuses_other_schemes_and_relative_urls(url: str) -> None:
    assert refusal(fields.HttpUrl, url) == f"`{url}` is not an absolute http: or https: URL"


def test_http_url_refuses_spaces() -> None:
    assert refusal(fields.HttpUrl, "https://example.org/a b") == "`https://example.org/a b` is not a URL: it contains spaces or control characters"


def test_registration_may_be_mailto() -> None:
    assert accepts(fields.HttpOrMailtoUrl, "mailto:hello@example.org") == "mailto:hello@example.org"


def test_registration_refuses_javascript() -> None:
    assert refusal(fields.HttpOrMailtoUrl, "javascript:alert(1)") == "`javascript:alert(1)` is not an absolute http: or https: or mailto: URL"


def test_github_handle_drops_the_at_sign() -> None:
    assert accepts(fields.GitHubHandle, "@aigerim") == "aigerim"


@pytest.mark.parametrize("handle", ["-aigerim", "aigerim-", "ai--gerim", "ai gerim", "a" * 40])
def test_github_handle_refuses_impossible_handles(handle: str) -> None:
    assert refusal(fields.GitHubHandle, handle).endswith("is not a GitHub handle (letters, digits and single hyphens)")


# amounts, rules, days, accessibility


@pytest.mark.parametrize(("text", "amount"), [("15", Decimal(15)), ("2_500", Decimal(2500)), ("9.90", Decimal("9.90")), ("0", Decimal(0))])
def test_amount_is_a_decimal(text: str, amount: Decimal) -> None:
    assert accepts(fields.Amount, text) == amount


@pytest.mark.parametrize("text", ["-5", "NaN", "Infinity", "ten"])
def test_amount_refuses_negative_infinite_and_words(text: str) -> None:
    message = refusal(fields.Amount, text)
    assert message in (f"`{text}` is not a number", f"`{text}` is not an amount (a number of 0 or more)")


def test_rrule_drops_an_rrule_prefix() -> None:
    assert accepts(fields.RRule, "RRULE:FREQ=MONTHLY;BYDAY=1TH") == "FREQ=MONTHLY;BYDAY=1TH"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("BYDAY=1TH", "needs FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, e.g. `FREQ=MONTHLY;BYDAY=1TH`"),
        ("FREQ=SECONDLY", "needs FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, e.g. `FREQ=MONTHLY;BYDAY=1TH`"),
        ("FREQ=MONTHLY; BYDAY=1TH", "must be one RRULE without spaces, e.g. `FREQ=MONTHLY;BYDAY=1TH`"),
        ("FREQ=WEEKLY;DTSTART=20260101T000000", "takes its first date from `start`; remove DTSTART"),
    ],
)
def test_rrule_refusals(rule: str, message: str) -> None:
    assert refusal(fields.RRule, rule) == message


def test_rrule_refuses_what_dateutil_cannot_parse() -> None:
    assert refusal(fields.RRule, "FREQ=MONTHLY;BYDAY=XX").startswith("not a valid RRULE")


def test_day_is_a_date_without_time() -> None:
    assert accepts(fields.Day, "2027-04-01") == date(2027, 4, 1)
    assert refusal(fields.Day, "2027-04-01 19:00") == "`2027-04-01 19:00` is not a valid date (expected YYYY-MM-DD)"


@pytest.mark.parametrize(("typed", "value"), [("yes", "yes"), ("no", "no"), ("partial", "partial"), ("true", "yes"), ("false", "no")])
def test_wheelchair_keeps_yes_and_no(typed: str, value: str) -> None:
    assert accepts(fields.Wheelchair, typed) == value


# the schema uses the fields


def test_event_except_is_spelled_except_in_front_matter() -> None:
    meta = EventMeta.model_validate({"title": "Stammtisch", "start": "2026-10-01 19:00", "repeat": "FREQ=MONTHLY;BYDAY=1TH", "except": ["2027-04-01"]})
    assert meta.except_ == [date(2027, 4, 1)]


@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        ("free", "free"),
        ("pay what you can", "pay what you can"),
        ({"amount": "15", "currency": "eur"}, Money.model_validate({"amount": "15", "currency": "EUR"})),
    ],
)
def test_event_cost_is_free_text_or_money(cost: Any, expected: Any) -> None:
    meta = EventMeta.model_validate({"title": "Dinner", "start": "2026-12-05 19:00", "cost": cost})
    assert meta.cost == expected


def test_event_refuses_unknown_keys() -> None:
    with pytest.raises(ValidationError) as caught:
        EventMeta.model_validate({"title": "Dinner", "start": "2026-12-05 19:00", "colour": "red"})
    assert [error["type"] for error in caught.value.errors()] == ["extra_forbidden"]
