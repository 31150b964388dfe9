"""Interest groups as a reader gets them (issue 18): a city's groups, a group's page with its
upcoming events, its own calendar and feeds (its events only, with the city calendar's UIDs and
the city feed's ids), `/groups/` by theme, and an event's link to its group; in English, German
and Russian.

The fixture `tests/fixtures/sites/everyday`: Almaty has a Russian conversation club (tagged
language-exchange, translated into German, running the weekly "Tea and talk") and mountain
walkers (no tag); Berlin has joggers (running, with the park run) and a Sprachcafé (language-exchange).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
import recurring_ical_events
from conftest import FIXTURES, edit_and_rebuild, run_quietly
from test_build import page
from test_directory_pages import texts

from generator.content.starters import group_starter

EVERYDAY = FIXTURES / "sites" / "everyday"
PREFIXES = ("", "de/", "ru/")
CLUB = "cities/almaty/groups/russian-club/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("groups") / "everyday"
    shutil.copytree(EVERYDAY, root)
    result = run_quietly(["build", str(root), "--no-search"])
    assert result.code == 0, result.err
    return root / "site"


def calendar(out: Path, file: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((out / file).read_bytes())


def vevents(out: Path, file: str) -> dict[str, bytes]:
    return {str(event["UID"]): event.to_ical() for event in calendar(out, file).walk("VEVENT")}


# /groups/: the network's groups by theme


@pytest.mark.parametrize(("prefix", "themes"), [
    ("", ["language-exchange", "running", "Other groups"]),
    ("de/", ["Laufen", "Sprachtausch", "Weitere Gruppen"]),
    ("ru/", ["бег", "языковой обмен", "Другие клубы"]),
])
def test_every_group_of_the_network_is_listed_under_each_of_its_themes(out: Path, prefix: str, themes: list[str]) -> None:
    soup = page(out, prefix + "groups/index.html")
    sections = soup.select("section.theme")
    assert [section.h2.get_text() for section in sections] == themes  # by the tag's name in the language, "Other" last
    by_anchor = {section.h2["id"]: section for section in sections}
    assert set(by_anchor) == {"theme-language-exchange", "theme-running", "theme-other"}
    assert texts(by_anchor["theme-language-exchange"], ".group-name") == [
        "Russischer Gesprächskreis" if prefix == "de/" else "Russian conversation club", "Sprachcafé"]  # by city, then name
    assert texts(by_anchor["theme-running"], ".group-name") == ["Tiergarten joggers"]
    assert texts(by_anchor["theme-other"], ".group-name") == ["Mountain walkers"]
    club = by_anchor["theme-language-exchange"].select_one(".card")
    assert club.select_one(".group-name a")["href"] == f"../{CLUB}"
    assert club.select_one(".meta a")["href"] == "../cities/almaty/"
    assert [a["href"] for a in soup.select(".category-index a")] == [f"#{section.h2['id']}" for section in sections]


@pytest.mark.parametrize(("prefix", "count"), [("", "4 groups in the network."), ("de/", "4 Gruppen im Netzwerk."), ("ru/", "4 клуба в сети.")])
def test_groups_page_counts_the_networks_groups_in_the_languages_plural(out: Path, prefix: str, count: str) -> None:
    assert count in texts(page(out, prefix + "groups/index.html"), "p.meta")


def test_russian_plural_forms_follow_the_number() -> None:
    """1 клуб, 2–4 клуба, 5–20 клубов, 21 клуб: the catalog's three forms, chosen by its rule."""
    from babel.messages.pofile import read_po

    from generator.core.errors import ErrorReport
    from generator.output.i18n import catalog_path, load

    locale = Path(__file__).resolve().parent.parent / "themes" / "default" / "locale"
    translations = load(catalog_path(locale, "ru"), "ru", ErrorReport(), locale)
    with catalog_path(locale, "ru").open("rb") as file:
        assert read_po(file, locale="ru").num_plurals == 3
    said = {n: translations.ngettext("%(num)d group in the network.", "%(num)d groups in the network.", n) % {"num": n} for n in (1, 3, 5, 11, 21, 22)}
    assert said == {1: "1 клуб в сети.", 3: "3 клуба в сети.", 5: "5 клубов в сети.", 11: "11 клубов в сети.", 21: "21 клуб в сети.", 22: "22 клуба в сети."}


# a city's groups and a group's page


@pytest.mark.parametrize(("prefix", "title"), [("", "Interest groups in Almaty"), ("de/", "Interessengruppen in Almaty"), ("ru/", "Клубы по интересам: Алматы")])
def test_a_citys_groups_page_lists_its_groups_by_name(out: Path, prefix: str, title: str) -> None:
    soup = page(out, prefix + "cities/almaty/groups/index.html")
    assert soup.h1.get_text() == title
    names = texts(soup, ".group-name")
    assert names == (["Mountain walkers", "Russischer Gesprächskreis"] if prefix == "de/" else ["Mountain walkers", "Russian conversation club"])
    assert [a["href"] for a in soup.select(".group-name a")] == ["mountain-walkers/", "russian-club/"]


@pytest.mark.parametrize(("prefix", "labels", "meets"), [
    ("", ["How to join", "Meets", "Languages", "Hosts", "Themes"], "Wednesdays at 19:00, Café Kofeinya"),
    ("de/", ["Mitmachen", "Treffen", "Sprachen", "Gastgebende", "Themen"], "Mittwochs um 19 Uhr, Café Kofeinya"),
    ("ru/", ["Как присоединиться", "Встречи", "Языки", "Организаторы", "Темы"], "Wednesdays at 19:00, Café Kofeinya"),
])
def test_a_group_page_says_how_to_join_when_it_meets_and_who_hosts_it(out: Path, prefix: str, labels: list[str], meets: str) -> None:
    soup = page(out, prefix + CLUB + "index.html")
    facts = soup.select_one("article.group dl.facts")
    assert [dt.get_text() for dt in facts.find_all("dt")] == labels
    assert soup.select_one("[data-contact]")["href"] == "https://t.me/almaty-russian-club"
    assert facts.find_all("dd")[1].get_text(strip=True) == meets
    assert [a["href"] for a in facts.find_all("dd")[3].find_all("a")] == ["https://github.com/aigerim", "https://github.com/dana-s"]
    assert facts.find_all("dd")[4].a["href"] == "../../../../groups/#theme-language-exchange"
    assert soup.select("[data-pagefind-body]")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_group_page_lists_its_own_upcoming_events_only(out: Path, prefix: str) -> None:
    soup = page(out, prefix + CLUB + "index.html")
    assert texts(soup, "#group-events ~ .events .event-title a") == ["Tea and talk in Russian"]  # not the city's apple fair
    walkers = page(out, prefix + "cities/almaty/groups/mountain-walkers/index.html")
    assert walkers.select("#group-events ~ .events") == [] and walkers.select("#group-events ~ .empty")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_group_page_subscribes_to_the_groups_own_calendar_and_feeds(out: Path, prefix: str) -> None:
    soup = page(out, prefix + CLUB + "index.html")
    box = soup.select_one("aside.subscribe")
    assert box.select_one("[data-subscribe=file]")["href"] == "events.ics"
    assert box.select_one("[data-subscribe=atom]")["href"] == "feed.xml"
    assert box.select_one("[data-subscribe=rss]")["href"] == "rss.xml"
    assert box.select_one("[data-subscribe=address]")["value"] == f"https://example.org/everyday/{prefix}{CLUB}events.ics"
    assert box.select_one("[data-subscribe=webcal]")["href"] == f"webcal://example.org/everyday/{prefix}{CLUB}events.ics"
    announced = [link["href"] for link in soup.select("link[rel=alternate][type^='application/']")]
    assert announced[-2:] == ["feed.xml", "rss.xml"]  # the network's and the city's, then the group's


def test_start_a_group_opens_githubs_editor_on_a_new_group_of_the_city(out: Path) -> None:
    for file in ("cities/berlin/groups/index.html", "de/cities/berlin/groups/jogging/index.html", "cities/berlin/index.html"):
        link = page(out, file).select_one("[data-new=group]")
        assert link is not None, file
        address = urlsplit(link["href"])
        assert address.path == "/example/everyday/new/main/content/groups/berlin"
        query = parse_qs(address.query, strict_parsing=True)
        assert query == {"filename": ["new-group.md"], "value": [group_starter("berlin", date(2026, 11, 21))]}


@pytest.mark.parametrize(("prefix", "name"), [("", "Russian conversation club"), ("de/", "Russischer Gesprächskreis"), ("ru/", "Russian conversation club")])
def test_an_event_page_links_its_group(out: Path, prefix: str, name: str) -> None:
    soup = page(out, prefix + "cities/almaty/events/tea-and-talk/index.html")
    link = soup.select_one("[data-group]")
    assert (link["href"], link.get_text()) == ("../../groups/russian-club/", name)
    assert page(out, prefix + "cities/almaty/events/apple-fair/index.html").select("[data-group]") == []


# the group's calendar and feeds


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_groups_calendar_holds_its_events_with_the_city_calendars_uids(out: Path, prefix: str) -> None:
    group, city = vevents(out, prefix + CLUB + "events.ics"), vevents(out, prefix + "cities/almaty/events.ics")
    assert list(group) == ["tea-and-talk.almaty@example.org"]
    assert group["tea-and-talk.almaty@example.org"] == city["tea-and-talk.almaty@example.org"]  # the same VEVENT: no duplicate for a subscriber of both
    whole = calendar(out, prefix + CLUB + "events.ics")
    assert str(whole["X-WR-CALNAME"]) == ("Everyday Chapters: Russischer Gesprächskreis" if prefix == "de/" else "Everyday Chapters: Russian conversation club")
    assert str(whole["URL"]) == f"https://example.org/everyday/{prefix}{CLUB}"
    dates = [event["DTSTART"].dt.date() for event in recurring_ical_events.of(whole).between(date(2026, 11, 1), date(2027, 1, 1))]
    assert dates == [date(2026, 11, 25), date(2026, 12, 2), date(2026, 12, 9), date(2026, 12, 16), date(2026, 12, 23), date(2026, 12, 30)]


def test_a_group_without_events_has_an_empty_calendar(out: Path) -> None:
    assert vevents(out, "cities/almaty/groups/mountain-walkers/events.ics") == {}
    assert str(calendar(out, "ru/cities/almaty/groups/mountain-walkers/events.ics")["X-WR-CALDESC"]) == (
        "События клуба «Mountain walkers» сообщества в городе Алматы.")


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("kind", ["feed.xml", "rss.xml"])
def test_a_groups_feeds_hold_its_events_with_the_city_feeds_ids(out: Path, prefix: str, kind: str) -> None:
    group = feedparser.parse((out / prefix / "cities/berlin/groups/jogging" / kind).read_bytes())
    city = feedparser.parse((out / prefix / "cities/berlin" / kind).read_bytes())
    assert not group.bozo
    assert [entry.id for entry in group.entries] == [f"https://example.org/everyday/{prefix}cities/berlin/events/park-run/"]
    assert {entry.id for entry in group.entries} < {entry.id for entry in city.entries}
    assert group.feed.title == "Everyday Chapters: Tiergarten joggers"
    assert group.feed.link == f"https://example.org/everyday/{prefix}cities/berlin/groups/jogging/"


# incremental


def test_an_edited_group_replans_only_its_city_and_gives_the_bytes_of_a_build_from_nothing(tmp_path: Path) -> None:
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    again = edit_and_rebuild(root, "content/groups/almaty/russian-club.md", "meets: Wednesdays at 19:00", "meets: Thursdays at 19:00")
    assert again.planned_cities == ("almaty",)
    network = {"groups/index.html", "ru/groups/index.html"}  # /groups/ shows when each group meets (the German, its translation's words)
    assert {path for path in again.rendered if "/almaty/" not in path} == network
    assert {f"{CLUB}index.html", f"ru/{CLUB}index.html"} <= set(again.rendered)
    assert "Thursdays at 19:00" in (root / "site" / CLUB / "index.html").read_text(encoding="utf-8")
