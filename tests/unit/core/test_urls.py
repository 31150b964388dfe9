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
