"""Hostile translation catalogs: a msgstr is text, never HTML.

A translator edits a theme's `.po` files in a pull request, so what they write is treated
like content: markup is refused at its line by `check`, and whatever does reach the pages
(quotes, ampersands, a `<` before a digit, or a catalog that skipped the check) is escaped,
in every template, the `<title>` included, with the placeholders' values escaped once.
"""

from __future__ import annotations

import gettext
import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from bs4 import BeautifulSoup
from conftest import run_quietly

from generator.content.markdown import Markdown
from generator.core.options import Theme
from generator.output import i18n
from generator.output.render import Renderer

from .support import built, files, html_problems, make_site, refused

REPOSITORY = Path(__file__).resolve().parents[2]
PO = "themes/default/locale/de/LC_MESSAGES/messages.po"

MARKUP = {  # the three strings of issue 13 that ran script, redirected and rebased every German page
    "Events in %(city)s": "</title><script>alert(7001)</script><title>Veranstaltungen in %(city)s",
    "Skip to content": '<meta http-equiv="refresh" content="0;url=https://evil.example/phish">',
    "The expat handbook": '</title><base href="https://evil.example/">',
    "Search": "Suche<!-- ",
    "Events": "<?php echo 1 ?>",
}
TEXT = {  # not markup, so `check` lets them through: each would matter if it reached the page unescaped
    "Main": '" onmouseover="alert(7002)" data-x="',
    "Language": "Sprache' onfocus='alert(7003)",
    "Calendar": "Kalender & <3 > „Termine“",
    "Upcoming events": "Termine &amp; &lt;b&gt;",
    "Events in %(city)s": 'Termine in "%(city)s" & <2',
}


def site_with_catalog(root: Path, strings: dict[str, str]) -> Path:
    """The base site with its own copy of the default theme, whose German catalog says `strings`."""
    make_site(root)
    shutil.copytree(REPOSITORY / "themes" / "default", root / "themes" / "default")
    po = root / PO
    po.write_text(translated(po.read_text(encoding="utf-8"), strings), encoding="utf-8")
    return root


def translated(po: str, strings: dict[str, str]) -> str:
    for msgid, msgstr in strings.items():
        entry = re.compile(rf'^(msgid {re.escape(quoted(msgid))}\n)msgstr "(?:[^"\\]|\\.)*"$', re.MULTILINE)
        po, found = entry.subn(lambda match, msgstr=msgstr: match.group(1) + "msgstr " + quoted(msgstr), po)
        assert found == 1, msgid
    return po


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def line_of(root: Path, msgid: str) -> int:
    lines = (root / PO).read_text(encoding="utf-8").splitlines()
    return lines.index(f"msgid {quoted(msgid)}") + 1


def test_markup_in_a_translation_is_refused_at_its_line(tmp_path: Path) -> None:
    root = site_with_catalog(tmp_path / "site-src", MARKUP)

    result = refused(root, None)

    expected = {
        "Events in %(city)s": "</title>", "Skip to content": "<meta", "The expat handbook": "</title>", "Search": "<!--", "Events": "<?php",
    }
    assert len(result.err.splitlines()) == len(expected) + 1
    for msgid, tag in expected.items():
        assert (f"{PO}:{line_of(root, msgid)}:1: error: the translation of `{msgid}` holds markup (`{tag}`): translations are plain text, "
                "shown as written; leave tags out (a `<` is fine before a space or a digit)") in result.err.splitlines()


@pytest.mark.parametrize("text", ["a < b", "<3", "1 <2", "x <= y", "&lt;b&gt;", "100 % sicher? <", "„Zitat“ & 'so'"])
def test_text_with_angle_brackets_is_not_markup(text: str) -> None:
    assert i18n.markup_problem("x", text) is None


@pytest.mark.parametrize("text", ["<b>", "</b>", "<!-- x", "<?xml", "<!DOCTYPE", "<svg/onload=x>", "a<i>b", "x</title>"])
def test_anything_that_starts_a_tag_is_markup(text: str) -> None:
    assert i18n.markup_problem("x", text) is not None


def german_pages(out: Path) -> dict[str, str]:
    return {page.relative_to(out).as_posix(): page.read_text(encoding="utf-8") for page in files(out / "de", ".html")}


def test_translations_that_are_not_markup_reach_every_page_as_text(tmp_path: Path) -> None:
    out = built(site_with_catalog(tmp_path / "site-src", TEXT))

    pages = german_pages(out)
    assert len(pages) > 5
    for name, html in pages.items():
        assert html_problems(html) == [], name
        soup = BeautifulSoup(html, "html.parser")
        assert soup.header.find("nav")["aria-label"] == TEXT["Main"], name  # the quotes did not end the attribute
        assert soup.find("nav", class_="languages")["aria-label"] == TEXT["Language"], name
        assert soup.header.find("nav").find_all("a")[2].get_text() == TEXT["Calendar"], name
        assert "alert" not in " ".join(str(value) for tag in soup.find_all(True) for key, value in tag.attrs.items() if key != "aria-label")
    events = BeautifulSoup(pages["de/cities/almaty/events/index.html"], "html.parser")
    assert events.title is not None and events.title.get_text() == 'Termine in "Almaty" & <2 · Test Chapters'
    assert events.h1 is not None and events.h1.get_text() == 'Termine in "Almaty" & <2'
    assert "Termine in &#34;Almaty&#34; &amp; &lt;2" in pages["de/cities/almaty/events/index.html"]  # escaped once, not twice
    upcoming = BeautifulSoup(pages["de/events/index.html"], "html.parser")
    assert upcoming.h1 is not None and upcoming.h1.get_text() == "Termine &amp; &lt;b&gt;"  # written as entities, shown as written


def test_markup_that_skipped_the_check_is_still_only_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The escaping holds by itself: with the markup check switched off, the issue's strings reach the renderer."""
    monkeypatch.setattr(i18n, "markup_problem", lambda source, translation: None)
    out = built(site_with_catalog(tmp_path / "site-src", MARKUP))

    pages = german_pages(out)
    for name, html in pages.items():
        assert html_problems(html) == [], name
        soup = BeautifulSoup(html, "html.parser")
        assert [tag.name for tag in soup.head.find_all(["meta", "base", "script", "title"])][:2] == ["meta", "meta"], name
        assert soup.find("base") is None and soup.find("meta", attrs={"http-equiv": "refresh"}) is None, name
        assert not [tag for tag in soup.find_all("script") if tag.get("type") != "application/ld+json" and (tag.string or not tag.get("src"))], name
        assert len(soup.find_all("title")) == 1, name
        assert soup.find("a", class_="skip").get_text() == MARKUP["Skip to content"], name
    events = BeautifulSoup(pages["de/cities/almaty/events/index.html"], "html.parser")
    assert events.title is not None and events.title.get_text() == "</title><script>alert(7001)</script><title>Veranstaltungen in Almaty · Test Chapters"
    handbook = BeautifulSoup(pages["de/handbook/index.html"], "html.parser")
    assert handbook.title is not None and handbook.title.get_text() == '</title><base href="https://evil.example/"> · Test Chapters'


def test_the_csp_comes_before_anything_that_carries_content(tmp_path: Path) -> None:
    out = built(make_site(tmp_path / "site-src"))

    for page in files(out, ".html"):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        assert head is not None
        first, second = head.find_all(True)[:2]
        assert (first.name, first.attrs) == ("meta", {"charset": "utf-8"}), page
        assert (second.name, second.get("http-equiv")) == ("meta", "Content-Security-Policy"), page


# The escaping layer itself, for `_()`, plurals, contexts and `{% trans %}` blocks.

def translations(strings: dict[str | tuple[str, str], str | tuple[str, str]], context: dict[str, str] | None = None) -> gettext.GNUTranslations:
    """A German catalog with `strings`, compiled without `check`: what a renderer would get if the check missed something."""
    catalog = Catalog(locale="de")
    for msgid, msgstr in strings.items():
        catalog.add(msgid, msgstr)
    for (msgctxt, msgid), msgstr in (context or {}).items():  # type: ignore[misc]
        catalog.add(msgid, msgstr, context=msgctxt)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture
def renderer() -> Renderer:
    hostile = translations(
        {"Events in %(city)s": "<script>x</script>%(city)s & co", ("One event", "%(num)s events"): ("<b>ein</b>", "<i>%(num)s</i> & %(city)s"),
         ("One day", "%(num)s days"): ("<b>ein Tag</b>", "<i>%(num)s</i> Tage"), "Plain": '" onclick="x', "Percent": "100%% <sicher>"},
        {("menu", "Open"): "<u>Öffnen</u>"},
    )
    return Renderer(Theme.open(REPOSITORY), Markdown(), "Site", "https://example.org/", ("en", "de"), lambda lang: hostile)


@pytest.mark.parametrize(("source", "expected"), [
    ('{{ _("Events in %(city)s", city=city) }}', "&lt;script&gt;x&lt;/script&gt;&lt;b&gt;A&amp;B&lt;/b&gt; &amp; co"),
    ('{% trans %}Events in {{ city }}{% endtrans %}', "&lt;script&gt;x&lt;/script&gt;&lt;b&gt;A&amp;B&lt;/b&gt; &amp; co"),
    ('{{ ngettext("One event", "%(num)s events", 1) }}', "&lt;b&gt;ein&lt;/b&gt;"),
    ('{{ ngettext("One event", "%(num)s events", 3, city=city) }}', "&lt;i&gt;3&lt;/i&gt; &amp; &lt;b&gt;A&amp;B&lt;/b&gt;"),
    ('{% trans num=3 %}One day{% pluralize %}{{ num }} days{% endtrans %}', "&lt;i&gt;3&lt;/i&gt; Tage"),
    ('{% trans num=1 %}One day{% pluralize %}{{ num }} days{% endtrans %}', "&lt;b&gt;ein Tag&lt;/b&gt;"),
    ('{{ pgettext("menu", "Open") }}', "&lt;u&gt;Öffnen&lt;/u&gt;"),
    ('<a title="{{ _("Plain") }}">', '<a title="&#34; onclick=&#34;x">'),
    ('{{ _("Percent") }}', "100% &lt;sicher&gt;"),
    ('{{ _("Untranslated <b>") }}', "Untranslated &lt;b&gt;"),
])
def test_every_gettext_call_escapes_the_catalog_and_the_values_once(renderer: Renderer, source: str, expected: str) -> None:
    assert renderer.environment("de").from_string(source).render(city="<b>A&B</b>") == expected


def test_check_still_refuses_markup_through_its_own_function() -> None:
    """The monkeypatched test above switches off exactly this function: it is the one the check calls."""
    catalog = Catalog(locale="de")
    catalog.add("Skip to content", "<meta http-equiv=refresh>")
    assert [problem for _, problem in i18n.problems(catalog)] == [
        ("the translation of `Skip to content` holds markup (`<meta`): translations are plain text, shown as written; "
         "leave tags out (a `<` is fine before a space or a digit)")
    ]


def test_a_catalog_without_markup_builds_as_before(tmp_path: Path) -> None:
    root = site_with_catalog(tmp_path / "site-src", {})

    assert run_quietly(["check", str(root)]).code == 0
