"""model.py and its conversion in assemble.py: validated front matter becomes plain frozen
dataclasses once, so no stage after `content` sees a pydantic schema."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_SITE, write_site
from pydantic import BaseModel

from generator.content.assemble import assemble
from generator.content.model import (
    Accessibility,
    Ambassador,
    CityFacts,
    Event,
    EventFacts,
    GeoPoint,
    Localized,
    Money,
    Occurrence,
    PageFacts,
    Settings,
    Site,
    Venue,
    Version,
)
from generator.core.errors import ErrorReport
from generator.core.options import Options
from generator.source.load import load_site

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

FULL_EVENT = """
    ---
    title: Tea ceremony
    start: 2026-12-03 19:00
    end: 21:30
    venue:
      name: Café Anna
      address: Main St 1
      lat: 43.25
      lon: 76.95
      url: https://cafe.example.org/
    online: https://meet.example.org/tea
    cost: {amount: 1500, currency: KZT}
    registration: mailto:tea@example.org
    tags: [tea, culture]
    languages: [ru, en]
    hosts: ["@aigerim"]
    partners: [Tea House]
    accessibility: {wheelchair: partial, children: welcome, notes: Two steps at the door.}
    status: postponed
    repeat: FREQ=WEEKLY;BYDAY=TH
    except: [2026-12-10, 2026-12-17]
    published: 2026-11-01
    ---

    Green and black tea.
    """


def assembled(tmp_path: Path, files: dict[str, str] | None = None) -> Site:
    root = write_site(tmp_path / "site", {**BASE_SITE, **(files or {})})
    report = ErrorReport()
    source = load_site(root, report)
    assert source is not None
    site = assemble(source, Options(now=NOW), report)
    assert site is not None and not report.errors, [str(error) for error in report.errors]
    return site


def event_named(site: Site, slug: str) -> Event:
    return next(event for event in site.events if event.slug == slug)


def values_within(value: Any) -> list[Any]:
    """Every value reachable from `value` through dataclass fields, tuples, lists and dicts."""
    found = [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            found += values_within(getattr(value, item.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            found += values_within(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            found += values_within(key) + values_within(item)
    return found


# the conversion


def test_every_fact_of_an_event_is_converted_to_the_model(tmp_path: Path) -> None:
    site = assembled(tmp_path, {"content/events/almaty/tea.md": FULL_EVENT})

    assert event_named(site, "tea").meta == EventFacts(
        title="Tea ceremony",
        start=datetime(2026, 12, 3, 19, 0),
        end=datetime(2026, 12, 3, 21, 30).time(),
        venue=Venue("Café Anna", "Main St 1", 43.25, 76.95, "https://cafe.example.org/"),
        online="https://meet.example.org/tea",
        cost=Money(Decimal(1500), "KZT"),
        registration="mailto:tea@example.org",
        tags=("tea", "culture"),
        languages=("ru", "en"),
        hosts=("aigerim",),  # front matter may write the `@`
        partners=("Tea House",),
        accessibility=Accessibility("partial", "welcome", "Two steps at the door."),
        status="postponed",
        repeat="FREQ=WEEKLY;BYDAY=TH",
        except_dates=(date(2026, 12, 10), date(2026, 12, 17)),
        published=date(2026, 11, 1),
        draft=False,
    )


def test_what_front_matter_leaves_out_gets_the_documented_defaults(tmp_path: Path) -> None:
    meta = event_named(assembled(tmp_path), "picnic").meta

    assert (meta.status, meta.cost, meta.online, meta.accessibility, meta.repeat, meta.published, meta.draft) == ("scheduled", None, None, None, None, None, False)
    assert (meta.tags, meta.languages, meta.partners, meta.except_dates) == ((), (), (), ())
    assert meta.venue == Venue("Central Park", None, None, None, None)


@pytest.mark.parametrize(("written", "cost", "free"), [("free", "free", True), ("donations welcome", "donations welcome", False), ("{amount: 2.50, currency: eur}", Money(Decimal("2.50"), "EUR"), False)])
def test_cost_is_free_a_text_or_a_price(tmp_path: Path, written: str, cost: object, free: bool) -> None:
    event = "---\ntitle: Swim\nstart: 2026-12-05\ncost: " + written + "\n---\n"
    meta = event_named(assembled(tmp_path, {"content/events/almaty/swim.md": event}), "swim").meta

    assert (meta.cost, meta.free) == (cost, free)


def test_a_city_its_people_and_the_settings_are_converted(tmp_path: Path) -> None:
    location = BASE_SITE["content/cities/almaty/index.md"].replace("summary:", "location: {lat: 43.24, lon: 76.89}\n        summary:")
    site = assembled(tmp_path, {"content/cities/almaty/index.md": location})
    (city,) = site.cities

    assert city.meta == CityFacts(
        name="Almaty", country="KZ", timezone="Asia/Almaty", summary="Mountains, apples and a friendly chapter.",
        location=GeoPoint(43.24, 76.89), languages=(),
        ambassadors=(Ambassador("Aigerim Nurlanovna", "aigerim", ("kk", "ru", "en"), None),),
    )
    assert city.ambassadors is city.meta.ambassadors
    assert site.settings == Settings(
        title="Test Chapters", base_url="https://chapters.example.org/", languages=("en", "de"),
        repository="https://github.com/example/chapters", branch="main", description="A site for tests.", maintainers=(),
    )
    assert (site.languages, site.default_language) == (("en", "de"), "en")
    assert site.chapters[0].text.original.meta == PageFacts(title="Your first week", order=1, summary=None, published=None, draft=False)


def test_a_translation_is_converted_with_what_it_takes_from_its_original(tmp_path: Path) -> None:
    translation = "---\ntitle: Picknick im Park\nvenue:\n  name: Zentralpark\n---\n\nBringt etwas mit.\n"
    event = event_named(assembled(tmp_path, {"content/events/almaty/picnic.de.md": translation}), "picnic")
    german = event.text.pick("de").meta

    assert (german.title, german.venue) == ("Picknick im Park", Venue("Zentralpark", None, None, None, None))
    assert (german.start, german.hosts) == (event.meta.start, ("aigerim",))
    assert event.meta.title == "Picnic in the park"


def test_no_schema_object_is_left_in_the_model(tmp_path: Path) -> None:
    site = assembled(tmp_path, {"content/events/almaty/tea.md": FULL_EVENT})

    leftovers = [type(value).__name__ for value in values_within(site) if isinstance(value, BaseModel)]

    assert leftovers == []
    assert not any(isinstance(value, (list, set, frozenset)) for value in values_within(site.events) + values_within(site.cities))


def test_the_models_repr_is_the_same_under_every_hash_seed(tmp_path: Path) -> None:
    """The page cache keys pages by `repr` of their data; a set in the model would reorder with the seed."""
    write_site(tmp_path / "site", {**BASE_SITE, "content/events/almaty/tea.md": FULL_EVENT})
    script = textwrap.dedent(f"""
        import hashlib
        from datetime import datetime
        from pathlib import Path
        from generator.content.assemble import assemble
        from generator.core.errors import ErrorReport
        from generator.core.options import Options
        from generator.source.load import load_site
        report = ErrorReport()
        site = assemble(load_site(Path({str(tmp_path / "site")!r}), report, git_history=False), Options(now=datetime.fromisoformat({NOW.isoformat()!r})), report)
        print(hashlib.sha256(repr((site.settings, site.cities, site.events, site.chapters)).encode()).hexdigest())
    """)
    digests = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).parents[3])}).stdout
        for seed in ("1", "2", "3")
    }

    assert len(digests) == 1 and len(next(iter(digests))) == 65


# what the model answers


def occurrence(day: int, hours: int = 2) -> Occurrence:
    start = datetime(2026, 11, day, 18, 0, tzinfo=UTC)
    return Occurrence(start, start + timedelta(hours=hours), start, start + timedelta(hours=hours))


def event(occurrences: tuple[Occurrence, ...], first: Occurrence | None = None) -> Event:
    meta = EventFacts("Swim", datetime(2026, 11, 1, 18), None, None, None, None, None, (), (), (), (), None, "scheduled", "FREQ=DAILY", (), None, False)
    version = Version("en", meta, "", 1, "x.md", {}, "x.md", "en")
    return Event("swim", "almaty", Localized((version,)), False, first or occurrences[0], occurrences)


def test_the_next_occurrence_is_the_first_that_has_not_ended() -> None:
    series = event((occurrence(19), occurrence(21), occurrence(23)))

    assert series.next_occurrence(datetime(2026, 11, 21, 19, 0, tzinfo=UTC)) == occurrence(21)  # running: still next
    assert series.next_occurrence(datetime(2026, 11, 21, 20, 0, tzinfo=UTC)) == occurrence(23)
    assert series.upcoming(datetime(2026, 11, 20, tzinfo=UTC)) == [occurrence(21), occurrence(23)]


def test_after_the_last_occurrence_the_first_is_shown() -> None:
    series = event((occurrence(19), occurrence(21)), first=occurrence(1))

    assert series.next_occurrence(datetime(2026, 12, 1, tzinfo=UTC)) == occurrence(1)
    assert series.upcoming(datetime(2026, 12, 1, tzinfo=UTC)) == []


def test_events_by_city_lists_every_city_in_the_order_of_the_events(tmp_path: Path) -> None:
    berlin = {
        "content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\n",
        "content/events/almaty/late.md": "---\ntitle: Late\nstart: 2026-12-20\n---\n",
        "content/events/almaty/early.md": "---\ntitle: Early\nstart: 2026-12-01\n---\n",
    }
    grouped = assembled(tmp_path, berlin).events_by_city()

    assert {city: [event.slug for event in events] for city, events in grouped.items()} == {"almaty": ["early", "picnic", "late"], "berlin": []}
