"""An RFC 5545 reading of a VTIMEZONE, written apart from the generator: what offset it gives at an instant.

Each observance's onsets are its DTSTART, its RDATEs and its RRULE's dates (dateutil expands
the rule), every one a local time in the observance's TZOFFSETFROM (RFC 5545, 3.6.5); the offset
at an instant is the TZOFFSETTO of the latest onset at or before it, and before the first onset
that onset's TZOFFSETFROM.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateutil.rrule import rrulestr


def _offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    hours, minutes, seconds = int(digits[0:2]), int(digits[2:4]), int(digits[4:6] or 0)
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _local(text: str) -> datetime:
    assert not text.endswith("Z"), "an observance's DTSTART and RDATE are local times"
    return datetime.strptime(text, "%Y%m%dT%H%M%S")


@dataclass(frozen=True)
class ReadZone:
    tzid: str
    onsets: tuple[datetime, ...]
    """UTC instants (naive), sorted."""
    offsets: tuple[timedelta, ...]
    """The offset from each onset on."""
    before: timedelta
    """The offset before the first onset."""

    def offset_at(self, instant: datetime) -> timedelta:
        naive = instant.astimezone(UTC).replace(tzinfo=None)
        index = bisect.bisect_right(self.onsets, naive)
        return self.offsets[index - 1] if index else self.before


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def read_vtimezones(text: str, until: datetime) -> dict[str, ReadZone]:
    """Every VTIMEZONE of an iCalendar text, onsets expanded up to `until`."""
    zones: dict[str, ReadZone] = {}
    tzid = ""
    found: list[tuple[datetime, timedelta, timedelta]] = []
    observance: dict[str, list[str]] | None = None
    for line in unfold(text):
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        if line == "BEGIN:VTIMEZONE":
            tzid, found = "", []
        elif line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            observance = {}
        elif line in ("END:STANDARD", "END:DAYLIGHT"):
            assert observance is not None
            found += _onsets(observance, until)
            observance = None
        elif line == "END:VTIMEZONE":
            found.sort(key=lambda item: item[0])
            zones[tzid] = ReadZone(tzid, tuple(at for at, _, _ in found), tuple(to for _, _, to in found), found[0][1])
        elif observance is not None:
            observance.setdefault(name, []).append(value)
        elif name == "TZID":
            tzid = value
    return zones


def _onsets(observance: dict[str, list[str]], until: datetime) -> list[tuple[datetime, timedelta, timedelta]]:
    (start,) = observance["DTSTART"]
    (before,) = observance["TZOFFSETFROM"]
    (after,) = observance["TZOFFSETTO"]
    first = _local(start)
    local = [first]
    for rule in observance.get("RRULE", []):
        local += list(rrulestr(rule, dtstart=first).between(first, until, inc=False))
    for rdate in observance.get("RDATE", []):
        local += [_local(value) for value in rdate.split(",")]
    offset_before, offset_after = _offset(before), _offset(after)
    return [(moment - offset_before, offset_before, offset_after) for moment in sorted(set(local))]
