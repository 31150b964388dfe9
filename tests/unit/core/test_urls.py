"""urls.py: the URL contract, language prefixes, output files and relative links."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from generator.core import urls

SITE_PATHS = [
    "/",
    "/cities/almaty/",
    "/cities/almaty/housing/",
    "/cities/almaty/events/",
    "/cities/almaty/events/picnic/",
    "/events/",
    "/handbook/",
    "/handbook/first-week/",
    "/404.html",
    "/static/style.css",
    "/de/",
    "/de/cities/almaty/",
    "/de/cities/almaty/events/picnic/",
    "/de/404.html",
    "/ru/handbook/first-week/",
]


# the URL contract


def test_page_addresses() -> None:
    assert urls.home() == "/"
    assert urls.city("almaty") == "/cities/almaty/"
    assert urls.section("almaty", "housing") == "/cities/almaty/housing/"
    assert urls.city_events("almaty") == "/cities/almaty/events/"
    assert urls.event("almaty", "picnic") == "/cities/almaty/events/picnic/"
    assert urls.all_events() == "/events/"
    assert urls.handbook() == "/handbook/"
    assert urls.chapter("first-week") == "/handbook/first-week/"
    assert urls.not_found() == "/404.html"
    assert urls.static("style.css") == "/static/style.css"


# localized


def test_localized_default_language_has_no_prefix() -> None:
    assert urls.localized("/cities/almaty/", "en", "en") == "/cities/almaty/"


def test_localized_other_language_gets_a_prefix() -> None:
    assert urls.localized("/cities/almaty/", "de", "en") == "/de/cities/almaty/"


def test_localized_home_and_404() -> None:
    assert urls.localized("/", "ru", "en") == "/ru/"
    assert urls.localized("/404.html", "ru", "en") == "/ru/404.html"


def test_localized_follows_the_default_language_not_english() -> None:
    assert urls.localized("/handbook/", "ru", "ru") == "/handbook/"
    assert urls.localized("/handbook/", "en", "ru") == "/en/handbook/"


# output_file


@pytest.mark.parametrize(
    ("path", "file"),
    [
        ("/", "index.html"),
        ("/de/", "de/index.html"),
        ("/cities/almaty/", "cities/almaty/index.html"),
        ("/cities/almaty/events/picnic/", "cities/almaty/events/picnic/index.html"),
        ("/404.html", "404.html"),
        ("/de/404.html", "de/404.html"),
        ("/static/style.css", "static/style.css"),
    ],
)
def test_output_file(path: str, file: str) -> None:
    assert urls.output_file(path) == file


# relative


@pytest.mark.parametrize(
    ("from_path", "to_path", "link"),
    [
        ("/", "/", "./"),
        ("/", "/events/", "events/"),
        ("/", "/#chapters", "./#chapters"),
        ("/events/", "/", "../"),
        ("/events/", "/#chapters", "../#chapters"),
        ("/cities/almaty/", "/cities/almaty/", "./"),
        ("/cities/almaty/", "/cities/almaty/events/", "events/"),
        ("/cities/almaty/events/", "/cities/almaty/", "../"),
        ("/cities/almaty/events/picnic/", "/handbook/first-week/", "../../../../handbook/first-week/"),
        ("/cities/almaty/", "/static/style.css", "../../static/style.css"),
        ("/de/cities/almaty/", "/cities/almaty/", "../../../cities/almaty/"),
        ("/cities/almaty/", "/cities/berlin/", "../berlin/"),
        ("/404.html", "/events/", "events/"),
        ("/de/404.html", "/de/", "./"),
    ],
)
def test_relative(from_path: str, to_path: str, link: str) -> None:
    assert urls.relative(from_path, to_path) == link


@pytest.mark.parametrize("from_path", SITE_PATHS)
@pytest.mark.parametrize("to_path", [*SITE_PATHS, "/cities/almaty/#guide"])
def test_relative_link_resolves_back_to_its_target(from_path: str, to_path: str) -> None:
    base = "https://example.org/some/base"
    link = urls.relative(from_path, to_path)
    assert urljoin(base + from_path, link) == base + to_path


@pytest.mark.parametrize("from_path", SITE_PATHS)
def test_relative_links_never_start_with_a_slash(from_path: str) -> None:
    for to_path in SITE_PATHS:
        link = urls.relative(from_path, to_path)
        assert not link.startswith("/")
        assert "//" not in link


# absolute and is_site_path


@pytest.mark.parametrize("base_url", ["https://example.org/chapters/", "https://example.org/chapters"])
def test_absolute_joins_base_and_path_with_one_slash(base_url: str) -> None:
    assert urls.absolute(base_url, "/cities/almaty/") == "https://example.org/chapters/cities/almaty/"
    assert urls.absolute(base_url, "/") == "https://example.org/chapters/"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/handbook/", True),
        ("/cities/almaty/#guide", True),
        ("//evil.example/", False),
        ("https://example.org/", False),
        ("handbook/", False),
        ("#top", False),
        ("mailto:a@example.org", False),
    ],
)
def test_is_site_path(href: str, expected: bool) -> None:
    assert urls.is_site_path(href) is expected


# every other address of the contract


def test_listing_search_and_tag_addresses() -> None:
    assert urls.search() == "/search/"
    assert urls.tags() == "/tags/"
    assert urls.tag("hiking") == "/tags/hiking/"
    assert urls.handbook_print() == "/handbook/print/"
    assert urls.search_bundle("pagefind-ui.js") == "/pagefind/pagefind-ui.js"


@pytest.mark.parametrize(
    ("city", "month", "path"),
    [
        (None, None, "/calendar/"),
        (None, "2026-12", "/calendar/2026-12/"),
        ("almaty", None, "/cities/almaty/calendar/"),
        ("almaty", "2027-01", "/cities/almaty/calendar/2027-01/"),
    ],
)
def test_month_calendar_addresses(city: str | None, month: str | None, path: str) -> None:
    assert urls.calendar(city, month) == path


def test_calendar_file_addresses() -> None:
    assert urls.network_calendar() == "/events.ics"
    assert urls.city_calendar("almaty") == "/cities/almaty/events.ics"
    assert urls.tag_calendar("hiking") == "/tags/hiking/events.ics"
    assert urls.event_calendar("almaty", "picnic") == "/cities/almaty/events/picnic.ics"


def test_feed_addresses() -> None:
    assert urls.atom_feed() == "/feed.xml"
    assert urls.rss_feed() == "/rss.xml"
    assert urls.atom_feed("berlin") == "/cities/berlin/feed.xml"
    assert urls.rss_feed("berlin") == "/cities/berlin/rss.xml"


@pytest.mark.parametrize(
    ("url", "subscription"),
    [
        ("https://example.org/chapters/events.ics", "webcal://example.org/chapters/events.ics"),
        ("http://example.org/events.ics", "webcal://example.org/events.ics"),
    ],
)
def test_webcal_replaces_the_scheme(url: str, subscription: str) -> None:
    assert urls.webcal(url) == subscription


def test_searchable_glob_names_the_language_folders() -> None:
    pages = "{index.html,*/index.html,*/*/index.html,*/events/*/index.html,*/directory/*/index.html,*/groups/*/index.html}"
    assert urls.searchable_glob("en", "en") == "{cities,handbook}/" + pages
    assert urls.searchable_glob("de", "en") == "{de/cities,de/handbook}/" + pages


# split_language and localized: the prefix comes off as it went on

LANGUAGES = ("en", "de", "ru")


@pytest.mark.parametrize(
    ("path", "lang", "neutral"),
    [
        ("/de/cities/almaty/", "de", "/cities/almaty/"),
        ("/de/", "de", "/"),
        ("/de", "de", "/"),
        ("/ru/404.html", "ru", "/404.html"),
        ("/cities/almaty/", None, "/cities/almaty/"),
        ("/en/cities/almaty/", None, "/en/cities/almaty/"),  # the default language has no prefix to take off
        ("/deutsch/", None, "/deutsch/"),
        ("/", None, "/"),
    ],
)
def test_split_language(path: str, lang: str | None, neutral: str) -> None:
    assert urls.split_language(path, LANGUAGES) == (lang, neutral)


@pytest.mark.parametrize("neutral", ["/", "/cities/almaty/", "/cities/almaty/events/picnic/", "/404.html", "/events.ics", "/handbook/print/"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_localized_then_split_gives_back_the_path(neutral: str, lang: str) -> None:
    found, back = urls.split_language(urls.localized(neutral, lang, LANGUAGES[0]), LANGUAGES)
    assert back == neutral
    assert found == (None if lang == LANGUAGES[0] else lang)


# shared files and localized links


@pytest.mark.parametrize(
    ("path", "shared"),
    [
        ("/images/a.png", True),
        ("/static/style.css", True),
        ("/pagefind/pagefind-ui.js", True),
        ("/de/images/a.png", True),  # names a language, still a file: the check says which one exists
        ("/images/a%20b.png", True),
        ("/handbook/", False),
        ("/handbook/first-week", False),
        ("/404.html", False),
        ("/events.ics", False),
        ("/feed.xml", False),
        ("/rss.xml", False),
        ("/cities/almaty/events.ics", False),
        ("/cities/almaty/feed.xml", False),
        ("/cities/almaty/events/picnic.ics", False),
        ("/tags/hiking/events.ics", False),
        ("/de/events.ics", False),
        ("", False),
    ],
)
def test_is_shared_file(path: str, shared: bool) -> None:
    assert urls.is_shared_file(path, LANGUAGES) is shared


@pytest.mark.parametrize(
    ("path", "lang", "link"),
    [
        ("/handbook/", "en", "/handbook/"),
        ("/handbook/", "de", "/de/handbook/"),
        ("/ru/handbook/", "de", "/ru/handbook/"),  # a link that names a language keeps it
        ("/images/a.png", "de", "/images/a.png"),
        ("/events.ics", "ru", "/ru/events.ics"),
        ("/cities/almaty/#guide", "de", "/de/cities/almaty/#guide"),
    ],
)
def test_localize_link(path: str, lang: str, link: str) -> None:
    assert urls.localize_link(path, lang, LANGUAGES) == link


def test_absolute_link_is_localized_and_joined() -> None:
    assert urls.absolute_link("https://example.org/base/", "/handbook/", "de", LANGUAGES) == "https://example.org/base/de/handbook/"
    assert urls.absolute_link("https://example.org/base", "/images/a.png", "ru", LANGUAGES) == "https://example.org/base/images/a.png"


def test_relative_link_to_a_name_with_a_colon_is_not_a_scheme() -> None:
    assert urls.relative("/", "/javascript:x") == "./javascript:x"
    assert urls.relative("/handbook/", "/handbook/a:b/") == "./a:b/"
