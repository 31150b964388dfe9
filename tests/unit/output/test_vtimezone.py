"""output/vtimezone.py: the VTIMEZONE blocks we write, read back with an RFC 5545 reading of our
own (tests/unit/output/vtimezone_reader.py, dateutil expanding the RRULEs) and compared with
zoneinfo, which reads the same tzdata files."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from generator.core.timezones import load_zone, zone_names
from generator.output.vtimezone import Footer, Rule, parse_footer, vtimezone
from tests.unit.output.vtimezone_reader import ReadZone, read_vtimezones

SINCE = datetime(2020, 1, 1, tzinfo=UTC)
UNTIL = datetime(2036, 1, 1, tzinfo=UTC)


def read(name: str, since: datetime = SINCE, until: datetime = UNTIL) -> ReadZone:
    text = vtimezone(name, since, until).decode("ascii")
    zones = read_vtimezones(text, until.replace(tzinfo=None) + timedelta(days=400))
    assert list(zones) == [name]
    return zones[name]


def mismatches(name: str, since: datetime, until: datetime, step: timedelta) -> list[datetime]:
    zone, ours = load_zone(name), read(name, since, until)
    found, moment = [], since
    while moment < until:
        if ours.offset_at(moment) != moment.astimezone(zone).utcoffset():
            found.append(moment)
        moment += step
    return found


def test_berlin_summer_time_begins_at_one_utc_not_two() -> None:
    """The fault of issue 17: a DTSTART of 03:00 in +01:00 said 02:00 UTC."""
    berlin = read("Europe/Berlin")
    assert berlin.offset_at(datetime(2027, 3, 28, 0, 59, 59, tzinfo=UTC)) == timedelta(hours=1)
    assert berlin.offset_at(datetime(2027, 3, 28, 1, 0, tzinfo=UTC)) == timedelta(hours=2)
    assert berlin.offset_at(datetime(2027, 10, 31, 0, 59, 59, tzinfo=UTC)) == timedelta(hours=2)
    assert berlin.offset_at(datetime(2027, 10, 31, 1, 0, tzinfo=UTC)) == timedelta(hours=1)


def test_a_regular_rule_is_two_yearly_rrules_with_dtstart_in_the_offset_before() -> None:
    text = vtimezone("Europe/Berlin", SINCE, UNTIL).decode("ascii")
    assert "BEGIN:DAYLIGHT\r\nDTSTART:19970330T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n" in text
    assert "BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n" in text
    sydney = vtimezone("Australia/Sydney", SINCE, UNTIL).decode("ascii")
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\n" in sydney and "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\n" in sydney


def test_a_rule_that_no_rrule_says_is_written_onset_by_onset() -> None:
    """Nuuk changes on Saturday at 23:00 (`M3.5.0/-1`): no BYDAY says that, so each onset is its own observance."""
    text = vtimezone("America/Nuuk", SINCE, UNTIL).decode("ascii")
    assert "RRULE" not in text
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20270327T230000\r\nTZNAME:-01\r\nTZOFFSETFROM:-0200\r\nTZOFFSETTO:-0100\r\n" in text
    assert not mismatches("America/Nuuk", SINCE, UNTIL, timedelta(hours=1))


@pytest.mark.parametrize("name", ["Europe/Berlin", "Australia/Sydney", "America/Sao_Paulo", "Asia/Almaty", "Africa/Nairobi", "Asia/Kolkata", "Etc/UTC", "America/Nuuk"])
def test_one_onset_per_observance_and_never_an_rdate(name: str) -> None:
    text = vtimezone(name, SINCE, UNTIL).decode("ascii")
    assert "RDATE" not in text
    for block in re.findall(r"BEGIN:(?:STANDARD|DAYLIGHT)\r\n(.*?)END:", text, re.DOTALL):
        keys = [line.split(":", 1)[0] for line in block.splitlines()]
        assert keys.count("DTSTART") == 1 and keys.count("RRULE") <= 1 and keys.count("TZOFFSETFROM") == keys.count("TZOFFSETTO") == 1, block
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "no line needs folding"


@pytest.mark.parametrize("name", [
    "Australia/Lord_Howe",  # summer time of half an hour
    "Pacific/Chatham",  # +12:45 and +13:45
    "Europe/Dublin",  # winter is the "summer time" (a negative save)
    "Africa/Casablanca",  # listed onset by onset around Ramadan
    "Asia/Jerusalem",  # Friday before the last Sunday (`M3.4.4/26`)
    "America/Santiago", "Asia/Tehran", "Antarctica/Troll", "America/Godthab", "Asia/Almaty",
])
def test_unusual_zones_match_zoneinfo_every_hour(name: str) -> None:
    assert not mismatches(name, SINCE, UNTIL, timedelta(hours=1))


def test_every_zone_matches_zoneinfo_from_2000_to_2040() -> None:
    """Every zone of tzdata, every 97 hours (each summer time lasts longer): the parser and the rules agree with zoneinfo."""
    since, until = datetime(2000, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)
    wrong = {name: found[0] for name in zone_names() if (found := mismatches(name, since, until, timedelta(hours=97)))}
    assert wrong == {}


def test_the_onset_in_force_at_the_first_event_is_kept_and_none_before_it() -> None:
    almaty = vtimezone("Asia/Almaty", datetime(2026, 1, 1, tzinfo=UTC), UNTIL).decode("ascii")
    assert almaty.count("BEGIN:STANDARD") + almaty.count("BEGIN:DAYLIGHT") == 1
    assert "DTSTART:20240301T000000\r\nTZNAME:+05\r\nTZOFFSETFROM:+0600\r\nTZOFFSETTO:+0500\r\n" in almaty
    earlier = read("Asia/Almaty", datetime(2023, 6, 1, tzinfo=UTC))
    assert earlier.offset_at(datetime(2024, 2, 29, 17, 59, 59, tzinfo=UTC)) == timedelta(hours=6)
    assert earlier.offset_at(datetime(2024, 2, 29, 18, 0, tzinfo=UTC)) == timedelta(hours=5)


def test_the_same_arguments_give_the_same_bytes() -> None:
    assert vtimezone("Australia/Adelaide", SINCE, UNTIL) == vtimezone("Australia/Adelaide", SINCE, UNTIL)


@pytest.mark.parametrize(("text", "expected"), [
    ("CET-1CEST,M3.5.0,M10.5.0/3", Footer("CET", 3600, "CEST", 7200, Rule(3, 5, 0, None, 7200), Rule(10, 5, 0, None, 10800))),
    ("<+0530>-5:30", Footer("+0530", 19800)),
    ("<-03>3", Footer("-03", -10800)),
    ("IST-2IDT,M3.4.4/26,M10.5.0", Footer("IST", 7200, "IDT", 10800, Rule(3, 4, 4, None, 93600), Rule(10, 5, 0, None, 7200))),
    ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", Footer("-02", -7200, "-01", -3600, Rule(3, 5, 0, None, -3600), Rule(10, 5, 0, None, 0))),
    ("EST5EDT,J60/2,300", Footer("EST", -18000, "EDT", -14400, Rule(0, 0, 0, 60, 7200), Rule(0, 0, 0, -300, 7200))),
])
def test_posix_tz_strings(text: str, expected: Footer) -> None:
    assert parse_footer(text) == expected


def test_julian_days_skip_or_count_the_leap_day() -> None:
    assert Rule(0, 0, 0, 60, 0).onset(2028) == datetime(2028, 3, 1).date()  # J60 is 1 March, even in a leap year
    assert Rule(0, 0, 0, -59, 0).onset(2028) == datetime(2028, 2, 29).date()  # n counts from 0 and counts 29 February
