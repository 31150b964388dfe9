"""A city's directory of recommendations as a reader gets it (issue 18): the directory by
category, each entry's page with its schema.org JSON-LD, the city page's links and "Ask the
community", the "Suggest a recommendation" link, in English, German and Russian.

The fixture `tests/fixtures/sites/everyday` has three recommendations in Almaty (a language
teacher translated into German and Russian, a dentist, a tailor) and a doctor in Berlin.
"""

from __future__ import annotations

import json
import posixpath
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import FIXTURES, edit_and_rebuild, run_quietly
from test_build import page

from generator.content.model import PLACE_CATEGORIES
from generator.content.starters import place_starter

EVERYDAY = FIXTURES / "sites" / "everyday"
PREFIXES = ("", "de/", "ru/")
TEACHER = "cities/almaty/directory/russian-teacher/index.html"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("directory") / "everyday"
    shutil.copytree(EVERYDAY, root)
    result = run_quietly(["build", str(root)])
    assert result.code == 0, result.err
    return root / "site"


def texts(soup: BeautifulSoup | Tag, selector: str) -> list[str]:
    return [" ".join(element.get_text(" ", strip=True).split()) for element in soup.select(selector)]


def facts(soup: BeautifulSoup | Tag) -> dict[str, str]:
    """The first facts list: each label with its value's text."""
    found = soup.select_one("dl.place-facts")
    assert found is not None
    return {" ".join(dt.get_text(" ", strip=True).split()): " ".join(dt.find_next_sibling("dd").get_text(" ", strip=True).split())
            for dt in found.find_all("dt")}


def json_ld(soup: BeautifulSoup) -> dict[str, object]:
    blocks = soup.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    assert isinstance(data, dict)
    return data


# the directory page


@pytest.mark.parametrize(("prefix", "headings"), [
    ("", ["Dentists", "Language teachers", "Crafts and repairs"]),
    ("de/", ["Zahnärztinnen und Zahnärzte", "Sprachlehrkräfte", "Handwerk und Reparaturen"]),
    ("ru/", ["Стоматологи", "Преподаватели языков", "Мастерские и ремонт"]),
])
def test_the_directory_lists_its_entries_by_category_in_the_formats_order_with_an_index(out: Path, prefix: str, headings: list[str]) -> None:
    soup = page(out, prefix + "cities/almaty/directory/index.html")
    sections = soup.select("section.category")
    assert [section.h2.get_text(strip=True) for section in sections] == headings
    slugs = [section.h2["id"].removeprefix("category-") for section in sections]
    assert slugs == sorted(slugs, key=PLACE_CATEGORIES.index) == ["dentist", "language-teacher", "crafts-and-repairs"]
    index = soup.select(".category-index a")
    assert [a["href"] for a in index] == [f"#category-{slug}" for slug in slugs]
    assert [a.get_text(" ", strip=True) for a in index] == [f"{heading} (1)" for heading in headings]
    assert [texts(section, ".place h3") for section in sections] == [["Aru Dental"], ["Slovo Russian lessons"], ["Atelier Shapan"]]


@pytest.mark.parametrize(("prefix", "expected"), [
    ("", {"Languages spoken": "Russian, English", "Address": "Abay Avenue 10, office 4 Map and directions (OpenStreetMap) · Open in a map app",
          "Website": "slovo.example.kz/", "Phone": "+7 727 123 45 67", "Opening hours": "Mon-Fri 9:00-17:30", "Price": "₸₸ moderate",
          "Last checked": "October 1, 2026"}),
    ("de/", {"Gesprochene Sprachen": "Russisch, Englisch", "Adresse": "Abay Avenue 10, office 4 Karte und Wegbeschreibung (OpenStreetMap) · In einer Karten-App öffnen",
             "Website": "slovo.example.kz/", "Telefon": "+7 727 123 45 67", "Öffnungszeiten": "Mo-Fr 9-18 Uhr", "Preis": "₸₸ mittel",
             "Zuletzt geprüft": "1. Oktober 2026"}),
    ("ru/", {"Языки общения": "русский, английский", "Адрес": "проспект Абая 10, офис 4 Карта и маршрут (OpenStreetMap) · Открыть в приложении карт",
             "Сайт": "slovo.example.kz/", "Телефон": "+7 727 123 45 67", "Часы работы": "пн–пт 9:00–18:00", "Цены": "₸₸ средние цены",
             "Последняя проверка": "1 октября 2026 г."}),
])
def test_an_entry_shows_its_facts_in_the_page_language(out: Path, prefix: str, expected: dict[str, str]) -> None:
    for file in (prefix + "cities/almaty/directory/index.html", prefix + TEACHER):
        soup = page(out, file)
        entry = soup.select_one("article.place") or soup.select("section.category")[1]
        assert facts(entry) == expected, file


def test_an_entry_links_its_directions_website_and_phone(out: Path) -> None:
    soup = page(out, TEACHER)
    assert soup.select_one("[data-directions=osm]")["href"].startswith("https://www.openstreetmap.org/?mlat=43.238300&mlon=76.945100")
    assert soup.select_one("[data-directions=geo]")["href"] == "geo:43.238300,76.945100"
    assert soup.select_one("[data-website]")["href"] == "https://slovo.example.kz/"
    assert soup.select_one("[data-phone]")["href"] == "tel:+77271234567"
    assert soup.select_one(".place-facts time")["datetime"] == "2026-10-01"
    dentist = page(out, "cities/almaty/directory/dentist-aru/index.html")
    assert dentist.select_one("[data-phone]")["href"] == "tel:+77272500000;ext=12"
    assert dentist.select("[data-directions]") == []  # no lat and lon: no directions
    assert facts(dentist)["Price"] == "Consultation free, fillings from 15,000 KZT"


def test_a_price_scale_is_said_in_words_and_its_symbols_hidden_from_screen_readers(out: Path) -> None:
    soup = page(out, "cities/berlin/directory/hausarzt-mitte/index.html")
    price = soup.find("dt", string="Price").find_next_sibling("dd")
    assert price.select_one("[aria-hidden=true]").get_text() == "€€€"
    assert price.get_text(" ", strip=True) == "€€€ expensive"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_an_entry_page_has_its_text_breadcrumbs_and_recommenders(out: Path, prefix: str) -> None:
    soup = page(out, prefix + TEACHER)
    body = {"": "Patient teachers", "de/": "Geduldige Lehrerinnen", "ru/": "Терпеливые преподаватели"}[prefix]
    assert soup.select_one("article .prose").get_text().startswith(body)
    assert soup.select_one("article")["lang"] == (prefix.rstrip("/") or "en")
    crumbs = soup.select(".breadcrumbs a")
    assert [a["href"] for a in crumbs][1:] == ["../../", "../", "../#category-language-teacher"]
    assert [a["href"] for a in soup.select("article a[href^='https://github.com/']")] == ["https://github.com/aigerim"]


# JSON-LD


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_entry_page_describes_the_business_for_search_engines(out: Path, prefix: str) -> None:
    data = json_ld(page(out, prefix + TEACHER))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOrganization"
    assert data["name"] == "Slovo Russian lessons"
    assert data["url"] == "https://slovo.example.kz/"
    assert data["telephone"] == "+7 727 123 45 67"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 43.2383, "longitude": 76.9451}
    assert data["openingHours"] == "Mo-Fr 09:00-17:30"  # the English hours in schema.org's form, whatever the page's words
    assert data["priceRange"] == "₸₸"
    assert data["mainEntityOfPage"] == f"https://example.org/everyday/{prefix}cities/almaty/directory/russian-teacher/"
    address = data["address"]
    assert isinstance(address, dict) and address["addressCountry"] == "KZ"
    assert address["streetAddress"] == ("проспект Абая 10, офис 4" if prefix == "ru/" else "Abay Avenue 10, office 4")
    assert address["addressLocality"] == ("Алматы" if prefix == "ru/" else "Almaty")


@pytest.mark.parametrize(("file", "kind", "hours"), [
    ("cities/almaty/directory/dentist-aru/index.html", "Dentist", None),
    ("cities/almaty/directory/winter-coat-tailor/index.html", "HomeAndConstructionBusiness", None),  # `by appointment` is left out
    ("de/cities/berlin/directory/hausarzt-mitte/index.html", "Physician", ["Mo-Fr 08:00-12:00", "Tu,Th 15:00-18:00"]),
])
def test_the_schema_org_type_follows_the_category_and_hours_only_in_their_own_form(out: Path, file: str, kind: str, hours: list[str] | None) -> None:
    data = json_ld(page(out, file))
    assert data["@type"] == kind
    assert data.get("openingHours") == hours


def test_the_directory_and_the_other_pages_have_no_business_json_ld(out: Path) -> None:
    for file in ("cities/almaty/directory/index.html", "cities/almaty/index.html", "groups/index.html"):
        assert page(out, file).find_all("script", type="application/ld+json") == [], file


def test_json_ld_cannot_end_its_script_element(tmp_path: Path) -> None:
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    (root / "content" / "directory" / "berlin" / "kiosk.md").write_text(
        "---\nname: Kiosk </script><script>alert(1)</script> & Co\ncategory: food\nchecked: 2026-11-01\n---\n\nOpen <late> & early.\n",
        encoding="utf-8")
    result = run_quietly(["build", str(root), "--no-search"])
    assert result.code == 0, result.err
    html = (root / "site" / "cities" / "berlin" / "directory" / "kiosk" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1
    data = json_ld(soup)
    assert data["name"] == "Kiosk </script><script>alert(1)</script> & Co"
    assert data["@type"] == "FoodEstablishment"


# links into the directory, and the link to suggest an entry


@pytest.mark.parametrize(("prefix", "label", "kinds", "languages"), [
    ("", "Ask the community", ["Chat", "Forum"], "In Russian, English"),
    ("de/", "Frag die Community", ["Chat", "Forum"], "Auf Russisch, Englisch"),
    ("ru/", "Спросите сообщество", ["Чат", "Форум"], "Языки: русский, английский"),
])
def test_the_city_page_links_the_directory_groups_and_community_channels(out: Path, prefix: str, label: str, kinds: list[str], languages: str) -> None:
    soup = page(out, prefix + "cities/almaty/index.html")
    assert soup.select_one("[data-everyday=directory]")["href"] == "directory/"
    assert soup.select_one("[data-everyday=groups]")["href"] == "groups/"
    community = soup.select_one("section.community")
    assert community.h2.get_text() == label
    channels = community.select(".channels li")
    assert [li.a["href"] for li in channels] == ["https://t.me/almaty-newcomers", "https://forum.example.net/almaty"]
    assert [li.a.get_text() for li in channels] == ["Almaty Newcomers chat", "Almaty expat forum"]
    assert [li.select_one(".badge").get_text() for li in channels] == kinds
    assert texts(channels[0], ".meta") == [languages]
    assert texts(channels[1], ".meta") == []  # no languages given


def test_a_city_without_channels_has_no_community_box(out: Path) -> None:
    assert page(out, "cities/berlin/index.html").select("section.community") == []


@pytest.mark.parametrize(("prefix", "plural"), [
    ("", "3 places and services that people of the chapter recommend."),
    ("de/", "3 Orte und Dienste, die Leute der Ortsgruppe empfehlen."),
    ("ru/", "3 места и услуги, которые рекомендуют участники сообщества."),
])
def test_the_city_page_counts_its_recommendations_in_the_languages_plural(out: Path, prefix: str, plural: str) -> None:
    assert plural in texts(page(out, prefix + "cities/almaty/index.html"), ".everyday .card p")
    one = {"": "1 place or service", "de/": "1 Ort oder Dienst", "ru/": "1 место или услуга"}[prefix]
    assert any(text.startswith(one) for text in texts(page(out, prefix + "cities/berlin/index.html"), ".everyday .card p"))


def test_suggest_a_recommendation_opens_githubs_editor_on_a_new_file_of_the_city(out: Path) -> None:
    for file in ("cities/almaty/directory/index.html", TEACHER, "cities/almaty/index.html", "ru/cities/almaty/index.html"):
        link = page(out, file).select_one("[data-new=place]")
        assert link is not None, file
        address = urlsplit(link["href"])
        assert (address.scheme, address.netloc, address.path) == ("https", "github.com", "/example/everyday/new/main/content/directory/almaty")
        query = parse_qs(address.query, strict_parsing=True)
        assert query["filename"] == ["new-place.md"]
        assert query["value"] == [place_starter("almaty", date(2026, 11, 21))]  # the build's --now


def test_the_suggested_entry_is_checked_on_the_citys_own_date(tmp_path: Path) -> None:
    """At 23:30 UTC it is already the next day in Almaty: a file opened from the link must pass
    `check` there, which compares `checked` with the city's date."""
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    assert run_quietly(["build", str(root), "--no-search", "--now", "2026-11-21T23:30:00+00:00"]).code == 0
    link = page(root / "site", "cities/almaty/directory/index.html").select_one("[data-new=place]")
    assert link is not None
    assert parse_qs(urlsplit(link["href"]).query)["value"] == [place_starter("almaty", date(2026, 11, 22))]


def test_the_home_page_says_that_everything_is_open(out: Path) -> None:
    soup = page(out, "index.html")
    assert any("nothing here needs an account or an invitation" in text for text in texts(soup, ".hero p"))
    assert soup.select_one(".hero a[href='groups/']") is not None
    assert any("braucht ein Konto" in text for text in texts(page(out, "de/index.html"), ".hero p"))


def test_without_a_repository_there_is_no_suggest_link(tmp_path: Path) -> None:
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    settings = root / "site.yaml"
    settings.write_text("\n".join(line for line in settings.read_text(encoding="utf-8").splitlines() if not line.startswith("repository:")) + "\n",
                        encoding="utf-8")
    assert run_quietly(["build", str(root), "--no-search"]).code == 0
    out = root / "site"
    for file in ("cities/almaty/directory/index.html", TEACHER, "cities/almaty/index.html", "cities/almaty/groups/index.html",
                 "cities/almaty/groups/russian-club/index.html"):
        assert page(out, file).select("[data-new]") == [], file
    assert page(out, "cities/almaty/directory/index.html").select("section.category")  # the directory itself is there


# search and links


def test_entry_pages_are_searchable_and_the_listing_is_not(out: Path) -> None:
    for prefix in PREFIXES:
        assert page(out, prefix + TEACHER).select("[data-pagefind-body]")
        assert page(out, prefix + "cities/almaty/directory/index.html").select("[data-pagefind-body]") == []
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_bytes())
    for lang, prefix in zip(("en", "de", "ru"), PREFIXES, strict=True):
        marked = [path for path in (out / prefix).rglob("*.html") if "data-pagefind-body" in path.read_text(encoding="utf-8")
                  and (prefix or path.relative_to(out).parts[0] not in ("de", "ru"))]
        assert entry["languages"][lang]["page_count"] == len(marked)
        assert sum("/directory/" in path.as_posix() for path in marked) == 4


def test_every_link_of_the_new_pages_leads_to_a_file_or_an_element(out: Path) -> None:
    files = [path.relative_to(out).as_posix() for path in out.rglob("*.html")
             if "/directory/" in path.as_posix() or "/groups/" in path.as_posix() or (path.name == "index.html" and path.parent.name == "almaty")]
    assert len(files) > 30
    ids: dict[str, set[str]] = {}  # each target parsed once, not once per link to it
    for file in files:
        soup = page(out, file)
        for a in soup.select("a[href]"):
            href = a["href"]
            if href.startswith(("https:", "http:", "geo:", "tel:", "webcal:", "mailto:")):
                continue
            path, _, fragment = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(file), path)) if path else file
            if (out / target).is_dir():
                target = posixpath.join(target, "index.html")
            assert (out / target).is_file(), f"{file}: {href}"
            if fragment:
                if target not in ids:
                    ids[target] = {str(element["id"]) for element in page(out, target).find_all(id=True)}
                assert fragment in ids[target], f"{file}: {href}"


# incremental


def test_an_edited_recommendation_replans_only_its_city_and_gives_the_bytes_of_a_build_from_nothing(tmp_path: Path) -> None:
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    again = edit_and_rebuild(root, "content/directory/berlin/hausarzt-mitte.md", "hours: Mo-Fr 08:00-12:00", "hours: Mo-Fr 08:00-13:00")
    assert again.planned_cities == ("berlin",)
    assert again.rendered and all("/berlin/" in path for path in again.rendered), again.rendered
    assert "cities/berlin/directory/hausarzt-mitte/index.html" in again.rendered
    assert "Mo-Fr 08:00-13:00" in (root / "site" / "cities" / "berlin" / "directory" / "hausarzt-mitte" / "index.html").read_text(encoding="utf-8")


# the link check knows the new pages


def test_markdown_links_to_the_new_pages_and_files_are_relative_and_checked(out: Path) -> None:
    prose = page(out, "de/cities/almaty/index.html").select_one(".prose")
    assert [a["href"] for a in prose.select("a")] == [
        "directory/", "directory/russian-teacher/", "groups/russian-club/", "groups/russian-club/events.ics", "../../groups/"]


def test_a_broken_link_in_a_recommendation_is_reported_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    place = root / "content" / "directory" / "almaty" / "dentist-aru.md"
    place.write_text(place.read_text(encoding="utf-8") + "\nSee also [the tailor](/cities/almaty/directory/winter-coat-tailr/).\n", encoding="utf-8")
    result = run_quietly(["check", str(root)])
    assert result.code == 1
    line = len(place.read_text(encoding="utf-8").splitlines())
    assert (f"content/directory/almaty/dentist-aru.md:{line}:23: error: link to `/cities/almaty/directory/winter-coat-tailr/`: no such page"
            in result.err), result.err
    assert "/cities/almaty/directory/winter-coat-tailor/" in result.err  # the suggestion


def test_a_city_without_recommendations_or_groups_offers_to_start_them(tmp_path: Path) -> None:
    root = tmp_path / "everyday"
    shutil.copytree(EVERYDAY, root)
    shutil.rmtree(root / "content" / "directory" / "berlin")
    shutil.rmtree(root / "content" / "groups" / "berlin")
    (root / "content" / "events" / "berlin" / "park-run.md").unlink()  # it names a Berlin group
    assert run_quietly(["build", str(root), "--no-search"]).code == 0
    out = root / "site"
    assert not (out / "cities" / "berlin" / "directory").exists() and not (out / "cities" / "berlin" / "groups").exists()
    everyday = page(out, "de/cities/berlin/index.html").select_one("section.everyday")
    assert everyday.select("ul, [data-everyday]") == []
    assert texts(everyday, "[data-new]") == ["Etwas empfehlen", "Eine Gruppe gründen"]
