"""content/assemble.py: the checks that span files, on small sites built in memory.

Each test makes a `SiteSource` from a few file texts (split as load.py splits them, but never
written to disk), assembles it with a pinned clock and reads the model or the messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from generator.content.assemble import assemble
from generator.content.model import Site
from generator.core.errors import ErrorReport
from generator.core.options import Options
from generator.source.frontmatter import parse_yaml, split
from generator.source.load import Kind, SiteSource, SourceFile

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SETTINGS = "title: Test Chapters\nbase_url: https://chapters.example.org/\nlanguages: [en, de, ru]\n"
ALMATY = """---
name: Almaty
country: KZ
timezone: Asia/Almaty
ambassadors:
  - name: Aigerim
    github: aigerim
  - name: Daniyar
    github: Daniyar
---
Welcome to Almaty.
"""
BERLIN = "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\nWillkommen.\n"
PICNIC = "---\ntitle: Picnic\nstart: 2026-12-05 12:00\nend: 15:00\nhosts: [aigerim]\n---\nBring food.\n"
CHAPTER = "---\ntitle: Your first week\n---\nSleep.\n"


def source_file(path: str) -> tuple[Kind, str, str | None, str | None]:
    """What load.py makes of a path: kind, slug, city and language."""
    parts = path.split("/")
    slug, _, lang = parts[-1].removesuffix(".md").partition(".")
    if parts[1] == "handbook":
        return "chapter", slug, None, lang or None
    kind: Kind = "event" if parts[1] == "events" else "city" if slug == "index" else "section"
    return kind, slug, parts[2], lang or None


def site_source(files: Mapping[str, str], settings: str = SETTINGS) -> SiteSource:
    report = ErrorReport()
    parsed = parse_yaml(settings, "site.yaml", report)
    assert parsed is not None and not report, report.errors
    loaded = []
    for path, text in files.items():
        document = split(text, path, report)
        assert document is not None, report.errors
        kind, slug, city, lang = source_file(path)
        loaded.append(SourceFile(kind, path, slug, city, lang, document))
    cities = tuple(sorted({f.city for f in loaded if f.kind in ("city", "section") and f.city}))
    event_cities = tuple(sorted({f.city for f in loaded if f.kind == "event" and f.city}))
    return SiteSource(Path("/site"), parsed[0], parsed[1], tuple(loaded), cities, event_cities, {}, ())


def assembled(files: Mapping[str, str], drafts: bool = False, settings: str = SETTINGS) -> tuple[Site | None, list[str]]:
    report = ErrorReport()
    site = assemble(site_source(files, settings), Options(now=NOW, drafts=drafts), report)
    return site, [str(error) for error in report.sorted()]


def valid(files: Mapping[str, str], drafts: bool = False) -> Site:
    site, errors = assembled(files, drafts)
    assert errors == []
    assert site is not None
    return site


BASE = {"content/cities/almaty/index.md": ALMATY, "content/events/almaty/picnic.md": PICNIC, "content/handbook/first-week.md": CHAPTER}


def test_a_small_site_assembles() -> None:
    site = valid(BASE)
    assert site.languages == ("en", "de", "ru")
    assert [city.slug for city in site.cities] == ["almaty"]
    assert [(event.city, event.slug) for event in site.events] == [("almaty", "picnic")]
    assert [chapter.slug for chapter in site.chapters] == ["first-week"]
    assert site.now == NOW


def test_event_times_are_in_the_citys_zone() -> None:
    [event] = valid(BASE).events
    almaty = event.first.start.tzinfo
    assert event.first.start == datetime(2026, 12, 5, 12, 0, tzinfo=almaty)
    assert event.first.end == datetime(2026, 12, 5, 15, 0, tzinfo=almaty)
    assert event.first.instant.astimezone(UTC) == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)  # UTC+5
    assert event.occurrences == (event.first,)
    assert not event.all_day


def test_a_timed_event_without_end_lasts_two_hours() -> None:
    site = valid({**BASE, "content/events/almaty/picnic.md": "---\ntitle: Picnic\nstart: 2026-12-05 12:00\n---\n"})
    assert site.events[0].first.end - site.events[0].first.start == timedelta(hours=2)


def test_an_all_day_event_keeps_dates() -> None:
    site = valid({**BASE, "content/events/almaty/picnic.md": "---\ntitle: Fair\nstart: 2026-12-05\nend: 2026-12-06\n---\n"})
    event = site.events[0]
    assert event.all_day
    assert (event.first.start, event.first.end) == (date(2026, 12, 5), date(2026, 12, 6))


def test_a_repeating_event_lists_its_dates_around_now_without_except_days() -> None:
    stammtisch = "---\ntitle: Stammtisch\nstart: 2026-10-01 19:00\nrepeat: FREQ=MONTHLY;BYDAY=1TH;COUNT=4\nexcept: [2026-11-05]\n---\n"
    site = valid({"content/cities/berlin/index.md": BERLIN, "content/events/berlin/stammtisch.md": stammtisch})
    starts = [o.start for o in site.events[0].occurrences]
    assert [(s.date(), s.hour, s.utcoffset()) for s in starts] == [  # type: ignore[union-attr]
        (date(2026, 10, 1), 19, timedelta(hours=2)), (date(2026, 12, 3), 19, timedelta(hours=1)), (date(2027, 1, 7), 19, timedelta(hours=1)),
    ]


# what serve keeps (core/identity.py)

WEEKLY = "---\ntitle: Weekly\nstart: 2025-06-02 19:00\nrepeat: FREQ=WEEKLY;BYDAY=MO\n---\n"
ENDED = "---\ntitle: Ended\nstart: 2026-01-05\nrepeat: FREQ=DAILY;UNTIL=20260110\n---\n"


@pytest.mark.parametrize("hours", [
    [0, 1, 2],  # within the week the weekly event's dates hold: kept
    [0, 24 * 10, 24 * 10 + 1],  # past it: assembled again, then kept
    [0, -1, 24 * 400],  # an earlier clock, and one a year on: assembled again each time
])
def test_a_city_serve_kept_lists_what_a_new_assembly_lists(hours: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A city none of whose files changed is taken whole from the last build of the process
    while its events list the same dates; at any time the result is what assembling anew gives."""
    from generator.content import assemble as module
    from generator.core.identity import ByIdentity

    assembled_cities: list[str] = []
    real = module._city
    monkeypatch.setattr(module, "_city", lambda slug, *args: assembled_cities.append(slug) or real(slug, *args))
    source = site_source({**BASE, "content/cities/berlin/index.md": BERLIN, "content/events/berlin/weekly.md": WEEKLY,
                          "content/events/berlin/ended.md": ENDED})
    known = ByIdentity()
    for index, hour in enumerate(hours):
        now = NOW + timedelta(hours=hour)
        assembled_cities.clear()
        report = ErrorReport()
        site = assemble(source, Options(now=now), report, known)
        assert site is not None and not report
        taken = {"almaty", "berlin"} - set(assembled_cities)
        assert ("berlin" in taken) is (index > 0 and 0 <= hour - hours[index - 1] < 24 * 7), (hour, assembled_cities)
        assert ("almaty" in taken) is (index > 0 and hour >= hours[index - 1]), (hour, assembled_cities)  # no repeat: any later time
        fresh = assemble(source, Options(now=now), ErrorReport())
        assert fresh is not None and site.cities == fresh.cities and site.events == fresh.events
        assert site.cities[0] is not fresh.cities[0]
        known = known.successor()


def test_a_city_with_an_edited_file_is_assembled_again_with_its_other_files_front_matter_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.content import assemble as module
    from generator.core.identity import ByIdentity

    files = {**BASE, "content/cities/berlin/index.md": BERLIN, "content/events/berlin/weekly.md": WEEKLY, "content/events/berlin/ended.md": ENDED}
    known = ByIdentity()
    first = site_source(files)
    assert assemble(first, Options(now=NOW), ErrorReport(), known) is not None
    known = known.successor()
    assert assemble(first, Options(now=NOW), ErrorReport(), known) is not None  # every city taken whole
    known = known.successor()
    validated: list[str] = []
    real = module.validate
    monkeypatch.setattr(module, "validate", lambda schema, data, *args: validated.append(str(data.get("title") or data.get("name"))) or real(schema, data, *args))
    edited = site_source({**files, "content/events/berlin/weekly.md": WEEKLY.replace("Weekly", "Edited")})
    kept = {file.path: file for file in first.files}
    source = replace(edited, files=tuple(kept[file.path] if file.path != "content/events/berlin/weekly.md" else file for file in edited.files))
    report = ErrorReport()
    site = assemble(source, Options(now=NOW), report, known)
    assert site is not None and not report
    assert validated == ["Test Chapters", "Edited"]  # site.yaml, and the edited event only
    assert sorted(event.meta.title for event in site.events_by_city()["berlin"]) == ["Edited", "Ended"]


# translations


def test_a_translation_with_its_own_body_and_one_of_the_front_matter_only() -> None:
    site = valid({
        **BASE,
        "content/handbook/first-week.de.md": "---\ntitle: Deine erste Woche\n---\nSchlafen.\n",
        "content/handbook/first-week.ru.md": "---\ntitle: Первая неделя\n---\n",
    })
    text = site.chapters[0].text
    assert text.languages == ("en", "de", "ru")
    german, russian = text.pick("de"), text.pick("ru")
    assert (german.meta.title, german.body.strip(), german.body_lang, german.source) == ("Deine erste Woche", "Schlafen.", "de", "content/handbook/first-week.de.md")
    assert (russian.meta.title, russian.body.strip(), russian.body_lang, russian.source) == ("Первая неделя", "Sleep.", "en", "content/handbook/first-week.md")
    assert russian.file == "content/handbook/first-week.ru.md"


def test_a_missing_translation_falls_back_to_the_original() -> None:
    text = valid(BASE).chapters[0].text
    assert text.languages == ("en",)
    assert text.pick("de") is text.original
    assert text.pick("de").meta.title == "Your first week"


def test_a_translation_takes_what_it_does_not_set_from_the_original_key_by_key() -> None:
    event = PICNIC.replace("hosts: [aigerim]\n", "hosts: [aigerim]\nvenue:\n  name: Central Park\n  address: Abay 1\n")
    site = valid({**BASE, "content/events/almaty/picnic.md": event,
                  "content/events/almaty/picnic.ru.md": "---\ntitle: Пикник\nvenue:\n  name: Центральный парк\n---\n"})
    russian = site.events[0].text.pick("ru").meta
    assert russian.title == "Пикник"
    assert russian.venue is not None and (russian.venue.name, russian.venue.address) == ("Центральный парк", "Abay 1")
    assert russian.start == datetime(2026, 12, 5, 12, 0)


def test_a_translation_may_not_set_what_is_not_translated() -> None:
    _, errors = assembled({**BASE, "content/events/almaty/picnic.de.md": "---\ntitle: Picknick\nstart: 2026-12-06 12:00\n---\n"})
    assert errors == ["content/events/almaty/picnic.de.md:3:1: error: `start` cannot be set in a translation; set it in `content/events/almaty/picnic.md`, translations take it from there"]


def test_a_translation_error_is_reported_in_the_translation_alone() -> None:
    _, errors = assembled({**BASE, "content/handbook/first-week.de.md": "---\ntitle: [a, b]\n---\n"})
    assert errors == ["content/handbook/first-week.de.md:2:1: error: `title`: should be text, not a list or mapping"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("content/handbook/first-week.fr.md", "content/handbook/first-week.fr.md:1:1: error: translation into `fr`, a language site.yaml does not list (languages: en, de, ru)"),
        ("content/handbook/first-week.en.md", "content/handbook/first-week.en.md:1:1: error: duplicate of the page `first-week`: `en` is the default language, so its file is named without `.en`"),
        ("content/handbook/second.de.md", "content/handbook/second.de.md:1:1: error: translation without its original: add `content/handbook/second.md` in the default language"),
    ],
)
def test_translations_that_belong_nowhere(path: str, message: str) -> None:
    site, errors = assembled({**BASE, path: CHAPTER})
    assert errors == [message]
    assert site is not None and site.chapters[0].text.languages == ("en",)


# cities, hosts and ambassadors


def test_a_host_must_be_an_ambassador_of_the_city() -> None:
    _, errors = assembled({**BASE, "content/events/almaty/picnic.md": PICNIC.replace("[aigerim]", "[aigerim, aigerm, someone]")})
    assert errors == [
        "content/events/almaty/picnic.md:5:18: error: host `aigerm` is not an ambassador of Almaty (ambassadors: Daniyar, aigerim) (did you mean `aigerim`?)",
        "content/events/almaty/picnic.md:5:26: error: host `someone` is not an ambassador of Almaty (ambassadors: Daniyar, aigerim)",
    ]


def test_hosts_are_matched_without_case() -> None:
    valid({**BASE, "content/events/almaty/picnic.md": PICNIC.replace("[aigerim]", "[AIGERIM, daniyar]")})


def test_a_city_without_ambassadors_says_so() -> None:
    _, errors = assembled({"content/cities/berlin/index.md": BERLIN, "content/events/berlin/picnic.md": PICNIC})
    assert errors == ["content/events/berlin/picnic.md:5:9: error: host `aigerim` is not an ambassador of Berlin (ambassadors: none listed)"]


def test_an_ambassador_listed_twice() -> None:
    twice = ALMATY.replace("github: Daniyar", "github: Aigerim")
    _, errors = assembled({**BASE, "content/cities/almaty/index.md": twice})
    assert errors == ["content/cities/almaty/index.md:9:5: error: ambassador `Aigerim` is listed twice"]


def test_events_of_an_unknown_city() -> None:
    site, errors = assembled({**BASE, "content/events/almati/walk.md": PICNIC})
    assert errors == ["content/events/almati:1:1: error: no city `almati` for these events: add content/cities/almati/index.md or move them to a known city (almaty) (did you mean `almaty`?)"]
    assert site is not None and [e.slug for e in site.events] == ["picnic"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("content/cities/almaty/events.md", "content/cities/almaty/events.md:1:1: error: a guide section cannot be named `events`: /cities/almaty/events/ is a generated page; rename the file"),
        ("content/handbook/print.md", "content/handbook/print.md:1:1: error: a handbook chapter cannot be named `print`: /handbook/print/ is the whole handbook on one page, for printing; rename the file"),
    ],
)
def test_reserved_names(path: str, message: str) -> None:
    assert assembled({**BASE, path: CHAPTER})[1] == [message]


def test_sections_and_chapters_are_in_their_order() -> None:
    site = valid({
        **BASE,
        "content/cities/almaty/b.md": "---\ntitle: B\norder: 1\n---\n",
        "content/cities/almaty/a.md": "---\ntitle: A\norder: 2\n---\n",
        "content/cities/almaty/c.md": "---\ntitle: C\norder: 1\n---\n",
        "content/handbook/zz.md": "---\ntitle: Z\norder: -1\n---\n",
    })
    assert [s.slug for s in site.cities[0].sections] == ["b", "c", "a"]
    assert [c.slug for c in site.chapters] == ["zz", "first-week"]


def test_drafts_are_left_out_unless_asked_for() -> None:
    files = {**BASE, "content/handbook/later.md": "---\ntitle: Later\ndraft: yes\n---\n",
             "content/events/almaty/walk.md": PICNIC.replace("title: Picnic", "title: Walk\ndraft: true")}
    site = valid(files)
    assert [c.slug for c in site.chapters] == ["first-week"] and [e.slug for e in site.events] == ["picnic"]
    site = valid(files, drafts=True)
    assert [c.slug for c in site.chapters] == ["first-week", "later"] and [e.slug for e in site.events] == ["picnic", "walk"]


# times


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("start: 2026-12-05 12:00\nend: 11:00\n", "content/events/berlin/e.md:4:1: error: `end` 2026-12-05 11:00 is not after `start` 2026-12-05 12:00 (for an end after midnight, write the date too: `YYYY-MM-DD HH:MM`)"),
        ("start: 2026-12-05 12:00\nend: 2026-12-06\n", "content/events/berlin/e.md:4:1: error: `end` needs a time for an event that starts at a time: write `HH:MM` or `YYYY-MM-DD HH:MM`"),
        ("start: 2026-12-05\nend: 2026-12-04\n", "content/events/berlin/e.md:4:1: error: `end` 2026-12-04 is before `start` 2026-12-05"),
        ("start: 2026-12-05\nend: 18:00\n", "content/events/berlin/e.md:4:1: error: `end` of an all-day event is a date (`YYYY-MM-DD`); give `start` a time for a timed event"),
        ("start: 2026-03-29 02:30\n", "content/events/berlin/e.md:3:1: error: `start` 2026-03-29 02:30 does not exist in Europe/Berlin: clocks jump forward at that time; pick another time"),
        ("start: 2026-10-25 02:30\n", "content/events/berlin/e.md:3:1: error: `start` 2026-10-25 02:30 happens twice in Europe/Berlin: clocks go back at that time; pick another time"),
        ("start: 2026-12-03 19:00\nexcept: [2026-12-10]\n", "content/events/berlin/e.md:4:1: error: `except` skips dates of `repeat`, but this event has no `repeat`"),
        ("start: 2026-12-03 19:00\nrepeat: FREQ=WEEKLY\nexcept: [2026-12-10, 2026-12-11]\n", "content/events/berlin/e.md:5:22: error: `except` date 2026-12-11 is not a date on which `repeat` happens"),
    ],
)
def test_times_that_cannot_be(fields: str, message: str) -> None:
    site, errors = assembled({"content/cities/berlin/index.md": BERLIN, "content/events/berlin/e.md": f"---\ntitle: E\n{fields}---\n"})
    assert errors == [message]
    assert site is not None and site.events == ()


def test_a_repeated_time_in_a_gap_moves_by_the_offset_before_it() -> None:
    event = "---\ntitle: E\nstart: 2026-03-22 02:30\nrepeat: FREQ=WEEKLY;COUNT=2\n---\n"
    site = valid({"content/cities/berlin/index.md": BERLIN, "content/events/berlin/e.md": event})
    second = site.events[0].occurrences[1]
    assert (second.start.hour, second.start.minute, second.start.utcoffset()) == (3, 30, timedelta(hours=2))  # type: ignore[union-attr]


def test_an_unusable_site_yaml_gives_no_site() -> None:
    site, errors = assembled(BASE, settings="title: T\nlanguages: []\n")
    assert site is None
    assert errors == [
        "site.yaml:1:1: error: missing required field `base_url`",
        "site.yaml:2:1: error: `languages` should list at least one item",
    ]
