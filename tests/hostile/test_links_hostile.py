"""Links as an attacker or a careless author writes them (issue 13, faults 3, 7 and 9).

- The link check costs work linear in the size of a body, however its links are written
  (entities, reference links, one long line, tables): counted, never timed.
- Static files keep no language prefix, on every language's pages and in the check.
- Links that could mislead a reader are warnings at their line and column; the build goes on.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import run_quietly

from generator.content.markdown import Markdown
from generator.content.model import Version
from generator.core import urls
from generator.core.errors import ContentError, ErrorReport, Location
from generator.plan.links import FoundLink, Positions, address_host, deceptive, find_links

from .support import built, make_site, refused

# Fault 3: the cost of finding where each link is written.


def version(body: str) -> Version[None]:
    return Version(lang="en", meta=None, body=body, body_line=1, source="x.md", where={}, file="x.md", body_lang="en")


def worst_cases(size: int) -> dict[str, str]:
    """Bodies of about `size` characters whose links' text differs from their address, so a
    search for the address finds nothing: what made the old check rescan the paragraph."""
    def fill(line: str, tail: str = "") -> str:
        return line * ((size - len(tail)) // len(line)) + tail
    return {
        "entities": fill("[x](/handbook/&#97;/)\n"),
        "references": fill("[x][r]\n", "\n[r]: /handbook/\n"),
        "one line": fill("[x](/a&#97;/) ") + "\n",
        "table": "| a | b |\n|---|---|\n" + fill("| [x](/a&#97;/) | [y][r] |\n", "\n[r]: /b/\n"),
        "footnotes": fill("n^[see [x](/a&#97;/)] ") + "\n",
    }


@pytest.mark.parametrize("name", sorted(worst_cases(1)))
def test_positions_scan_each_character_a_bounded_number_of_times(name: str) -> None:
    body = worst_cases(128 * 1024)[name]
    positions = Positions(body)
    links = list(find_links(version(body), Markdown(), positions))
    assert len(links) > 5000
    assert positions.scanned <= 3 * len(body), f"{positions.scanned} characters compared for a body of {len(body)}"


def calls_made(work: Callable[[], object]) -> int:
    """Every Python and C function called while `work` runs: a count of work, not a time."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", ["entities", "references"])
def test_the_work_of_the_link_check_grows_linearly(name: str) -> None:
    """Twice the body, at most about twice the calls (the old search made four times as many)."""
    counts = []
    for size in (16 * 1024, 32 * 1024):
        body, markdown = worst_cases(size)[name], Markdown()
        markdown.tokens(body)  # parsed beforehand: only the link check is counted
        counts.append(calls_made(lambda body=body, markdown=markdown: list(find_links(version(body), markdown))))
    assert counts[1] <= 2.2 * counts[0], counts


POSITIONS = """\
# Heading with [a link](/h/) ##

Entities [x](/handbook/&#97;/) and a [reference][r] on one line, [then](/t/ "title").
  An indented line with ![an image](/i.png) and <https://example.org/auto>.

> Quoted [link](/q/),
> and lazily continued [here](/l/).

- item [one](/1/)
  - nested [two](/2/)

| col | [head](/th/) |
|-----|--------------|
| [c1](/c/) | [c1](/c/) |

[![linked image](/img.png)](/around/) and a note^[with [inside](/fn/)].

[r]: /ref/
"""


def test_each_link_is_located_where_its_address_or_its_bracket_is_written() -> None:
    found = [(link.href, link.location.line, link.location.column) for link in find_links(version(POSITIONS), Markdown())]
    lines = POSITIONS.split("\n")

    def at(line: int, text: str, occurrence: int = 0) -> tuple[int, int]:
        column = -1
        for _ in range(occurrence + 1):
            column = lines[line - 1].index(text, column + 1)
        return line, column + 1

    expected = [
        ("/h/", *at(1, "/h/")),
        ("/handbook/a/", *at(3, "[x]")),  # the address is written otherwise: the link's bracket
        ("/ref/", *at(3, "[reference]")),
        ("/t/", *at(3, "/t/")),
        ("/i.png", *at(4, "/i.png")),
        ("https://example.org/auto", *at(4, "https://example.org/auto")),
        ("/q/", *at(6, "/q/")),
        ("/l/", *at(7, "/l/")),
        ("/1/", *at(9, "/1/")),
        ("/2/", *at(10, "/2/")),
        ("/th/", *at(12, "/th/")),
        ("/c/", *at(14, "/c/")),
        ("/c/", *at(14, "/c/", 1)),
        ("/around/", *at(16, "/around/")),
        ("/img.png", *at(16, "/img.png")),
        ("/fn/", *at(16, "/fn/")),
    ]
    assert sorted(found, key=lambda f: (f[1], f[2])) == sorted(expected, key=lambda f: (f[1], f[2]))


def test_four_thousand_reference_links_are_checked_at_their_lines(tmp_path: Path) -> None:
    """The issue's case (17.9 s before): every use of a broken reference is reported where it is written."""
    body = "".join(f"[x{n}][r]\n" for n in range(4000)) + "\n[r]: /handbok/\n"
    root = make_site(tmp_path / "site-src", {"content/handbook/first-week.md": "---\ntitle: First week\n---\n" + body})
    result = run_quietly(["check", str(root)])
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 4001
    assert lines[0].startswith("content/handbook/first-week.md:4:1: error: link to `/handbok/`: no such page")
    assert lines[3999].startswith("content/handbook/first-week.md:4003:1: error: link to `/handbok/`")


def test_a_report_of_many_problems_compares_each_only_a_few_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report refuses duplicates: with a list to search, 47,000 broken links took six minutes."""
    compared = 0
    equal = ContentError.__eq__

    def counted(self: ContentError, other: object) -> bool:
        nonlocal compared
        compared += 1
        return equal(self, other)

    monkeypatch.setattr(ContentError, "__eq__", counted)
    report = ErrorReport()
    for line in range(4000):
        report.add(Location("x.md", line + 1), "link to `/handbok/`: no such page")
        report.warn(Location("x.md", line + 1), "a warning")
        report.add(Location("x.md", line + 1), "link to `/handbok/`: no such page")  # the same again: left out
    assert len(report.errors) == len(report.warnings) == 4000
    assert compared <= 3 * 4000


# Fault 7: static files on translated pages.

STATIC_SITE = {
    "static/images/a.png": "png",
    "static/files/plan.pdf": "pdf",
    "content/handbook/first-week.md": """
        ---
        title: Your first week
        order: 1
        ---

        ![map](/images/a.png) and [the plan](/files/plan.pdf#page=2), [a feed](/feed.xml),
        [the calendar](/events.ics), [the style](/static/style.css).
        """,
    "content/handbook/first-week.de.md": """
        ---
        title: Deine erste Woche
        ---

        ![Karte](/images/a.png) und [der Plan](/files/plan.pdf), [der Feed](/feed.xml).
        """,
    "content/events/almaty/picnic.md": """
        ---
        title: Picnic in the park
        start: 2026-12-05 12:00
        end: 15:00
        venue:
          name: Central Park
        hosts: [aigerim]
        ---

        Bring [the map](/images/a.png).
        """,
}


def test_static_files_are_linked_without_a_language_prefix_on_every_page(tmp_path: Path) -> None:
    out = built(make_site(tmp_path / "site-src", STATIC_SITE))
    for page in ("handbook/first-week/index.html", "de/handbook/first-week/index.html", "de/handbook/print/index.html"):
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        body = soup.find("main") or soup
        sources = [str(img["src"]) for img in body.find_all("img") if "a.png" in str(img["src"])]
        hrefs = [str(a["href"]) for a in body.find_all("a") if re.search(r"plan\.pdf|feed\.xml|events\.ics|style\.css", str(a["href"]))]
        assert sources, page
        targets = [((out / page).parent / address.split("#")[0]).resolve() for address in sources + hrefs]
        assert all(target.is_file() for target in targets), f"{page}: {sources + hrefs}"
        assert (out / "images" / "a.png").resolve() in targets and (out / "files" / "plan.pdf").resolve() in targets
        language = "de" if page.startswith("de/") else ""
        assert (out / language / "feed.xml").resolve() in targets  # a feed, like a page, stays in the reader's language
    german_feed = (out / "de" / "feed.xml").read_text(encoding="utf-8")
    assert "https://chapters.example.org/images/a.png" in german_feed
    assert "/de/images/" not in german_feed


def test_one_function_decides_page_or_file() -> None:
    languages = ("en", "de")
    assert urls.localize_link("/images/a.png", "de", languages) == "/images/a.png"
    assert urls.localize_link("/static/style.css", "de", languages) == "/static/style.css"
    assert urls.localize_link("/handbook/x/", "de", languages) == "/de/handbook/x/"
    assert urls.localize_link("/handbook/x", "de", languages) == "/de/handbook/x"
    for generated in ("/feed.xml", "/events.ics", "/cities/almaty/rss.xml", "/cities/almaty/events/picnic.ics", "/tags/food/events.ics", "/404.html"):
        assert urls.localize_link(generated, "de", languages) == "/de" + generated
    assert urls.absolute_link("https://x.example/", "/images/a.png", "de", languages) == "https://x.example/images/a.png"


def test_a_missing_or_prefixed_static_file_on_a_translated_page_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {**STATIC_SITE, "content/handbook/first-week.de.md": """
        ---
        title: Deine erste Woche
        ---

        ![Karte](/de/images/a.png), ![fehlt](/images/missing.png) und ![relativ](../../images/a.png).
        """})
    refused(root, [
        ("content/handbook/first-week.de.md:5:10: error: `/de/images/a.png` is linked but not in the repository: "
         "add it as static/de/images/a.png (static files have no language prefix: `/images/a.png` is there)"),
        "content/handbook/first-week.de.md:5:38: error: `/images/missing.png` is linked but not in the repository: add it as static/images/missing.png",
        ("content/handbook/first-week.de.md:5:74: error: `../../images/a.png` is a static file linked by a relative path, "
         "which on a translated page leads into its language's folder: link `/images/a.png`"),
    ])


# Fault 9: links that could mislead a reader.

DECEPTIVE = """
    ---
    title: Your first week
    order: 1
    ---

    Log in at [https://bank.example/login](https://evil.example/login) or [bank.com](https://evil.example/).
    Deposit: <https://xn--80ak6aa92e.com/deposit>, and [apple](https://аpple.com/) too.
    Fine: [our site](https://example.org), <https://example.org/x>, [example.org](https://example.org/a),
    [www.example.org](https://example.org/), [Node.js](https://nodejs.org), [setup.py](https://github.com/x),
    [chapters.example.org](/handbook/), <mailto:someone@example.org>.
    """

WARNINGS = [
    ("content/handbook/first-week.md", 6, 40, "the link text `https://bank.example/login` looks like an address on bank.example, but the link leads to evil.example"),
    ("content/handbook/first-week.md", 6, 82, "the link text `bank.com` looks like an address on bank.com, but the link leads to evil.example"),
    ("content/handbook/first-week.md", 7, 11, ("the host `xn--80ak6aa92e.com` is an international name, shown as `аррӏе.com`: "
                                               "letters of another script can imitate a familiar name; make sure it is the one you mean")),
    ("content/handbook/first-week.md", 7, 52, ("the host `xn--pple-43d.com` (shown as `аpple.com`) mixes Cyrillic and Latin letters in `аpple`: "
                                               "a look-alike of another name?")),
]


def test_deceptive_links_are_warnings_at_their_place(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {"content/handbook/first-week.md": DECEPTIVE})
    result = run_quietly(["check", str(root)])
    assert result.code == 0, result.err
    assert result.err.splitlines() == [f"{path}:{line}:{column}: warning: {message}" for path, line, column, message in WARNINGS]
    assert "no errors, 4 warning(s)" in result.out

    github = run_quietly(["check", str(root), "--format", "github"])
    assert github.code == 0
    assert github.out.splitlines()[:-1] == [f"::warning file={path},line={line},col={column}::{message}" for path, line, column, message in WARNINGS]

    build = run_quietly(["build", str(root)])
    assert build.code == 0, build.err
    assert build.err.splitlines() == result.err.splitlines()
    for page in ("handbook/first-week/index.html", "de/handbook/first-week/index.html"):
        soup = BeautifulSoup((root / "site" / page).read_text(encoding="utf-8"), "html.parser")
        shown = [a.get_text() for a in soup.find_all("a", href="https://xn--80ak6aa92e.com/deposit")]
        assert shown == ["https://xn--80ak6aa92e.com/deposit"]  # not `https://аррӏе.com/deposit`


def test_warnings_are_listed_in_order_with_errors(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {"content/handbook/first-week.md": textwrap.dedent(DECEPTIVE) + "\n[broken](/handbok/)\n"})
    result = run_quietly(["check", str(root)])
    assert result.code == 1
    lines = result.err.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["warning"] * 4 + ["error"]
    assert lines[-1] == "1 error(s) and 4 warning(s); nothing was written"
    github = run_quietly(["check", str(root), "--format", "github"])
    assert [line.split(" ")[0] for line in github.out.splitlines()] == ["::warning"] * 4 + ["::error"]


def test_a_warning_message_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    page = "---\ntitle: x\n---\n\n[https://bank.example/%0A::error::x](https://evil.example/)\n"
    root = make_site(tmp_path / "site-src", {"content/handbook/first-week.md": page})
    github = run_quietly(["check", str(root), "--format", "github"])
    assert github.code == 0
    assert [line for line in github.out.splitlines() if line.startswith("::")] == [line for line in github.out.splitlines() if line.startswith("::warning")]


def link(text: str, href: str, auto: bool = False) -> FoundLink:
    return FoundLink(href, False, version("").at(), text, auto)


@pytest.mark.parametrize(("text", "href"), [
    ("our site", "https://example.org"),
    ("https://example.org/x", "https://example.org/x"),
    ("example.org", "https://example.org/a"),
    ("www.example.org", "https://example.org/"),
    ("https://EXAMPLE.org", "http://example.org/"),
    ("Node.js", "https://nodejs.org"),
    ("README.md", "https://github.com/example/chapters/blob/main/README.md"),
    ("v1.2.3", "https://example.org/releases"),
    ("e.g.", "https://example.org/"),
    ("chapters.example.org", "/handbook/"),
    ("someone@example.org", "mailto:someone@example.org"),
])
def test_ordinary_links_give_no_warning(text: str, href: str) -> None:
    assert deceptive(link(text, href), "chapters.example.org") == []


def test_an_international_name_is_compared_with_its_punycode() -> None:
    """The text names the host the link leads to: only the punycode host itself is worth a look."""
    found = deceptive(link("пример.рф", "https://xn--e1afmkfd.xn--p1ai/"), None)
    assert found == [("the host `xn--e1afmkfd.xn--p1ai` is an international name, shown as `пример.рф`: "
                      "letters of another script can imitate a familiar name; make sure it is the one you mean")]


@pytest.mark.parametrize(("text", "host"), [
    ("https://bank.example/login", "bank.example"),
    ("bank.com", "bank.com"),
    ("www.bank.de", "www.bank.de"),
    ("bank.de/login", "bank.de"),
    ("http://10.0.0.1/admin", "10.0.0.1"),
    ("  https://bank.example  ", "bank.example"),
])
def test_texts_that_read_as_addresses(text: str, host: str) -> None:
    assert address_host(text) == host
    assert deceptive(link(text, "https://evil.example/"), None)


def test_an_address_with_a_user_name_before_its_host_is_a_warning() -> None:
    found = deceptive(link("https://bank.example@evil.example/", "https://bank.example@evil.example/", auto=True), None)
    assert found == ["`https://bank.example@evil.example/` has `bank.example@` before its host: it leads to evil.example"]

