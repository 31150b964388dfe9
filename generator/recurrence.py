"""Expand an event's `repeat` rule into occurrences in local wall-clock time.

Rules are expanded on naive local times and only then placed in the city's zone, so a
monthly 19:00 Berlin event stays at 19:00 across daylight-saving changes. dateutil's
rrule implements RFC 5545 recurrence; we only bound it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

LISTING_DAYS = 365
"""Occurrences are listed from this many days before `now` to this many days after."""
MAX_OCCURRENCES = 1000
"""No single event contributes more occurrences than this to listings."""


def local_instant(moment: datetime | date, zone: ZoneInfo) -> datetime:
    """An aware datetime for a naive local time, or for a day's local midnight."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    return moment.replace(tzinfo=zone)


def gap_or_fold(moment: datetime, zone: ZoneInfo) -> str | None:
    """Say whether a naive local time does not exist or exists twice in `zone`."""
    early = moment.replace(tzinfo=zone, fold=0)
    late = moment.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return None
    round_trip = early.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    return "gap" if round_trip != moment else "fold"


def normalise_until(rule: str, start: datetime | date) -> str:
    """Read a date-only UNTIL as "through that whole day".

    People write `UNTIL=20270630` meaning the last day; for a 19:00 event dateutil would
    read it as midnight and drop an occurrence on that day (RFC 5545 wants a date-time
    UNTIL when the start has a time).
    """
    if not isinstance(start, datetime):
        return rule
    return re.sub(r"(?<![A-Z])UNTIL=(\d{8})(?=;|$)", r"UNTIL=\1T235959", rule)


def build_rule(rule: str, start: datetime | date) -> rrule:
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, time())
    parsed = rrulestr(f"RRULE:{normalise_until(rule, start)}", dtstart=dtstart)
    assert isinstance(parsed, rrule)
    return parsed


def expand(
    rule: str,
    start: datetime | date,
    excluded: Iterable[date],
    window_start: datetime,
    window_end: datetime,
) -> list[datetime | date]:
    """Naive local starts within [window_start, window_end), skipping excluded days."""
    skipped = set(excluded)
    all_day = not isinstance(start, datetime)
    found: list[datetime | date] = []
    for moment in build_rule(rule, start).between(window_start, window_end, inc=True):
        if moment.date() in skipped:
            continue
        found.append(moment.date() if all_day else moment)
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


def unmatched_exceptions(rule: str, start: datetime | date, excluded: Iterable[date]) -> list[date]:
    """`except` days on which the rule has no occurrence (a typo an ambassador wants to hear about)."""
    days = sorted(set(excluded))
    if not days:
        return []
    first = start if isinstance(start, datetime) else datetime.combine(start, time())
    last = datetime.combine(days[-1], time()) + timedelta(days=1)
    if last < first:
        return days
    occurring = {moment.date() for moment in build_rule(rule, start).between(first, last, inc=True)}
    return [day for day in days if day not in occurring]
