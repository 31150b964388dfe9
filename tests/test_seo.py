"""What search engines and link previews read: Event JSON-LD, Open Graph, sitemap, robots."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import Result

Run = Callable[[list[str]], Result]
BASE = "https://chapters.example.org/"

EVENTS = {
    "content/events/almaty/tea.md": """
        ---
        title: Tea </script><script>alert(1)</script> "quoted"
        start: 2026-12-10 18:00
        end: 20:00
        venue: {name: Café Central, address: Abay Avenue 10, lat: 43.24, lon: 76.95}
        cost: free
        languages: [ru, en]
        ---
        Tea & talk for <everyone>.
        """,
    "content/events/almaty/online.md": """
        ---
        title: Online Q&A
        start: 2026-12-11 19:00
        online: https://meet.example.org/qa
        cost: {amount: 1700, currency: KZT}
        status: cancelled
        ---
        Questions welcome.
        """,
    "content/events/almaty/hike.md": """
        ---
        title: Mountain day
        start: 2026-12-12
        status: postponed
        ---
        """,
}


@pytest.fixture
def built(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> Path:
    root = make_site(EVENTS)
    out = tmp_path / "out"
    result = run(["build", str(root), "--out", str(out)])
    assert result.code == 0, result.err
    return out


def json_ld(out: Path, page: str) -> dict[str, object]:
    soup = BeautifulSoup((out / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_event_json_ld_has_the_required_and_recommended_fields(built: Path) -> None:
    data = json_ld(built, "cities/almaty/events/tea")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == 'Tea </script><script>alert(1)</script> "quoted"'
    assert data["startDate"] == "2026-12-10T18:00:00+05:00"
    assert data["endDate"] == "2026-12-10T20:00:00+05:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place", "name": "Café Central",
        "address": {"@type": "PostalAddress", "streetAddress": "Abay Avenue 10", "addressLocality": "Almaty", "addressCountry": "KZ"},
        "geo": {"@type": "GeoCoordinates", "latitude": 43.24, "longitude": 76.95},
    }
    assert data["offers"]["price"] == 0 and data["offers"]["priceCurrency"] == "KZT"
    assert data["isAccessibleForFree"] is True
    assert data["organizer"]["url"] == BASE + "cities/almaty/"
    assert data["description"] == "Tea & talk for <everyone>."
    assert data["inLanguage"] == ["ru", "en"]
    assert data["url"] == BASE + "cities/almaty/events/tea/"


def test_json_ld_cannot_break_out_of_its_script_element(built: Path) -> None:
    html = (built / "cities/almaty/events/tea/index.html").read_text(encoding="utf-8")
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    soup = BeautifulSoup(html, "html.parser")
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]


def test_online_cancelled_and_paid_event(built: Path) -> None:
    data = json_ld(built, "cities/almaty/events/online")
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/qa"}
    assert data["offers"]["price"] == "1700" and data["offers"]["priceCurrency"] == "KZT"
    assert "isAccessibleForFree" not in data


def test_postponed_all_day_event_and_language_versions(built: Path) -> None:
    data = json_ld(built, "cities/almaty/events/hike")
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["startDate"] == "2026-12-12" and data["endDate"] == "2026-12-12"
    german = json_ld(built, "de/cities/almaty/events/hike")
    assert german["url"] == BASE + "de/cities/almaty/events/hike/"
    assert german["inLanguage"] == ["de"]


def test_open_graph_and_twitter_tags(built: Path) -> None:
    soup = BeautifulSoup((built / "de/cities/almaty/index.html").read_text(encoding="utf-8"), "html.parser")
    def meta(key: str) -> str:
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        assert tag is not None, key
        return str(tag["content"])
    assert meta("og:url") == BASE + "de/cities/almaty/" == soup.find("link", rel="canonical")["href"]
    assert meta("og:locale") == "de_DE"
    assert meta("og:title") == "Almaty"
    assert meta("og:description") == meta("description") == "Mountains, apples and a friendly chapter."
    assert meta("twitter:card") == "summary"


def test_sitemap_lists_every_page_with_its_language_versions(built: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(built / "sitemap.xml").getroot()
    entries = {url.findtext("s:loc", namespaces=ns): url for url in root.findall("s:url", ns)}
    pages = {BASE + p.relative_to(built).as_posix().removesuffix("index.html") for p in built.rglob("index.html")}
    assert set(entries) == pages
    assert BASE + "404.html" not in entries
    tea = entries[BASE + "de/cities/almaty/events/tea/"]
    alternates = {link.get("hreflang"): link.get("href") for link in tea.findall("x:link", ns)}
    assert alternates == {"en": BASE + "cities/almaty/events/tea/", "de": BASE + "de/cities/almaty/events/tea/", "x-default": BASE + "cities/almaty/events/tea/"}


def test_robots_txt_points_at_the_sitemap(built: Path) -> None:
    assert (built / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"
