"""The Atom and RSS feeds and their autodiscovery links, read back with feedparser.

Builds tests/fixtures/sites/feeds/ once per module as a git repository with three commits
(conftest.commit_feeds_site: the site at FIRST_COMMIT, the Stammtisch moved at
SECOND_COMMIT, Russian translations at THIRD_COMMIT) and once outside git.
"""

from __future__ import annotations

import functools
import posixpath
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import FEEDS_BASE_URL, FIRST_COMMIT, NOW_INSTANT, SECOND_COMMIT, THIRD_COMMIT, FeedsBuild, build_feeds_site, isolated_from_git

from generator.core import urls
from generator.core.options import Options
from generator.pipeline import check
from generator.plan.links import generated_targets

LANGUAGE_PREFIXES = ("", "ru/")
TAGGED = {  # tag: {city: its events with the tag}
    "family": {"berlin": ["christmas-market"]},
    "food": {"almaty": ["plov-evening"]},
    "language-exchange": {"berlin": ["stammtisch"]},
    "newcomers": {"almaty": ["plov-evening"], "berlin": ["stammtisch"]},
}
TAG_FEED_FILES = [f"tags/{tag}/{name}" for tag in TAGGED for name in ("feed.xml", "rss.xml")] + [
    f"cities/{city}/tags/{tag}/{name}" for tag, cities in TAGGED.items() for city in cities for name in ("feed.xml", "rss.xml")]
FEED_FILES = ["feed.xml", "rss.xml", "cities/almaty/feed.xml", "cities/almaty/rss.xml", "cities/berlin/feed.xml", "cities/berlin/rss.xml", *TAG_FEED_FILES]
BERLIN = ZoneInfo("Europe/Berlin")
ALMATY = ZoneInfo("Asia/Almaty")
BASE_PATH = "/chapters/"  # the path of FEEDS_BASE_URL
Feed = feedparser.FeedParserDict


def feed_files(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*.xml") if path.name != "sitemap.xml")


@functools.cache
def parse(out: Path, file: str) -> Feed:
    """The parsed feed (cached: tests only read it)."""
    return feedparser.parse((out / file).read_bytes())


def prefix_of(file: str) -> str:
    return "ru/" if file.startswith("ru/") else ""


def page_url(path: str, prefix: str = "") -> str:
    """The absolute URL of a language-neutral site path (`cities/berlin/`)."""
    return FEEDS_BASE_URL + prefix + path


def event_url(city: str, slug: str, prefix: str = "") -> str:
    return page_url(f"cities/{city}/events/{slug}/", prefix)


def by_link(feed: Feed) -> dict[str, Feed]:
    entries = {entry.link: entry for entry in feed.entries}
    assert len(entries) == len(feed.entries), "two entries share a link"
    return entries


def utc(parsed: object) -> datetime:
    """feedparser's `*_parsed` (a UTC struct_time) as an aware datetime."""
    return datetime(*parsed[:6], tzinfo=UTC)  # type: ignore[index, misc]


def published(entry: Feed) -> datetime:
    return utc(entry.published_parsed)


def updated(entry: Feed) -> datetime:
    return utc(entry.updated_parsed)


def content(entry: Feed) -> str:
    """The entry's HTML: Atom `content`, or RSS `description`."""
    if "content" in entry:
        return str(entry.content[0].value)
    return str(entry.summary)


@pytest.fixture(scope="module")
def out(feeds_git: FeedsBuild) -> Path:
    return feeds_git.out


# what is written


def test_every_feed_of_the_contract_is_written(out: Path) -> None:
    assert feed_files(out) == sorted(prefix + file for prefix in LANGUAGE_PREFIXES for file in FEED_FILES)


@pytest.mark.parametrize("build", ["feeds_git", "feeds_plain"])
def test_every_feed_parses_without_errors(build: str, request: pytest.FixtureRequest) -> None:
    built: FeedsBuild = request.getfixturevalue(build)
    for file in feed_files(built.out):
        feed = parse(built.out, file)
        assert not feed.bozo, f"{file}: {feed.get('bozo_exception')}"
        assert feed.version == ("atom10" if file.endswith("feed.xml") else "rss20"), file
        assert feed.entries, file


@pytest.mark.parametrize("build", ["feeds_git", "feeds_plain"])
def test_every_entry_has_an_id_a_link_and_a_date(build: str, request: pytest.FixtureRequest) -> None:
    built: FeedsBuild = request.getfixturevalue(build)
    for file in feed_files(built.out):
        for entry in parse(built.out, file).entries:
            assert entry.get("id"), (file, entry)
            assert entry.get("link"), (file, entry)
            assert {"updated_parsed", "published_parsed"} & set(entry.keys()), (file, entry.link)
            assert entry.get("title"), (file, entry.link)


def test_feeds_declare_their_language(out: Path) -> None:
    for file in feed_files(out):
        assert parse(out, file).feed.language == ("ru" if file.startswith("ru/") else "en"), file


def test_feed_titles_name_the_network_or_the_city(out: Path) -> None:
    assert parse(out, "feed.xml").feed.title == "Feed Chapters: events and news"
    assert parse(out, "cities/berlin/feed.xml").feed.title == "Feed Chapters: Berlin"
    assert parse(out, "ru/cities/berlin/rss.xml").feed.title == "Feed Chapters: Берлин"


def test_an_entry_names_its_city_in_the_feed_language(out: Path) -> None:
    """Almaty has no Russian translation: its name in Russian is CLDR's (views.city_name)."""
    entries = parse(out, "ru/cities/almaty/feed.xml").entries
    events = [entry for entry in entries if "местное время" in content(entry)]
    assert events and all("местное время, Алматы" in content(entry) for entry in events)


# links and ids


def test_every_link_and_id_is_absolute_and_in_the_feed_language(out: Path) -> None:
    for file in feed_files(out):
        base = FEEDS_BASE_URL + prefix_of(file)
        feed = parse(out, file)
        for link in feed.feed.links:
            assert link.href.startswith(base), (file, link.href)
        for entry in feed.entries:
            assert entry.link.startswith(base), (file, entry.link)
            assert entry.id.startswith(base), (file, entry.id)
            assert all(link.href.startswith(base) for link in entry.links), (file, entry.link)


def test_atom_feed_links_to_its_page_and_itself(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for page, file in (("", "feed.xml"), ("cities/berlin/", "cities/berlin/feed.xml")):
            links = {link.rel: link.href for link in parse(out, prefix + file).feed.links}
            assert links == {"alternate": page_url(page, prefix), "self": page_url(file, prefix)}, prefix + file
            assert parse(out, prefix + file).feed.id == page_url(page, prefix)


def test_rss_channel_links_to_the_web_page(out: Path) -> None:
    """RSS 2.0: a channel's <link> is "the URL to the HTML website corresponding to the channel"."""
    for prefix in LANGUAGE_PREFIXES:
        for page, file in (("", "rss.xml"), ("cities/berlin/", "cities/berlin/rss.xml"), ("cities/almaty/", "cities/almaty/rss.xml")):
            feed = parse(out, prefix + file)
            assert feed.feed.link == page_url(page, prefix), prefix + file
            assert {link.href for link in feed.feed.links if link.rel == "self"} == {page_url(file, prefix)}, prefix + file


def test_links_inside_entries_are_absolute(out: Path) -> None:
    checked = 0
    for file in feed_files(out):
        for entry in parse(out, file).entries:
            for tag in BeautifulSoup(content(entry), "html.parser").find_all(["a", "img"]):
                href = tag.get("href") or tag.get("src")
                assert href.startswith(("https://", "http://", "mailto:")), (file, entry.link, href)
                checked += 1
    assert checked > 10
    (talk,) = [e for e in parse(out, "ru/feed.xml").entries if e.link == event_url("berlin", "long-talk", "ru/")]
    assert f'href="{FEEDS_BASE_URL}ru/handbook/first-week/"' in content(talk)  # stays in the reader's language


def test_entry_id_is_the_page_url(out: Path) -> None:
    for file in feed_files(out):
        for entry in parse(out, file).entries:
            assert entry.id == entry.link, (file, entry.id)
    for prefix in LANGUAGE_PREFIXES:
        rss = (out / prefix / "rss.xml").read_text(encoding="utf-8")
        for entry in parse(out, prefix + "rss.xml").entries:
            assert f'<guid isPermaLink="true">{entry.id}</guid>' in rss, entry.id


def test_atom_and_rss_have_the_same_entries(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for atom_file in ("feed.xml", "cities/berlin/feed.xml", "cities/almaty/feed.xml"):
            atom = parse(out, prefix + atom_file)
            rss = parse(out, prefix + atom_file.replace("feed.xml", "rss.xml"))
            assert [e.id for e in atom.entries] == [e.id for e in rss.entries], prefix + atom_file
            assert [e.title for e in atom.entries] == [e.title for e in rss.entries], prefix + atom_file
            assert [published(e) for e in atom.entries] == [published(e) for e in rss.entries], prefix + atom_file


def test_entry_ids_are_stable_across_builds_and_histories(feeds_git: FeedsBuild, feeds_plain: FeedsBuild, tmp_path: Path) -> None:
    again = build_feeds_site(feeds_git.root, tmp_path / "again")
    for file in feed_files(feeds_git.out):
        ids = [entry.id for entry in parse(feeds_git.out, file).entries]
        assert [entry.id for entry in parse(again, file).entries] == ids, file
        assert (again / file).read_bytes() == (feeds_git.out / file).read_bytes(), file
        plain_ids = {entry.id for entry in parse(feeds_plain.out, file).entries}
        network = file.removeprefix(prefix_of(file)) in ("feed.xml", "rss.xml")
        undated = {page_url("handbook/first-week/", prefix_of(file))} if network else set()  # dated by git only
        assert set(ids) == plain_ids | undated, file


# what the feeds hold


def test_network_feed_holds_every_event_guide_section_and_dated_handbook_chapter(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        links = set(by_link(parse(out, prefix + "feed.xml")))
        events = {
            event_url(city, slug, prefix)
            for city, slugs in {"berlin": ["christmas-market", "lake-swim", "long-talk", "stammtisch"], "almaty": ["mountain-walk", "online-coffee", "plov-evening", "ski-trip", "summer-walk"]}.items()
            for slug in slugs
        }
        assert links == events | {page_url("cities/berlin/paperwork/", prefix), page_url("handbook/first-week/", prefix)}, prefix


def test_city_feed_holds_only_its_city(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for city in ("berlin", "almaty"):
            links = by_link(parse(out, f"{prefix}cities/{city}/feed.xml"))
            assert links and all(link.startswith(page_url(f"cities/{city}/", prefix)) for link in links), (prefix, city)
    assert page_url("cities/berlin/paperwork/") in by_link(parse(out, "cities/berlin/feed.xml"))


def test_entries_are_newest_first(feeds_git: FeedsBuild, feeds_plain: FeedsBuild) -> None:
    for built in (feeds_git, feeds_plain):
        for file in feed_files(built.out):
            dates = [published(entry) for entry in parse(built.out, file).entries]
            assert dates == sorted(dates, reverse=True), file


def test_without_git_events_are_ordered_by_their_date(feeds_plain: FeedsBuild) -> None:
    slugs = [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in parse(feeds_plain.out, "cities/berlin/feed.xml").entries]
    assert slugs == ["lake-swim", "christmas-market", "long-talk", "paperwork", "stammtisch"]


def test_feed_updated_is_its_newest_entry(feeds_git: FeedsBuild, feeds_plain: FeedsBuild) -> None:
    for built in (feeds_git, feeds_plain):
        for file in feed_files(built.out):
            if file.endswith("feed.xml"):
                feed = parse(built.out, file)
                assert utc(feed.feed.updated_parsed) == max(updated(entry) for entry in feed.entries), file


def test_entry_says_when_and_where(out: Path) -> None:
    entries = by_link(parse(out, "feed.xml"))
    stammtisch = content(entries[event_url("berlin", "stammtisch")])
    assert "When:" in stammtisch and "September 3, 2026" in stammtisch and "19:00" in stammtisch
    assert "local time in Berlin" in stammtisch
    assert "Where:" in stammtisch and "Café Anna Blume, Kollwitzstraße 83, Berlin" in stammtisch
    assert "Repeats" in stammtisch
    assert "First Thursday of every month" in stammtisch  # then the description
    coffee = content(entries[event_url("almaty", "online-coffee")])
    assert "09:00" in coffee and "local time in Almaty" in coffee
    assert 'href="https://meet.example.org/almaty-coffee"' in coffee
    market = content(entries[event_url("berlin", "christmas-market")])
    assert "December 12, 2026" in market and "Gendarmenmarkt" in market and ":00" not in market


def test_russian_entries_carry_the_russian_text(out: Path) -> None:
    entries = by_link(parse(out, "ru/feed.xml"))
    stammtisch = entries[event_url("berlin", "stammtisch", "ru/")]
    assert stammtisch.title == "Ежемесячный штаммтиш"
    assert "3 сентября 2026" in content(stammtisch) and "19:00" in content(stammtisch)
    assert "Кафе «Анна Блуме», Kollwitzstraße 83, Berlin" in content(stammtisch)
    assert "Каждый первый четверг месяца" in content(stammtisch)
    plov = entries[event_url("almaty", "plov-evening", "ru/")]
    assert plov.title == "Вечер плова «Всё своё»"
    assert "Чайхана «Навват», улица Панфилова, 100, Алматы" in content(plov)
    assert "Готовим плов вместе" in content(plov)


def test_cancelled_and_postponed_entries_say_so_in_the_title(out: Path) -> None:
    entries = by_link(parse(out, "feed.xml"))
    assert entries[event_url("berlin", "lake-swim")].title == "Cancelled: Winter swim at the lake"
    assert entries[event_url("almaty", "ski-trip")].title == "Postponed: Ski trip to Shymbulak"
    assert entries[event_url("berlin", "stammtisch")].title == "Monthly Stammtisch"
    assert by_link(parse(out, "ru/rss.xml"))[event_url("berlin", "lake-swim", "ru/")].title == "Отменено: Зимнее купание в озере"


# dates from git history


def test_changed_event_is_published_at_its_first_commit_and_updated_at_its_last(out: Path) -> None:
    for file in ("feed.xml", "cities/berlin/feed.xml"):
        entry = by_link(parse(out, file))[event_url("berlin", "stammtisch")]
        assert published(entry) == FIRST_COMMIT, file
        assert updated(entry) == SECOND_COMMIT, file
    rss = by_link(parse(out, "rss.xml"))[event_url("berlin", "stammtisch")]
    assert published(rss) == FIRST_COMMIT


def test_translated_entry_is_updated_by_its_translation(out: Path) -> None:
    entry = by_link(parse(out, "ru/feed.xml"))[event_url("berlin", "stammtisch", "ru/")]
    assert published(entry) == FIRST_COMMIT
    assert updated(entry) == THIRD_COMMIT


def test_title_only_translation_also_updates_its_entry(out: Path) -> None:
    """docs/feeds.md: updated is "the date of the latest commit of the file or its translation"."""
    entry = by_link(parse(out, "ru/feed.xml"))[event_url("berlin", "lake-swim", "ru/")]
    assert published(entry) == FIRST_COMMIT
    assert updated(entry) == THIRD_COMMIT  # lake-swim.ru.md (front matter only) was added then
    assert updated(by_link(parse(out, "feed.xml"))[event_url("berlin", "lake-swim")]) == FIRST_COMMIT


def test_unchanged_entries_carry_the_first_commit_date(out: Path) -> None:
    entries = by_link(parse(out, "feed.xml"))
    for link in (event_url("almaty", "online-coffee"), event_url("berlin", "long-talk"), page_url("handbook/first-week/")):
        assert published(entries[link]) == updated(entries[link]) == FIRST_COMMIT, link


def test_declared_published_date_wins_over_git(out: Path) -> None:
    entries = by_link(parse(out, "feed.xml"))
    plov = entries[event_url("almaty", "plov-evening")]
    assert published(plov) == updated(plov) == datetime(2026, 10, 20, 9, tzinfo=ALMATY)  # local time in Almaty
    assert entries[event_url("almaty", "plov-evening")].published == "2026-10-20T09:00:00+05:00"
    paperwork = entries[page_url("cities/berlin/paperwork/")]
    assert published(paperwork) == updated(paperwork) == datetime(2026, 10, 1, tzinfo=BERLIN)


def test_without_git_an_event_is_dated_by_its_start(feeds_plain: FeedsBuild) -> None:
    entries = by_link(parse(feeds_plain.out, "feed.xml"))
    stammtisch = entries[event_url("berlin", "stammtisch")]
    assert published(stammtisch) == updated(stammtisch) == datetime(2026, 9, 3, 19, tzinfo=BERLIN)
    assert stammtisch.published == "2026-09-03T19:00:00+02:00"
    market = entries[event_url("berlin", "christmas-market")]
    assert published(market) == datetime(2026, 12, 12, tzinfo=BERLIN)  # an all-day event: local midnight


def test_without_git_an_undated_page_is_left_out(feeds_plain: FeedsBuild) -> None:
    for prefix in LANGUAGE_PREFIXES:
        links = set(by_link(parse(feeds_plain.out, prefix + "feed.xml")))
        assert page_url("handbook/first-week/", prefix) not in links, prefix
        assert page_url("cities/berlin/paperwork/", prefix) in links, prefix  # it has `published`


# autodiscovery


def html_files(out: Path) -> list[str]:
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html"))


def announced(out: Path, page_file: str, kind: str = "application/atom+xml") -> list[str]:
    """The output files that a page's `<link rel="alternate" type=kind>` elements point to."""
    soup = BeautifulSoup((out / page_file).read_text(encoding="utf-8"), "html.parser")
    targets = []
    for link in soup.select(f'head link[rel="alternate"][type="{kind}"]'):
        href = link["href"]
        assert "://" not in href, (page_file, href)
        assert link.get("title"), (page_file, href)
        if href.startswith("/"):  # the 404 page is served at any address, so its links start with the base path
            assert page_file.endswith("404.html") and href.startswith(BASE_PATH), (page_file, href)
            targets.append(href[len(BASE_PATH) :])
        else:
            targets.append(posixpath.normpath(posixpath.join(posixpath.dirname(page_file), href)))
    return targets


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_home_page_announces_the_network_feeds(out: Path, prefix: str) -> None:
    assert announced(out, prefix + "index.html") == [prefix + "feed.xml"]
    assert announced(out, prefix + "index.html", "application/rss+xml") == [prefix + "rss.xml"]


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("page", ["cities/berlin/index.html", "cities/berlin/events/index.html", "cities/berlin/paperwork/index.html", "cities/berlin/events/stammtisch/index.html"])
def test_city_pages_announce_the_network_and_the_city_feeds(out: Path, prefix: str, page: str) -> None:
    assert announced(out, prefix + page) == [prefix + "feed.xml", prefix + "cities/berlin/feed.xml"]
    assert announced(out, prefix + page, "application/rss+xml") == [prefix + "rss.xml", prefix + "cities/berlin/rss.xml"]


def test_every_page_announces_feeds_that_exist(out: Path) -> None:
    for page in html_files(out):
        atom = announced(out, page)
        assert atom and atom[0] == prefix_of(page) + "feed.xml", page
        for target in atom + announced(out, page, "application/rss+xml"):
            assert (out / target).is_file(), f"{page}: {target}"


def test_announced_feed_is_the_feed_it_names(out: Path) -> None:
    (network, city) = announced(out, "ru/cities/almaty/events/online-coffee/index.html")
    assert {link.href for link in parse(out, city).feed.links if link.rel == "self"} == {FEEDS_BASE_URL + city}
    assert {link.href for link in parse(out, network).feed.links if link.rel == "self"} == {FEEDS_BASE_URL + network}



# each tag's feeds: in every city, and in each city where it has events


def test_tag_feeds_hold_the_tagged_events_of_every_city_or_of_one(out: Path) -> None:
    for prefix in LANGUAGE_PREFIXES:
        for tag, cities in TAGGED.items():
            everywhere = {event_url(city, slug, prefix) for city, slugs in cities.items() for slug in slugs}
            for name in ("feed.xml", "rss.xml"):
                assert set(by_link(parse(out, f"{prefix}tags/{tag}/{name}"))) == everywhere, (prefix, tag)
                for city, slugs in cities.items():
                    assert set(by_link(parse(out, f"{prefix}cities/{city}/tags/{tag}/{name}"))) == {event_url(city, slug, prefix) for slug in slugs}


def test_tag_feeds_are_named_in_their_language_with_the_city_name_in_it(out: Path) -> None:
    assert parse(out, "tags/newcomers/feed.xml").feed.title == "Feed Chapters: events tagged newcomers"
    assert parse(out, "ru/tags/newcomers/rss.xml").feed.title == "Feed Chapters: события с тегом newcomers"
    assert parse(out, "cities/berlin/tags/newcomers/feed.xml").feed.title == "Feed Chapters: Berlin, events tagged newcomers"
    assert parse(out, "ru/cities/berlin/tags/newcomers/feed.xml").feed.title == "Feed Chapters: Берлин, события с тегом newcomers"
    assert parse(out, "ru/tags/newcomers/feed.xml").feed.language == "ru"


def test_tag_feeds_link_to_the_tag_page_and_each_atom_feed_has_an_id_of_its_own(out: Path) -> None:
    ids = {}
    for file in feed_files(out):
        if file.endswith("feed.xml"):
            feed_id = parse(out, file).feed.id
            assert feed_id not in ids, f"{file} and {ids.get(feed_id)} share the id {feed_id}"
            ids[feed_id] = file
    for prefix in LANGUAGE_PREFIXES:
        links = {link.rel: link.href for link in parse(out, f"{prefix}tags/food/feed.xml").feed.links}
        assert links == {"alternate": page_url("tags/food/", prefix), "self": page_url("tags/food/feed.xml", prefix)}
        assert parse(out, f"{prefix}tags/food/feed.xml").feed.id == page_url("tags/food/", prefix)
        city = parse(out, f"{prefix}cities/almaty/tags/food/feed.xml").feed
        assert {link.rel: link.href for link in city.links} == {"alternate": page_url("tags/food/", prefix), "self": page_url("cities/almaty/tags/food/feed.xml", prefix)}
        assert city.id == page_url("cities/almaty/tags/food/feed.xml", prefix)
        assert parse(out, f"{prefix}tags/food/rss.xml").feed.link == page_url("tags/food/", prefix)


def test_tag_feed_ids_are_the_same_in_a_second_build(feeds_git: FeedsBuild, tmp_path: Path) -> None:
    again = build_feeds_site(feeds_git.root, tmp_path / "again")
    for file in TAG_FEED_FILES:
        first, second = parse(feeds_git.out, file), parse(again, file)
        assert first.feed.get("id") == second.feed.get("id"), file
        assert [entry.id for entry in first.entries] == [entry.id for entry in second.entries], file
        assert [entry.id for entry in first.entries], file


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_tag_pages_announce_the_tags_feeds_in_every_city_and_in_each(out: Path, prefix: str) -> None:
    page = prefix + "tags/newcomers/index.html"
    assert announced(out, page) == [prefix + file for file in ("feed.xml", "tags/newcomers/feed.xml", "cities/almaty/tags/newcomers/feed.xml", "cities/berlin/tags/newcomers/feed.xml")]
    assert announced(out, page, "application/rss+xml") == [prefix + file for file in ("rss.xml", "tags/newcomers/rss.xml", "cities/almaty/tags/newcomers/rss.xml", "cities/berlin/tags/newcomers/rss.xml")]
    titles = [link["title"] for link in BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select('head link[rel="alternate"][title]')]
    city = "Берлин" if prefix else "Berlin"
    assert f"#newcomers, {city} (Atom)" in titles


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_tag_pages_list_the_feeds_in_their_subscribe_box(out: Path, prefix: str) -> None:
    page = prefix + "tags/newcomers/index.html"
    box = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select_one("aside.subscribe")
    assert box is not None
    linked = [posixpath.normpath(posixpath.join(posixpath.dirname(page), a["href"])) for a in box.select('a[data-subscribe="atom"], a[data-subscribe="rss"]')]
    assert linked == [prefix + file for file in ("tags/newcomers/feed.xml", "tags/newcomers/rss.xml", "cities/almaty/tags/newcomers/feed.xml",
                                                  "cities/almaty/tags/newcomers/rss.xml", "cities/berlin/tags/newcomers/feed.xml", "cities/berlin/tags/newcomers/rss.xml")]
    assert all((out / file).is_file() for file in linked)
    assert ("Берлин" if prefix else "Berlin") in box.select_one("ul.subscribe-city-feeds").get_text()  # type: ignore[union-attr]


def test_links_to_tag_feeds_are_known_to_the_link_check(feeds_plain: FeedsBuild) -> None:
    """A Markdown link to a tag's feed (`/cities/almaty/tags/food/feed.xml`) is a link to a file the site has."""
    with isolated_from_git(feeds_plain.root.parent):
        site = check(feeds_plain.root, Options(now=NOW_INSTANT)).site
    targets = generated_targets(site)
    assert {"/tags/food/feed.xml", "/tags/food/rss.xml", "/cities/almaty/tags/food/feed.xml", "/cities/berlin/tags/newcomers/rss.xml"} <= targets
    assert "/cities/berlin/tags/food/feed.xml" not in targets  # no food in Berlin
    made = {urls.file_path(name) for name in feed_files(feeds_plain.out)}
    assert {target for target in targets if target.endswith(".xml")} == {path for path in made if not path.startswith("/ru/")}
