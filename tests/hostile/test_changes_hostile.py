"""`chapters changes BASE` posts its summary as a pull-request comment that reviewers trust:
titles, city names and page addresses must come out of it as text. Checked by rendering the
summary with a real CommonMark renderer (markdown-it-py, raw HTML allowed as GitHub allows
some), then looking at what GitHub would still link in the rendered text (@-mentions, `#12`
references, bare addresses)."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from conftest import git, isolated_from_git, run_quietly, write_site
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.authoring.changes import WORD_JOINER, link, text

from .support import make_site

INJECTION = ("Picnic](https://evil.example/phish) <img src=https://evil.example/t.png> @mira-okonkwo "
             "<br><br>**Pages** (0 added, 0 removed, 0 changed)<br>")
"""The title from issue 13: a redirected link, a tracking image, a mention and a fake "Pages" line."""
TITLES = {
    "injection": INJECTION,
    "code": "Tea ``` `x` ``</code><script>alert(1)</script>",
    "references": "Meet #12 and GH-7 at www.evil.example or https://evil.example, mail a@evil.example [r] [x][r] ![i](x.png)",
    "emphasis": "*a* _b_ ~~c~~ $x$ | d | e | &amp; &#64;mira \\@mira \\",
    "heading": "### Fake heading\n- fake item",
}
CITY = "Almaty](https://evil.example/city) @aigerim-n <b>#3</b>"
STATIC = "x`](https:evil.example)` @mira #9 <i>.html"
"""A static file whose name reaches the "Pages" list as an address: it cannot contain `/`, but anything else."""
LINKED_TEXT = re.compile(r"@[A-Za-z0-9]|#\d|https?://|www\.|\bGH-\d|[A-Za-z0-9]@[A-Za-z0-9]", re.IGNORECASE)
"""What GitHub links in the text of a rendered comment: mentions, references, bare addresses, e-mail addresses."""


def renderer() -> MarkdownIt:
    """CommonMark with raw HTML on (GitHub keeps some) and GFM's tables and strikethrough."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def inline_tokens(markdown: str) -> list[Token]:
    return [child for token in renderer().parse(markdown) for child in (token.children or [])]


def shown(rendered: str) -> str:
    """The text a reader sees, without the invisible word joiners."""
    return rendered.replace(WORD_JOINER, "")


def yaml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def event(title: str, start: str) -> str:
    return f"---\ntitle: {yaml_string(title)}\nstart: {start}\n---\n\nText.\n"


def summary(tmp_path: Path) -> str:
    """`changes main` for a branch that adds, moves, cancels and removes events with hostile
    titles, renames the city to a hostile name and adds a static page with a hostile name."""
    root = make_site(tmp_path / "site", {
        "content/events/almaty/gone.md": event(TITLES["emphasis"], "2026-12-20 18:00"),
        "content/events/almaty/tea.md": event(TITLES["code"], "2026-12-10 18:00"),
    })
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    git(root, "checkout", "-q", "-b", "pull-request")
    city = (root / "content/cities/almaty/index.md").read_text(encoding="utf-8")
    write_site(root, {
        "content/cities/almaty/index.md": city.replace("name: Almaty", f"name: {yaml_string(CITY)}"),
        "content/events/almaty/gone.md": None,
        "content/events/almaty/new.md": event(INJECTION, "2026-12-12 12:00"),
        "content/events/almaty/picnic.md": event(TITLES["references"], "2026-12-06 12:00"),
        "content/events/almaty/tea.md": event(TITLES["code"], "2026-12-10 18:00").replace("---\n\n", "status: cancelled\n---\n\n"),
        "content/events/almaty/heading.md": event(TITLES["heading"].replace("\n", " "), "2026-12-13 12:00"),
        f"static/{STATIC}": "<p>a page</p>\n",
    })
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Pull request")
    with isolated_from_git(tmp_path):
        result = run_quietly(["changes", "main", str(root)])
    assert result.code == 0, result.err
    return result.out


def test_hostile_titles_names_and_addresses_are_text_in_the_summary(tmp_path: Path) -> None:
    markdown = summary(tmp_path)
    tokens = inline_tokens(markdown)
    kinds = {token.type for token in tokens}
    assert not kinds & {"html_inline", "image", "code_inline", "s_open", "em_open"}, kinds
    assert not {token.type for token in renderer().parse(markdown)} & {"html_block", "table_open", "fence", "code_block"}
    links = [token.attrs["href"] for token in tokens if token.type == "link_open"]
    assert links and all(urlsplit(str(href)).netloc == "chapters.example.org" for href in links), links

    page = BeautifulSoup(renderer().render(markdown), "html.parser")
    assert [heading.get_text() for heading in page.find_all(re.compile("^h[1-6]$"))] == ["What this pull request changes on the public site"]
    assert [strong.get_text() for strong in page.find_all("strong")] == ["Events", "Pages"]
    assert sorted({tag.name for tag in page.find_all(True)}) == ["a", "h3", "li", "p", "strong", "ul"]
    counts = [re.fullmatch(r"Pages \((\d+) added, (\d+) removed, (\d+) changed\)", p.get_text()) for p in page.find_all("p")]
    pages = [sum(int(n) for n in found.groups()) for found in counts if found]
    assert len(pages) == 1  # the title's fake "Pages" line is inside its list item, as text

    items = [shown(item.get_text()) for item in page.find_all("li")]
    city = f" ({CITY})"
    def starting(prefix: str) -> list[str]:
        return [item for item in items if item.startswith(prefix)]

    assert len(starting(f"Added: {INJECTION}{city}: Saturday, December 12, 2026, 12:00")) == 1, items
    assert len(starting(f"Added: {TITLES['heading'].replace(chr(10), ' ')}{city}: Sunday, December 13, 2026, 12:00")) == 1
    assert len(starting(f"Moved: {TITLES['references']}{city}: from ")) == 1
    assert f"Cancelled: {TITLES['code']}{city}" in items
    assert f"Removed: {TITLES['emphasis']} (almaty)" in items
    assert f"Added: /{STATIC}" + " (en)" in items
    assert len(items) == 5 + pages[0]

    seen = page.get_text()  # with the word joiners: they are what stops GitHub's linking
    assert not LINKED_TEXT.search(seen), LINKED_TEXT.findall(seen)


def test_the_static_pages_address_is_percent_encoded_in_its_link(tmp_path: Path) -> None:
    markdown = summary(tmp_path)
    hrefs = [token.attrs["href"] for token in inline_tokens(markdown) if token.type == "link_open"]
    assert "https://chapters.example.org/x%60%5D%28https%3Aevil.example%29%60%20%40mira%20%239%20%3Ci%3E.html" in hrefs


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(st.sampled_from(string.printable + "\u00e9\u2028\u202e\u2060\U0001f600"), max_size=40))
@example(INJECTION)
@example("\\")
@example("a\\")
@example("`` ` ``")
@example("&#64;mira &amp; &lt;b&gt;")
@example("![x](y) [x]: /z")
@example("<https://evil.example> <mira@evil.example>")
def test_any_text_renders_as_itself_as_the_only_text_of_one_link(value: str) -> None:
    """`text()` inside a link inside a list item: one link, whose text is the value
    (line ends and controls as spaces, direction controls as U+FFFD), and nothing else."""
    markdown = f"- Added: {link(value, 'https://chapters.example.org/a/')} (x)\n"
    tokens = inline_tokens(markdown)
    assert [token.type for token in tokens if token.type not in ("text", "softbreak")] == ["link_open", "link_close"], markdown
    rendered = BeautifulSoup(renderer().render(markdown), "html.parser")
    anchor = rendered.find("a")
    assert anchor is not None and anchor["href"] == "https://chapters.example.org/a/"
    expected = re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", value)
    expected = re.sub("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", "\ufffd", expected)
    assert shown(anchor.get_text()) == shown(expected)
    assert not LINKED_TEXT.search(rendered.get_text())


def test_text_keeps_ordinary_titles_and_addresses_as_they_are() -> None:
    assert text("Autumn hike in the Café") == "Autumn hike in the Café"
    assert text("/handbook/first-week/") == "/handbook/first-week/"
    assert text("a@b #1") == f"a\\@{WORD_JOINER}b \\#{WORD_JOINER}1"
