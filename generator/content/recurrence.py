"""Expand an event's `repeat` rule into occurrences in local wall-clock time.

Rules are expanded on naive local times and only then placed in the city's zone, so a
monthly 19:00 Berlin event stays at 19:00 across daylight-saving changes. dateutil's
rrule implements RFC 5545 recurrence; we only bound it: a rule is evaluated from the period
just before the window it is asked about, never from a `start` decades back, and never walks
more than MAX_RULE_MONTHS_WALKED months without finding a date (a rule for 30 February would
otherwise walk to the year 9999).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from generator.core.limits import LISTING_DAYS, MAX_OCCURRENCES, MAX_RULE_MONTHS_WALKED

__all__ = ["LISTING_DAYS", "MAX_OCCURRENCES", "RuleTooSparse", "build_rule", "expand", "gap_or_fold", "local_instant", "normalise_until", "unmatched_exceptions"]
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RuleTooSparse(ValueError):
    """The rule found no date within MAX_RULE_MONTHS_WALKED months."""


class _BoundedRule(rrule):
    """dateutil's rrule, stopped when it walks too far between two dates.

    dateutil walks the calendar period by period and stops only at a date or at the year 9999.
    Its `_iterinfo.rebuild` runs once per month walked (once per year for FREQ=YEARLY) and
    reads the rule's `_byeaster` each time: counting those reads bounds the walk without
    copying dateutil's loop. tests/hostile/test_time.py fails if dateutil ever stops reading it.
    """

    @property
    def _byeaster(self) -> tuple[int, ...] | None:
        walked = self.__dict__["_walked"] = self.__dict__.get("_walked", 0) + 1
        if walked > MAX_RULE_MONTHS_WALKED:
            raise RuleTooSparse(f"finds no date for {MAX_RULE_MONTHS_WALKED // 12} years or more")
        byeaster: tuple[int, ...] | None = self.__dict__["_byeaster"]
        return byeaster

    @_byeaster.setter
    def _byeaster(self, value: tuple[int, ...] | None) -> None:
        self.__dict__["_byeaster"] = value

    def _iter(self) -> Any:
        for moment in super()._iter():  # type: ignore[misc]  # types-python-dateutil leaves out the private _iter this class wraps
            self.__dict__["_walked"] = 0
            yield moment


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


def build_rule(rule: str, start: datetime | date, from_: datetime | None = None) -> rrule:
    """The rule with its first date at `start`; with `from_`, evaluated from the period of the
    rule's grid that contains `from_` on (same dates from there, without walking from `start`)."""
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, time())
    text = normalise_until(rule, start)
    if from_ is not None and "COUNT=" not in text:  # COUNT counts from `start`: no shortcut
        text, dtstart = _explicit(text, dtstart), _period_start(text, dtstart, from_)
    parsed = parse_rule(text, dtstart)
    parsed.__class__ = _BoundedRule
    return parsed


_PLAIN_UNTIL = re.compile(r"(?:^|;)UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?(?=;|$)")


def parse_rule(text: str, dtstart: datetime) -> rrule:
    """dateutil's reading of one RRULE (ValueError and the like if it is not one).

    A plain UNTIL (`YYYYMMDD` or `YYYYMMDDTHHMMSS`, no zone) is read here as dateutil's date
    parser reads it, which costs that parser about half a millisecond a rule: at 40k it was
    most of the time the network's recurring events took to assemble."""
    plain = _PLAIN_UNTIL.search(text)
    if plain is not None and text.isascii():
        try:
            year, month, day, hour, minute, second = (int(part or 0) for part in plain.groups())
            until = datetime(year, month, day, hour, minute, second)
        except ValueError:  # dateutil says what is wrong with it
            pass
        else:
            rest = (text[: plain.start()] + text[plain.end():]).strip(";")
            parsed = rrulestr(f"RRULE:{rest}", dtstart=dtstart)
            assert isinstance(parsed, rrule)
            return parsed.replace(until=until)
    parsed = rrulestr(f"RRULE:{text}", dtstart=dtstart)
    assert isinstance(parsed, rrule)
    return parsed


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def _explicit(rule: str, dtstart: datetime) -> str:
    """Write out what dateutil would take from `dtstart`, so that moving dtstart keeps the dates."""
    parts = _parts(rule)
    if {"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY"} & parts.keys():
        return rule
    extra = {
        "YEARLY": {"BYMONTH": str(dtstart.month), "BYMONTHDAY": str(dtstart.day)},
        "MONTHLY": {"BYMONTHDAY": str(dtstart.day)},
        "WEEKLY": {"BYDAY": _WEEKDAYS[dtstart.weekday()]},
    }.get(parts.get("FREQ", ""), {})
    return ";".join([rule, *(f"{key}={value}" for key, value in extra.items() if key not in parts)])


def _period_start(rule: str, dtstart: datetime, target: datetime) -> datetime:
    """The start of the rule's period (a multiple of INTERVAL periods after dtstart's) holding
    `target`, at dtstart's time of day; dtstart itself if `target` is not later."""
    parts = _parts(rule)
    interval = int(parts.get("INTERVAL", "1"))
    freq = parts.get("FREQ")
    if target <= dtstart:
        return dtstart
    day = dtstart.date()
    if freq == "DAILY":
        day += timedelta(days=(target.date() - day).days // interval * interval)
    elif freq == "WEEKLY":
        week_start = _WEEKDAYS.index(parts.get("WKST", "MO"))
        first = day - timedelta(days=(day.weekday() - week_start) % 7)
        weeks = (target.date() - first).days // 7 // interval * interval
        day = max(day, first + timedelta(weeks=weeks))
    elif freq == "MONTHLY":
        months = ((target.year - day.year) * 12 + target.month - day.month) // interval * interval
        index = day.year * 12 + day.month - 1 + months
        day = max(day, date(index // 12, index % 12 + 1, 1))
    elif freq == "YEARLY":
        day = max(day, date(day.year + (target.year - day.year) // interval * interval, 1, 1))
    return datetime.combine(day, dtstart.time())


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
    for moment in build_rule(rule, start, window_start).between(window_start, window_end, inc=True):
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
    if "COUNT=" in rule:  # at most MAX_RULE_COUNT dates from `start`
        occurring = {moment.date() for moment in build_rule(rule, start).between(first, last, inc=True)}
        return [day for day in days if day not in occurring]
    missing = []
    for day in days:  # each day on its own: the dates between them may span decades
        midnight = datetime.combine(day, time())
        dates = build_rule(rule, start, midnight).between(midnight, midnight + timedelta(days=1), inc=True)
        if not any(moment.date() == day for moment in dates):
            missing.append(day)
    return missing
