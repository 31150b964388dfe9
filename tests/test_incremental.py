"""Builds that redo only what changed: parallel rendering, the no-op cache, unchanged files kept."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, NOW, Result, run_quietly, snapshot
from icalendar import Event as VEvent

from generator import pipeline
from generator.content.markdown import Markdown
from generator.content.markdown_links import Positions
from generator.content.model import City, Event, Version
from generator.core.options import Options
from generator.output import calendars, feeds
from generator.output.calendars import CalendarWriter
from generator.pipeline import Built, build, check
from generator.plan import views
from generator.plan.links import FoundLink, find_links
from generator.publish import page_cache
from generator.publish.output_files import OutputFiles
from generator.publish.store import Store
from generator.publish.update import InPlace
from generator.source import load

Run = Callable[[list[str]], Result]
SMALL = FIXTURES / "sites" / "small"
REPO = Path(__file__).resolve().parent.parent


def site(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    return root


def test_any_number_of_jobs_gives_the_same_bytes(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root), "--out", str(tmp_path / "one"), "--jobs", "1"]).code == 0
    assert run(["build", str(root), "--out", str(tmp_path / "three"), "--jobs", "3"]).code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "three")


def test_jobs_must_be_a_positive_number(tmp_path: Path, run: Run) -> None:
    result = run(["build", str(site(tmp_path)), "--jobs", "0"])
    assert result.code == 2
    assert "--jobs needs a whole number of at least 1" in result.err


def test_a_rebuild_with_nothing_changed_does_nothing(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root)]).code == 0
    inodes = {path: path.stat().st_ino for path in (root / "site").rglob("*") if path.is_file()}
    again = run(["build", str(root)])
    assert again.code == 0
    assert again.out.startswith(f"{root / 'site'} is up to date")
    assert {path: path.stat().st_ino for path in (root / "site").rglob("*") if path.is_file()} == inodes


def test_a_changed_file_rebuilds_and_keeps_unchanged_files(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root)]).code == 0
    out = root / "site"
    handbook = out / "handbook" / "first-week" / "index.html"
    untouched = out / "cities" / "almaty" / "index.html"
    before = {"handbook": handbook.stat().st_ino, "untouched": untouched.stat().st_ino}
    chapter = root / "content" / "handbook" / "first-week.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence for newcomers.\n", encoding="utf-8")

    result = run(["build", str(root)])

    assert result.code == 0 and result.out.startswith("Built ")
    assert "One more sentence for newcomers." in handbook.read_text(encoding="utf-8")
    assert handbook.stat().st_ino != before["handbook"]
    assert untouched.stat().st_ino == before["untouched"]  # same bytes: linked from the previous output, not rewritten


def test_a_damaged_output_is_rebuilt(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root)]).code == 0
    expected = snapshot(root / "site")
    (root / "site" / "index.html").write_text("vandalised", encoding="utf-8")
    (root / "site" / "404.html").unlink()

    assert run(["build", str(root)]).out.startswith("Built ")
    assert snapshot(root / "site") == expected


def test_another_now_is_another_build(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root), "--now", "2026-11-21T12:00:00+00:00"]).code == 0
    assert run(["build", str(root), "--now", "2027-03-01T12:00:00+00:00"]).out.startswith("Built ")


def test_a_cache_folder_linked_elsewhere_is_not_written_through(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".chapters-cache").symlink_to(elsewhere)
    assert run(["build", str(root)]).code == 0
    assert list(elsewhere.iterdir()) == []


# Counting the work, not timing it: which pages a rebuild renders and which files it writes.


def build_api(root: Path, out: Path | None = None) -> Built:
    built = build(root, out or root / "site", Options(now=datetime.fromisoformat(NOW)), jobs=1)
    assert built is not None, "the fingerprint said up to date: these tests need a real build"
    return built


def html_with(out: Path, text: str) -> set[str]:
    return {path.relative_to(out).as_posix() for path in out.rglob("*.html") if text in path.read_text(encoding="utf-8")}


def touch_everything(root: Path) -> None:
    """New modification times and no new bytes: the fingerprint changes, the inputs do not."""
    for path in (root / "content").rglob("*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


def test_a_rebuild_of_the_same_content_renders_no_page_and_writes_no_file(tmp_path: Path) -> None:
    root = site(tmp_path)
    first = build_api(root)
    assert first.searched and len(first.rendered) > 100 and first.written == first.files
    expected = snapshot(root / "site")
    touch_everything(root)

    again = build_api(root)

    assert again.rendered == ()
    assert again.written == 0
    assert again.parsed == 0  # every body's links, headings and plain text come from the memo
    assert again.planned_cities == ()  # every city's plan comes from the memo
    assert not again.searched
    (root / ".chapters-cache" / "build.sqlite").write_bytes(b"not a database")
    assert build_api(root, tmp_path / "damaged-memo").parsed > 10  # a damaged memo is no memo
    assert snapshot(tmp_path / "damaged-memo") == expected  # no indexed page changed: the last search bundle is kept, Pagefind does not run
    assert again.files == first.files
    assert snapshot(root / "site") == expected


def test_editing_an_events_title_renders_exactly_the_pages_that_show_it(tmp_path: Path) -> None:
    root = site(tmp_path)
    build_api(root)
    event = root / "content" / "events" / "almaty" / "apple-fair.md"
    event.write_text(event.read_text(encoding="utf-8").replace("title: Apple fair", "title: Pear and apple fair"), encoding="utf-8")

    again = build_api(root)

    assert again.planned_cities == ("almaty",)  # the network's listings take the other cities' cards from the memo
    assert again.planned_network
    showing = html_with(root / "site", "Pear and apple fair")
    assert {"cities/almaty/events/apple-fair/index.html", "de/cities/almaty/events/apple-fair/index.html", "events/index.html",
            "tags/family/index.html", "cities/almaty/index.html"} <= showing
    assert set(again.rendered) == showing  # the event, its city, listings, calendars and tags; nothing else
    assert again.searched
    # and the kept pages are exactly what a build from nothing gives
    assert build_api(root, tmp_path / "from-nothing").written > 0
    assert snapshot(root / "site") == snapshot(tmp_path / "from-nothing")


def test_editing_an_events_text_renders_only_its_own_pages(tmp_path: Path) -> None:
    root = site(tmp_path)
    build_api(root)
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a towel, the lake is cold in the morning.\n", encoding="utf-8")

    again = build_api(root)

    assert again.parsed == 1  # the edited body; the others' links and plain text come from the memo
    assert again.planned_cities == ("berlin",)
    assert not again.planned_network  # no listing of the network shows an event's text
    assert sorted(again.rendered) == ["cities/berlin/events/lake-swim/index.html", "de/cities/berlin/events/lake-swim/index.html",
                                      "ru/cities/berlin/events/lake-swim/index.html"]
    # written: those pages, the calendars and feeds that carry the text, and the search index
    assert again.written < 40
    assert html_with(root / "site", "Bring a towel") == set(again.rendered)
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)  # a copy of the site, no cache at all


def test_cards_a_build_did_not_read_are_kept_for_the_next_that_plans_the_listings(tmp_path: Path) -> None:
    """A text edit keeps the network's listings, so it reads no city's cards (memo step
    `city cards`); they must still be there when a title edit plans the listings next."""
    root = site(tmp_path)
    build_api(root)
    fair = root / "content" / "events" / "almaty" / "apple-fair.md"
    fair.write_text(fair.read_text(encoding="utf-8") + "\nBring a basket.\n", encoding="utf-8")
    text_edit = build_api(root)
    assert (text_edit.planned_cities, text_edit.planned_network) == (("almaty",), False)  # berlin kept, its cards unread
    fair.write_text(fair.read_text(encoding="utf-8").replace("title: Apple fair", "title: Pear fair"), encoding="utf-8")

    again = build_api(root)

    assert again.planned_network
    assert again.planned_cities == ("almaty",)  # berlin's cards came from the memo
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)


def test_the_home_pages_map_is_placed_again_only_when_a_city_moves_or_is_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Placing the labels of 309 cities took a quarter of a second, twice per language: the
    map is kept in the memo by its places (`views.MAP_STEP`)."""
    placed: list[int] = []
    real = views.chapter_map

    def counted(places: Any, *args: Any) -> Any:
        placed.append(len(places))
        return real(places, *args)

    monkeypatch.setattr(views, "chapter_map", counted)
    root = site(tmp_path)
    build_api(root)
    assert placed  # the first build places every language's maps
    placed.clear()
    fair = root / "content" / "events" / "almaty" / "apple-fair.md"
    fair.write_text(fair.read_text(encoding="utf-8").replace("title: Apple fair", "title: Pear fair"), encoding="utf-8")
    assert build_api(root).planned_network
    assert placed == []  # the listings were planned again, the map came from the memo
    city = root / "content" / "cities" / "almaty" / "index.md"
    city.write_text(city.read_text(encoding="utf-8").replace("name: Almaty", "name: Almaty city"), encoding="utf-8")
    build_api(root)
    assert placed  # a renamed city: its label is placed again
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)


def test_a_template_change_renders_every_page_again(tmp_path: Path) -> None:
    root = site(tmp_path)
    first = build_api(root)
    shutil.copytree(REPO / "themes" / "default", root / "themes" / "default")
    base = root / "themes" / "default" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- a theme change --></body>"), encoding="utf-8")

    again = build_api(root)

    assert len(again.rendered) == len(first.rendered)
    assert html_with(root / "site", "a theme change") == set(again.rendered)


def test_a_page_replaced_by_hand_is_rendered_again(tmp_path: Path) -> None:
    root = site(tmp_path)
    build_api(root)
    expected = snapshot(root / "site")
    page = root / "site" / "cities" / "almaty" / "index.html"
    page.unlink()
    vandalised = expected["cities/almaty/index.html"].replace(b"Almaty", b"Xlmaty")
    page.write_bytes(vandalised)  # another file of the same size: only its bytes tell
    assert len(vandalised) == len(expected["cities/almaty/index.html"])

    again = build_api(root)

    assert again.rendered == ("cities/almaty/index.html",)
    assert snapshot(root / "site") == expected


def test_a_page_written_again_with_the_same_bytes_is_kept(tmp_path: Path) -> None:
    root = site(tmp_path)
    build_api(root)
    expected = snapshot(root / "site")
    page = root / "site" / "cities" / "almaty" / "index.html"
    page.unlink()
    page.write_bytes(expected["cities/almaty/index.html"])  # same bytes, another file: its digest vouches for it

    again = build_api(root)

    assert again.rendered == ()
    assert snapshot(root / "site") == expected


def test_no_search_leaves_the_index_out_and_the_next_full_build_puts_it_back(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    out = root / "site"
    preview = run(["build", str(root), "--no-search"])
    assert preview.code == 0
    assert "search index was left out (--no-search)" in preview.out
    assert not (out / "pagefind").exists()
    assert (out / "search" / "index.html").is_file()  # the page is there; it lists every chapter without JavaScript
    assert run(["build", str(root), "--no-search"]).out.startswith(f"{out} is up to date")

    full = run(["build", str(root)])

    assert full.code == 0 and full.out.startswith("Built ")
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert snapshot(out) == _fresh_build(tmp_path, root)


def _fresh_build(tmp_path: Path, root: Path, now: datetime | None = None) -> dict[str, bytes]:
    """The output of a build from nothing (no cache, no earlier output) of the same site."""
    copy = tmp_path / "fresh"
    shutil.copytree(root / "content", copy / "content")
    for name in ("site.yaml", "static", "themes", ".github"):
        if (root / name).is_dir():
            shutil.copytree(root / name, copy / name)
        elif (root / name).is_file():
            shutil.copy(root / name, copy / name)
    assert build(copy, copy / "site", Options(now=now or datetime.fromisoformat(NOW))) is not None
    return snapshot(copy / "site")


def test_an_output_restored_with_its_cache_is_not_rendered_again(tmp_path: Path) -> None:
    """CI restores the last build of main (`site/` and `.chapters-cache/`) into a fresh
    checkout, maybe at another path: every file is new to the file system (another inode, a
    time in whole seconds)."""
    root = site(tmp_path)
    build_api(root)
    expected = snapshot(root / "site")
    clone = tmp_path / "elsewhere" / "small"
    shutil.copytree(root, clone, copy_function=shutil.copy)  # new files, new times, another path
    for path in (clone / "site").rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    touch_everything(clone)  # a fresh clone: every source file has a new time too

    again = build_api(clone)

    assert again.rendered == ()
    assert again.planned_cities == ()
    assert again.written == 0
    assert snapshot(clone / "site") == expected


def test_an_output_restored_with_its_times_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A restore that keeps each file's time to the nanosecond (cp -a, tar --posix) gives every
    file a new inode only: the page cache keeps them by size and time, without reading them,
    and writes none of its rows again (the store's 87,000 at 40k cost a pull request 1.5 s)."""
    root = site(tmp_path)
    build_api(root)
    expected = snapshot(root / "site")
    clone = tmp_path / "elsewhere" / "small"
    shutil.copytree(root, clone)  # copy2: new inodes, the same times
    touch_everything(clone)
    digested: list[Path] = []
    real = page_cache._digest

    def counted(path: Path) -> str | None:
        digested.append(path)
        return real(path)

    monkeypatch.setattr(page_cache, "_digest", counted)
    rewritten: list[str] = []
    real_put = Store.put_file_records

    def put(store: Store, output: str, changed: Mapping[str, list[object]], *rest: Any) -> None:
        rewritten.extend(changed)
        real_put(store, output, changed, *rest)

    monkeypatch.setattr(Store, "put_file_records", put)
    again = build_api(clone)
    assert (again.rendered, again.planned_cities, again.written) == ((), (), 0)
    assert digested == []
    assert rewritten == []
    monkeypatch.undo()
    assert snapshot(clone / "site") == expected


def test_a_later_clock_replans_only_the_cities_whose_events_ended_since(tmp_path: Path) -> None:
    """A cache made hours ago still serves (CI builds with the real time): a city is planned
    again only when what it shows of the clock changed (an occurrence ended, another date)."""
    root = site(tmp_path)
    checked = check(root, Options(now=datetime.fromisoformat(NOW)))
    ends = sorted((occurrence.end_instant, event.city) for event in checked.site.events for occurrence in event.occurrences
                  if occurrence.end_instant > checked.site.now and 2 <= occurrence.end_instant.astimezone(UTC).hour <= 21)
    end, city = ends[0]
    others = {c.slug for c in checked.site.cities} - {city}

    def build_at(moment: datetime, out: Path) -> Built:
        built = build(root, out, Options(now=moment), jobs=1)
        assert built is not None
        return built

    build_at(end - timedelta(minutes=2), root / "site")
    same = build_at(end - timedelta(minutes=1), root / "site")
    assert same.planned_cities == ()
    later = build_at(end + timedelta(minutes=1), root / "site")
    assert later.planned_cities == (city,) and others
    assert snapshot(root / "site") == _fresh_build(tmp_path, root, end + timedelta(minutes=1))


def test_an_edit_makes_the_vevents_of_its_city_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other cities' calendar files and VEVENTs come from the memo; the network's and the
    tags' calendars are spliced from them; every VTIMEZONE block comes from the memo too (the
    site's range did not change)."""
    root = site(tmp_path)
    zones: list[str] = []
    real_zone = calendars.vtimezone

    def zone(name: str, start: datetime, end: datetime) -> bytes:
        zones.append(name)
        return real_zone(name, start, end)

    monkeypatch.setattr(calendars, "vtimezone", zone)
    build_api(root)
    assert sorted(zones) == ["Asia/Almaty", "Europe/Berlin"]  # once per zone and build, not per language or calendar
    made: list[str] = []
    zones.clear()
    real = CalendarWriter._build

    def counted(writer: CalendarWriter, event: Event) -> VEvent:
        made.append(event.city)
        return real(writer, event)

    monkeypatch.setattr(CalendarWriter, "_build", counted)
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a towel.\n", encoding="utf-8")

    build_api(root)

    assert set(made) == {"berlin"}
    assert zones == []
    monkeypatch.undo()
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)


def test_workers_read_the_memo_and_what_they_found_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two jobs the calendars are made in forked workers: each reads the memo through a
    connection of its own, so they too make the edited city's VEVENTs only; the results they
    found count as used, so the next build finds them again (two edits in a row)."""
    root = site(tmp_path)
    options = Options(now=datetime.fromisoformat(NOW))
    assert build(root, root / "site", options, jobs=2) is not None
    log = tmp_path / "made.txt"
    real = CalendarWriter._build

    def counted(writer: CalendarWriter, event: Event) -> VEvent:
        with log.open("a", encoding="utf-8") as made:  # a file: the workers are other processes
            made.write(event.city + "\n")
        return real(writer, event)

    monkeypatch.setattr(CalendarWriter, "_build", counted)
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    for line in ("Bring a towel.", "And a hat."):
        log.write_text("", encoding="utf-8")
        event.write_text(event.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
        assert build(root, root / "site", options, jobs=2) is not None
        assert set(log.read_text(encoding="utf-8").split()) == {"berlin"}
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)


def test_a_rebuild_checks_the_links_of_the_edited_city_only_and_a_removed_page_everywhere(tmp_path: Path) -> None:
    """The other cities' link problems come from the memo while every target they may link to
    is still there; a page removed anywhere checks every link again."""
    root = site(tmp_path)
    build_api(root)
    checked_in: list[str] = []
    real = find_links

    def counted(version: Version[object], markdown: Markdown, positions: Positions | None = None) -> Iterator[FoundLink]:
        parts = version.source.split("/")  # content/cities/<city>/…, content/events/<city>/…, content/handbook/…
        checked_in.append("handbook" if parts[1] == "handbook" else parts[2])
        return real(version, markdown, positions)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.plan.links.find_links", counted)
        event = root / "content" / "events" / "berlin" / "lake-swim.md"
        event.write_text(event.read_text(encoding="utf-8") + "\nSee [the handbook](/handbook/).\n", encoding="utf-8")
        build_api(root)
        assert set(checked_in) <= {"berlin", "handbook"}
        checked_in.clear()
        for chapter in (root / "content" / "handbook").glob("first-week*.md"):
            chapter.unlink()
        result = run_quietly(["build", str(root)])
    assert result.code == 1  # the links to the removed chapter, in every city, are found again
    assert "content/cities/almaty/housing.md:7:" in result.err and "/handbook/first-week/`: no such page" in result.err
    assert {"almaty", "berlin"} <= set(checked_in)


@pytest.fixture
def splits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files each build splits (parses the front matter of), in order."""
    found: list[str] = []
    real = load.split

    def counted(text: str, path: str, *args: object) -> object:
        found.append(path)
        return real(text, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "split", counted)
    return found


def test_a_rebuild_parses_the_front_matter_of_the_edited_file_only(tmp_path: Path, splits: list[str]) -> None:
    """Every file split without a problem is kept in the memo by its path and bytes; a copy of
    the site and its cache (new inodes and times: a fresh clone with the cache restored) reads
    every file again but parses none, and builds the same bytes."""
    root = site(tmp_path)
    build_api(root)
    assert len(splits) > 10
    splits.clear()
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a towel.\n", encoding="utf-8")
    build_api(root)
    assert splits == ["content/events/berlin/lake-swim.md"]

    splits.clear()
    clone = tmp_path / "clone"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("site"))
    build_api(clone)
    assert splits == []
    assert snapshot(clone / "site") == snapshot(root / "site")


def test_a_file_with_a_problem_is_parsed_and_reported_on_every_build(tmp_path: Path, run: Run, splits: list[str]) -> None:
    root = site(tmp_path)
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8").replace("title:", "title: Twice\ntitle:", 1), encoding="utf-8")
    for _ in range(2):
        splits.clear()
        result = run(["build", str(root)])
        assert result.code == 1
        assert "content/events/berlin/lake-swim.md:3:1: error: duplicate key `title`" in result.err
        assert "content/events/berlin/lake-swim.md" in splits


def test_the_networks_listings_are_planned_again_when_a_chapter_title_changes_or_one_of_their_files_is_gone(tmp_path: Path) -> None:
    """The search page lists the handbook's chapters; a listing whose file was deleted by hand is made again."""
    root = site(tmp_path)
    build_api(root)
    assert not build_api_after_touch(root).planned_network
    chapter = min(path for path in (root / "content" / "handbook").glob("*.md") if path.name.count(".") == 1)  # an original
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    again = build_api(root)
    assert again.planned_network and "search/index.html" in again.rendered
    assert snapshot(root / "site") == _fresh_build(tmp_path / "one", root)

    (root / "site" / "tags" / "family" / "index.html").unlink()
    chapter.write_text(text, encoding="utf-8")
    again = build_api(root)
    assert again.planned_network and "tags/family/index.html" in again.rendered
    assert snapshot(root / "site") == _fresh_build(tmp_path / "two", root)


def build_api_after_touch(root: Path) -> Built:
    """A build after an edit that changes nothing the network shows: a line added to an event's text."""
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nMore to come.\n", encoding="utf-8")
    return build_api(root)


def test_a_kept_citys_calendars_and_feeds_are_not_made_unless_one_of_their_files_is_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo holds the digest of each file a city's calendars and feeds made; when the output
    still holds them (the page cache says so), they are kept unmade and unread."""
    root = site(tmp_path)
    build_api(root)
    made: list[str] = []
    real = feeds._city_feeds

    def counted(writer: object, city: City, events: list[Event]) -> Iterator[tuple[str, bytes]]:
        made.append(city.slug)
        return real(writer, city, events)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds, "_city_feeds", counted)
    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a towel.\n", encoding="utf-8")
    build_api(root)
    assert sorted(set(made)) == ["berlin"]

    made.clear()
    (root / "site" / "cities" / "almaty" / "feed.xml").unlink()
    (root / "site" / "de" / "cities" / "almaty" / "events.ics").unlink()
    event.write_text(event.read_text(encoding="utf-8") + "\nAnd a hat.\n", encoding="utf-8")
    build_api(root)
    assert sorted(set(made)) == ["almaty", "berlin"]
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)


def test_a_rebuild_walks_the_output_once_and_never_stats_a_kept_citys_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One walk of the output answers what is current, what is stale and what the output holds
    at the end (at 40,000 pages each of three walks, or an `lstat` per kept page, cost a
    measurable part of a one-event rebuild): a kept city's files are not looked at again."""
    root = site(tmp_path)
    build_api(root)
    walks: list[Path] = []
    stated: list[str] = []
    real_walk, real_lstat = OutputFiles.walk.__func__, os.lstat  # type: ignore[attr-defined]
    out = str((root / "site").resolve())

    def walk(cls: type[OutputFiles], folder: Path) -> OutputFiles:
        walks.append(folder)
        return real_walk(cls, folder)

    def lstat(path: str | Path, *args: object, **kwargs: object) -> os.stat_result:
        name = os.fspath(path)
        if name.startswith((out + "/", str(root / "site") + "/")):
            stated.append(name.split("/site/", 1)[1])
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    event = root / "content" / "events" / "berlin" / "lake-swim.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a towel.\n", encoding="utf-8")
    monkeypatch.setattr(OutputFiles, "walk", classmethod(walk))
    monkeypatch.setattr(os, "lstat", lstat)
    built = build_api(root)
    monkeypatch.undo()
    assert len(walks) == 1 and built.planned_cities == ("berlin",)
    assert stated and not [name for name in stated if "/almaty/" in f"/{name}"], stated
    assert len(set(stated)) < built.files // 2  # what this build made (its pages, calendars, feeds, search index), not the whole output
    assert snapshot(root / "site") == _fresh_build(tmp_path, root)


def test_a_build_pauses_the_collector_while_checking_and_leaves_it_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check makes long-lived data with few cycles: no collection walks it while it grows,
    and none walks it again until the build ends (core/heap.py). A process that builds again
    and again (serve, these tests) gets its collector back as it was."""
    seen: list[tuple[bool, int]] = []
    real = pipeline.assemble

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "assemble", watched)
    real_publish = InPlace.publish

    def publishing(publisher: InPlace, made: Any) -> Any:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return real_publish(publisher, made)

    monkeypatch.setattr(InPlace, "publish", publishing)
    root = site(tmp_path)
    build_api(root)
    (root / "content" / "events" / "berlin" / "lake-swim.md").write_text(
        (root / "content" / "events" / "berlin" / "lake-swim.md").read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    build_api(root)

    assert seen[0][0] is False  # checking: paused
    assert seen[-1][0] is True and seen[-1][1] > 10_000  # publishing (the rebuild): collecting, the check's objects settled
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_an_edited_translation_indexes_its_language_alone(tmp_path: Path) -> None:
    """Each language's part of the search index reads only that language's pages: an edit of a
    German text runs Pagefind for German alone, the other languages' parts are kept, and the
    index is the one a build from nothing makes. When the parts are intact but a script all
    languages share is not, every language is indexed again (there is none to index alone)."""
    root = site(tmp_path)
    assert build_api(root).indexed == ("en", "de", "ru")
    page = root / "content" / "cities" / "berlin" / "index.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDer Wohnungsmarkt ist eng: Suchbegriff Gartenlaube.\n", encoding="utf-8")

    again = build_api(root)

    assert again.searched and again.indexed == ("de",)
    assert set(again.rendered) == {"de/cities/berlin/index.html"}
    assert build_api(root, tmp_path / "from-nothing").indexed == ("en", "de", "ru")
    expected = snapshot(tmp_path / "from-nothing")
    assert snapshot(root / "site") == expected
    entry = (root / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert all(f'"{lang}":' in entry for lang in ("en", "de", "ru"))

    (root / "site" / "pagefind" / "pagefind.js").unlink()
    assert build_api(root).indexed == ("en", "de", "ru")
    assert snapshot(root / "site") == expected

    english = root / "content" / "cities" / "berlin" / "index.md"  # the English text: its page, and the Russian one that falls back to it
    english.write_text(english.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    assert build_api(root).indexed == ("en", "ru")
