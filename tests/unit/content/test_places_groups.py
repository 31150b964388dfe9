"""Recommendations, interest groups and a city's community channels, read from a real site
folder through load and assemble into the model (issue 18)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from conftest import BASE_SITE, write_site

from generator.content.assemble import assemble
from generator.content.model import CommunityLink, GeoPoint, Site
from generator.core.errors import ErrorReport
from generator.core.options import Options
from generator.source.load import load_site

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

CITY = """
    ---
    name: Almaty
    country: KZ
    timezone: Asia/Almaty
    ambassadors:
      - name: Aigerim Nurlanovna
        github: aigerim
    community:
      - name: Almaty Expats
        url: https://t.me/almaty-expats-example
        kind: chat
        languages: [ru, en]
      - name: Almaty forum
        url: https://forum.example.org/c/almaty
        kind: forum
    ---

    Welcome to Almaty.
    """

FILES = {
    "content/cities/almaty/index.md": CITY,
    "content/directory/almaty/zz-market.md": """
        ---
        name: Green Bazaar
        category: shopping
        address: Zhibek Zholy 53
        lat: 43.2628
        lon: 76.9535
        price: 1
        checked: 2026-10-01
        ---

        Dried fruit and nuts.
        """,
    "content/directory/almaty/tailor.md": """
        ---
        name: Ателье Мастер
        category: crafts-and-repairs
        phone: +7 727 250 00 00
        hours: Mon-Sat 10:00-19:00
        price: from 30000 KZT a coat
        checked: 2026-11-01
        recommended_by: ["@aigerim", lena-h]
        ---

        Winter coats made to measure.
        """,
    "content/directory/almaty/tailor.de.md": """
        ---
        hours: Mo-Sa 10-19 Uhr
        price: ab 30000 KZT pro Mantel
        ---
        """,
    "content/directory/almaty/dentist.md": """
        ---
        name: Smile Dental
        category: dentist
        url: https://smile-dental.example.kz/
        checked: 2026-09-15
        ---

        Dentists who speak English.
        """,
    "content/directory/almaty/a-market.md": """
        ---
        name: Arbat book stalls
        category: shopping
        checked: 2026-09-01
        draft: yes
        ---

        Second-hand books.
        """,
    "content/groups/almaty/tandem.md": """
        ---
        name: Tandem Almaty
        summary: Russian for English, English for Russian.
        contact: https://t.me/tandem-almaty-example
        meets: Wednesdays at 19:00
        languages: [ru, en]
        hosts: [aigerim, Dana-K]
        tags: [language-exchange]
        ---

        Bring a question in the language you learn.
        """,
    "content/groups/almaty/tandem.de.md": """
        ---
        name: Tandem Almaty (Sprachaustausch)
        meets: mittwochs um 19 Uhr
        ---

        Bring eine Frage mit.
        """,
    "content/groups/almaty/alpine.md": """
        ---
        name: Alpine walkers
        contact: https://forum.example.org/c/almaty-hiking
        ---

        Day walks to the lakes.
        """,
    "content/events/almaty/picnic.md": """
        ---
        title: Picnic in the park
        start: 2026-12-05 12:00
        group: tandem
        hosts: [aigerim]
        ---

        Bring something to share.
        """,
}


def _site(tmp_path: Path, drafts: bool = False) -> Site:
    root = write_site(write_site(tmp_path / "site", BASE_SITE), FILES)
    report = ErrorReport()
    source = load_site(root, report, git_history=False)
    assert source is not None
    site = assemble(source, Options(now=NOW, drafts=drafts), report)
    assert [f"{e.location.path}:{e.location.line}: {e.message}" for e in report.errors] == []
    assert site is not None
    return site


def test_places_are_ordered_by_category_then_name_and_drafts_are_left_out(tmp_path: Path) -> None:
    city = _site(tmp_path).cities[0]

    assert [(p.slug, p.meta.category) for p in city.places] == [
        ("dentist", "dentist"), ("zz-market", "shopping"), ("tailor", "crafts-and-repairs"),
    ]
    market = city.places[1].meta
    assert market.location == GeoPoint(43.2628, 76.9535) and market.price == 1 and market.checked == date(2026, 10, 1)
    tailor = city.places[2].meta
    assert tailor.recommended_by == ("aigerim", "lena-h") and tailor.price == "from 30000 KZT a coat" and tailor.location is None


def test_drafts_are_kept_with_the_drafts_option(tmp_path: Path) -> None:
    city = _site(tmp_path, drafts=True).cities[0]

    assert [p.slug for p in city.places] == ["dentist", "a-market", "zz-market", "tailor"]


def test_translations_set_their_own_words_and_fall_back_to_the_original(tmp_path: Path) -> None:
    city = _site(tmp_path).cities[0]
    tailor = city.places[2].text
    dentist = city.places[0].text

    german = tailor.pick("de")
    assert (german.lang, german.meta.hours, german.meta.price) == ("de", "Mo-Sa 10-19 Uhr", "ab 30000 KZT pro Mantel")
    assert german.meta.phone == "+7 727 250 00 00" and german.body_lang == "en"  # the body is the original's
    assert dentist.pick("de").lang == "en"  # no translation: the original, shown with the notice
    tandem = next(g for g in city.groups if g.slug == "tandem").text.pick("de")
    assert (tandem.meta.name, tandem.meta.meets, tandem.meta.contact) == ("Tandem Almaty (Sprachaustausch)", "mittwochs um 19 Uhr", "https://t.me/tandem-almaty-example")
    assert tandem.body_lang == "de" and tandem.meta.hosts == ("aigerim", "Dana-K")


def test_groups_are_ordered_by_name_and_an_event_names_its_group(tmp_path: Path) -> None:
    site = _site(tmp_path)

    assert [g.slug for g in site.cities[0].groups] == ["alpine", "tandem"]
    assert site.cities[0].groups[1].meta.tags == ("language-exchange",)
    assert site.events[0].meta.group == "tandem"


def test_community_channels_in_the_order_written(tmp_path: Path) -> None:
    city = _site(tmp_path).cities[0]

    assert city.meta.community == (
        CommunityLink("Almaty Expats", "https://t.me/almaty-expats-example", "chat", ("ru", "en")),
        CommunityLink("Almaty forum", "https://forum.example.org/c/almaty", "forum", ()),
    )
