"""content/markdown.py: the one configured renderer (no raw HTML, safe links, local images
only, heading ids, per-page prefixes), headings for contents lists, plain text for calendars,
and its reuse of work (parsed bodies across a preview's rebuilds, plain text across a build)."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.content.markdown import Heading, Markdown, is_external, is_safe_link


def counting(markdown: Markdown, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = markdown._md.parse

    def parse(text: str, env: MutableMapping[str, Any] | None = None) -> object:
        parsed.append(text)
        return real(text, env)

    monkeypatch.setattr(markdown._md, "parse", parse)
    return parsed


def test_a_successor_parses_only_edited_bodies(monkeypatch: pytest.MonkeyPatch) -> None:
    first = Markdown()
    html = first.render("## Where to look\n\nAsk [us](/cities/berlin/).\n", lambda href: "." + href)
    first.tokens("A body that the next build no longer has.\n")

    second = first.successor()
    parsed = counting(second, monkeypatch)
    assert second.render("## Where to look\n\nAsk [us](/cities/berlin/).\n", lambda href: "." + href) == html
    second.tokens("An edited body.\n")
    assert parsed == ["An edited body.\n"]

    third = second.successor()
    parsed = counting(third, monkeypatch)
    third.tokens("A body that the next build no longer has.\n")  # dropped by `second`, which never asked for it
    third.tokens("An edited body.\n")
    assert parsed == ["A body that the next build no longer has.\n"]


def test_plain_text_is_made_once_per_body_and_language() -> None:
    markdown = Markdown()
    body = "Meet at [the lake](/cities/berlin/lakes/) or [in German](/de/handbook/).\n"
    languages = ("en", "de", "ru")
    english = markdown.plain_text(body, "https://example.org/", "en", languages)
    assert english == "Meet at the lake (https://example.org/cities/berlin/lakes/) or in German (https://example.org/de/handbook/)."
    assert markdown.plain_text(body, "https://example.org/", "en", languages) is english
    assert markdown.plain_text(body, "https://example.org/", "de", languages) == \
        "Meet at the lake (https://example.org/de/cities/berlin/lakes/) or in German (https://example.org/de/handbook/)."
    assert markdown.plain_text(body, "https://example.net/base/", "en", languages) == \
        "Meet at the lake (https://example.net/base/cities/berlin/lakes/) or in German (https://example.net/base/de/handbook/)."


def dot(href: str) -> str:
    """A stand-in for the page's link rewriting: site paths made relative to the home page."""
    return "." + href


def render(text: str, **options: Any) -> str:
    return Markdown().render(text, dot, **options)


# rendering


def test_raw_html_is_shown_as_text() -> None:
    assert render("<b>bold</b> <script>alert(1)</script>") == "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x", " javascript:x"])
def test_unsafe_links_are_not_links(href: str) -> None:
    assert "<a" not in render(f"[a]({href})")


@pytest.mark.parametrize(
    ("href", "safe"),
    [("https://example.org/", True), ("http://example.org/", True), ("mailto:a@example.org", True), ("/handbook/", True),
     ("../a/", True), ("#top", True), ("javascript:x", False), ("File:///etc/passwd", False), ("data:x", False)],
)
def test_is_safe_link(href: str, safe: bool) -> None:
    assert is_safe_link(href) is safe


@pytest.mark.parametrize(("href", "external"), [("https://e.org/", True), ("//e.org/x", True), ("mailto:a@e.org", True), ("/a/", False), ("a.png", False), ("#x", False)])
def test_is_external(href: str, external: bool) -> None:
    assert is_external(href) is external


def test_site_paths_are_rewritten_and_other_links_kept() -> None:
    html = render("[h](/handbook/) [e](https://example.org/a) [m](mailto:a@example.org) [t](#top) [r](guide/)")
    assert '<a href="./handbook/">h</a>' in html
    assert '<a href="https://example.org/a">e</a>' in html
    assert '<a href="mailto:a@example.org">m</a>' in html
    assert '<a href="#top">t</a>' in html
    assert '<a href="guide/">r</a>' in html


def test_a_protocol_relative_link_is_not_a_site_path() -> None:
    assert '<a href="//evil.example/">x</a>' in render("[x](//evil.example/)")


def test_a_local_image_is_an_image_with_its_title() -> None:
    assert render('![A cat](/images/cat.png "Our cat")') == '<p><img src="./images/cat.png" alt="A cat" title="Our cat" loading="lazy"></p>\n'


def test_an_image_from_another_host_becomes_a_link() -> None:
    assert render("![A cat](https://evil.example/cat.png)") == '<p><a href="https://evil.example/cat.png">A cat</a></p>\n'
    assert render("![](https://evil.example/cat.png)") == '<p><a href="https://evil.example/cat.png">https://evil.example/cat.png</a></p>\n'


def test_alt_text_is_escaped() -> None:
    assert 'alt="a &quot;b&quot; &lt;c&gt;"' in render('![a "b" <c>](/x.png)')


def test_an_autolink_shows_a_punycode_host_as_written() -> None:
    assert render("<https://xn--80ak6aa92e.com/>") == '<p><a href="https://xn--80ak6aa92e.com/">https://xn--80ak6aa92e.com/</a></p>\n'


def test_tables_and_strikethrough_are_on() -> None:
    assert "<td>2</td>" in render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert render("~~old~~") == "<p><s>old</s></p>\n"


# headings


def test_h2_and_h3_get_ids_and_repeats_get_suffixes() -> None:
    html = render("# Top\n\n## Where to look\n\n### Details\n\n## Where to look\n\n## Where to look\n")
    assert '<h1>Top</h1>' in html
    assert '<h2 id="where-to-look">' in html and '<h3 id="details">' in html
    assert '<h2 id="where-to-look-1">' in html and '<h2 id="where-to-look-2">' in html


def test_a_heading_named_like_an_earlier_suffix_gets_the_next_free_id() -> None:
    headings = Markdown().headings("## A\n\n## A 1\n\n## A\n")
    assert [h.id for h in headings] == ["a", "a-1", "a-2"]


def test_headings_are_the_contents_list() -> None:
    headings = Markdown().headings("# Title\n\n## Where to `look`\n\n### In the *old* town\n\n#### Too deep\n")
    assert headings == [Heading(2, "where-to-look", "Where to look"), Heading(3, "in-the-old-town", "In the old town")]


def test_a_prefix_and_shift_for_bodies_shown_together() -> None:
    html = render("## A\n\n[x](#a) [h](/handbook/)\n\nNote[^1].\n\n[^1]: Here.\n", prefix="ch", shift=1)
    assert '<h3 id="ch.a">A</h3>' in html
    assert '<a href="#ch.a">x</a>' in html
    assert '<a href="./handbook/">h</a>' in html
    assert 'href="#fn-ch-1"' in html and 'id="fn-ch-1"' in html


def test_a_prefixed_render_leaves_the_next_render_as_parsed() -> None:
    markdown = Markdown()
    text = "## A\n\n[x](/a/)\n"
    plain = markdown.render(text, dot)
    markdown.render(text, lambda href: "../.." + href, prefix="ch", shift=2)
    assert markdown.render(text, dot) == plain == '<h2 id="a">A</h2>\n<p><a href="./a/">x</a></p>\n'


def test_the_level_shift_stops_at_h6() -> None:
    assert render("##### Five\n", shift=3).startswith("<h6>")


def test_markdown_headings_are_those_the_page_gets_ids_for() -> None:
    markdown = Markdown()
    text = "## Where to `look`\n\n### Details\n\n## Where to `look`\n"
    assert [(h.level, h.id, h.text) for h in markdown.headings(text)] == [(2, "where-to-look", "Where to look"), (3, "details", "Details"), (2, "where-to-look-1", "Where to look")]
    html = BeautifulSoup(markdown.render(text, lambda href: href), "html.parser")
    assert [h["id"] for h in html.find_all(["h2", "h3"])] == ["where-to-look", "details", "where-to-look-1"]


# plain text


def test_plain_text_keeps_structure_and_writes_links_out() -> None:
    body = (
        "# Title\n\n- one\n- two [x](https://e.org/)\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[mail](mailto:a@e.org) [top](#top) Note[^1].\n\n[^1]: Here.\n"
    )
    assert Markdown().plain_text(body, "https://ex.org/", "en", ("en", "de")) == (
        "Title\n\n- one\n- two x (https://e.org/)\n\ncode\n\na | b\n1 | 2\n\nmail (a@e.org) top Note[1].\n\nHere."
    )


def test_plain_text_of_an_image_is_its_alt_text() -> None:
    assert Markdown().plain_text("See ![the map](/images/map.png).", "https://ex.org/", "en", ("en",)) == "See the map."
