"""VTIMEZONE blocks written from the zone data itself: right to the second, read alike by every client.

The zone's transitions come from its TZif file in the `tzdata` package (RFC 8536), the same
file `core.timezones.load_zone` gives Python: the version 2+ section's 64-bit transition
times, and the footer's POSIX TZ string, which describes every transition after the last one
listed (`CET-1CEST,M3.5.0,M10.5.0/3`). zoneinfo reads the same file but does not expose the
transitions, hence this small parser.

What is written (RFC 5545, 3.6.5):
- each listed transition from the last one at or before the calendar's first event onwards is
  an observance with one onset (a DTSTART, no RDATE: several values on one RDATE line, or an
  RDATE beside the DTSTART, are read wrong by some clients);
- a footer rule of the usual form (`Mm.w.d/time`, the time within the day) becomes two
  observances with a yearly RRULE, as the zone data itself describes it, from its first onset
  after the listed transitions: right for every year, so a repeating event without end is
  right too; a footer of another form is written out onset by onset until `until`;
- every DTSTART is the local time in the TZOFFSETFROM offset, as RFC 5545 reads it.

The block depends only on the zone data and the calendar's first event, so it is the same in
every build of the same content.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources

_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
"""POSIX numbers weekdays from Sunday (0)."""
_DAY = 86_400


@dataclass(frozen=True)
class Transition:
    """The moment a zone's offset changes."""

    at: int
    """Seconds since 1970-01-01 UTC."""
    before: int
    """The offset from UTC before it, in seconds."""
    after: int
    """The offset from UTC from then on, in seconds."""
    dst: bool
    """Whether the new offset is summer (daylight) time."""
    name: str
    """Its abbreviation (`CEST`, `+05`)."""


@dataclass(frozen=True)
class Rule:
    """One onset of a POSIX TZ rule: `Mm.w.d/time` (month, week 1-5 with 5 the last, weekday), or a day of the year."""

    month: int
    week: int
    weekday: int
    julian: int | None
    """`Jn` (1-365, never counting 29 February) or `n` (0-365) given as -n; None for the `M` form."""
    seconds: int
    """The local time of the change in the offset before it, in seconds from midnight (may be negative or past 24 h)."""

    def onset(self, year: int) -> date:
        if self.julian is not None:
            if self.julian < 0:
                return date(year, 1, 1) + timedelta(days=-self.julian)
            leap_day = 1 if _leap(year) and self.julian >= 60 else 0  # J60 is 1 March in every year
            return date(year, 1, 1) + timedelta(days=self.julian - 1 + leap_day)
        first = date(year, self.month, 1)
        day = first + timedelta(days=(self.weekday - (first.isoweekday() % 7)) % 7 + 7 * (self.week - 1))
        while day.month != self.month:
            day -= timedelta(days=7)
        return day

    @property
    def regular(self) -> bool:
        """Whether an RRULE says it: a weekday of a month, the time within that day."""
        return self.julian is None and 0 <= self.seconds < _DAY

    def rrule(self) -> str:
        week = -1 if self.week == 5 else self.week  # POSIX's week 5 is the last
        return f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={week}{_WEEKDAYS[self.weekday]}"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class Footer:
    """The POSIX TZ string: standard time, and summer time with its two rules if the zone has it."""

    std_name: str
    std: int
    dst_name: str | None = None
    dst: int = 0
    start: Rule | None = None
    """When summer time begins (local standard time)."""
    end: Rule | None = None
    """When it ends (local summer time)."""

    def transitions(self, year: int) -> list[Transition]:
        if self.start is None or self.end is None or self.dst_name is None:
            return []
        begins = _at(self.start, year, self.std)
        ends = _at(self.end, year, self.dst)
        return sorted([Transition(begins, self.std, self.dst, True, self.dst_name), Transition(ends, self.dst, self.std, False, self.std_name)],
                      key=lambda t: t.at)


def _at(rule: Rule, year: int, offset: int) -> int:
    midnight = datetime.combine(rule.onset(year), datetime.min.time(), tzinfo=UTC)
    return int(midnight.timestamp()) + rule.seconds - offset


_NAME = r"<[^>]+>|[A-Za-z]{3,}"
_TIME = r"[-+]?\d{1,3}(?::\d{1,2}){0,2}"
_POSIX = re.compile(rf"(?P<std>{_NAME})(?P<stdoff>{_TIME})(?:(?P<dst>{_NAME})(?P<dstoff>{_TIME})?(?:,(?P<start>[^,]+),(?P<end>[^,]+))?)?")
_RULE = re.compile(rf"(?:M(?P<m>\d+)\.(?P<w>\d)\.(?P<d>\d)|J(?P<j>\d+)|(?P<n>\d+))(?:/(?P<t>{_TIME}))?")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    return sign * sum(value * unit for value, unit in zip(parts, (3600, 60, 1), strict=False))


def _rule(text: str) -> Rule:
    found = _RULE.fullmatch(text)
    if found is None:
        raise ValueError(f"unknown POSIX TZ rule {text!r}")
    seconds = _seconds(found["t"]) if found["t"] else 2 * 3600  # POSIX: 02:00 unless given
    if found["m"]:
        return Rule(int(found["m"]), int(found["w"]), int(found["d"]), None, seconds)
    return Rule(0, 0, 0, int(found["j"]) if found["j"] else -int(found["n"]), seconds)


def parse_footer(text: str) -> Footer:
    """`CET-1CEST,M3.5.0,M10.5.0/3` → Footer. POSIX offsets count west of Greenwich, so their sign is turned."""
    found = _POSIX.fullmatch(text)
    if found is None:
        raise ValueError(f"unknown POSIX TZ string {text!r}")
    std = -_seconds(found["stdoff"])
    if not found["dst"]:
        return Footer(found["std"].strip("<>"), std)
    dst = -_seconds(found["dstoff"]) if found["dstoff"] else std + 3600
    if not found["start"]:
        raise ValueError(f"POSIX TZ string without the rules of its summer time {text!r}")
    return Footer(found["std"].strip("<>"), std, found["dst"].strip("<>"), dst, _rule(found["start"]), _rule(found["end"]))


@dataclass(frozen=True)
class ZoneData:
    """A zone's listed transitions and the rule after them."""

    first: tuple[int, bool, str]
    """The offset, summer-time flag and name before the first transition."""
    transitions: tuple[Transition, ...]
    footer: Footer


def parse_tzif(data: bytes) -> ZoneData:
    """A TZif file (RFC 8536, version 2 or later): its 64-bit transitions and its footer."""
    if data[:4] != b"TZif" or data[4:5] < b"2":
        raise ValueError("not a TZif file of version 2 or later")
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[20:44])
    start = 44 + times * 5 + types * 6 + chars + leap * 8 + isstd + isut  # skip the 32-bit section
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[start + 20 : start + 44])
    at = start + 44
    moments = struct.unpack(f">{times}q", data[at : at + times * 8])
    at += times * 8
    indices = data[at : at + times]
    at += times
    kinds = [struct.unpack(">lBB", data[at + 6 * i : at + 6 * i + 6]) for i in range(types)]
    at += types * 6
    names = data[at : at + chars]
    at += chars + leap * 12 + isstd + isut
    footer = data[at:].strip(b"\n").decode("ascii")

    def name(index: int) -> str:
        return names[index : names.index(b"\0", index)].decode("ascii")

    before = kinds[0][0]  # type 0 holds before the first transition
    found = []
    for moment, kind in zip(moments, indices, strict=True):
        offset, dst, index = kinds[kind]
        found.append(Transition(moment, before, offset, bool(dst), name(index)))
        before = offset
    offset, dst, index = kinds[0]
    return ZoneData((offset, bool(dst), name(index)), tuple(found), parse_footer(footer))


@cache
def zone_data(name: str) -> ZoneData:
    """The zone's data from the tzdata package (`core.timezones.load_zone` has checked the name)."""
    return parse_tzif(resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).read_bytes())


@dataclass(frozen=True)
class Observance:
    """One STANDARD or DAYLIGHT block."""

    onset: Transition
    rrule: str | None = None

    def lines(self) -> list[str]:
        kind = "DAYLIGHT" if self.onset.dst else "STANDARD"
        local = datetime.fromtimestamp(self.onset.at + self.onset.before, UTC)  # DTSTART is read in TZOFFSETFROM
        lines = [f"BEGIN:{kind}", f"DTSTART:{local:%Y%m%dT%H%M%S}"]
        if self.rrule:
            lines.append(f"RRULE:{self.rrule}")
        lines += [f"TZNAME:{self.onset.name}", f"TZOFFSETFROM:{_offset(self.onset.before)}", f"TZOFFSETTO:{_offset(self.onset.after)}", f"END:{kind}"]
        return lines


def _offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, second = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{second:02d}" if second else "")


def observances(name: str, since: datetime, until: datetime) -> list[Observance]:
    """What the VTIMEZONE of `name` says, right from `since` on (forever where the footer is regular, else until `until`)."""
    data = zone_data(name)
    footer = data.footer
    listed = [t for t in data.transitions if t.after != t.before]  # a change of name alone changes no time
    after = data.transitions[-1].at if data.transitions else None  # the footer's rule holds after the last transition listed
    last_year = datetime.fromtimestamp(after, UTC).year if after is not None else 1970
    ruled: list[Observance] = []
    if footer.start is not None and footer.end is not None and footer.start.regular and footer.end.regular:
        firsts: dict[bool, Transition] = {}
        for year in range(last_year, last_year + 3):
            for onset in footer.transitions(year):
                if (after is None or onset.at > after) and onset.dst not in firsts:
                    firsts[onset.dst] = onset
        ruled = [Observance(firsts[dst], (footer.start if dst else footer.end).rrule()) for dst in (True, False)]
    elif footer.start is not None:
        listed += [t for year in range(last_year, until.year + 2) for t in footer.transitions(year) if after is None or t.at > after]
    if not listed and not ruled:  # a zone that never changed (Etc/UTC): one onset at the epoch
        offset, dst, zone_name = data.first
        listed = [Transition(0, offset, offset, dst, zone_name)]
    moment = int(since.timestamp())
    onsets = sorted([t.at for t in listed] + [o.onset.at for o in ruled])
    floor = max([at for at in onsets if at <= moment], default=None)  # the onset in force at `since`: nothing before it is needed
    singles = [Observance(t) for t in listed if floor is None or t.at >= floor]
    return sorted(singles + ruled, key=lambda o: (o.onset.at, o.onset.dst))


def vtimezone(name: str, since: datetime, until: datetime) -> bytes:
    """The VTIMEZONE component of `name` as RFC 5545 text (CRLF lines, every line short), for events from `since` on."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}", f"X-LIC-LOCATION:{name}"]
    for observance in observances(name, since, until):
        lines += observance.lines()
    lines.append("END:VTIMEZONE")
    return "".join(f"{line}\r\n" for line in lines).encode("ascii")
