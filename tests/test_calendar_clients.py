"""Every calendar of the demo site and of the fixtures, read the way calendar apps read it.

Each site (the demo site at the repository root, tests/fixtures/sites/* and the hostile
fixtures that build, tests/hostile/fixtures/safe/*) goes through the
pipeline with the pinned clock (`check`, then `outputs`: the calendar groups a build writes),
and its .ics files are read twice, apart from the generator:

- the VTIMEZONE blocks with an RFC 5545 reading of our own (tests/unit/output/vtimezone_reader.py):
  the offset they give at every hour of the calendars' window, and to the second at every
  change, is zoneinfo's;
- every file with ical.js (the npm package `ical.js`, as .ci/setup installs it; Mozilla's
  parser, which Thunderbird and other apps use), using the file's own VTIMEZONE and no zone
  database: each event's start and end, and every occurrence of a repeating one (EXDATE
  applied, across the clock changes), are the instants the model says.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, NOW, isolated_from_git

from generator.content.model import Event, Site
from generator.core import routes, urls
from generator.core.limits import LISTING_DAYS
from generator.core.options import Options
from generator.core.timezones import load_zone
from generator.output.calendars import event_uid
from generator.pipeline import check, outputs
from tests.unit.output.vtimezone_reader import read_vtimezones

ROOT = Path(__file__).resolve().parent.parent
SAFE = ROOT / "tests" / "hostile" / "fixtures" / "safe"
"""Hostile sites that build (markup everywhere): their calendars too."""
SITES = {"demo": ROOT, **{path.name: path for path in sorted((FIXTURES / "sites").iterdir()) if path.is_dir()},
         **{f"safe-{path.name}": path for path in sorted(SAFE.iterdir()) if path.is_dir()}}
NOW_INSTANT = datetime.fromisoformat(NOW)
REQUIRED_ZONES = {"Europe/Berlin", "Australia/Sydney", "America/Sao_Paulo", "Asia/Almaty", "Africa/Nairobi"}
HALF_HOUR_ZONES = {"Asia/Kolkata", "Australia/Adelaide"}


def _pinned(name: str) -> str:
    found = re.search(rf"^{name}=(\S+)$", (ROOT / ".ci" / "setup").read_text(encoding="utf-8"), re.MULTILINE)
    assert found, name
    return found[1]


ICAL_JS_VERSION = _pinned("ICAL_JS_VERSION")
"""The version .ci/setup installs."""


class Built:
    """One site's model and its calendars as a build writes them."""

    def __init__(self, name: str, out: Path) -> None:
        source = SITES[name]
        with isolated_from_git(source.parent) if name != "demo" else contextlib.nullcontext():
            checked = check(source, Options(now=NOW_INSTANT))
            made = outputs(source, checked)
        self.site: Site = checked.site
        languages = self.site.languages
        self.files: dict[str, bytes] = {}
        for group in made.groups:
            for path, data in group.make():
                output = routes.output_for(urls.file_path(path), languages)
                if output is not None and output.writer == routes.CALENDARS:
                    self.files[path] = data
        assert self.files, name
        for path, data in self.files.items():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
        self.out = out
        self.events = {event_uid(event, self.site.settings.base_url): event for event in self.site.events}


@pytest.fixture(scope="module", params=sorted(SITES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(request.param, tmp_path_factory.mktemp(f"calendars-{request.param}"))


def zone_of(event: Event) -> str:
    start = event.first.start
    assert isinstance(start, datetime)
    return str(start.tzinfo)


def window(site: Site) -> tuple[datetime, datetime]:
    """From the site's first timed event to the end of its listings, a year further on."""
    timed = [event for event in site.events if not event.all_day]
    first = min(event.first.instant for event in timed)
    last = max([site.now + timedelta(days=LISTING_DAYS), *(o.end_instant for event in timed for o in event.occurrences)])
    return first - timedelta(days=1), last + timedelta(days=366)


# The VTIMEZONE blocks, read by our own RFC 5545 reading


def test_every_zone_of_the_sites_is_written_the_required_ones_among_them() -> None:
    """The zones the tests below cover: at least the issue's six, a half-hour zone among them."""
    used = set()
    for root in SITES.values():
        with isolated_from_git(root.parent) if root != ROOT else contextlib.nullcontext():
            site = check(root, Options(now=NOW_INSTANT)).site
        used |= {zone_of(event) for event in site.events if not event.all_day}
    assert used >= REQUIRED_ZONES
    assert used & HALF_HOUR_ZONES


def test_vtimezones_give_zoneinfo_offsets_every_hour_and_at_every_change(built: Built) -> None:
    start, end = window(built.site)
    blocks: dict[str, str] = {}
    for path, data in built.files.items():
        text = data.decode("utf-8")
        for block in text.split("BEGIN:VTIMEZONE\r\n")[1:]:
            block = "BEGIN:VTIMEZONE\r\n" + block.split("END:VTIMEZONE\r\n")[0] + "END:VTIMEZONE\r\n"
            tzid = block.split("TZID:", 1)[1].split("\r\n", 1)[0]
            assert blocks.setdefault(tzid, block) == block, f"{path}: {tzid} differs from another calendar's"
    timed_zones = {zone_of(event) for event in built.site.events if not event.all_day}
    assert set(blocks) == timed_zones
    for tzid, block in blocks.items():
        ours = read_vtimezones(block, end.replace(tzinfo=None) + timedelta(days=400))[tzid]
        zone = load_zone(tzid)
        moment = start.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        while moment < end:
            expected = moment.astimezone(zone).utcoffset()
            assert ours.offset_at(moment) == expected, f"{tzid} at {moment}"
            after = moment + timedelta(hours=1)
            if after.astimezone(zone).utcoffset() != expected:  # a change within the hour: find its second
                low, high = moment, after
                while high - low > timedelta(seconds=1):
                    middle = low + (high - low) / 2
                    low, high = (middle, high) if middle.astimezone(zone).utcoffset() == expected else (low, middle)
                assert ours.offset_at(low) == low.astimezone(zone).utcoffset(), f"{tzid} at {low}"
                assert ours.offset_at(high) == high.astimezone(zone).utcoffset(), f"{tzid} at {high}"
            moment = after


# ical.js


def find_ical_js() -> Path | None:
    """ical.js's module from $ICAL_JS, the global npm package, or a local node_modules."""
    candidates = [Path(os.environ["ICAL_JS"])] if os.environ.get("ICAL_JS") else []
    npm = shutil.which("npm")
    if npm:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60, check=False).stdout.strip()
            if root:
                candidates.append(Path(root) / "ical.js" / "dist" / "ical.js")
    candidates.append(ROOT / "node_modules" / "ical.js" / "dist" / "ical.js")
    return next((path for path in candidates if path.is_file()), None)


@functools.cache
def ical_js() -> tuple[str, Path]:
    node = shutil.which("node")
    module = find_ical_js()
    if node is None or module is None:
        pytest.fail(f"node and the npm package ical.js@{ICAL_JS_VERSION} are needed: .ci/setup installs them "
                    f"(or: apt-get install nodejs npm && npm install --global ical.js@{ICAL_JS_VERSION})", pytrace=False)
    version = json.loads((module.parent.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert version == ICAL_JS_VERSION, f"ical.js {version} at {module}, the tests pin {ICAL_JS_VERSION}"
    return node, module


def read_with_ical_js(built: Built, until: datetime) -> dict[str, Any]:
    node, module = ical_js()
    files = sorted(built.files)
    result = subprocess.run([node, str(ROOT / "tests" / "ical_reader.mjs"), str(module), str(int(until.timestamp())), *files],
                            cwd=built.out, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    assert sorted(found) == files
    return found


def expected_value(moment: datetime | date, all_day: bool) -> int | str:
    if all_day:
        assert not isinstance(moment, datetime)
        return moment.isoformat()
    assert isinstance(moment, datetime)
    return int(moment.timestamp())


def model_occurrences(event: Event) -> list[list[int | str]]:
    """The model's occurrences as ical.js reports them (an all-day end is the exclusive next day)."""
    return [[expected_value(o.start, event.all_day), expected_value(o.end + timedelta(days=1) if event.all_day else o.end, event.all_day)]
            for o in event.occurrences]


def in_listing_window(event: Event, start: int | str, site: Site) -> bool:
    """Whether an occurrence's start is within the model's listing window (recurrence.expand: local time, both ends kept)."""
    zone = load_zone(next(city for city in site.cities if city.slug == event.city).meta.timezone)
    local_now = site.now.astimezone(zone).replace(tzinfo=None)
    low, high = local_now - timedelta(days=LISTING_DAYS), local_now + timedelta(days=LISTING_DAYS)
    if isinstance(start, str):
        local = datetime.combine(date.fromisoformat(start), datetime.min.time())
    else:
        local = datetime.fromtimestamp(start, UTC).astimezone(zone).replace(tzinfo=None)
    return low <= local <= high


def test_ical_js_reads_every_event_at_the_instants_of_the_model(built: Built) -> None:
    until = built.site.now + timedelta(days=LISTING_DAYS + 2)
    read = read_with_ical_js(built, until)
    seen = 0
    for path, calendar in read.items():
        for uid, found in calendar["events"].items():
            event = built.events[uid]
            first = event.first
            end = first.end + timedelta(days=1) if event.all_day else first.end
            assert [found["start"], found["end"]] == [expected_value(first.start, event.all_day), expected_value(end, event.all_day)], f"{path}: {uid}"
            assert found["recurring"] == event.recurring, f"{path}: {uid}"
            listed = [pair for pair in found["occurrences"] if in_listing_window(event, pair[0], built.site)]
            expected = model_occurrences(event)
            if not event.recurring:
                assert found["occurrences"] == expected, f"{path}: {uid}"
            assert listed == expected, f"{path}: {uid}: ical.js and the model disagree on the occurrences"
            seen += 1
    assert seen >= len(built.events)


def test_the_fixtures_repeat_events_across_clock_changes_with_skipped_dates() -> None:
    """What the ical.js test must cover to mean something: repeating events with EXDATE whose
    occurrences fall on both sides of a clock change, in both hemispheres and a half-hour zone."""
    with isolated_from_git(FIXTURES):
        site = check(FIXTURES / "sites" / "zones", Options(now=NOW_INSTANT)).site
    crossing = {zone_of(event) for event in site.events
                if event.recurring and event.meta.except_dates and not event.all_day
                and len({o.start.utcoffset() for o in event.occurrences if isinstance(o.start, datetime)}) > 1}
    assert {"Europe/Berlin", "Australia/Sydney", "Australia/Adelaide"} <= crossing


def test_calendar_names_carry_the_city_name_of_their_language(tmp_path: Path) -> None:
    built = Built("zones", tmp_path)
    calendar = (built.out / "de/cities/kolkata/events.ics").read_bytes().decode("utf-8")
    assert "\r\nNAME:Zone Chapters: Kalkutta\r\n" in calendar and "\r\nX-WR-CALNAME:Zone Chapters: Kalkutta\r\n" in calendar
    assert "\r\nX-WR-CALDESC:Veranstaltungen der Ortsgruppe Kalkutta. Neue Gesichter sind herzlich willkommen.\r\n" in calendar.replace("\r\n ", "")
    assert "\r\nNAME:Zone Chapters: Kolkata\r\n" in (built.out / "cities/kolkata/events.ics").read_bytes().decode("utf-8")
