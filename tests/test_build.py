"""Build tests/fixtures/sites/small/ and read the pages back as a reader's browser would.

The fixture: cities almaty (KZ) and berlin (DE, with a German translation), both with a
location; languages en, de, ru; a monthly Berlin Stammtisch at 19:00 from October 2026 that
skips 2027-04-01 (after the spring clock change); a cancelled, an online, an all-day, a paid,
a past and a draft event, and one at 01:00 Almaty time (the evening before in UTC); tags
newcomers, food, family, outdoors and language-exchange; handbook chapters first-week (with
German translation) and bank-account, both with headings and a footnote.
Every build pins `--now 2026-11-21T12:00:00+00:00`. tests/test_browse.py reads the month
calendars, tag pages, the map and the printable handbook of the same fixture.
"""

from __future__ import annotations

import posixpath
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, Result, run_quietly, snapshot, write_site

SMALL = FIXTURES / "sites" / "small"
LANGUAGE_PREFIXES = ("", "de/", "ru/")
BASE_PATH = "/chapters/"  # the path of base_url in the fixture's site.yaml
Run = Callable[[list[str]], Result]

STAMMTISCH_DATES = [  # first Thursdays, 19:00 Berlin time, within a year of --now; 2027-04-01 skipped
    "2026-10-01T19:00:00+02:00",
    "2026-11-05T19:00:00+01:00",
    "2026-12-03T19:00:00+01:00",
    "2027-01-07T19:00:00+01:00",
    "2027-02-04T19:00:00+01:00",
    "2027-03-04T19:00:00+01:00",
    "2027-05-06T19:00:00+02:00",
    "2027-06-03T19:00:00+02:00",
    "2027-07-01T19:00:00+02:00",
    "2027-08-05T19:00:00+02:00",
    "2027-09-02T19:00:00+02:00",
    "2027-10-07T19:00:00+02:00",
    "2027-11-04T19:00:00+01:00",
]


def build_small(root: Path, *extra: str) -> Path:
    """Copy the fixture to `root`, build it into `root/site`, return the output folder."""
    shutil.copytree(SMALL, root)
    result = run_quietly(["build", str(root), *extra])
    assert result.code == 0, result.err
    return root / "site"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small(tmp_path_factory.mktemp("build") / "small")


@pytest.fixture(scope="module")
def out_with_drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small(tmp_path_factory.mktemp("drafts") / "small", "--drafts")


def page(out: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((out / file).read_text(encoding="utf-8"), "html.parser")


def html_files(out: Path) -> Iterator[str]:
    for path in sorted(out.rglob("*.html")):
        yield path.relative_to(out).as_posix()


def cards(soup: BeautifulSoup, event_slug: str) -> list[BeautifulSoup]:
    """The listing cards that link to one event."""
    return [card for card in soup.select("li.event-card") if card.select_one(".event-title a")["href"].rstrip("/").split("/")[-1] == event_slug]


def card_datetimes(soup: BeautifulSoup, event_slug: str) -> list[str]:
    return [card.select_one("time.date-box")["datetime"] for card in cards(soup, event_slug)]


def links(soup: BeautifulSoup) -> Iterator[str]:
    for tag in soup.find_all(["a", "link", "img", "script", "source", "iframe"]):
        for attribute in ("href", "src"):
            if tag.get(attribute) is not None:
                yield tag[attribute]


class Parsed(NamedTuple):
    """What the link walks need of one page: its `links` and the ids of its elements."""

    links: tuple[str, ...]
    ids: frozenset[str]


def parse_pages(out: Path) -> dict[str, Parsed]:
    """Every HTML file of `out` (by its path in `out`), each parsed once."""
    parsed = {}
    for file in html_files(out):
        soup = page(out, file)
        parsed[file] = Parsed(tuple(links(soup)), frozenset(str(element["id"]) for element in soup.find_all(id=True)))
    return parsed


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def target_file(out: Path, page_file: str, href: str, base_path: str = BASE_PATH) -> str:
    """The output file (relative to `out`) that a link on `page_file` points to; root-relative links only on the 404 page."""
    path = unquote(urlsplit(href).path)
    if path.startswith("/"):
        assert page_file.endswith("404.html"), f"{page_file}: root-relative link {href}"
        assert path.startswith(base_path), f"{page_file}: {href} is outside the base path {base_path}"
        target = path[len(base_path) :]
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), path)) if path else page_file
    assert target != ".." and not target.startswith("../"), f"{page_file}: {href} leaves the site"
    if target in ("", ".") or path.endswith("/") or (out / target).is_dir():
        target = posixpath.join(target, "index.html") if target not in ("", ".") else "index.html"
    return target


# the URL contract


CALENDAR_MONTHS = [f"2026-{month:02}" for month in range(10, 13)] + [f"2027-{month:02}" for month in range(1, 12)]
"""Month pages: from the first event's month (October 2026, within three months of --now) to twelve months after November 2026."""
TAGS = ["family", "food", "language-exchange", "newcomers", "outdoors"]
CITY_TAGS = {"almaty": ["family", "food", "newcomers", "outdoors"], "berlin": ["food", "language-exchange", "newcomers"]}
"""The tags of each city's events: each has the city's page of it (its events list narrowed)."""


def calendar_files(base: str) -> list[str]:
    """A month calendar: its current month at `<base>calendar/`, and a page per month."""
    return [f"{base}calendar/index.html"] + [f"{base}calendar/{month}/index.html" for month in CALENDAR_MONTHS]


def expected_files() -> list[str]:
    neutral = [
        "index.html",
        "404.html",
        "events/index.html",
        *calendar_files(""),
        "tags/index.html",
        *(f"tags/{tag}/index.html" for tag in TAGS),
        "handbook/index.html",
        "handbook/first-week/index.html",
        "handbook/bank-account/index.html",
        "handbook/print/index.html",
        "search/index.html",
        "groups/index.html",
        "cities/almaty/index.html",
        "cities/almaty/housing/index.html",
        "cities/almaty/events/index.html",
        "cities/almaty/events/online-coffee/index.html",
        "cities/almaty/events/apple-fair/index.html",
        "cities/almaty/events/autumn-walk/index.html",
        "cities/almaty/events/stargazing/index.html",
        *calendar_files("cities/almaty/"),
        *(f"cities/almaty/tags/{tag}/index.html" for tag in CITY_TAGS["almaty"]),
        "cities/berlin/index.html",
        "cities/berlin/paperwork/index.html",
        "cities/berlin/events/index.html",
        "cities/berlin/events/stammtisch/index.html",
        "cities/berlin/events/lake-swim/index.html",
        "cities/berlin/events/cooking-class/index.html",
        *calendar_files("cities/berlin/"),
        *(f"cities/berlin/tags/{tag}/index.html" for tag in CITY_TAGS["berlin"]),
    ]
    return [prefix + file for prefix in LANGUAGE_PREFIXES for file in neutral]


def test_every_page_of_the_url_contract_exists(out: Path) -> None:
    missing = [file for file in expected_files() if not (out / file).is_file()]
    assert missing == []


def test_no_pages_beyond_the_url_contract(out: Path) -> None:
    assert sorted(html_files(out)) == sorted(expected_files())


def test_static_files_are_copied(out: Path) -> None:
    assert (out / "static" / "style.css").is_file()
    assert (out / "static" / "favicon.svg").is_file()


def test_build_reports_what_it_wrote(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)

    result = run(["build", str(root)])

    assert result.code == 0
    assert result.err == ""
    assert result.out.startswith(f"Built {len(snapshot(root / 'site'))} files into {root / 'site'}")


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_pages_declare_their_language(out: Path, prefix: str) -> None:
    lang = prefix.rstrip("/") or "en"
    for file in expected_files():
        if file.startswith(prefix) and (prefix or not file.startswith(("de/", "ru/"))):
            assert page(out, file).html["lang"] == lang, file


# recurring events and time zones


def test_recurring_event_is_listed_once_per_occurrence(out: Path) -> None:
    listing = page(out, "cities/berlin/events/index.html")
    assert sorted(card_datetimes(listing, "stammtisch")) == STAMMTISCH_DATES


def test_recurring_event_skips_its_except_date(out: Path) -> None:
    listing = page(out, "cities/berlin/events/index.html")
    assert not [moment for moment in card_datetimes(listing, "stammtisch") if moment.startswith("2027-04-01")]


def test_recurring_event_stays_at_19_local_across_the_clock_change(out: Path) -> None:
    listing = page(out, "cities/berlin/events/index.html")
    by_date = {card.select_one("time.date-box")["datetime"][:10]: card for card in cards(listing, "stammtisch")}
    october, november = by_date["2026-10-01"], by_date["2026-11-05"]
    assert october.select_one("time.date-box")["datetime"] == "2026-10-01T19:00:00+02:00"
    assert november.select_one("time.date-box")["datetime"] == "2026-11-05T19:00:00+01:00"
    assert "19:00" in october.select_one("p.meta").get_text()
    assert "19:00" in november.select_one("p.meta").get_text()


def test_recurring_event_past_occurrences_are_under_past(out: Path) -> None:
    listing = page(out, "cities/berlin/events/index.html")
    past = listing.find("section", attrs={"aria-labelledby": "past"})
    assert sorted(card_datetimes(past, "stammtisch")) == STAMMTISCH_DATES[:2]


def test_recurring_event_page_names_the_skipped_date(out: Path) -> None:
    text = page(out, "cities/berlin/events/stammtisch/index.html").get_text(" ")
    assert "Not on:" in text
    assert "April 1, 2027" in text or "1 April 2027" in text


def test_all_events_page_lists_upcoming_events_of_every_city(out: Path) -> None:
    listing = page(out, "events/index.html")
    assert cards(listing, "online-coffee") and cards(listing, "cooking-class") and cards(listing, "stammtisch")
    assert not cards(listing, "autumn-walk")  # past


def test_all_events_page_is_in_time_order(out: Path) -> None:
    listing = page(out, "events/index.html")
    moments = [datetime.fromisoformat(time["datetime"]) for time in listing.select("li.event-card time.date-box") if "T" in time["datetime"]]
    assert moments == sorted(moments)


# kinds of events


def test_cancelled_event_page_is_marked(out: Path) -> None:
    soup = page(out, "cities/berlin/events/lake-swim/index.html")
    assert soup.select_one("article.status-cancelled")
    assert soup.select_one(".notice-cancelled")
    assert soup.select_one("h1 .badge-cancelled")


def test_cancelled_event_offers_no_registration(out: Path) -> None:
    soup = page(out, "cities/berlin/events/lake-swim/index.html")
    assert not soup.find("a", href="https://example.org/register/lake-swim")


def test_cancelled_event_is_marked_in_listings(out: Path) -> None:
    (card,) = cards(page(out, "cities/berlin/events/index.html"), "lake-swim")
    assert "status-cancelled" in card["class"]
    assert card.select_one(".badge-cancelled")


def test_online_event_links_to_the_meeting(out: Path) -> None:
    soup = page(out, "cities/almaty/events/online-coffee/index.html")
    assert soup.find("a", href="https://meet.example.org/almaty-coffee")
    (card,) = cards(page(out, "cities/almaty/events/index.html"), "online-coffee")
    assert "Online" in card.get_text()


def test_all_day_event_has_dates_without_times(out: Path) -> None:
    (card,) = cards(page(out, "cities/almaty/events/index.html"), "apple-fair")
    assert card.select_one("time.date-box")["datetime"] == "2026-12-19"
    assert ":" not in card.select_one("p.meta").get_text()


def test_paid_event_shows_its_price(out: Path) -> None:
    soup = page(out, "cities/berlin/events/cooking-class/index.html")
    facts = soup.select_one("dl.facts").get_text(" ")
    assert "€" in facts and "25" in facts


def test_free_event_is_marked_free(out: Path) -> None:
    soup = page(out, "cities/berlin/events/stammtisch/index.html")
    assert soup.select_one(".badge-free")


def test_event_page_names_its_hosts(out: Path) -> None:
    facts = page(out, "cities/berlin/events/cooking-class/index.html").select_one("dl.facts").get_text(" ")
    assert "Jonas Weber" in facts


def test_past_event_is_listed_under_past(out: Path) -> None:
    listing = page(out, "cities/almaty/events/index.html")
    past = listing.find("section", attrs={"aria-labelledby": "past"})
    upcoming = listing.find("section", attrs={"aria-labelledby": "upcoming"})
    assert cards(past, "autumn-walk") and not cards(upcoming, "autumn-walk")


# drafts


def test_draft_event_is_absent_without_drafts(out: Path) -> None:
    assert not (out / "cities/almaty/events/secret-draft").exists()
    for file in html_files(out):
        assert "secret-draft" not in (out / file).read_text(encoding="utf-8"), file


def test_draft_event_is_present_with_drafts(out_with_drafts: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        assert (out_with_drafts / prefix / "cities/almaty/events/secret-draft/index.html").is_file()
    assert cards(page(out_with_drafts, "cities/almaty/events/index.html"), "secret-draft")


# languages


def test_german_city_page_shows_the_german_text(out: Path) -> None:
    soup = page(out, "de/cities/berlin/index.html")
    assert soup.html["lang"] == "de"
    assert soup.article["lang"] == "de"
    assert "Willkommen in Berlin!" in soup.article.get_text()
    assert "Welcome to Berlin" not in soup.get_text()


def test_translated_page_has_no_fallback_notice(out: Path) -> None:
    assert page(out, "de/cities/berlin/index.html").select_one("p.notice") is None
    assert page(out, "de/handbook/first-week/index.html").select_one("p.notice") is None


def test_german_translation_title_is_used(out: Path) -> None:
    soup = page(out, "de/handbook/first-week/index.html")
    assert soup.h1.get_text(strip=True) == "Deine erste Woche"


@pytest.mark.parametrize("file", ["ru/cities/berlin/index.html", "ru/handbook/first-week/index.html", "de/handbook/bank-account/index.html", "ru/cities/almaty/housing/index.html"])
def test_untranslated_page_shows_the_fallback_notice(out: Path, file: str) -> None:
    soup = page(out, file)
    assert soup.html["lang"] == file[:2]
    assert soup.select_one("p.notice") is not None
    assert soup.article["lang"] == "en"


def test_untranslated_page_shows_the_original_text(out: Path) -> None:
    assert "Welcome to Berlin!" in page(out, "ru/cities/berlin/index.html").article.get_text()


def test_default_language_pages_have_no_fallback_notice(out: Path) -> None:
    for file in html_files(out):
        if not file.startswith(("de/", "ru/")):
            assert page(out, file).select_one("p.notice:not(.notice-cancelled)") is None, file


def test_language_switcher_links_to_the_same_page_in_each_language(out: Path) -> None:
    soup = page(out, "cities/berlin/index.html")
    switcher = {a["hreflang"]: a["href"] for a in soup.select("nav.languages a")}
    assert switcher == {"de": "../../de/cities/berlin/", "ru": "../../ru/cities/berlin/"}


# safety and links


def test_raw_html_in_markdown_is_escaped(out: Path) -> None:
    file = out / "cities/berlin/paperwork/index.html"
    soup = page(out, "cities/berlin/paperwork/index.html")
    assert soup.find("script") is None
    assert '<script>alert("owned")</script>' in soup.select_one(".prose").get_text()
    assert "&lt;script&gt;" in file.read_text(encoding="utf-8")


def test_no_page_has_an_executable_script(out: Path) -> None:
    """Only JSON-LD data blocks (which browsers never run) may appear, and only on event pages."""
    for file in html_files(out):
        kinds = [script.get("type") for script in page(out, file).find_all("script")]
        if file.endswith("search/index.html"):
            continue  # the one page with scripts of its own: tests/test_search.py
        if "/events/" in file and not file.endswith("/events/index.html"):
            assert kinds == ["application/ld+json"], file
        else:
            assert kinds == [], file


def test_front_matter_text_is_escaped(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/handbook/first-week.md": """
        ---
        title: <script>alert(1)</script> week
        summary: <img src=x onerror=alert(2)>
        ---

        Body.
        """})

    assert run(["build", str(root)]).code == 0

    for file in ("handbook/index.html", "handbook/first-week/index.html"):
        soup = page(root / "site", file)
        assert soup.find("script") is None and soup.find("img", src="x") is None, file
        assert "<script>alert(1)</script> week" in soup.main.get_text(), file


def test_markdown_drops_unsafe_links_and_outside_images(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/handbook/first-week.md": """
        ---
        title: Links
        ---

        [click](javascript:alert(1)) and [data](data:text/html,hi) and ![tracker](https://tracker.example/pixel.png)
        """})

    assert run(["build", str(root)]).code == 0

    prose = page(root / "site", "handbook/first-week/index.html").select_one(".prose")
    assert [a["href"] for a in prose.find_all("a")] == ["https://tracker.example/pixel.png"]
    assert prose.find("img") is None


def test_markdown_links_into_the_site_are_relative_and_stay_in_the_language(out: Path) -> None:
    prose = page(out, "de/handbook/first-week/index.html").select_one(".prose")
    assert [a["href"] for a in prose.find_all("a")] == ["../bank-account/"]
    prose = page(out, "ru/cities/berlin/paperwork/index.html").select_one(".prose")
    assert [a["href"] for a in prose.find_all("a")] == ["../../../handbook/", "../../almaty/#ambassadors"]


@pytest.fixture(scope="module")
def pages(out: Path) -> dict[str, Parsed]:
    """The small fixture's pages, parsed once for the link walks below."""
    return parse_pages(out)


def test_every_relative_link_resolves_to_a_file(out: Path, pages: dict[str, Parsed]) -> None:
    checked, broken = 0, []
    for file, parsed in pages.items():
        for href in parsed.links:
            if is_external(href) or href.startswith("#"):
                continue
            checked += 1
            target = target_file(out, file, href)
            if not (out / target).is_file():
                broken.append(f"{file}: {href} → {target}")
    assert broken == []
    assert checked > 500  # the walk really saw the navigation, listings and Markdown links


def test_every_link_fragment_names_an_element(out: Path, pages: dict[str, Parsed]) -> None:
    broken = []
    for file, parsed in pages.items():
        for href in parsed.links:
            fragment = urlsplit(href).fragment
            if is_external(href) or not fragment:
                continue
            target = file if href.startswith("#") else target_file(out, file, href)
            ids = pages[target].ids if target in pages else {str(element["id"]) for element in page(out, target).find_all(id=True)}
            if fragment not in ids:
                broken.append(f"{file}: {href}")
    assert broken == []


def test_404_page_links_use_the_base_path(out: Path) -> None:
    for file in ("404.html", "de/404.html"):
        hrefs = [href for href in links(page(out, file)) if not is_external(href) and not href.startswith("#")]
        assert hrefs and all(href.startswith(BASE_PATH) for href in hrefs), (file, hrefs)


@pytest.mark.parametrize("base_url", ["https://chapters.example.org", "https://chapters.example.org/"])
def test_404_page_links_on_a_site_at_the_host_root(make_site: Callable[..., Path], run: Run, base_url: str) -> None:
    root = make_site({
        "site.yaml": f"title: T\nbase_url: {base_url}\nlanguages: [en, de]\n",
        "content/events/almaty/picnic.md": None,
    })

    assert run(["build", str(root)]).code == 0

    soup = page(root / "site", "404.html")
    hrefs = [href for href in links(soup) if not is_external(href) and not href.startswith("#")]
    assert "/events/" in hrefs
    assert "/static/style.css" in hrefs
    assert all(not href.startswith("/chapters.example.org") for href in hrefs), hrefs


# reproducibility and check


def test_two_builds_with_the_same_now_are_byte_identical(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)

    assert run(["build", str(root), "--out", str(tmp_path / "one")]).code == 0
    assert run(["build", str(root), "--out", str(tmp_path / "two")]).code == 0

    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_build_replaces_the_previous_output(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    write_site(root, {"site/stale.html": "<p>from an older build</p>"})

    assert run(["build", str(root)]).code == 0

    assert not (root / "site" / "stale.html").exists()
    assert (root / "site" / "index.html").is_file()
    assert sorted(path.name for path in root.iterdir()) == [".chapters-cache", "content", "site", "site.yaml"]  # no staging left


def test_build_that_fails_while_rendering_leaves_the_previous_output(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    write_site(root, {"site/marker.txt": "previous build\n"})
    before = snapshot(root / "site")

    def failing_render(*args: object) -> Iterator[tuple[str, bytes]]:
        yield "index.html", b"half a site"
        raise RuntimeError("theme bug")

    monkeypatch.setattr("generator.pipeline.render_all", failing_render)
    with pytest.raises(RuntimeError, match="theme bug"):
        run(["build", str(root)])

    assert snapshot(root / "site") == before
    assert sorted(path.name for path in root.iterdir()) == ["content", "site", "site.yaml"]


def test_bad_now_is_a_usage_error(run: Run) -> None:
    result = run(["check", str(SMALL), "--now", "next tuesday"])
    assert result.code == 2
    assert "not an ISO date-time: 'next tuesday'" in result.err


def test_check_writes_nothing(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    before = snapshot(tmp_path)

    result = run(["check", str(root)])

    assert result.code == 0
    assert result.out == f"{root}: 17 files checked (240 pages): no errors, no warnings\n"
    assert snapshot(tmp_path) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["small"]
    assert not (root / "site").exists()


def test_check_counts_drafts_only_with_drafts(tmp_path: Path, run: Run) -> None:
    result = run(["check", str(SMALL), "--drafts"])
    assert result.code == 0
    assert result.out.endswith(": 17 files checked (243 pages): no errors, no warnings\n")


def test_untranslated_titles_in_listings_name_their_language(out: Path) -> None:
    """A German listing shows English titles of untranslated events; screen readers must read them as English."""
    links = page(out, "de/events/index.html").select(".event-title a")
    assert links, "no events listed"
    for link in links:
        assert link.get("lang") == "en", link
    assert all(link.get("lang") is None for link in page(out, "events/index.html").select(".event-title a"))
