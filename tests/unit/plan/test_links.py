"""plan/links.py: resolving a link against its page, where each link is written (line and
column in the file), and which link texts read as an address on another host."""

from __future__ import annotations

import pytest

from generator.content.markdown import Markdown
from generator.content.model import Version
from generator.plan.links import FoundLink, address_host, deceptive, find_links, resolve

# resolve


@pytest.mark.parametrize(
    ("path", "page", "site_path"),
    [
        ("/handbook/", "/cities/almaty/", "/handbook/"),
        ("/de/handbook/", "/cities/almaty/", "/de/handbook/"),
        ("housing/", "/cities/almaty/", "/cities/almaty/housing/"),
        ("../berlin/", "/cities/almaty/", "/cities/berlin/"),
        ("../../../handbook/first-week/", "/cities/almaty/events/", "/handbook/first-week/"),
        ("./a/./b/", "/handbook/", "/handbook/a/b/"),
        ("a.png", "/handbook/first-week/", "/handbook/first-week/a.png"),
        ("", "/handbook/first-week/", "/handbook/first-week/"),
        ("../../", "/cities/almaty/", "/"),
        ("../../../", "/cities/almaty/", None),
        ("..", "/", None),
    ],
)
def test_resolve(path: str, page: str, site_path: str | None) -> None:
    assert resolve(path, page) == site_path


# find_links


def links(body: str, body_line: int = 1) -> list[tuple[str, bool, str, str]]:
    version = Version(lang="en", meta=None, body=body, body_line=body_line, source="content/x.md", where={}, file="content/x.md", body_lang="en")
    return [(link.href, link.image, str(link.location), link.text) for link in find_links(version, Markdown())]


def test_a_link_is_located_at_its_address() -> None:
    assert links("Read [the handbook](/handbook/) first.\n") == [("/handbook/", False, "content/x.md:1:21", "the handbook")]


def test_the_body_line_is_added() -> None:
    assert links("\n\nSee [x](/a/).\n", body_line=6) == [("/a/", False, "content/x.md:8:9", "x")]


def test_links_on_several_lines_of_one_paragraph() -> None:
    assert links("First [a](/a/)\nthen [b](/b/) and [c](/c/).\n") == [
        ("/a/", False, "content/x.md:1:11", "a"),
        ("/b/", False, "content/x.md:2:10", "b"),
        ("/c/", False, "content/x.md:2:23", "c"),
    ]


def test_images_are_links_with_their_alt_text() -> None:
    assert links("![A map](/images/map.png)\n") == [("/images/map.png", True, "content/x.md:1:10", "A map")]


def test_list_items_and_quotes_keep_their_columns() -> None:
    assert links("- one [a](/a/)\n  - two [b](/b/)\n\n> quoted [c](/c/)\n") == [
        ("/a/", False, "content/x.md:1:11", "a"),
        ("/b/", False, "content/x.md:2:13", "b"),
        ("/c/", False, "content/x.md:4:14", "c"),
    ]


def test_table_cells_and_headings() -> None:
    assert links("## See [h](/h/)\n\n| a | b |\n|---|---|\n| [x](/x/) | [y](/y/) |\n") == [
        ("/h/", False, "content/x.md:1:12", "h"),
        ("/x/", False, "content/x.md:5:7", "x"),
        ("/y/", False, "content/x.md:5:18", "y"),
    ]


def test_a_reference_link_is_located_at_its_text() -> None:
    assert links("Read [the guide][g].\n\n[g]: /handbook/\n") == [("/handbook/", False, "content/x.md:1:6", "the guide")]


def test_an_autolink() -> None:
    assert links("Go to <https://example.org/>.\n") == [("https://example.org/", False, "content/x.md:1:8", "https://example.org/")]


def test_code_is_not_a_link() -> None:
    assert links("`[a](/a/)`\n\n    [b](/b/)\n") == []


# deceptive links


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("https://bank.example/login", "bank.example"),
        ("www.bank.example", "www.bank.example"),
        ("bank.com", "bank.com"),
        ("Bank.COM.", "bank.com"),
        ("example.de", "example.de"),
        ("our site", None),
        ("Node.js", None),
        ("README.md", None),
        ("setup.py", None),
        ("version 1.2", None),
    ],
)
def test_address_host(text: str, host: str | None) -> None:
    assert address_host(text) == host


def test_text_naming_another_host_is_a_warning() -> None:
    link = FoundLink("https://evil.example/login", False, None, "https://bank.example/login")  # type: ignore[arg-type]
    assert deceptive(link, "chapters.example.org") == [
        "the link text `https://bank.example/login` looks like an address on bank.example, but the link leads to evil.example",
    ]


def test_text_naming_its_own_host_is_fine() -> None:
    for text, href in (("www.Example.org", "https://example.org/a"), ("the handbook", "https://example.org/"), ("example.org", "https://www.example.org/")):
        assert deceptive(FoundLink(href, False, None, text), "chapters.example.org") == []  # type: ignore[arg-type]


def test_a_site_link_with_an_address_as_text_names_the_site() -> None:
    link = FoundLink("/handbook/", False, None, "bank.com")  # type: ignore[arg-type]
    assert deceptive(link, "chapters.example.org") == [
        "the link text `bank.com` looks like an address on bank.com, but the link leads to chapters.example.org",
    ]


def test_a_user_name_before_the_host() -> None:
    link = FoundLink("https://bank.example@evil.example/", False, None, "log in")  # type: ignore[arg-type]
    assert deceptive(link, None) == ["`https://bank.example@evil.example/` has `bank.example@` before its host: it leads to evil.example"]


def test_a_punycode_host_is_shown_decoded() -> None:
    link = FoundLink("https://xn--80ak6aa92e.com/", False, None, "https://xn--80ak6aa92e.com/", auto=True)  # type: ignore[arg-type]
    [warning] = deceptive(link, None)
    assert warning.startswith("the host `xn--80ak6aa92e.com` is an international name, shown as `")


def test_a_host_mixing_scripts() -> None:
    link = FoundLink("https://\u0430pple.com/", False, None, "Apple")  # type: ignore[arg-type]  # a Cyrillic а
    assert deceptive(link, None) == [
        "the host `\u0430pple.com` (shown as `\u0430pple.com`) mixes Cyrillic and Latin letters in `\u0430pple`: a look-alike of another name?",
    ]
