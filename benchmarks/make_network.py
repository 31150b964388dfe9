"""Write a deterministic synthetic Chapters network of a chosen size, for the benchmarks.

    python benchmarks/make_network.py OUT_DIR --size 10k
    python benchmarks/make_network.py OUT_DIR --cities 40 --events 18 --sections 6 --chapters 12

`--size` names the number of HTML pages the build should write (1k, 10k, 40k, or any
number such as 2500); the number of cities is derived from it with the fixed shape below.
The site has three languages (en, de, ru) and every page exists in every language, so

    pages ≈ 3 × (cities × (1 city + sections + 1 events list + events + 17 calendar)
                 + 17 network calendar + chapters + 5 + 11 tags)

(the 5 are the home, events, handbook, search and 404 pages; a month calendar has a page
for each month from 3 months before `--now` to 12 after, plus `/calendar/` for this month,
and every city here has events that far back; the 11 are the 10 tags and `/tags/`). A
calendar can get a page more or fewer at a month's edge, so the count is "about": within
a few pages.

Every city gets the same shape: `--sections` guide sections (housing, doctors, ...) and
`--events` events, of which two repeat (a weekly one with a skipped date and a monthly one
on the first Thursday with a skipped month), one is cancelled, one postponed and one is an
all-day event; the one-off events spread from about 11 months before `--now` to 7 months
after it. Some files have German and Russian translations (more for the handbook and city
pages than for events). Bodies are Markdown of realistic size and structure: headings,
paragraphs with emphasis, bullet and numbered lists, a table, footnotes, images from
`static/`, and links to pages that exist (the build checks every internal link).

The output is the same byte for byte for the same arguments: every file's text comes from
a random generator seeded with `--seed` and the file's own path, and dates are fixed
relative to `--now` (default 2026-11-21T12:00:00+00:00, the date every benchmark build
uses). With `--git` (the default), the folder becomes a git repository with one commit at
a fixed date, as a real site checkout is (the build reads dates from `git log`).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

NOW = "2026-11-21T12:00:00+00:00"
LANGUAGES = ("en", "de", "ru")
FIXED_PAGES = 5
"""Pages every site has once per language: home, events, handbook, search, 404."""
DEFAULT_SECTIONS = 6
DEFAULT_EVENTS = 18
DEFAULT_CHAPTERS = 12
SIZES = {"1k": 1_000, "10k": 10_000, "40k": 40_000}

# ---------------------------------------------------------------------------------------
# Vocabulary. Word lists, not lorem ipsum, so that the text has the letter and word-length
# distribution of real prose in each language (Cyrillic and umlauts are multibyte in UTF-8).

EN_WORDS = """
the a and of to in is for on with that you it are as at this be from or by your can
have an will not all one more about if when there their people city new first who some
time after other only week also what many where how most find place ask bring friends
newcomers chapter office flat rent doctor school language visa bank card ticket market
station tram bus bike walk park river coffee evening morning lunch dinner weekend family
children help question answer paperwork appointment registration permit insurance
neighbourhood landlord deposit contract form passport letter queue counter number price
money cash phone internet app shop bakery pharmacy clinic hospital dentist teacher class
course group meeting table talk together welcome everyone usually often sometimes always
never early late cheap expensive quiet busy small large local foreign open closed free
easy hard useful friendly patient honest practical short long next last before during
""".split()
DE_WORDS = """
der die das und ist zu den mit von auf für nicht sich ein eine im dem es auch wir ihr
sie du bei nach wie aus noch wenn man oder aber so nur schon mehr hier dort immer oft
manchmal Stadt Wohnung Miete Arzt Schule Sprache Visum Bank Karte Fahrkarte Markt
Bahnhof Straßenbahn Fahrrad Spaziergang Park Fluss Kaffee Abend Morgen Mittagessen
Wochenende Familie Kinder Hilfe Frage Antwort Papierkram Termin Anmeldung Versicherung
Nachbarschaft Vermieter Kaution Vertrag Formular Reisepass Brief Schlange Schalter
Nummer Preis Geld Bargeld Telefon Geschäft Bäckerei Apotheke Praxis Krankenhaus
Zahnärztin Lehrer Kurs Gruppe Treffen Tisch gemeinsam willkommen alle früh spät günstig
teuer ruhig voll klein groß offen geschlossen kostenlos einfach schwierig nützlich
freundlich geduldig ehrlich praktisch nächste letzte vorher während Neuankömmlinge
Bürgeramt Ausländerbehörde Führerschein Gemütlichkeit Überweisung Kündigung Öffnungszeiten
""".split()
RU_WORDS = """
и в не на с что это как по для из у же за от все так его но мы вы они она он к о бы
когда если только уже ещё где здесь там всегда часто иногда город квартира аренда врач
школа язык виза банк карта билет рынок вокзал трамвай автобус велосипед прогулка парк
река кофе вечер утро обед ужин выходные семья дети помощь вопрос ответ документы запись
регистрация страховка район хозяин залог договор анкета паспорт письмо очередь окошко
номер цена деньги наличные телефон интернет приложение магазин пекарня аптека клиника
больница стоматолог учитель курс группа встреча стол вместе добро пожаловать рано поздно
дёшево дорого тихо шумно маленький большой открыто закрыто бесплатно просто сложно
полезно дружелюбно терпеливо честно практично следующий прошлый перед во время новички
""".split()
WORDS = {"en": EN_WORDS, "de": DE_WORDS, "ru": RU_WORDS}

HEADINGS = {
    "en": ["Where to start", "What to bring", "Good to know", "Costs", "Opening hours", "Common mistakes",
           "Useful words", "Getting there", "If something goes wrong", "Tips from members", "Families", "Online"],
    "de": ["Wo anfangen", "Was mitbringen", "Gut zu wissen", "Kosten", "Öffnungszeiten", "Häufige Fehler",
           "Nützliche Wörter", "Anfahrt", "Wenn etwas schiefgeht", "Tipps von Mitgliedern", "Familien", "Online"],
    "ru": ["С чего начать", "Что взять с собой", "Полезно знать", "Расходы", "Часы работы", "Частые ошибки",
           "Полезные слова", "Как добраться", "Если что-то пошло не так", "Советы участников", "Семьи", "Онлайн"],
}
TABLE_HEADS = {"en": ("Item", "Where", "Cost"), "de": ("Was", "Wo", "Kosten"), "ru": ("Что", "Где", "Цена")}
NOTICE = {"en": "Read more", "de": "Mehr lesen", "ru": "Подробнее"}

SECTIONS = [
    ("housing", "Finding a flat"), ("doctors", "Doctors and dentists"), ("paperwork", "Paperwork and registration"),
    ("getting-around", "Getting around"), ("language-schools", "Language schools"), ("shopping", "Shopping"),
    ("money", "Money and banks"), ("schools", "Schools and kindergartens"), ("jobs", "Finding work"),
    ("phone-and-internet", "Phone and internet"), ("food", "Food and markets"), ("sports", "Sports and clubs"),
]
SECTION_TITLES = {
    "de": {"housing": "Wohnungssuche", "doctors": "Ärztinnen und Ärzte", "paperwork": "Behörden und Anmeldung",
           "getting-around": "Unterwegs", "language-schools": "Sprachschulen", "shopping": "Einkaufen", "money": "Geld und Banken",
           "schools": "Schulen und Kitas", "jobs": "Arbeit finden", "phone-and-internet": "Telefon und Internet",
           "food": "Essen und Märkte", "sports": "Sport und Vereine"},
    "ru": {"housing": "Поиск жилья", "doctors": "Врачи и стоматологи", "paperwork": "Документы и регистрация",
           "getting-around": "Транспорт", "language-schools": "Языковые школы", "shopping": "Покупки", "money": "Деньги и банки",
           "schools": "Школы и детские сады", "jobs": "Поиск работы", "phone-and-internet": "Телефон и интернет",
           "food": "Еда и рынки", "sports": "Спорт и клубы"},
}
CHAPTERS = [
    ("first-week", "Your first week"), ("finding-a-flat", "Finding a flat"), ("bank-account", "Opening a bank account"),
    ("health-insurance", "Health insurance"), ("residence-permits", "Residence permits"), ("learning-the-language", "Learning the language"),
    ("working-abroad", "Working abroad"), ("kids-and-schools", "Kids and schools"), ("making-friends", "Making friends"),
    ("money-transfers", "Sending money home"), ("driving-licence", "Driving licences"), ("coming-home", "Coming home"),
]
EVENT_KINDS = [
    ("newcomers-coffee", "Newcomers coffee"), ("board-games-night", "Board games night"), ("city-walk", "City walk"),
    ("language-exchange", "Language exchange"), ("paperwork-afternoon", "Paperwork afternoon"), ("picnic", "Picnic in the park"),
    ("museum-sunday", "Museum Sunday"), ("cooking-class", "Cooking class"), ("hike", "Day hike"), ("film-night", "Film night"),
    ("quiz-night", "Quiz night"), ("family-morning", "Family morning"), ("clothing-swap", "Clothing swap"),
    ("book-club", "Book club"), ("running-group", "Running group"), ("market-tour", "Market tour"),
]
TAGS = ["newcomers", "family", "outdoors", "language-exchange", "food", "culture", "sports", "paperwork", "online", "free"]
FIRST_NAMES = ["Aigerim", "Lena", "Kwame", "Sofia", "Mateo", "Amara", "Yuki", "Ivan", "Fatima", "Lucas", "Nadia", "Omar",
               "Priya", "Tomasz", "Chloe", "Diego", "Hana", "Jonas", "Leila", "Mikhail", "Nora", "Pedro", "Rosa", "Samir"]
LAST_NAMES = ["Sultanova", "Hoffmann", "Mensah", "Alvarez", "Rossi", "Okafor", "Tanaka", "Petrov", "Haddad", "Silva",
              "Kowalski", "Martin", "Nguyen", "Schmidt", "Costa", "Ivanova", "Larsen", "Mwangi", "Novak", "Reyes"]
SYLLABLES = ["ka", "ri", "mo", "len", "sta", "vor", "bel", "an", "ta", "ro", "mi", "sen", "dor", "el", "ga", "lis", "na",
             "ber", "tu", "vi", "hal", "os", "ma", "rin", "ko", "pe", "zan", "dal", "ur", "fe"]
# (country, time zone, currency, latitude, longitude, spoken languages)
PLACES = [
    ("DE", "Europe/Berlin", "EUR", 52.5, 13.4, ["de", "en"]), ("KZ", "Asia/Almaty", "KZT", 43.2, 76.9, ["ru", "kk", "en"]),
    ("PT", "Europe/Lisbon", "EUR", 38.7, -9.1, ["pt", "en"]), ("AR", "America/Argentina/Buenos_Aires", "ARS", -34.6, -58.4, ["es", "en"]),
    ("KE", "Africa/Nairobi", "KES", -1.3, 36.8, ["sw", "en"]), ("CA", "America/Toronto", "CAD", 43.7, -79.4, ["en", "fr"]),
    ("RU", "Europe/Moscow", "RUB", 55.8, 37.6, ["ru", "en"]), ("FR", "Europe/Paris", "EUR", 48.9, 2.4, ["fr", "en"]),
    ("JP", "Asia/Tokyo", "JPY", 35.7, 139.7, ["ja", "en"]), ("BR", "America/Sao_Paulo", "BRL", -23.6, -46.6, ["pt", "en"]),
    ("IN", "Asia/Kolkata", "INR", 19.1, 72.9, ["hi", "en"]), ("AU", "Australia/Sydney", "AUD", -33.9, 151.2, ["en"]),
    ("US", "America/New_York", "USD", 40.7, -74.0, ["en", "es"]), ("MX", "America/Mexico_City", "MXN", 19.4, -99.1, ["es", "en"]),
    ("NO", "Europe/Oslo", "NOK", 59.9, 10.8, ["no", "en"]), ("GE", "Asia/Tbilisi", "GEL", 41.7, 44.8, ["ka", "ru", "en"]),
    ("TR", "Europe/Istanbul", "TRY", 41.0, 29.0, ["tr", "en"]), ("ZA", "Africa/Johannesburg", "ZAR", -26.2, 28.0, ["en", "af"]),
    ("NZ", "Pacific/Auckland", "NZD", -36.8, 174.8, ["en"]), ("CL", "America/Santiago", "CLP", -33.4, -70.7, ["es", "en"]),
]
IMAGES = ["market.jpg", "tram.jpg", "park.jpg", "office.jpg", "table.jpg"]


def fixed_now(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=None)


# ---------------------------------------------------------------------------------------
# The shape of the network, decided before any text is written.


@dataclass
class EventPlan:
    slug: str
    title: str
    start: str
    end: str | None
    extra: dict[str, str] = field(default_factory=dict)
    """More front matter lines (already YAML), in order."""


@dataclass
class CityPlan:
    slug: str
    name: str
    place: tuple
    ambassadors: list[tuple[str, str, list[str]]]
    sections: list[tuple[str, str]]
    events: list[EventPlan]


@dataclass
class NetworkPlan:
    cities: list[CityPlan]
    chapters: list[tuple[str, str]]


CALENDAR_PAGES = 17
"""Month pages of one calendar: 3 months back, this month, 12 ahead, and `/calendar/`."""
TAG_PAGES = 11
"""One page per tag of TAGS and the `/tags/` index."""


def cities_for(pages: int, sections: int, events: int, chapters: int) -> int:
    per_language = pages / len(LANGUAGES)
    fixed = chapters + FIXED_PAGES + CALENDAR_PAGES + TAG_PAGES
    return max(1, round((per_language - fixed) / (2 + sections + events + CALENDAR_PAGES)))


def expected_pages(cities: int, sections: int, events: int, chapters: int) -> int:
    """About how many HTML pages the build writes (see the module's docstring)."""
    per_city = 2 + sections + events + CALENDAR_PAGES
    return len(LANGUAGES) * (cities * per_city + CALENDAR_PAGES + chapters + FIXED_PAGES + TAG_PAGES)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    if text in SIZES:
        return SIZES[text]
    multiplier = 1000 if text.endswith("k") else 1
    return int(float(text.rstrip("k")) * multiplier)


def _rng(seed: int, *key: object) -> random.Random:
    """A generator for one file or decision: the output does not depend on the order of work."""
    return random.Random(f"{seed}:" + "/".join(map(str, key)))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _first_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7)


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def plan_network(cities: int, sections: int, events: int, chapters: int, seed: int, now: datetime) -> NetworkPlan:
    if sections > len(SECTIONS):
        raise SystemExit(f"at most {len(SECTIONS)} sections per city")
    names_rng = _rng(seed, "city-names")
    plans, used = [], set()
    for index in range(cities):
        while True:
            name = "".join(names_rng.choice(SYLLABLES) for _ in range(names_rng.randint(2, 3))).capitalize()
            slug = _slugify(name)
            if slug not in used and slug not in ("events", "handbook"):
                used.add(slug)
                break
        rng = _rng(seed, "city", slug)
        place = PLACES[index % len(PLACES)]
        ambassadors = []
        for number in range(rng.randint(2, 4)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            handle = f"{first}-{last}-{index}-{number}".lower()
            ambassadors.append((f"{first} {last}", handle, rng.sample(list(dict.fromkeys(["en", "de", "ru", "fr", "es", *place[5]])), 3)))
        chosen = sorted(rng.sample(range(len(SECTIONS)), sections))
        plans.append(CityPlan(slug, name, place, ambassadors, [SECTIONS[i] for i in chosen], _plan_events(rng, events, now, place, ambassadors)))
    chapter_list = list(CHAPTERS[:chapters]) + [(f"topic-{n}", f"More about life abroad, part {n}") for n in range(len(CHAPTERS) + 1, chapters + 1)]
    return NetworkPlan(plans, chapter_list)


def _plan_events(rng: random.Random, count: int, now: datetime, place: tuple, ambassadors: list) -> list[EventPlan]:
    today = now.date()
    events: list[EventPlan] = []
    slugs: set[str] = set()

    def add(plan: EventPlan) -> None:
        base, number = plan.slug, 2
        while plan.slug in slugs:
            plan.slug, number = f"{base}-{number}", number + 1
        slugs.add(plan.slug)
        events.append(plan)

    hosts = "[" + ", ".join(handle for _, handle, _ in ambassadors[: rng.randint(1, 2)]) + "]"
    for index in range(count):
        kind_slug, kind_title = rng.choice(EVENT_KINDS)
        role = min(5, index)
        if role == 0 and count > 0:  # weekly for half a year, one week skipped
            first = today - timedelta(days=63 + rng.randint(0, 6))
            until = first + timedelta(weeks=26)
            start = f"{first.isoformat()} 19:00"
            extra = {"repeat": f"FREQ=WEEKLY;UNTIL={until:%Y%m%d}", "except": f"[{(first + timedelta(weeks=4)).isoformat()}]"}
            add(EventPlan(f"{first.isoformat()}-weekly-{kind_slug}", f"Weekly {kind_title.lower()}", start, "21:30", extra))
            continue
        if role == 1:  # monthly on the first Thursday for a year, one month skipped
            year, month = _add_months(today, -rng.randint(3, 6))
            first = _first_thursday(year, month)
            until_year, until_month = _add_months(first, 12)
            skipped = _first_thursday(*_add_months(first, 4))
            extra = {"repeat": f"FREQ=MONTHLY;BYDAY=1TH;UNTIL={until_year:04d}{until_month:02d}01", "except": f"[{skipped.isoformat()}]"}
            add(EventPlan(f"{first.isoformat()}-stammtisch", "Monthly Stammtisch", f"{first.isoformat()} 19:00", "22:00", extra))
            continue
        offset = rng.randint(-330, 210)
        if role == 2:
            offset = rng.randint(5, 60)  # cancelled: an upcoming one, where it matters
        day = today + timedelta(days=offset)
        hour = rng.choice([10, 11, 14, 15, 17, 18, 19])
        minute = rng.choice([0, 0, 30])
        start = f"{day.isoformat()} {hour:02d}:{minute:02d}"
        end = f"{hour + rng.choice([1, 2, 3]):02d}:{minute:02d}"
        extra = {}
        if role == 2:
            extra["status"] = "cancelled"
        elif role == 3:
            extra["status"] = "postponed"
        elif role == 4:  # an all-day weekend trip
            start, end = day.isoformat(), (day + timedelta(days=1)).isoformat()
            kind_slug, kind_title = "weekend-trip", "Weekend trip"
        add(EventPlan(f"{day.isoformat()}-{kind_slug}", kind_title, start, end, extra))
    for plan in events:
        plan.extra.setdefault("hosts", hosts)
    return events


# ---------------------------------------------------------------------------------------
# Text.


def _sentence(rng: random.Random, lang: str, links: list[tuple[str, str]] | None = None) -> str:
    words = WORDS[lang]
    chosen = [rng.choice(words) for _ in range(rng.randint(7, 18))]
    if rng.random() < 0.15:
        at = rng.randrange(len(chosen))
        chosen[at] = f"**{chosen[at]}**"
    if rng.random() < 0.1:
        at = rng.randrange(len(chosen))
        chosen[at] = f"*{chosen[at]}*"
    if links and rng.random() < 0.2:
        label, target = rng.choice(links)
        at = rng.randrange(len(chosen))
        chosen.insert(at, f"[{label}]({target})")
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "!", "?"])


def _paragraph(rng: random.Random, lang: str, links: list[tuple[str, str]] | None = None, sentences: tuple[int, int] = (3, 6)) -> str:
    return " ".join(_sentence(rng, lang, links) for _ in range(rng.randint(*sentences)))


def _bullets(rng: random.Random, lang: str, links: list[tuple[str, str]], ordered: bool = False) -> str:
    items = []
    for number in range(1, rng.randint(3, 6) + 1):
        words = WORDS[lang]
        text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 12)))
        if rng.random() < 0.3:
            label, target = rng.choice(links)
            text += f" ([{label}]({target}))"
        marker = f"{number}." if ordered else "-"
        items.append(f"{marker} **{rng.choice(words)}** {text}")
    return "\n".join(items)


def _table(rng: random.Random, lang: str, currency: str) -> str:
    head = TABLE_HEADS[lang]
    rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---:|"]
    for _ in range(rng.randint(3, 6)):
        words = WORDS[lang]
        rows.append(f"| {rng.choice(words).capitalize()} {rng.choice(words)} | {rng.choice(words)} {rng.choice(words)} | {rng.randint(2, 400)} {currency} |")
    return "\n".join(rows)


def _long_body(rng: random.Random, lang: str, links: list[tuple[str, str]], currency: str, headings: int, image: str | None) -> str:
    """A guide section or handbook chapter: about 3-6 KB with every block Markdown has."""
    names = rng.sample(HEADINGS[lang], headings)
    blocks = [_paragraph(rng, lang, links)]
    for index, heading in enumerate(names):
        blocks.append(f"## {heading}")
        blocks.append(_paragraph(rng, lang, links))
        if index == 0:
            blocks.append(_table(rng, lang, currency))
        elif index == 1:
            blocks.append(_bullets(rng, lang, links))
        elif index == 2:
            blocks.append(_bullets(rng, lang, links, ordered=True))
            if image:
                blocks.append(f"![{rng.choice(WORDS[lang])}](/images/{image})")
        elif index == 3:
            blocks.append(f"### {rng.choice(HEADINGS[lang])}")
            blocks.append(_paragraph(rng, lang, links, (2, 3)) + "[^1]")
            blocks.append(f"> {_sentence(rng, lang)}")
        else:
            blocks.append(_paragraph(rng, lang, links, (2, 4)))
    label, target = links[0]
    blocks.append(f"{NOTICE[lang]}: [{label}]({target}), [{rng.choice(WORDS[lang])}](https://example.org/{rng.randint(1, 999)}).")
    if headings > 3:
        blocks.append(f"[^1]: {_sentence(rng, lang)}")
    return "\n\n".join(blocks) + "\n"


def _front(fields: dict[str, str]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n\n"


def _yaml_text(text: str) -> str:
    """A one-line YAML scalar, quoted when plain style would misread it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------------------
# Files.


def write_network(root: Path, plan: NetworkPlan, seed: int, git: bool) -> dict[str, int]:
    """Write the site folder; return counts of what was written."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "handbook").mkdir(parents=True)
    (root / "static" / "images").mkdir(parents=True)
    counts = {"cities": len(plan.cities), "sections": 0, "events": 0, "chapters": len(plan.chapters), "translations": 0, "files": 0}
    (root / "site.yaml").write_text(
        "title: Chapters benchmark network\n"
        "description: A synthetic network of expat city chapters, written by benchmarks/make_network.py.\n"
        "base_url: https://bench.example.org/\n"
        "languages: [en, de, ru]\n"
        "repository: https://github.com/chapters-network/bench\n"
        "maintainers: [mira-okonkwo]\n",
        encoding="utf-8",
    )
    for index, name in enumerate(IMAGES):  # not real JPEGs: the build only copies them
        (root / "static" / "images" / name).write_bytes(bytes(_rng(seed, "image", name).randrange(256) for _ in range(2048 + 512 * index)))

    def write(relative: str, text: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        counts["files"] += 1

    chapter_links = [(title.lower(), f"/handbook/{slug}/") for slug, title in plan.chapters]
    for city in plan.cities:
        counts["sections"] += len(city.sections)
        counts["events"] += len(city.events)
        counts["translations"] += _write_city(write, city, seed, chapter_links)
    for index, (slug, title) in enumerate(plan.chapters):
        rng = _rng(seed, "chapter", slug)
        others = [link for link in chapter_links if link[1] != f"/handbook/{slug}/"] or chapter_links
        links = [*others, ("events", "/events/"), ("handbook", "/handbook/"), ("the handbook in German", "/de/handbook/")]
        fields = {"title": title, "order": str(index + 1), "summary": _yaml_text(_sentence(rng, "en"))}
        write(f"content/handbook/{slug}.md", _front(fields) + _long_body(rng, "en", links, "EUR", 6, rng.choice(IMAGES)))
        for lang, share in (("de", 0.6), ("ru", 0.6)):
            if rng.random() < share:
                fields = {"title": _yaml_text(f"{title} ({lang})"), "summary": _yaml_text(_sentence(rng, lang))}
                write(f"content/handbook/{slug}.{lang}.md", _front(fields) + _long_body(rng, lang, links, "EUR", 6, None))
                counts["translations"] += 1
    if git:
        _commit(root)
    return counts


def _write_city(write, city: CityPlan, seed: int, chapter_links: list[tuple[str, str]]) -> int:
    translations = 0
    country, zone, currency, lat, lon, spoken = city.place
    rng = _rng(seed, "city-text", city.slug)
    base = f"/cities/{city.slug}"
    section_links = [(title.lower(), f"{base}/{slug}/") for slug, title in city.sections]
    event_links = [(event.title.lower(), f"{base}/events/{event.slug}/") for event in city.events[:6]]
    city_links = section_links + chapter_links[:4] + [("events", f"{base}/events/"), ("calendar", f"{base}/events.ics")] + event_links[:2]

    ambassadors = "".join(
        f"  - name: {name}\n    github: {handle}\n    languages: [{', '.join(languages)}]\n    bio: {_yaml_text(_sentence(rng, 'en'))}\n"
        for name, handle, languages in city.ambassadors
    )
    front = (
        f"---\nname: {city.name}\ncountry: {country}\ntimezone: {zone}\nsummary: {_yaml_text(_sentence(rng, 'en'))}\n"
        f"location: {{lat: {lat + rng.uniform(-3, 3):.4f}, lon: {lon + rng.uniform(-3, 3):.4f}}}\n"
        f"languages: [{', '.join(dict.fromkeys([*spoken, 'en']))}]\nambassadors:\n{ambassadors}---\n\n"
    )

    def city_body(lang: str) -> str:
        return "\n\n".join([
            _paragraph(rng, lang, city_links, (4, 6)),
            _paragraph(rng, lang, city_links, (3, 5)),
            f"## {HEADINGS[lang][0]}",
            _bullets(rng, lang, section_links or city_links),
            _paragraph(rng, lang, city_links, (2, 4)),
        ]) + "\n"

    write(f"content/cities/{city.slug}/index.md", front + city_body("en"))
    for lang, share in (("de", 0.5), ("ru", 0.3)):
        if rng.random() < share:
            write(f"content/cities/{city.slug}/index.{lang}.md", _front({"summary": _yaml_text(_sentence(rng, lang))}) + city_body(lang))
            translations += 1

    for order, (slug, title) in enumerate(city.sections, start=1):
        srng = _rng(seed, "section", city.slug, slug)
        others = [link for link in section_links if link[1] != f"{base}/{slug}/"] or section_links
        links = others + chapter_links[:3] + [("events", f"{base}/events/"), ("city", f"{base}/"), ("next door", "../" + (others[0][1].rstrip("/").rsplit("/", 1)[1]) + "/")]
        fields = {"title": f"{title} in {city.name}", "order": str(order), "summary": _yaml_text(_sentence(srng, "en"))}
        image = srng.choice(IMAGES) if srng.random() < 0.3 else None
        write(f"content/cities/{city.slug}/{slug}.md", _front(fields) + _long_body(srng, "en", links, currency, 4, image))
        for lang, share in (("de", 0.3), ("ru", 0.2)):
            if srng.random() < share:
                fields = {"title": _yaml_text(f"{SECTION_TITLES[lang][slug]}: {city.name}"), "summary": _yaml_text(_sentence(srng, lang))}
                write(f"content/cities/{city.slug}/{slug}.{lang}.md", _front(fields) + _long_body(srng, lang, links, currency, 4, None))
                translations += 1

    for event in city.events:
        erng = _rng(seed, "event", city.slug, event.slug)
        fields = {"title": _yaml_text(event.title), "start": event.start}
        if event.end:
            fields["end"] = event.end
        for key in ("repeat", "except", "status"):
            if key in event.extra:
                fields[key] = event.extra[key]
        if erng.random() < 0.8:
            fields["venue"] = (f"\n  name: {_yaml_text(erng.choice(WORDS['en']).capitalize() + ' ' + erng.choice(['Café', 'Park', 'Library', 'Hall', 'Pub']))}"
                               f"\n  address: {_yaml_text(str(erng.randint(1, 200)) + ' ' + erng.choice(WORDS['en']).capitalize() + ' Street, ' + city.name)}"
                               f"\n  lat: {lat + erng.uniform(-0.1, 0.1):.4f}\n  lon: {lon + erng.uniform(-0.1, 0.1):.4f}")
        if erng.random() < 0.2:
            fields["online"] = f"https://meet.example.org/{city.slug}-{erng.randint(100, 999)}"
        cost = erng.random()
        fields["cost"] = "free" if cost < 0.5 else (f"{{amount: {erng.randint(2, 40) * 5}, currency: {currency}}}" if cost < 0.85 else "Pay what you like")
        if erng.random() < 0.4:
            fields["registration"] = f"https://signup.chapters-network.example/{city.slug}/{event.slug}"  # not `chapters new`'s example (a warning each)
        fields["tags"] = "[" + ", ".join(sorted(erng.sample(TAGS, erng.randint(1, 3)))) + "]"
        fields["languages"] = "[" + ", ".join(dict.fromkeys(["en", *spoken[:1]])) + "]"
        fields["hosts"] = event.extra["hosts"]
        if erng.random() < 0.5:
            fields["accessibility"] = f"\n  wheelchair: {erng.choice(['yes', 'no', 'partial'])}\n  children: welcome\n  notes: {_yaml_text(_sentence(erng, 'en'))}"

        def event_body(lang: str, erng: random.Random = erng) -> str:
            blocks = [_paragraph(erng, lang, city_links, (3, 5)), _paragraph(erng, lang, city_links, (2, 4))]
            if erng.random() < 0.5:
                blocks.append(_bullets(erng, lang, city_links))
            blocks.append(f"{NOTICE[lang]}: [{section_links[0][0] if section_links else 'events'}]({(section_links or city_links)[0][1]}).")
            return "\n\n".join(blocks) + "\n"

        write(f"content/events/{city.slug}/{event.slug}.md", _front(fields) + event_body("en"))
        for lang, share in (("de", 0.2), ("ru", 0.1)):
            if erng.random() < share:
                write(f"content/events/{city.slug}/{event.slug}.{lang}.md", _front({"title": _yaml_text(f"{event.title} ({lang})")}) + event_body(lang))
                translations += 1
    return translations


def _commit(root: Path) -> None:
    """One commit at a fixed date, so history-derived dates (feeds, "last updated") are stable."""
    moment = "2026-06-01T10:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    identity = ["-c", "user.name=Benchmark", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Synthetic network"]):
        subprocess.run(["git", *identity, *command], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def generate(root: Path, pages: int | None = None, cities: int | None = None, sections: int = DEFAULT_SECTIONS,
             events: int = DEFAULT_EVENTS, chapters: int = DEFAULT_CHAPTERS, seed: int = 2026, now: str = NOW, git: bool = True) -> dict[str, int]:
    """Write a network with `cities` cities, or as many as give about `pages` HTML pages."""
    if cities is None:
        cities = cities_for(pages or SIZES["1k"], sections, events, chapters)
    plan = plan_network(cities, sections, events, chapters, seed, fixed_now(now))
    counts = write_network(root, plan, seed, git)
    counts["expected_pages"] = expected_pages(cities, sections, events, chapters)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the site folder to write (replaced if it exists)")
    parser.add_argument("--size", default="1k", help="about how many HTML pages the build writes: 1k, 10k, 40k or a number (default 1k)")
    parser.add_argument("--cities", type=int, help="number of cities (overrides --size)")
    parser.add_argument("--sections", type=int, default=DEFAULT_SECTIONS, help=f"guide sections per city (default {DEFAULT_SECTIONS})")
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help=f"events per city (default {DEFAULT_EVENTS})")
    parser.add_argument("--chapters", type=int, default=DEFAULT_CHAPTERS, help=f"handbook chapters (default {DEFAULT_CHAPTERS})")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--now", default=NOW, help=f"the build's 'now' the dates are placed around (default {NOW})")
    parser.add_argument("--no-git", dest="git", action="store_false", help="do not make the folder a git repository")
    args = parser.parse_args(argv)
    counts = generate(args.out, parse_size(args.size), args.cities, args.sections, args.events, args.chapters, args.seed, args.now, args.git)
    print(f"Wrote {counts['files']} content files into {args.out}: {counts['cities']} cities, {counts['sections']} guide sections, "
          f"{counts['events']} events, {counts['chapters']} handbook chapters, {counts['translations']} of them translations; "
          f"the build should write {counts['expected_pages']} HTML pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
