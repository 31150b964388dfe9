"""Scale: a city with 20,000 events, a page of 1 MB, 2,000 tags, 50,000 headings, a daily event
per hour. Each is built in reasonable time or refused by a documented limit
(generator/limits.py, docs/content.md "Limits") before it costs anything. Where the real
numbers would make the corpus slow, the limit is lowered for the test and its edge checked.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import run_quietly

from generator.content import assemble
from generator.content.markdown import Markdown
from generator.core import limits
from generator.source import load

from .support import built, make_site, refused

CITY_EVENTS = "content/events/almaty"


def many_events(root: Path, count: int, extra: str = "") -> None:
    folder = root / CITY_EVENTS
    for index in range(count):
        day = 1 + index % 28
        (folder / f"e-{index:05d}.md").write_text(
            f"---\ntitle: Event {index}\nstart: 2026-12-{day:02d} {index % 24:02d}:00\n{extra}---\nCome along.\n", encoding="utf-8")


def test_a_city_with_20000_events_is_refused_before_any_is_read(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    many_events(root, 20_000)

    started = time.perf_counter()
    refused(root, [f"{CITY_EVENTS}:1:1: error: 20,001 events in one city; the limit is {limits.MAX_EVENTS_PER_CITY:,} (docs/content.md, Limits)"])
    seconds = time.perf_counter() - started

    assert seconds < 20, f"{seconds:.1f} s: the files were read"


def test_events_per_city_are_counted_without_translations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_EVENTS_PER_CITY", 3)
    root = make_site(tmp_path / "site-src")
    many_events(root, 2)
    (root / CITY_EVENTS / "e-00000.de.md").write_text("---\ntitle: Veranstaltung\n---\n", encoding="utf-8")
    built(root)  # 3 events and a translation: at the limit

    many_events(root, 3)

    refused(root, [f"{CITY_EVENTS}:1:1: error: 4 events in one city; the limit is 3 (docs/content.md, Limits)"])


@pytest.mark.parametrize(("name", "value", "files", "error"), [
    ("MAX_CITIES", 1, {"content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\n"},
     "content/cities:1:1: error: 2 city folders; the limit is 1 (docs/content.md, Limits)"),
    ("MAX_EVENTS", 1, {"content/events/almaty/second.md": "---\ntitle: Second\nstart: 2026-12-06 12:00\n---\n"},
     "content/events:1:1: error: 2 events in the network; the limit is 1 (docs/content.md, Limits)"),
    ("MAX_CONTENT_BYTES", 1024 * 1024, {f"content/handbook/long-{n}.md": "---\ntitle: Long\n---\n" + "word " * 130_000 for n in (1, 2)},
     "content:1:1: error: content/ holds 1.2 MiB of Markdown; the limit is 1 MiB (docs/content.md, Limits)"),
])
def test_network_limits_are_checked_before_reading(name: str, value: int, files: dict[str, str], error: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, name, value)
    root = make_site(tmp_path / "site-src", files)

    result = refused(root, None)

    assert error in result.err.splitlines()


def test_a_page_of_1_mb_builds_in_reasonable_time(tmp_path: Path) -> None:
    paragraph = "Lorem ipsum dolor sit amet, *consectetur* adipiscing [elit](https://example.org/). " * 12 + "\n\n"
    body = "## Part one\n\n" + (paragraph * (1_000_000 // len(paragraph)))
    root = make_site(tmp_path / "site-src", {"content/handbook/big.md": "---\ntitle: Big\n---\n" + body})
    assert (root / "content/handbook/big.md").stat().st_size > 1_000_000

    started = time.perf_counter()
    out = built(root)

    assert time.perf_counter() - started < 30
    assert (out / "handbook/big/index.html").stat().st_size > 1_000_000


def test_50000_headings_build_in_seconds_not_minutes(tmp_path: Path) -> None:
    """The anchors plugin's ids were quadratic in repeated headings: this page took six minutes."""
    body = "## a\n" * 50_000
    root = make_site(tmp_path / "site-src", {"content/handbook/headings.md": "---\ntitle: Headings\n---\n" + body})

    started = time.perf_counter()
    result = run_quietly(["check", str(root)])

    assert result.code == 0, result.err
    assert time.perf_counter() - started < 30
    ids = [heading.id for heading in Markdown().headings(body)]
    assert ids[:3] == ["a", "a-1", "a-2"] and ids[-1] == "a-49999" and len(set(ids)) == 50_000


def test_an_event_with_2000_tags_is_refused(tmp_path: Path) -> None:
    tags = ", ".join(f"tag-{index}" for index in range(2000))
    root = make_site(tmp_path / "site-src", {"content/events/almaty/tagged.md": f"---\ntitle: Tagged\nstart: 2026-12-05 12:00\ntags: [{tags}]\n---\n"})

    refused(root, [f"content/events/almaty/tagged.md:4:1: error: `tags` has 2,000 items; the limit is {limits.MAX_TAGS_PER_EVENT} (docs/content.md, Limits)"])


def test_the_network_has_at_most_2000_tags(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    folder = root / CITY_EVENTS
    for index in range(201):
        tags = ", ".join(f"t-{index}-{tag}" for tag in range(10))
        (folder / f"e-{index:03d}.md").write_text(f"---\ntitle: E\nstart: 2026-12-05 12:00\ntags: [{tags}]\n---\n", encoding="utf-8")

    refused(root, ["content/events/almaty/e-200.md:4:8: error: tag `t-200-0` is one more than the network's limit of 2,000 different tags (docs/content.md, Limits): use a tag that exists"])


def test_listed_dates_per_city_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A daily event is 731 listed dates, each a card on several pages (about 1.7 ms each):
    7 of them in one city pass the limit of 5,000 (lowered here to keep the test fast)."""
    monkeypatch.setattr(assemble, "MAX_LISTED_PER_CITY", 1500)
    daily = {f"content/events/almaty/daily-{hour}.md": f"---\ntitle: Daily {hour}\nstart: 2025-01-01 {hour:02d}:00\nrepeat: FREQ=DAILY\n---\n" for hour in range(3)}
    root = make_site(tmp_path / "site-src", daily)

    refused(root, [f"{CITY_EVENTS}:1:1: error: 2,191 dates of this city's events are listed (365 days either side of now); the limit is 1,500 (docs/content.md, Limits). Most come from: daily-0 (730), daily-1 (730), daily-2 (730)"])


def test_listed_dates_of_the_network_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assemble, "MAX_LISTED", 100)
    root = make_site(tmp_path / "site-src", {"content/events/almaty/daily.md": "---\ntitle: Daily\nstart: 2025-01-01 08:00\nrepeat: FREQ=DAILY\n---\n"})

    result = refused(root, None)

    assert "content/events:1:1: error: 731 dates of events are listed (365 days either side of now); the limit is 100 (docs/content.md, Limits)" in result.err.splitlines()
