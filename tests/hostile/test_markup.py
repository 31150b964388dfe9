"""Markup injection: `<script>`, event handlers and `javascript:`/`data:`/`vbscript:` URLs in
every text field and in Markdown, strings that break out of JSON-LD (`</script>`, `"}`),
feeds (`]]>`, `<entry>`) and calendars (`BEGIN:VEVENT`). Legal content must come out inert:
checked with HTML parsers (html.parser and lxml), json, lxml and feedparser, and icalendar.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from generator.content.markdown import Markdown

from .support import browser_scheme, built, feed_entries, files, fixture_site, html_problems, json_ld, make_site, refused, vevents

# Every way Markdown writes a link or image, with dangerous schemes disguised as browsers
# would still read them; and raw HTML, which must stay text.
VARIANTS = {
    "inline": "[x](javascript:alert(1))",
    "uppercase": "[x](JAVASCRIPT:alert(1))",
    "mixed case": "[x](JaVaScRiPt:alert(1))",
    "decimal entity": "[x](java&#115;cript:alert(1))",
    "hex entity": "[x](&#x6A;avascript:alert(1))",
    "named entity colon": "[x](javascript&colon;alert(1))",
    "tab entity": "[x](java&#9;script:alert(1))",
    "line feed entity": "[x](java&#10;script:alert(1))",
    "carriage return entity": "[x](java&#13;script:alert(1))",
    "leading space entity": "[x](&#32;javascript:alert(1))",
    "leading nbsp": "[x](&nbsp;javascript:alert(1))",
    "leading control entity": "[x](&#1;javascript:alert(1))",
    "leading control": "[x](\x01javascript:alert(1))",
    "tab in angle brackets": "[x](<java\tscript:alert(1)>)",
    "space in angle brackets": "[x](<java script:alert(1)>)",
    "angle brackets": "[x](<javascript:alert(1)>)",
    "escaped colon": "[x](javascript\\:alert(1))",
    "percent-encoded colon": "[x](javascript%3Aalert(1))",
    "data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript": "[x](vbscript:msgbox(1))",
    "file": "[x](file:///etc/passwd)",
    "reference": "[x][r]\n\n[r]: javascript:alert(1)",
    "reference in angle brackets": "[x][r]\n\n[r]: <data:text/html,<script>alert(1)</script>>",
    "collapsed reference": "[r][]\n\n[r]: vbscript:alert(1)",
    "shortcut reference": "[r]\n\n[r]: JAVASCRIPT:alert(1)",
    "reference with title": '[r]\n\n[r]: javascript:alert(1) "title"',
    "autolink": "<javascript:alert(1)>",
    "autolink uppercase": "<JAVASCRIPT:alert(1)>",
    "autolink data": "<data:text/html,alert(1)>",
    "autolink entity": "<java&#115;cript:alert(1)>",
    "autolink vbscript": "<vbscript:msgbox(1)>",
    "image": "![x](javascript:alert(1))",
    "image data svg": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "image data png": "![x](data:image/png;base64,iVBORw0KGgo=)",
    "image in angle brackets": "![x](<javascript:alert(1)>)",
    "image reference": "![x][r]\n\n[r]: javascript:alert(1)",
    "image inside link": "[![x](javascript:alert(1))](javascript:alert(2))",
    "image title quotes": '![x](/images/a.png "\\" onerror=\\"alert(1)")',
    "image alt quotes": '![" onerror="alert(1)](/images/a.png)',
    "link title quotes": '[x](https://example.org/ "\\" onmouseover=\\"alert(1)")',
    "footnote": "x[^a]\n\n[^a]: [y](javascript:alert(1)) <img src=x onerror=alert(1)>",
    "table cell": "| a |\n|---|\n| [x](javascript:alert(1)) <script>alert(1)</script> |",
    "heading": "## [x](javascript:alert(1)) <script>alert(1)</script>",
    "raw a": '<a href="javascript:alert(1)">x</a>',
    "raw img": "<img src=x onerror=alert(1)>",
    "raw script": "<script>alert(1)</script>",
    "raw script block": "<script>\nalert(1)\n</script>",
    "raw svg": "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "raw iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "raw block with handler": '<div onmouseover="alert(1)">\n\nx\n\n</div>',
    "raw meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "html comment": "<!-- x --><script>alert(1)</script>",
    "protocol-relative": "[x](//javascript:alert(1))",
    "mailto": "[x](mailto:javascript:alert(1))",
}


@pytest.mark.parametrize("name", VARIANTS)
def test_markdown_never_makes_an_active_link(name: str) -> None:
    html = Markdown().render(VARIANTS[name], lambda href: href)

    assert html_problems(html) == []


def test_the_check_finds_active_links_once_the_protection_is_gone() -> None:
    """The test above is only worth something if it fails without the protection: a renderer
    with raw HTML on and every link allowed must trip it for most variants."""
    markdown = Markdown()
    markdown._md.validateLink = lambda url: True  # type: ignore[method-assign]
    markdown._md.options["html"] = True
    markdown._md.enable(["html_block", "html_inline"])

    tripped = [name for name, text in VARIANTS.items() if html_problems(markdown.render(text, lambda href: href))]

    assert len(tripped) >= 30, tripped


@pytest.mark.parametrize("html", [
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" java&#x09;script:alert(1)">x</a>',
    '<a href="&#1;javascript:alert(1)">x</a>',
    '<a href="JAVA\nSCRIPT:alert(1)">x</a>',
    '<img src="data:image/svg+xml,x">',
    '<img srcset="a.png 1x, javascript:alert(1) 2x">',
    '<p onclick="x">x</p>',
    "<script>alert(1)</script>",
    '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
    '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    "<iframe></iframe>",
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
])
def test_the_html_check_sees_what_a_browser_would_run(html: str) -> None:
    assert html_problems(html)


def test_browser_scheme_reads_urls_as_browsers_do() -> None:
    assert browser_scheme(" \x01java\tscr\nipt:alert(1)") == "javascript"
    assert browser_scheme("javascript%3Aalert(1)") is None
    assert browser_scheme("/cities/almaty/") is None


# A whole site with markup in every field and every Markdown syntax, built once.

@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = fixture_site("safe", "markup-everywhere", tmp_path_factory.mktemp("markup") / "site-src")
    return built(root)


def test_no_page_runs_script_or_loads_a_dangerous_url(out: Path) -> None:
    pages = list(files(out, ".html"))
    assert len(pages) > 50
    for page in pages:
        assert html_problems(page.read_text(encoding="utf-8")) == [], page


def test_titles_are_shown_as_text(out: Path) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup((out / "cities/almaty/events/picnic/index.html").read_text(encoding="utf-8"), "html.parser")

    assert page.h1 is not None
    assert '</script><script>alert("title")</script>"}]} --> <!--' in page.h1.get_text()
    assert page.title is not None and "<script>" in page.title.get_text()


def test_json_ld_keeps_every_title_whole(out: Path) -> None:
    titles = {
        "cities/almaty/events/picnic/index.html": '</script><script>alert("title")</script>"}]} --> <!--',
        "cities/almaty/events/weekly/index.html": 'Weekly "}]}</script> ]]>',
    }
    titles["de/cities/almaty/events/weekly/index.html"] = 'Wöchentlich <script>alert("de")</script> ]]> "}]}'
    for page, title in titles.items():
        html = (out / page).read_text(encoding="utf-8")
        (data,) = json_ld(html)
        assert data["name"] == title
        assert html.count("<script") == 1, "only the JSON-LD element is a script"
    (picnic,) = json_ld((out / "cities/almaty/events/picnic/index.html").read_text(encoding="utf-8"))
    locations = picnic["location"]
    assert isinstance(locations, list)
    place, online = locations
    assert place["address"]["streetAddress"] == '"><script>alert("address")</script>'
    assert online["url"] == "https://example.org/'onmouseover='alert(1)"


def test_feeds_are_well_formed_and_hold_exactly_the_entries(out: Path) -> None:
    counts = {"feed.xml": 4, "rss.xml": 4, "de/feed.xml": 4, "cities/almaty/feed.xml": 3, "cities/almaty/rss.xml": 3}
    for path, count in counts.items():
        assert len(feed_entries((out / path).read_bytes())) == count, path
    atom = etree.fromstring((out / "feed.xml").read_bytes())
    titles = {element.text for element in atom.iter("{http://www.w3.org/2005/Atom}title")}
    assert "]]><entry><title>Injected</title></entry><![CDATA[ housing" in titles
    assert "Injected entry" not in titles


def test_calendars_hold_exactly_their_events(out: Path) -> None:
    counts = {"events.ics": 2, "cities/almaty/events.ics": 2, "tags/newcomers/events.ics": 2, "cities/almaty/events/picnic.ics": 1, "de/events.ics": 2}
    for path, count in counts.items():
        assert len(vevents((out / path).read_bytes())) == count, path
    (picnic,) = vevents((out / "cities/almaty/events/picnic.ics").read_bytes())
    assert str(picnic["SUMMARY"]) == '</script><script>alert("title")</script>"}]} --> <!--'
    assert "BEGIN:VEVENT\nSUMMARY:Injected event\nEND:VEVENT" in str(picnic["DESCRIPTION"])
    (weekly,) = vevents((out / "cities/almaty/events/weekly.ics").read_bytes())
    assert "END:VCALENDAR\nBEGIN:VCALENDAR" in str(weekly["DESCRIPTION"])
    (german,) = vevents((out / "de/cities/almaty/events/weekly.ics").read_bytes())
    assert str(german["SUMMARY"]) == 'Wöchentlich <script>alert("de")</script> ]]> "}]}'
    assert "Hauptstraße 1\nBEGIN:VEVENT\nSUMMARY:Injected through the address\nEND:VEVENT" in str(german["LOCATION"])
    assert str(german["UID"]) == str(weekly["UID"])


def test_sitemap_and_search_index_stay_intact(out: Path) -> None:
    etree.fromstring((out / "sitemap.xml").read_bytes())
    metas = []
    for fragment in (out / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        metas.append(json.loads(data[len(b"pagefind_dcd"):])["meta"])
    assert any(meta.get("title", "").startswith('</script><script>alert("title")</script>') for meta in metas)
    for meta in metas:
        assert all(browser_scheme(str(value)) not in ("javascript", "data") for value in meta.values())


def test_a_body_with_crlf_and_begin_vevent_stays_in_its_description(tmp_path: Path) -> None:
    """Windows line ends in the body reach the calendar as one escaped DESCRIPTION."""
    body = b"Bring food.\r\nBEGIN:VEVENT\r\nUID:evil@example.org\r\nSUMMARY:Injected\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    picnic = b"---\r\ntitle: Picnic in the park\r\nstart: 2026-12-05 12:00\r\n---\r\n" + body
    root = make_site(tmp_path / "site-src", {"content/events/almaty/picnic.md": picnic})

    out = built(root)

    for path in ("events.ics", "cities/almaty/events.ics", "cities/almaty/events/picnic.ics"):
        (event,) = vevents((out / path).read_bytes())
        assert str(event["UID"]) != "evil@example.org"
        assert "BEGIN:VEVENT\nUID:evil@example.org\nSUMMARY:Injected\nEND:VEVENT\nEND:VCALENDAR" in str(event["DESCRIPTION"])
    assert len(feed_entries((out / "feed.xml").read_bytes())) == 1


def test_a_translation_catalog_with_control_characters_is_refused_at_its_line(tmp_path: Path) -> None:
    """Control characters in a theme's catalog are an error at the translation's line, as in
    content (the feeds also drop them, since XML cannot hold them, but the build stops first)."""
    root = make_site(tmp_path / "site-src", {"content/events/almaty/off.md": "---\ntitle: Off\nstart: 2026-12-05 12:00\nstatus: cancelled\n---\nNo.\n"})
    shutil.copytree(Path(__file__).resolve().parents[2] / "themes" / "default", root / "themes" / "default")
    catalog = root / "themes/default/locale/de/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgstr "', text.index('msgid "Cancelled:"')) + len('msgstr "')
    catalog.write_text(text[:start] + "\x01\x0b" + text[start:], encoding="utf-8")
    line = 1 + catalog.read_text(encoding="utf-8")[: text.index('msgid "Cancelled:"')].count("\n")

    refused(root, [f"themes/default/locale/de/LC_MESSAGES/messages.po:{line}:1: error: the translation of `Cancelled:` holds the control character U+0001: remove it"])
