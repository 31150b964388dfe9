"""The pages readers browse by (plan/browse.py and the templates): month calendars, tag pages,
listing badges, the chapters' map, chapter contents lists and the printable handbook.

The pages are read back from tests/fixtures/sites/small/ built with
`--now 2026-11-21T12:00:00+00:00` (see tests/test_build.py for what the fixture holds). The
pure functions behind them are tested in tests/unit/plan/test_calendar_grid.py,
tests/unit/plan/test_chapter_map.py and tests/unit/content/test_markdown.py.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from test_build import build_small

MONTHS = [f"2026-{month:02}" for month in range(10, 13)] + [f"2027-{month:02}" for month in range(1, 12)]
STAMMTISCH_DAYS = [  # first Thursdays from October 2026 to November 2027, without 2027-04-01
    "2026-10-01", "2026-11-05", "2026-12-03", "2027-01-07", "2027-02-04", "2027-03-04", "2027-05-06",
    "2027-06-03", "2027-07-01", "2027-08-05", "2027-09-02", "2027-10-07", "2027-11-04",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small(tmp_path_factory.mktemp("views") / "small")


@pytest.fixture(scope="module")
def out_late(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built at 20:00 UTC on 21 November: already 22 November (01:00) in Almaty."""
    return build_small(tmp_path_factory.mktemp("views-late") / "small", "--now", "2026-11-21T20:00:00+00:00")


def page(out: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((out / file).read_text(encoding="utf-8"), "html.parser")


def target(file: str, href: str) -> str:
    """The output file a relative link on `file` points to."""
    path = urlsplit(href).path
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(file), path)) if path else file
    return posixpath.join(resolved, "index.html") if path.endswith("/") else resolved


def cells(soup: BeautifulSoup) -> dict[str, Tag]:
    """The month's day cells by their ISO date."""
    return {td.select_one("time.day-label")["datetime"]: td for td in soup.select("table.month td.day")}


def entry_days(soup: BeautifulSoup, event_slug: str) -> list[str]:
    """The dates of the cells that link to one event, once per link."""
    return [
        day for day, td in cells(soup).items()
        for link in td.select(".day-events a") if link["href"].rstrip("/").split("/")[-1] == event_slug
    ]


def calendar_days(out: Path, base: str, event_slug: str) -> list[str]:
    return [day for month in MONTHS for day in entry_days(page(out, f"{base}calendar/{month}/index.html"), event_slug)]


# month calendar pages


def test_calendar_is_an_accessible_table(out: Path) -> None:
    table = page(out, "calendar/2026-12/index.html").select_one("table.month")
    assert table.caption.get_text(strip=True) == "December 2026"
    headers = table.select("thead th")
    assert [th["scope"] for th in headers] == ["col"] * 7
    assert [th.select_one(".visually-hidden").get_text() for th in headers][:2] == ["Monday", "Tuesday"]


def test_event_at_1_am_in_almaty_is_on_its_local_date(out: Path) -> None:
    for file in ("cities/almaty/calendar/2026-12/index.html", "calendar/2026-12/index.html"):
        soup = page(out, file)
        assert entry_days(soup, "stargazing") == ["2026-12-14"], file
        (link,) = cells(soup)["2026-12-14"].select('a[href$="/stargazing/"]')
        assert link.time["datetime"] == "2026-12-14T01:00:00+05:00"
        assert link.time.get_text() == "01:00"


def test_recurring_event_appears_once_per_occurrence(out: Path) -> None:
    assert calendar_days(out, "cities/berlin/", "stammtisch") == STAMMTISCH_DAYS
    assert calendar_days(out, "", "stammtisch") == STAMMTISCH_DAYS


def test_recurring_events_except_date_is_absent(out: Path) -> None:
    april = page(out, "cities/berlin/calendar/2027-04/index.html")
    assert entry_days(april, "stammtisch") == []
    assert not cells(april)["2027-04-01"].select(".day-events li")


def test_all_day_event_is_on_each_of_its_days(out: Path) -> None:
    assert entry_days(page(out, "cities/almaty/calendar/2026-12/index.html"), "apple-fair") == ["2026-12-19", "2026-12-20"]


def test_cancelled_event_is_struck_through_and_labelled(out: Path) -> None:
    cell = cells(page(out, "calendar/2026-12/index.html"))["2026-12-12"]
    (item,) = [li for li in cell.select(".day-events li") if li.select_one('a[href$="/lake-swim/"]')]
    assert "status-cancelled" in item["class"]
    assert item.select_one(".entry-title")
    assert item.select_one(".badge-cancelled").get_text(strip=True) == "Cancelled"


def test_network_calendar_names_the_city_and_city_calendars_do_not(out: Path) -> None:
    network = cells(page(out, "calendar/2026-12/index.html"))["2026-12-16"]
    city = cells(page(out, "cities/berlin/calendar/2026-12/index.html"))["2026-12-16"]
    assert network.select_one(".day-events .meta").get_text() == "Berlin"
    assert city.select_one(".day-events .meta") is None


def test_calendar_address_shows_the_current_month(out: Path) -> None:
    assert page(out, "calendar/index.html").caption.get_text(strip=True) == "November 2026"
    assert page(out, "cities/almaty/calendar/index.html").caption.get_text(strip=True) == "November 2026"


def today_cells(soup: BeautifulSoup) -> list[str]:
    return [td.select_one("time.day-label")["datetime"] for td in soup.select('td[aria-current="date"]')]


def test_today_is_marked_in_words(out: Path) -> None:
    soup = page(out, "calendar/index.html")
    assert today_cells(soup) == ["2026-11-21"]
    today = soup.select_one('td[aria-current="date"]')
    assert "today" in today["class"] and today.select_one(".today-label").get_text() == "Today"
    assert today_cells(page(out, "calendar/2026-11/index.html")) == ["2026-11-21"]
    assert today_cells(page(out, "calendar/2026-12/index.html")) == []


def test_today_is_the_citys_date_and_the_networks_is_utc(out_late: Path) -> None:
    assert today_cells(page(out_late, "cities/almaty/calendar/index.html")) == ["2026-11-22"]
    assert today_cells(page(out_late, "cities/berlin/calendar/index.html")) == ["2026-11-21"]
    assert today_cells(page(out_late, "calendar/index.html")) == ["2026-11-21"]


def calendar_pages() -> Iterator[str]:
    for base in ("", "de/", "ru/"):
        for scope in ("", "cities/almaty/", "cities/berlin/"):
            yield f"{base}{scope}calendar/index.html"
            for month in MONTHS:
                yield f"{base}{scope}calendar/{month}/index.html"


def test_previous_and_next_links_go_to_existing_months(out: Path) -> None:
    for file in calendar_pages():
        nav = page(out, file).select_one("nav.month-nav")
        for link in nav.select("a"):
            assert (out / target(file, link["href"])).is_file(), (file, link["href"])
    first, last = page(out, "calendar/2026-10/index.html"), page(out, "calendar/2027-11/index.html")
    assert first.select_one('a[rel="prev"]') is None and first.select_one('a[rel="next"]')["href"] == "../2026-11/"
    assert last.select_one('a[rel="next"]') is None and last.select_one('a[rel="prev"]')["href"] == "../2027-10/"
    current = page(out, "calendar/index.html")
    assert (current.select_one('a[rel="prev"]')["href"], current.select_one('a[rel="next"]')["href"]) == ("2026-10/", "2026-12/")
    assert current.select_one('a[rel="prev"]').get_text(" ", strip=True) == "← October 2026"


@pytest.mark.parametrize(("prefix", "caption", "weekdays", "previous"), [
    ("de/", "Dezember 2026", ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"], "November 2026"),
    ("ru/", "декабрь 2026\u202fг.", ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"], "ноябрь 2026\u202fг."),
])
def test_month_and_weekday_names_are_in_the_page_language(out: Path, prefix: str, caption: str, weekdays: list[str], previous: str) -> None:
    soup = page(out, f"{prefix}cities/berlin/calendar/2026-12/index.html")
    assert soup.caption.get_text(strip=True) == caption
    assert [th.select_one(".visually-hidden").get_text() for th in soup.select("thead th")] == weekdays
    assert soup.select_one('a[rel="prev"]').get_text(" ", strip=True) == f"← {previous}"


def test_calendar_is_linked_from_the_navigation_and_the_city_page(out: Path) -> None:
    assert "calendar/" in [a["href"] for a in page(out, "index.html").select("ul.nav a")]
    assert "calendar/" in [a["href"] for a in page(out, "cities/almaty/index.html").select("main a")]


# tag pages


def event_slugs(soup: BeautifulSoup | Tag) -> set[str]:
    return {a["href"].rstrip("/").split("/")[-1] for a in soup.select("li.event-card .event-title a")}


def test_tag_page_lists_exactly_the_tagged_events(out: Path) -> None:
    soup = page(out, "tags/newcomers/index.html")
    upcoming = soup.find("section", attrs={"aria-labelledby": "upcoming"})
    past = soup.find("section", attrs={"aria-labelledby": "past"})
    assert event_slugs(upcoming) == {"stammtisch", "cooking-class", "online-coffee"}
    assert event_slugs(past) == {"stammtisch", "autumn-walk"}
    assert event_slugs(page(out, "tags/food/index.html")) == {"cooking-class", "apple-fair"}
    assert event_slugs(page(out, "tags/outdoors/index.html")) == {"stargazing", "autumn-walk"}


def test_tag_page_offers_the_tag_calendar(out: Path) -> None:
    box = page(out, "tags/newcomers/index.html").select_one("aside.subscribe")
    hrefs = {a["data-subscribe"]: a["href"] for a in reversed(box.select("a[data-subscribe]"))}  # the first of each kind
    assert hrefs["webcal"] == "webcal://example.org/chapters/tags/newcomers/events.ics"
    assert (hrefs["file"], hrefs["atom"], hrefs["rss"]) == ("events.ics", "feed.xml", "rss.xml")
    for name in ("events.ics", "feed.xml", "rss.xml"):
        assert (out / "tags/newcomers" / name).is_file()


def test_tag_index_lists_every_tag_with_its_count(out: Path) -> None:
    items = page(out, "tags/index.html").select("ul.tag-index li")
    found = {li.a.get_text(): li.select_one(".meta").get_text(" ", strip=True) for li in items}
    assert list(found) == ["family", "food", "language-exchange", "newcomers", "outdoors"]
    assert found["newcomers"] == "Events: 4 · Upcoming: 13"  # the Stammtisch's 11 dates ahead, the cooking class, the coffee
    assert found["outdoors"] == "Events: 2 · Upcoming: 1"


def test_tags_link_to_their_pages_on_event_pages_and_in_listings(out: Path) -> None:
    facts = page(out, "cities/berlin/events/cooking-class/index.html").select("dl.facts ul.tags a")
    assert [(a.get_text(), a["href"]) for a in facts] == [("food", "../../../../tags/food/"), ("newcomers", "../../../../tags/newcomers/")]
    listing = page(out, "events/index.html")
    (card,) = [c for c in listing.select("li.event-card") if c.select_one('.event-title a[href$="/cooking-class/"]')]
    assert [a["href"] for a in card.select("ul.tags a")] == ["../tags/food/", "../tags/newcomers/"]


# badges in listings


def badges(out: Path, file: str, event_slug: str) -> list[str]:
    listing = page(out, file)
    card = next(c for c in listing.select("li.event-card") if c.select_one(".event-title a")["href"].rstrip("/").split("/")[-1] == event_slug)
    return [badge.get_text(strip=True) for badge in card.select("ul.badges li")]


def test_listing_badges_say_cost_languages_and_accessibility_in_words(out: Path) -> None:
    assert badges(out, "cities/berlin/events/index.html", "stammtisch") == ["Free", "Languages: German, English"]
    assert badges(out, "cities/berlin/events/index.html", "cooking-class") == ["Cost: €25"]
    assert badges(out, "cities/almaty/events/index.html", "apple-fair") == ["Partly wheelchair accessible", "Children welcome"]
    assert badges(out, "de/cities/berlin/events/index.html", "stammtisch") == ["Kostenlos", "Sprachen: Deutsch, Englisch"]


# the chapters' map


def test_home_map_has_one_linked_point_per_city(out: Path) -> None:
    figure = page(out, "index.html").select_one("figure.map")
    svg = figure.svg
    assert figure.select_one(f"figcaption#{svg['aria-labelledby']}")
    points = {a["href"]: a for a in svg.select("a.map-point")}
    assert set(points) == {"cities/almaty/", "cities/berlin/"}
    for href, lat, lon, name in (("cities/almaty/", 43.2389, 76.8897, "Almaty"), ("cities/berlin/", 52.52, 13.405, "Berlin")):
        point = points[href]
        assert point.title.get_text() == name
        assert (float(point["data-lat"]), float(point["data-lon"])) == (lat, lon)
        assert (float(point.circle["cx"]), float(point.circle["cy"])) == (lon, -lat)
    assert page(out, "index.html").select_one("#chapters ~ .countries, section .countries")  # the text list is still there


def test_home_map_loads_nothing_from_other_hosts(out: Path) -> None:
    svg = page(out, "de/index.html").select_one("figure.map svg")
    for element in svg.find_all(True):
        for attribute in ("href", "xlink:href", "src"):
            value = element.get(attribute)
            assert value is None or (not urlsplit(value).scheme and not value.startswith("//")), (element.name, value)
    assert svg.find(["image", "foreignobject", "use"]) is None
    assert "url(" not in str(svg)


# chapter contents lists


def ids(soup: BeautifulSoup) -> list[str]:
    return [element["id"] for element in soup.find_all(id=True)]


def test_chapter_contents_list_its_headings_and_link_to_their_ids(out: Path) -> None:
    soup = page(out, "handbook/first-week/index.html")
    toc = soup.select_one("nav.toc")
    assert [(a.get_text(), a["href"]) for a in toc.select("a")] == [("Day one", "#day-one"), ("Sleep", "#sleep"), ("Eat", "#eat"), ("Day two", "#day-two")]
    assert [a["href"] for a in toc.select("ol ol a")] == ["#sleep", "#eat"]
    present = set(ids(soup))
    assert all(a["href"][1:] in present for a in toc.select("a"))


def test_translated_chapter_lists_its_own_headings(out: Path) -> None:
    toc = page(out, "de/handbook/first-week/index.html").select_one("nav.toc")
    assert [a.get_text() for a in toc.select("a")] == ["Der erste Tag", "Der zweite Tag"]
    assert toc.h2.get_text() == "Auf dieser Seite"


# the printable handbook


def test_handbook_contents_link_to_the_printable_handbook(out: Path) -> None:
    assert "print/" in [a["href"] for a in page(out, "handbook/index.html").select("main a")]


def test_print_page_has_every_chapter_in_order(out: Path) -> None:
    soup = page(out, "handbook/print/index.html")
    chapters = soup.select("article.book-chapter")
    assert [article["id"] for article in chapters] == ["chapter-first-week", "chapter-bank-account"]
    assert [article.h2.get_text() for article in chapters] == ["Your first week", "Opening a bank account"]
    assert [a["href"] for a in soup.select("nav.book-contents a")] == ["#chapter-first-week", "#chapter-bank-account"]
    assert "Sleep as long as you need." in chapters[0].get_text() and "Open the account." in chapters[1].get_text()


def test_print_page_ids_are_unique_and_every_fragment_link_resolves(out: Path) -> None:
    for file in ("handbook/print/index.html", "de/handbook/print/index.html"):
        soup = page(out, file)
        counts = Counter(ids(soup))
        assert [name for name, count in counts.items() if count > 1] == [], file
        fragments = [a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")]
        assert fragments and all(fragment in counts for fragment in fragments), file
    soup = page(out, "handbook/print/index.html")
    assert {"first-week.day-one", "bank-account.day-one", "first-week.day-two", "bank-account.day-two"} <= set(ids(soup))
    assert soup.select_one('#chapter-first-week a[href="#first-week.day-two"]')  # the chapter's own "#day-two" link
    assert [h.name for h in soup.select("#chapter-first-week h3, #chapter-first-week h4")] == ["h3", "h4", "h4", "h3"]


def test_print_page_uses_each_chapters_language(out: Path) -> None:
    chapters = page(out, "de/handbook/print/index.html").select("article.book-chapter")
    assert [(article["lang"], article.h2.get_text()) for article in chapters] == [("de", "Deine erste Woche"), ("en", "Opening a bank account")]
