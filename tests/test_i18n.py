"""Interface translations: the catalogs are complete and current, and built pages, feeds and calendars use them.

The catalogs live in themes/default/locale/ (docs/translating.md). The page tests build
tests/fixtures/sites/small/ (en, de, ru); the calendar tests use the feeds fixture (en, ru).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import FIXTURES, FeedsBuild, Result, run_quietly

from generator.core.errors import ErrorReport
from generator.output.i18n import catalog_path, load, problems

REPOSITORY = Path(__file__).resolve().parent.parent
THEME = REPOSITORY / "themes" / "default"
LOCALE = THEME / "locale"
POT = LOCALE / "messages.pot"
TRANSLATED = ("de", "ru")
CATALOGS = ("en", *TRANSLATED)
PLACEHOLDER = re.compile(r"%\((\w+)\)[a-z]")
EXTRACT = [  # the command docs/translating.md gives, run from the repository root
    "pybabel", "extract", "-F", "themes/default/babel.cfg", "--project=Chapters", "--copyright-holder=Chapters contributors",
    "--add-comments=TRANSLATORS:", "--no-wrap", "--sort-by-file", "themes/default/templates", "generator",
]
Run = Callable[[list[str]], Result]


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=lang)


def first_id(message: Message) -> str:
    """A message's id; a plural message's singular."""
    return message.id if isinstance(message.id, str) else str(message.id[0])


def forms(message: Message) -> tuple[str, ...]:
    """A message's translation; a plural message's every form."""
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def msgids(catalog: Catalog) -> set[str]:
    return {message.id for message in catalog if message.id and isinstance(message.id, str)} | {
        message.id[0] for message in catalog if isinstance(message.id, (list, tuple))
    }


@pytest.fixture(scope="module")
def template() -> Catalog:
    return read_catalog(POT)


# the catalogs


def test_pot_is_up_to_date_with_the_templates_and_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: Catalog) -> None:
    fresh = tmp_path / "messages.pot"
    monkeypatch.chdir(REPOSITORY)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        CommandLineInterface().run([*EXTRACT[:2], "-o", str(fresh), *EXTRACT[2:]])
    extracted = msgids(read_catalog(fresh))
    assert len(extracted) > 80
    missing, stale = sorted(extracted - msgids(template)), sorted(msgids(template) - extracted)
    assert (missing, stale) == ([], []), "run the `pybabel extract` and `pybabel update` commands in docs/translating.md"


@pytest.mark.parametrize("lang", CATALOGS)
def test_catalog_translates_every_message_of_the_pot(template: Catalog, lang: str) -> None:
    catalog = read_catalog(catalog_path(LOCALE, lang), lang)
    by_id = {first_id(message): message for message in catalog if message.id}
    missing = sorted(msgid for msgid in msgids(template) if msgid not in by_id)
    empty = sorted(msgid for msgid in msgids(template) if msgid in by_id and not all(forms(by_id[msgid])))
    fuzzy = sorted(msgid for msgid in msgids(template) if msgid in by_id and by_id[msgid].fuzzy)
    assert (missing, empty, fuzzy) == ([], [], [])
    assert sorted(msgids(catalog) - msgids(template)) == [], "messages the code no longer has: run `pybabel update`"


@pytest.mark.parametrize("lang", CATALOGS)
def test_translations_keep_the_placeholders_of_the_original(lang: str) -> None:
    catalog = read_catalog(catalog_path(LOCALE, lang), lang)
    different = [
        (message.id, string) for message in catalog if message.id for string in forms(message)
        if sorted(PLACEHOLDER.findall(first_id(message))) != sorted(PLACEHOLDER.findall(string))
    ]
    assert different == []


@pytest.mark.parametrize("lang", CATALOGS)
def test_catalog_loads_without_problems(lang: str) -> None:
    path = catalog_path(LOCALE, lang)
    catalog = read_catalog(path, lang)
    assert list(problems(catalog)) == []
    report = ErrorReport()
    translations = load(path, lang, report, REPOSITORY)
    assert not report
    assert all(translations.gettext(message.id) == message.string for message in catalog if isinstance(message.id, str) and message.id)
    plural = [message for message in catalog if message.id and not isinstance(message.id, str)]
    assert all(translations.ngettext(message.id[0], message.id[1], 1) == message.string[0] for message in plural)


def test_russian_catalog_declares_three_plural_forms() -> None:
    catalog = read_catalog(catalog_path(LOCALE, "ru"), "ru")
    assert catalog.num_plurals == 3
    assert "n%10==1 && n%100!=11" in catalog.plural_expr


def test_english_catalog_is_the_source_text() -> None:
    catalog = read_catalog(catalog_path(LOCALE, "en"), "en")
    assert [message.id for message in catalog if message.id and message.string != message.id] == []


# built pages


def build(root: Path) -> Path:
    result = run_quietly(["build", str(root)])
    assert result.code == 0, result.err
    return root / "site"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("i18n") / "small"
    shutil.copytree(FIXTURES / "sites" / "small", root)
    return build(root)


def page(out: Path, file: str) -> BeautifulSoup:
    return BeautifulSoup((out / file).read_text(encoding="utf-8"), "html.parser")


def text(soup: BeautifulSoup, selector: str) -> list[str]:
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


INTERFACE = {
    "": {
        "nav": ["Chapters", "Events", "Handbook"], "upcoming": "Upcoming events", "subscribe": "Subscribe", "add": "Add to calendar",
        "facts": ["When", "Where", "Cost", "Languages", "Hosts", "Tags"], "free": "Free", "not_found": "Page not found",
        "notice": "This page has not been translated yet; it is shown in English.",
    },
    "de/": {
        "nav": ["Ortsgruppen", "Veranstaltungen", "Handbuch"], "upcoming": "Kommende Veranstaltungen", "subscribe": "Abonnieren",
        "add": "Zum Kalender hinzufügen", "facts": ["Wann", "Wo", "Kosten", "Sprachen", "Gastgebende", "Schlagwörter"], "free": "Kostenlos",
        "not_found": "Seite nicht gefunden", "notice": "Diese Seite ist noch nicht übersetzt; sie wird auf Englisch angezeigt.",
    },
    "ru/": {
        "nav": ["Сообщества", "События", "Справочник"], "upcoming": "Ближайшие события", "subscribe": "Подписаться",
        "add": "Добавить в календарь", "facts": ["Когда", "Где", "Стоимость", "Языки", "Организаторы", "Теги"], "free": "Бесплатно",
        "not_found": "Страница не найдена", "notice": "Эта страница ещё не переведена и показана на языке оригинала: английский.",
    },
}


@pytest.mark.parametrize("prefix", INTERFACE)
def test_navigation_is_in_the_page_language(out: Path, prefix: str) -> None:
    soup = page(out, prefix + "index.html")
    assert set(INTERFACE[prefix]["nav"]) <= set(text(soup, "ul.nav a"))


@pytest.mark.parametrize("prefix", INTERFACE)
def test_city_page_headings_and_subscribe_box_are_in_the_page_language(out: Path, prefix: str) -> None:
    soup = page(out, prefix + "cities/almaty/index.html")
    assert soup.select_one("#upcoming").get_text(strip=True) == INTERFACE[prefix]["upcoming"]
    assert soup.select_one("#subscribe-heading").get_text(strip=True) == INTERFACE[prefix]["subscribe"]


@pytest.mark.parametrize("prefix", ["de/", "ru/"])
def test_fallback_notice_is_in_the_page_language(out: Path, prefix: str) -> None:
    assert text(page(out, prefix + "cities/almaty/index.html"), "p.notice") == [INTERFACE[prefix]["notice"]]


@pytest.mark.parametrize("prefix", INTERFACE)
def test_event_facts_and_add_to_calendar_are_in_the_page_language(out: Path, prefix: str) -> None:
    soup = page(out, prefix + "cities/berlin/events/stammtisch/index.html")
    assert text(soup, "dl.facts > dt") == INTERFACE[prefix]["facts"]
    assert text(soup, ".badge-free") == [INTERFACE[prefix]["free"]]
    assert soup.select_one("#add-heading").get_text(strip=True) == INTERFACE[prefix]["add"]


@pytest.mark.parametrize("prefix", INTERFACE)
def test_404_page_is_in_its_language(out: Path, prefix: str) -> None:
    soup = page(out, prefix + "404.html")
    assert soup.h1.get_text(strip=True) == INTERFACE[prefix]["not_found"]
    assert soup.title.get_text() == f"{INTERFACE[prefix]['not_found']} · Small Chapters"


def test_listing_page_titles_are_translated(out: Path) -> None:
    assert page(out, "ru/events/index.html").title.get_text() == "Ближайшие события · Small Chapters"
    assert page(out, "de/handbook/index.html").title.get_text() == "Das Expat-Handbuch · Small Chapters"
    assert page(out, "ru/cities/berlin/events/index.html").h1.get_text(strip=True) == "События в городе Берлин"  # CLDR's name of the city its zone is named after


@pytest.mark.parametrize(("prefix", "expected"), [
    ("", "Speaks Kazakh, Russian, English"),
    ("de/", "Spricht Kasachisch, Russisch, Englisch"),
    ("ru/", "Языки: казахский, русский, английский"),  # mid-sentence, Russian writes them lowercase
])
def test_ambassador_languages_read_as_a_sentence(out: Path, prefix: str, expected: str) -> None:
    assert text(page(out, prefix + "cities/almaty/index.html"), ".people .meta") == [expected]


def test_cancelled_badge_and_notice_are_translated(out: Path) -> None:
    soup = page(out, "de/cities/berlin/events/lake-swim/index.html")
    assert text(soup, "h1 .badge-cancelled") == ["Abgesagt"]
    assert text(soup, "p.notice-cancelled") == ["Diese Veranstaltung ist abgesagt."]


@pytest.mark.parametrize("prefix", ["de/", "ru/"])
def test_no_interface_string_is_left_in_english(out: Path, template: Catalog, prefix: str) -> None:
    """Whole text nodes and labels outside the (English) content that equal an English message."""
    lang = prefix[:2]
    catalog = read_catalog(catalog_path(LOCALE, lang), lang)
    translated = {message.id: message.string for message in catalog if message.id}
    english = {msgid for msgid in msgids(template) if translated.get(msgid) != msgid}  # a message the catalog lacks counts too
    english |= {f"{msgid} ·" for msgid in english}
    leftovers = set()
    for path in sorted((out / prefix).rglob("*.html")):
        soup = page(out, path.relative_to(out).as_posix())
        for element in soup.select("[lang]:not(html)"):
            element.decompose()  # content shown in its original language
        found = {string for string in soup.body.stripped_strings if string in english}
        found |= {element["aria-label"] for element in soup.select("[aria-label]") if element["aria-label"] in english}
        leftovers |= {f"{path.relative_to(out)}: {string}" for string in found}
    assert sorted(leftovers) == []


# feeds and calendars


@pytest.fixture(scope="module")
def feeds_out(feeds_plain: FeedsBuild) -> Path:
    return feeds_plain.out


def calendar(out: Path, file: str) -> icalendar.Calendar:
    parsed = icalendar.Calendar.from_ical((out / file).read_bytes())
    assert isinstance(parsed, icalendar.Calendar)
    return parsed


def test_russian_calendars_have_russian_names_and_descriptions(feeds_out: Path) -> None:
    network = calendar(feeds_out, "ru/events.ics")
    assert str(network["NAME"]) == str(network["X-WR-CALNAME"]) == "Feed Chapters: все события"
    assert str(network["DESCRIPTION"]) == "Все события всех сообществ. Рады всем."
    city = calendar(feeds_out, "ru/cities/berlin/events.ics")
    assert str(city["DESCRIPTION"]) == "События сообщества в городе Берлин. Новичкам всегда рады."
    tag = calendar(feeds_out, "ru/tags/newcomers/events.ics")
    assert str(tag["DESCRIPTION"]) == "События с тегом newcomers во всех сообществах."
    assert str(calendar(feeds_out, "events.ics")["DESCRIPTION"]) == "Every event of every chapter. Anyone is welcome."


def test_russian_calendar_marks_cancelled_and_postponed_events_in_russian(feeds_out: Path) -> None:
    summaries = {str(event["UID"]).split("@")[0]: str(event["SUMMARY"]) for event in calendar(feeds_out, "ru/events.ics").walk("VEVENT")}
    assert summaries["lake-swim.berlin"] == "Отменено: Зимнее купание в озере"
    assert summaries["ski-trip.almaty"].startswith("Перенесено: ")


def test_russian_feed_title_and_entry_labels_are_russian(feeds_out: Path) -> None:
    feed = (feeds_out / "ru" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Feed Chapters: события и новости</title>" in feed
    assert "&lt;strong&gt;Когда:&lt;/strong&gt;" in feed and "(местное время, Берлин)" in feed


# a site's own theme, and a language nobody has translated yet


def own_theme(root: Path) -> Path:
    """Copy the default theme into the site, as a site that customizes it does; return its Russian catalog."""
    shutil.copytree(THEME, root / "themes" / "default")
    return catalog_path(root / "themes" / "default" / "locale", "ru")


def test_language_without_a_catalog_shows_the_english_interface(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, fr]\n"})
    assert run(["build", str(root)]).code == 0
    soup = page(root / "site", "fr/cities/almaty/index.html")
    assert soup.select_one("#upcoming").get_text(strip=True) == "Upcoming events"


def test_site_theme_uses_its_own_catalog(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, ru]\n"})
    po = own_theme(root)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Ближайшие события"', 'msgstr "Скоро у нас"'), encoding="utf-8")
    assert run(["build", str(root)]).code == 0
    assert page(root / "site", "ru/cities/almaty/index.html").select_one("#upcoming").get_text(strip=True) == "Скоро у нас"


def test_fuzzy_translation_is_not_used(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, ru]\n"})
    po = own_theme(root)
    source = po.read_text(encoding="utf-8")
    po.write_text(source.replace('msgid "Upcoming events"', '#, fuzzy\nmsgid "Upcoming events"', 1), encoding="utf-8")
    assert run(["build", str(root)]).code == 0
    assert page(root / "site", "ru/cities/almaty/index.html").select_one("#upcoming").get_text(strip=True) == "Upcoming events"


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_translation_with_an_unknown_placeholder_is_an_error_at_its_line(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, ru]\n"})
    po = own_theme(root)
    po.write_text(po.read_text(encoding="utf-8").replace('"События в городе %(city)s"', '"События в городе %(town)s"'), encoding="utf-8")

    result = run(["check", str(root)])

    assert result.code == 1
    line = line_of(po, 'msgid "Events in %(city)s"')
    assert f"themes/default/locale/ru/LC_MESSAGES/messages.po:{line}:1: error: the translation of `Events in %(city)s` uses %(town)s, which the original does not have" in result.err


def test_stray_percent_sign_is_an_error(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, ru]\n"})
    po = own_theme(root)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Бесплатно"', 'msgstr "100% бесплатно"'), encoding="utf-8")

    result = run(["check", str(root)])

    assert result.code == 1
    assert "a `%` that is no placeholder" in result.err


def test_control_character_in_a_translation_is_an_error_at_its_line(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, ru]\n"})
    po = own_theme(root)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Бесплатно"', 'msgstr "Бесплатно\a"'), encoding="utf-8")  # BEL, as is, in the file

    result = run(["check", str(root)])

    assert result.code == 1
    line = line_of(po, 'msgid "Free"')
    assert f"themes/default/locale/ru/LC_MESSAGES/messages.po:{line}:1: error: the translation of `Free` holds the control character U+0007: remove it" in result.err


def test_unreadable_catalog_is_an_error_at_its_line(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, ru]\n"})
    po = own_theme(root)
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Free"', 'msgidd "Free"'), encoding="utf-8")

    result = run(["check", str(root)])

    assert result.code == 1
    line = line_of(po, 'msgidd "Free"')
    assert f"themes/default/locale/ru/LC_MESSAGES/messages.po:{line}:1: error: the translation catalog cannot be read" in result.err
    assert "Traceback" not in result.err
