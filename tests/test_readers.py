"""What a reader gets (issue 16): the next events first, a chapter at once, a short /events/ that
can be narrowed, honest calendar links for cancelled and postponed events, directions to the
venue, prices spaced as CLDR says, city names and the search box in the page's language.

A site of its own is built here (three cities, three languages, events in four currencies, a
cancelled and a postponed one, a repeating one); the pages are read back with BeautifulSoup.
How they look in a browser is tests/browser/test_readers.py.
"""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.localedata import locale_identifiers
from bs4 import BeautifulSoup, Tag
from conftest import run_quietly, write_site

from generator.content.model import Money
from generator.plan.calendar_links import GOOGLE, OUTLOOK
from generator.plan.views import currency_spaced, format_cost

SITE = {
    "site.yaml": """
        title: Reader Chapters
        base_url: https://readers.example.org/
        languages: [en, de, ru]
        tag_labels:
          newcomers: {de: Neu hier, ru: новичкам}
          outdoors: {ru: на природе}
        """,
    "content/cities/almaty/index.md": """
        ---
        name: Almaty
        country: KZ
        timezone: Asia/Almaty
        summary: Mountains and apples.
        ---

        A long introduction about Almaty, its mountains, its markets and its people.
        """,
    "content/cities/almaty/index.ru.md": """
        ---
        name: Алма-Ата
        summary: Горы и яблоки.
        ---

        Длинное введение.
        """,
    "content/cities/berlin/index.md": """
        ---
        name: Berlin
        country: DE
        timezone: Europe/Berlin
        summary: Stammtisch and paperwork.
        ---

        A long introduction about Berlin.
        """,
    "content/cities/potsdam/index.md": """
        ---
        name: Potsdam
        country: DE
        timezone: Europe/Berlin
        summary: Palaces.
        ---

        Potsdam has no events yet.
        """,
    "content/events/almaty/2026-12-05-tea.md": """
        ---
        title: Tea evening
        start: 2026-12-05 18:00
        end: 21:00
        cost: {amount: 45000, currency: KZT}
        venue:
          name: Tea house
          address: Abay Ave 1
          lat: 43.2389
          lon: 76.8897
        tags: [newcomers, food]
        ---

        Tea.
        """,
    "content/events/almaty/2026-12-01-games.md": """
        ---
        title: Board games
        start: 2026-12-01 19:00
        end: 22:00
        repeat: FREQ=WEEKLY;COUNT=6
        cost: {amount: 500, currency: RUB}
        venue:
          name: Game cafe
        tags: [games, newcomers]
        ---

        Games.
        """,
    "content/events/almaty/2026-12-12-hike.md": """
        ---
        title: Mountain hike
        status: cancelled
        start: 2026-12-12 09:00
        end: 15:00
        cost: {amount: 12000, currency: ARS}
        venue:
          name: Medeu
          lat: 43.1573
          lon: 77.0594
        tags: [outdoors]
        ---

        Hike.
        """,
    "content/events/almaty/2026-12-20-safari.md": """
        ---
        title: Safari talk
        start: 2026-12-20 18:00
        end: 20:00
        cost: {amount: 800, currency: KES}
        venue:
          name: Library
        ---

        Talk.
        """,
    "content/events/berlin/2026-12-15-choir.md": """
        ---
        title: Open choir
        start: 2026-12-15 19:00
        end: 21:00
        cost: Pay what you like
        venue:
          name: Church hall
        ---

        We sing.
        """,
    "content/events/berlin/2026-12-15-choir.de.md": """
        ---
        title: Offener Chor
        cost: Zahl, was du magst
        ---
        """,
    "content/events/berlin/2026-12-10-museum.md": """
        ---
        title: Museum visit
        status: postponed
        start: 2026-12-10 14:00
        end: 16:00
        cost: {amount: 12, currency: EUR}
        venue:
          name: Pergamon
          lat: 52.5212
          lon: 13.3969
        tags: [culture]
        ---

        Museum.
        """,
}
ALMATY_UPCOMING = 4  # tea, games (repeating), the cancelled hike, safari: every event once
BERLIN_UPCOMING = 2  # the museum visit, the choir
GAMES_DATES = 6


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("readers") / "site-src", SITE)
    result = run_quietly(["build", str(root)])
    assert result.code == 0, result.err
    return root / "site"


def page(out: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((out / file).read_text(encoding="utf-8"), "html.parser")


def target(file: str, href: str) -> str:
    """The output file a relative link on `file` points to."""
    path = urlsplit(href).path
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(file), path)) if path else file
    return posixpath.join(resolved, "index.html") if path.endswith("/") else resolved


def before(first: Tag, second: Tag) -> bool:
    """Whether `first` comes before `second` in the document."""
    return second in first.find_all_next()


def text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


# 1. The next events first; a chapter at once; a short /events/ that can be narrowed


@pytest.mark.parametrize("prefix", ["", "de/", "ru/"])
def test_city_page_shows_its_next_events_before_the_introduction(out: Path, prefix: str) -> None:
    soup = page(out, f"{prefix}cities/almaty/index.html")
    upcoming = soup.find("section", attrs={"aria-labelledby": "upcoming"})
    assert upcoming is not None and before(upcoming, soup.select_one(".prose"))
    assert before(soup.h1, upcoming)
    items = upcoming.select(".next-list li")
    assert [text(item.select_one(".event-title")) for item in items] == ["Board games", "Tea evening", "Board games"]  # the next three dates
    assert all(item.select_one("time")["datetime"].startswith("2026-12-") for item in items)
    links = {target(f"{prefix}cities/almaty/index.html", a["href"]) for a in upcoming.select("a.more")}
    assert links == {f"{prefix}cities/almaty/events/index.html", f"{prefix}cities/almaty/calendar/index.html"}
    assert all((out / link).is_file() for link in links)


@pytest.mark.parametrize(("prefix", "heading"), [("", "Find your chapter"), ("de/", "Finde deine Ortsgruppe"), ("ru/", "Найдите своё сообщество")])
def test_home_page_lists_every_chapter_before_the_networks_events(out: Path, prefix: str, heading: str) -> None:
    soup = page(out, f"{prefix}index.html")
    picker = soup.select_one("nav.find-chapter")
    assert picker is not None and text(picker.h2) == heading
    assert before(picker, soup.find(id="next-events"))
    assert before(soup.select_one(".picker"), soup.select_one("ol.events"))
    found = [target(f"{prefix}index.html", a["href"]) for a in picker.select("a")]
    assert set(found) == {f"{prefix}cities/{city}/index.html" for city in ("almaty", "berlin", "potsdam")}
    assert not soup.find("script")  # no JavaScript needed
    names = [text(a) for a in picker.select("a")]
    assert names == sorted(names, key=str.casefold)


def test_events_page_lists_each_event_once_and_a_repeating_one_at_its_next_date(out: Path) -> None:
    soup = page(out, "events/index.html")
    titles = [text(a) for a in soup.select("ol.events .event-title a")]
    assert titles.count("Board games") == 1
    assert len(titles) == ALMATY_UPCOMING + BERLIN_UPCOMING
    games = soup.find("a", string="Board games").find_parent("li")
    assert games.select_one("time.date-box")["datetime"].startswith("2026-12-01")
    assert "Repeats" in text(games)
    # the city's own list still has every date
    city = page(out, "cities/almaty/events/index.html")
    assert [text(a) for a in city.select("ol.events .event-title a")].count("Board games") == GAMES_DATES


@pytest.mark.parametrize("prefix", ["", "de/", "ru/"])
def test_events_page_is_narrowed_by_city_and_by_tag_without_scripts(out: Path, prefix: str) -> None:
    file = f"{prefix}events/index.html"
    soup = page(out, file)
    narrow = soup.select_one("nav.narrow")
    assert narrow is not None and before(narrow, soup.select_one("ol.events"))
    lists = narrow.select("ul.narrow-list")
    by_city = {target(file, a["href"]): text(a.find_parent("li")) for a in lists[0].select("a")}
    assert by_city == {
        f"{prefix}cities/almaty/events/index.html": f"{'Алма-Ата' if prefix == 'ru/' else 'Almaty'} ({ALMATY_UPCOMING})",
        f"{prefix}cities/berlin/events/index.html": f"{'Берлин' if prefix == 'ru/' else 'Berlin'} ({BERLIN_UPCOMING})",
    }  # Potsdam has no events: no link
    by_tag = {target(file, a["href"]): text(a.find_parent("li")) for a in lists[1].select("a")}
    assert by_tag == {
        f"{prefix}tags/{tag}/index.html": f"{LABELS[prefix].get(tag, tag)} ({count})"
        for tag, count in {"culture": 1, "food": 1, "games": 1, "newcomers": 2, "outdoors": 1}.items()
    }
    shown = [text(a) for a in lists[1].select("a")]
    assert shown == sorted(shown, key=str.casefold)  # by the names readers read
    assert all((out / link).is_file() for link in [*by_city, *by_tag])
    assert not soup.find("script")


LABELS = {"": {}, "de/": {"newcomers": "Neu hier"}, "ru/": {"newcomers": "новичкам", "outdoors": "на природе"}}
"""site.yaml's `tag_labels` by page language; a tag without one shows as written."""


@pytest.mark.parametrize("prefix", ["", "de/", "ru/"])
def test_tags_show_their_name_in_the_pages_language_everywhere(out: Path, prefix: str) -> None:
    labels = LABELS[prefix]
    newcomers = labels.get("newcomers", "newcomers")
    event = page(out, f"{prefix}cities/almaty/events/2026-12-05-tea/index.html")
    assert [text(a) for a in event.select(".facts .tags a")] == [newcomers, "food"]
    listing = page(out, f"{prefix}cities/almaty/events/index.html")
    tea = listing.find("a", string="Tea evening").find_parent("li")
    assert [text(a) for a in tea.select(".tags a")] == [newcomers, "food"]
    tag = page(out, f"{prefix}tags/newcomers/index.html")
    assert newcomers in text(tag.h1) and newcomers in tag.title.get_text()
    assert {text(a) for a in tag.select("ol.events .event-title a")} == {"Tea evening", "Board games"}
    assert parse_qs(urlsplit(tag.select_one("[data-subscribe=outlook]")["href"]).query)["name"] == [f"Reader Chapters: #{newcomers}"]
    index = page(out, f"{prefix}tags/index.html")
    names = [text(a) for a in index.select(".tag-index a")]
    assert set(names) == {labels.get(t, t) for t in ("culture", "food", "games", "newcomers", "outdoors")}
    assert names == sorted(names, key=str.casefold)


@pytest.mark.parametrize("prefix", ["", "de/", "ru/"])
def test_a_citys_events_list_is_narrowed_to_its_page_of_each_tag(out: Path, prefix: str) -> None:
    file = f"{prefix}cities/almaty/events/index.html"
    narrow = page(out, file).select_one("nav.narrow")
    assert narrow is not None
    found = {target(file, a["href"]): text(a.find_parent("li")) for a in narrow.select("a")}
    assert found == {
        f"{prefix}cities/almaty/tags/{tag}/index.html": f"{LABELS[prefix].get(tag, tag)} ({count})"
        for tag, count in {"food": 1, "games": 1, "newcomers": 2, "outdoors": 1}.items()
    }
    tag_file = f"{prefix}cities/almaty/tags/newcomers/index.html"
    tag = page(out, tag_file)
    city = "Алма-Ата" if prefix == "ru/" else "Almaty"
    assert LABELS[prefix].get("newcomers", "newcomers") in text(tag.h1) and city in text(tag.h1)
    titles = [text(a) for a in tag.select("section[aria-labelledby=upcoming] .event-title a")]
    assert sorted(set(titles)) == ["Board games", "Tea evening"] and titles.count("Board games") == GAMES_DATES  # every date, this city only
    links = {target(tag_file, a["href"]) for a in tag.select("a.more")}
    assert links == {f"{prefix}tags/newcomers/index.html", f"{prefix}cities/almaty/events/index.html"}
    feeds = {target(tag_file, link["href"]) for link in tag.select("link[rel=alternate][type='application/atom+xml']")}
    assert f"{prefix}cities/almaty/tags/newcomers/feed.xml" in feeds and all((out / feed).is_file() for feed in feeds), feeds
    assert [text(li).split(":")[0] for li in tag.select(".subscribe-city-feeds li")] == [city]  # its own city's feeds only


# 2. Calendar links of cancelled and postponed events; directions to the venue


def add_links(soup: BeautifulSoup) -> dict[str, Tag]:
    section = soup.select_one("section.add-to-calendar")
    assert section is not None
    return {("google" if a["href"].startswith(GOOGLE) else "outlook" if a["href"].startswith(OUTLOOK) else "ics"): a for a in section.select("a")}


@pytest.mark.parametrize("prefix", ["", "de/", "ru/"])
def test_a_cancelled_event_offers_no_google_or_outlook_link_but_its_calendar_file(out: Path, prefix: str) -> None:
    soup = page(out, f"{prefix}cities/almaty/events/2026-12-12-hike/index.html")
    links = add_links(soup)
    assert sorted(links) == ["ics"]
    assert not soup.find("a", href=re.compile(r"calendar\.google\.com|outlook\.live\.com/calendar/0/action"))
    ics = (out / target(f"{prefix}cities/almaty/events/2026-12-12-hike/index.html", links["ics"]["href"])).read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in ics


@pytest.mark.parametrize(("prefix", "said", "title"), [
    ("", "postponed: the date may change", "Postponed: Museum visit"),
    ("de/", "verschoben: der Termin kann sich ändern", "Verschoben: Museum visit"),
    ("ru/", "перенесено: дата может измениться", "Перенесено: Museum visit"),
])
def test_a_postponed_events_links_say_so(out: Path, prefix: str, said: str, title: str) -> None:
    links = add_links(page(out, f"{prefix}cities/berlin/events/2026-12-10-museum/index.html"))
    assert sorted(links) == ["google", "ics", "outlook"]
    assert said in text(links["google"]) and said in text(links["outlook"])
    assert parse_qs(urlsplit(links["google"]["href"]).query)["text"] == [title]
    assert parse_qs(urlsplit(links["outlook"]["href"]).query)["subject"] == [title]
    scheduled = add_links(page(out, f"{prefix}cities/almaty/events/2026-12-05-tea/index.html"))
    assert said not in text(scheduled["google"])
    assert parse_qs(urlsplit(scheduled["google"]["href"]).query)["text"] == ["Tea evening"]


@pytest.mark.parametrize("prefix", ["", "de/", "ru/"])
def test_a_venue_with_coordinates_has_a_map_link_and_a_geo_uri(out: Path, prefix: str) -> None:
    soup = page(out, f"{prefix}cities/almaty/events/2026-12-05-tea/index.html")
    osm = soup.select_one("a[data-directions=osm]")
    geo = soup.select_one("a[data-directions=geo]")
    assert osm is not None and geo is not None
    parts = urlsplit(osm["href"])
    assert (parts.scheme, parts.netloc) == ("https", "www.openstreetmap.org")
    assert parse_qs(parts.query) == {"mlat": ["43.238900"], "mlon": ["76.889700"]}
    assert parts.fragment == "map=17/43.238900/76.889700"
    assert geo["href"] == "geo:43.238900,76.889700"
    # Links only: the page loads nothing from another host.
    loaded = [tag["src"] for tag in soup.find_all(src=True)] + [tag["href"] for tag in soup.find_all("link", rel=["stylesheet", "icon"])]
    assert loaded and all("://" not in value for value in loaded), loaded
    without = page(out, f"{prefix}cities/almaty/events/2026-12-20-safari/index.html")
    assert not without.select("a[data-directions]")


# 3. Prices: CLDR's currency spacing


@pytest.mark.parametrize(("prefix", "event", "price"), [
    ("", "almaty/events/2026-12-05-tea", "KZT\u00a045,000"),
    ("", "almaty/events/2026-12-01-games", "RUB\u00a0500"),
    ("", "almaty/events/2026-12-12-hike", "ARS\u00a012,000"),
    ("", "almaty/events/2026-12-20-safari", "KES\u00a0800"),
    ("", "berlin/events/2026-12-10-museum", "€12"),
    ("de/", "almaty/events/2026-12-01-games", "500\u00a0RUB"),
    ("de/", "berlin/events/2026-12-10-museum", "12\u00a0€"),
    ("ru/", "almaty/events/2026-12-01-games", "500\u00a0₽"),
    ("ru/", "almaty/events/2026-12-05-tea", "45\u00a0000\u00a0KZT"),
])
def test_prices_on_pages_are_spaced_as_cldr_says(out: Path, prefix: str, event: str, price: str) -> None:
    soup = page(out, f"{prefix}cities/{event}/index.html")
    cost = soup.find("dt", string=re.compile("Cost|Kosten|Стоимость")).find_next_sibling("dd")
    assert cost.get_text(strip=True) == price
    listing = page(out, f"{prefix}cities/{event.split('/')[0]}/events/index.html")
    assert any(price in badge.get_text() for badge in listing.select(".badges .badge"))


@pytest.mark.parametrize(("prefix", "cost"), [("", "Pay what you like"), ("de/", "Zahl, was du magst"), ("ru/", "Pay what you like")])
def test_a_cost_in_words_is_said_in_the_translations_language(out: Path, prefix: str, cost: str) -> None:
    soup = page(out, f"{prefix}cities/berlin/events/2026-12-15-choir/index.html")
    assert soup.find("dt", string=re.compile("Cost|Kosten|Стоимость")).find_next_sibling("dd").get_text(strip=True) == cost


def test_a_translation_may_not_put_words_for_an_amount(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site-src", {**SITE, "content/events/berlin/2026-12-10-museum.de.md": """
        ---
        title: Museumsbesuch
        cost: Zahl, was du magst
        ---
        """})
    result = run_quietly(["check", str(root)])
    assert result.code == 1
    assert ("content/events/berlin/2026-12-10-museum.de.md:3:1: error: `cost` can be set in a translation only in words, when the original's is words too"
            in result.err), result.err


LETTER_CURRENCIES = ("RUB", "KZT", "ARS", "KES", "USD", "EUR", "JPY")


def touching(shown: str) -> list[str]:
    """Each place where a letter and a digit touch (`RUB500`, `500RUB`): CLDR wants a space there."""
    return [shown[i:i + 2] for i in range(len(shown) - 1)
            if {unicodedata.category(shown[i])[0], unicodedata.category(shown[i + 1])[0]} == {"L", "N"}]


def test_no_language_glues_a_letter_symbol_to_the_number() -> None:
    glued = {}
    for lang in locale_identifiers():
        for currency in LETTER_CURRENCIES:
            for amount in (Decimal(500), Decimal("2.50")):
                shown = format_cost(Money(amount, currency), lang)
                if touching(shown):
                    glued[lang, currency] = shown
    assert not glued, list(glued.items())[:10]


@pytest.mark.parametrize(("pattern", "symbol", "spaced"), [
    ("¤#,##0.00", "RUB", "¤\u00a0#,##0.00"),
    ("¤#,##0.00", "€", "¤#,##0.00"),
    ("¤#,##0.00", "$", "¤#,##0.00"),
    ("¤#,##0.00", "US$", "¤#,##0.00"),  # the side next to the number is `$`, a symbol
    ("#,##0.00¤", "KES", "#,##0.00\u00a0¤"),
    ("#,##0.00¤", "₽", "#,##0.00¤"),
    ("#,##0.00\u00a0¤", "RUB", "#,##0.00\u00a0¤"),  # already apart
    ("¤#,##0.00;(¤#,##0.00)", "KZT", "¤\u00a0#,##0.00;(¤\u00a0#,##0.00)"),
])
def test_currency_spacing_applies_cldrs_rule_to_each_side_and_sub_pattern(pattern: str, symbol: str, spaced: str) -> None:
    assert currency_spaced(pattern, symbol) == spaced


# 4. The strike-through of a cancelled title is the title's alone


def test_a_cancelled_title_is_struck_through_without_its_badge(out: Path) -> None:
    heading = page(out, "cities/almaty/events/2026-12-12-hike/index.html").h1
    assert text(heading.select_one(".title-text")) == "Mountain hike"
    assert heading.select_one(".title-text").find(class_="badge") is None and heading.select_one(".badge") is not None
    css = (Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8")
    struck = re.findall(r"([^{}]+)\{[^}]*line-through", css)
    assert any(".event.status-cancelled h1 .title-text" in rule for rule in struck)
    assert not any(re.search(r"status-cancelled h1\s*(,|$)", rule.strip()) for rule in struck)


# 5. City names and the search box in the page's language


@pytest.mark.parametrize(("prefix", "local"), [
    ("", "local time in Berlin"),
    ("de/", "Ortszeit in Berlin"),
    ("ru/", "местное время, Берлин"),  # Berlin has no Russian version: CLDR's name of its zone's city
])
def test_local_time_names_the_city_in_the_pages_language(out: Path, prefix: str, local: str) -> None:
    soup = page(out, f"{prefix}cities/berlin/events/2026-12-10-museum/index.html")
    assert local in text(soup.select_one(".facts dd"))


def test_a_city_not_named_after_its_zone_keeps_its_name_and_a_translated_one_its_translation(out: Path) -> None:
    soup = page(out, "ru/index.html")
    names = {text(a) for a in soup.select(".picker a")}
    assert names == {"Алма-Ата", "Берлин", "Potsdam"}  # the translation's name; CLDR's for Berlin; Potsdam as written
    assert page(out, "ru/cities/potsdam/index.html").h1.get("lang") is None
    heading = page(out, "ru/cities/berlin/index.html").h1
    assert (text(heading), heading["lang"]) == ("Берлин", "ru")  # in the English fallback page's article


SEARCH_KEYS = {"placeholder", "clear_search", "load_more", "search_label", "filters_label", "zero_results", "many_results",
               "one_result", "alt_search", "search_suggestion", "searching"}


def search_texts(out: Path, prefix: str) -> dict[str, str]:
    box = page(out, f"{prefix}search/index.html").select_one("#search")
    assert box is not None
    found = json.loads(box["data-translations"])
    assert set(found) == SEARCH_KEYS
    return found


@pytest.mark.parametrize(("prefix", "label", "results"), [
    ("", "Search this site", "[COUNT] results for [SEARCH_TERM]"),
    ("de/", "Diese Website durchsuchen", "[COUNT] Ergebnisse für „[SEARCH_TERM]“"),
    ("ru/", "Поиск по сайту", "По запросу «[SEARCH_TERM]» найдено результатов: [COUNT]"),
])
def test_the_search_box_speaks_the_pages_language(out: Path, prefix: str, label: str, results: str) -> None:
    found = search_texts(out, prefix)
    assert (found["search_label"], found["many_results"]) == (label, results)
    for key, value in found.items():
        placeholders = set(re.findall(r"\[[A-Z_]+\]", value))
        assert placeholders <= {"[COUNT]", "[SEARCH_TERM]", "[DIFFERENT_TERM]"}, (key, value)
        english = search_texts(out, "")[key]
        assert placeholders == set(re.findall(r"\[[A-Z_]+\]", english)), (key, value)


def test_russian_search_results_agree_with_every_count(out: Path) -> None:
    """Pagefind has one text for one result and one for any other count: the Russian one puts
    the number after a colon, where the noun's form does not depend on it (2, 5 and 21 alike)."""
    found = search_texts(out, "ru/")
    assert found["many_results"].endswith("результатов: [COUNT]")
    assert "[COUNT]" not in found["one_result"] and "один результат" in found["one_result"]
    for count in (2, 3, 5, 11, 21, 104):
        shown = found["many_results"].replace("[COUNT]", str(count)).replace("[SEARCH_TERM]", "банк")
        assert not re.search(r"\d\s+результат", shown), shown


def test_the_dark_colours_change_only_colour_properties() -> None:
    """tests/browser/browser_support.py runs only axe's colour rules in the dark scheme: that
    holds while the dark block of style.css sets the theme's colour properties and nothing else."""
    css = (Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8")
    blocks = re.findall(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", css, flags=re.DOTALL)
    assert len(blocks) == 1
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", blocks[0])
    assert [selector.strip() for selector, _ in rules] == [":root"]
    declarations = [part.strip() for part in rules[0][1].split(";") if part.strip()]
    assert declarations and all(re.fullmatch(r"--[a-z-]+:\s*#[0-9a-f]{3,8}", part) for part in declarations), declarations
