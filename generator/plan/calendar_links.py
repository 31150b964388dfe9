""""Add to calendar" links for Google Calendar and Outlook.com, as pure functions.

For a repeating event they add one occurrence (the next); the .ics file carries the whole
series with its skipped dates, which neither link format can express. Both carry the
event's own local time: Google gets wall-clock times plus `ctz` (the
city's zone), Outlook gets ISO times with the UTC offset in force on that day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from generator.content.model import Occurrence

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/action/compose"
MAX_DETAILS = 600
"""Characters of description in a link; the full text is on the page and in the .ics."""


def _short(text: str) -> str:
    return text if len(text) <= MAX_DETAILS else text[: MAX_DETAILS - 1].rsplit(" ", 1)[0] + "…"


def google_link(title: str, occurrence: Occurrence, zone: str, details: str, location: str) -> str:
    start, end = occurrence.start, occurrence.end
    if isinstance(start, datetime) and isinstance(end, datetime):
        dates = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
    else:
        assert isinstance(end, date)
        dates = f"{start:%Y%m%d}/{end + timedelta(days=1):%Y%m%d}"
    query = {"action": "TEMPLATE", "text": title, "dates": dates, "ctz": zone, "details": _short(details), "location": location}
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_link(title: str, occurrence: Occurrence, details: str, location: str) -> str:
    start, end = occurrence.start, occurrence.end
    if isinstance(start, datetime) and isinstance(end, datetime):
        times = {"startdt": start.isoformat(), "enddt": end.isoformat(), "allday": "false"}
    else:
        assert isinstance(end, date)
        times = {"startdt": start.isoformat(), "enddt": (end + timedelta(days=1)).isoformat(), "allday": "true"}
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": title, **times, "body": _short(details), "location": location}
    return f"{OUTLOOK}?{urlencode(query)}"
