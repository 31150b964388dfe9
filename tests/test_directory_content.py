"""What an ambassador writes for issue 18, through the real `chapters` command: recommendations
(content/directory/<city>/), interest groups (content/groups/<city>/), `community:` and an
event's `group:`. The invalid cases are fixtures in tests/fixtures/invalid/ (test_invalid_sites.py
runs them); here: `new place|group`, the stale-`checked` warning, `changes`, and the demo's files
against the JSON Schemas."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import NOW, TESTS, Result, git, isolated_from_git, snapshot, write_site
from test_scaffold import new, uncomment_optional_lines

from generator.content.starters import group_starter, place_starter
from generator.core.errors import ErrorReport
from generator.source.frontmatter import split

Run = Callable[[list[str]], Result]
ROOT = TESTS.parent
TODAY = datetime.now(UTC).isoformat()
"""`chapters new place` writes today's date as `checked`; the check of the file it wrote runs at today."""

TAILOR = """
    ---
    name: Ателье Мастер
    category: crafts-and-repairs
    checked: 2026-11-01
    ---

    Winter coats made to measure.
    """
DENTIST = """
    ---
    name: Smile Dental
    category: dentist
    checked: 2025-11-20
    ---

    Dentists who speak English.
    """
RUNNERS = """
    ---
    name: Almaty Runners
    contact: https://t.me/almaty-runners-example
    ---

    Easy runs in the foothills.
    """


# `chapters new place|group`


def test_new_place_writes_a_file_that_passes_check(base_site: Path, run: Run) -> None:
    result = new("place", str(base_site), "--city", "almaty", "--name", "Ателье: Мастер", "--category", "crafts-and-repairs", "--slug", "atelier")

    assert result.code == 0, result.err
    path = base_site / "content/directory/almaty/atelier.md"
    assert result.out == f"{path}\n"
    document = split(path.read_text(encoding="utf-8"), "atelier.md", ErrorReport())
    assert document is not None
    assert document.data["name"] == "Ателье: Мастер" and document.data["category"] == "crafts-and-repairs"
    checked = run(["check", str(base_site), "--now", TODAY])
    assert checked.code == 0, checked.err
    assert "content/directory/almaty/atelier.md:17:1: warning: the description is still the example text of `chapters new`: write your own" in checked.err


def test_new_group_writes_a_file_that_passes_check_with_its_optional_lines_too(base_site: Path, run: Run) -> None:
    result = new("group", str(base_site), "--city", "almaty", "--name", "Almaty Runners", "--contact", "https://t.me/almaty-runners-example")

    assert result.code == 0, result.err
    path = base_site / "content/groups/almaty/almaty-runners.md"
    assert path.read_text(encoding="utf-8") == group_starter("almaty", datetime.now(UTC).date(), name="Almaty Runners", contact="https://t.me/almaty-runners-example")
    uncomment_optional_lines(path)
    checked = run(["check", str(base_site), "--now", TODAY, "--drafts"])
    assert checked.code == 0, checked.err
    assert "content/groups/almaty/almaty-runners.md:6:1: warning: `meets` is still the example of `chapters new`" in checked.err


def test_a_place_with_every_optional_line_passes_check_with_warnings_for_the_examples(base_site: Path, run: Run) -> None:
    assert new("place", str(base_site), "--city", "almaty", "--name", "Smile Dental", "--category", "dentist").code == 0
    path = base_site / "content/directory/almaty/smile-dental.md"
    uncomment_optional_lines(path)

    checked = run(["check", str(base_site), "--now", TODAY, "--drafts"])

    assert checked.code == 0, checked.err
    assert "content/directory/almaty/smile-dental.md:10:1: warning: `url` is still the example of `chapters new` (`https://example.org/`): give the real one, or delete the line" in checked.err
    assert "content/directory/almaty/smile-dental.md:8:1: warning: `lat` and `lon` are still the example of `chapters new` (0.0): give the place's own, or delete the lines" in checked.err


def test_the_starters_pass_check_once_the_name_is_filled_in(base_site: Path, run: Run) -> None:
    day = datetime(2026, 11, 21, tzinfo=UTC).date()
    write_site(base_site, {
        "content/directory/almaty/market.md": place_starter("almaty", day).replace("name:  #", "name: Green Bazaar  #"),
        "content/groups/almaty/tandem.md": group_starter("almaty", day).replace("name:  #", "name: Tandem  #"),
    })

    result = run(["check", str(base_site)])

    assert result.code == 0, result.err
    assert result.err.count("warning:") == 3  # two example bodies and the example contact


def test_the_starter_without_a_name_fails_at_its_line(base_site: Path, run: Run) -> None:
    write_site(base_site, {"content/directory/almaty/market.md": place_starter("almaty", datetime(2026, 11, 21, tzinfo=UTC).date())})

    result = run(["check", str(base_site)])

    assert result.code == 1
    assert result.err.splitlines()[0] == "content/directory/almaty/market.md:2:1: error: `name`: is empty: give it a value or leave the field out"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--city", "almaty", "--name", "Smile Dental", "--category", "dentst"],
         ("--category: unknown category `dentst`: use one of doctor, dentist, language-teacher, language-school, shopping, crafts-and-repairs, "
         "children, pets, paperwork, legal, housing, transport, food, sport, other (docs/content.md, Recommendations) (did you mean `dentist`?)")),
        (["--city", "almati", "--name", "Smile Dental", "--category", "dentist"], "unknown city `almati` (known cities: almaty) (did you mean `almaty`?)"),
        (["--city", "almaty", "--name", "Ателье", "--category", "other", "--slug", "Atelier"], "--slug: `Atelier` is not a slug: use lowercase a-z, 0-9 and `-`, e.g. `atelier`"),
    ],
)
def test_new_place_refuses_bad_input_and_writes_nothing(base_site: Path, args: list[str], message: str) -> None:
    before = snapshot(base_site)

    result = new("place", str(base_site), *args)

    assert (result.code, result.out, result.err) == (1, "", f"chapters: error: {message}\n")
    assert snapshot(base_site) == before


def test_new_group_refuses_an_email_contact(base_site: Path) -> None:
    before = snapshot(base_site)

    result = new("group", str(base_site), "--city", "almaty", "--name", "Book club", "--contact", "mailto:books@club.example")

    assert result.code == 1
    assert result.err == ("chapters: error: --contact: `mailto:books@club.example` is an e-mail link: the directory and the groups publish "
                          "no e-mail addresses (one is too often a private person's); give a web page (http:// or https://) or leave the field out\n")
    assert snapshot(base_site) == before


# The stale `checked` date


def test_a_recommendation_checked_more_than_a_year_ago_is_a_warning(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/directory/almaty/dentist.md": DENTIST, "content/directory/almaty/tailor.md": TAILOR})

    result = run(["check", str(root)])

    assert result.code == 0
    assert result.err.splitlines()[0] == (
        "content/directory/almaty/dentist.md:4:1: warning: `checked` 2025-11-20 is 366 days ago, more than a year: "
        "ask whether Smile Dental is still there and still good, then set `checked` to that day (or remove the recommendation)")
    assert result.err.count("warning:") == 1  # exactly a year (365 days) is not yet stale: see the next test


def test_strict_makes_the_stale_date_an_error(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/directory/almaty/dentist.md": DENTIST})

    assert run(["check", str(root), "--now", "2026-11-20T12:00:00+00:00", "--strict"]).code == 0  # 365 days: fine
    result = run(["check", str(root), "--strict"])

    assert result.code == 1
    assert result.err.splitlines()[0].startswith("content/directory/almaty/dentist.md:4:1: error: `checked` 2025-11-20 is 366 days ago")


# `chapters changes`


def test_changes_names_added_changed_and_removed_recommendations_and_groups(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = make_site({"content/directory/almaty/dentist.md": DENTIST.replace("2025-11-20", "2026-11-01"),
                      "content/directory/almaty/tailor.md": TAILOR, "content/groups/almaty/runners.md": RUNNERS})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start", when=datetime(2026, 11, 1, tzinfo=UTC))
    write_site(root, {
        "content/directory/almaty/dentist.md": None,
        "content/directory/almaty/tailor.md": TAILOR.replace("Winter coats", "Warm winter coats").replace("crafts-and-repairs", "shopping"),
        "content/directory/almaty/market.md": TAILOR.replace("Ателье Мастер", "Green Bazaar").replace("crafts-and-repairs", "food"),
        "content/groups/almaty/runners.md": None,
        "content/groups/almaty/tandem.md": RUNNERS.replace("Almaty Runners", "Tandem Almaty"),
        "content/groups/almaty/tandem.de.md": "---\nname: Tandem Almaty (Sprachaustausch)\n---\n",
    })

    with isolated_from_git(tmp_path):
        result = run(["changes", "HEAD", str(root)])

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    url = "https://chapters.example.org/cities/almaty"
    recommendations = lines.index("**Recommendations**")
    assert lines[recommendations + 1: recommendations + 6] == [
        "",
        f"- Added: [Green Bazaar]({url}/directory/market/) (Almaty)",
        f"- Changed: [Ателье Мастер]({url}/directory/tailor/) (Almaty): `category`, text",
        "- Removed: Smile Dental (Almaty)",
        "",
    ]
    groups = lines.index("**Groups**")
    assert lines[groups + 1: groups + 5] == ["", f"- Added: [Tandem Almaty]({url}/groups/tandem/) (Almaty)", "- Removed: Almaty Runners (Almaty)", ""]


# The demo's files and the JSON Schemas


DEMO_ENTRIES = sorted(path.relative_to(ROOT).as_posix() for folder in ("content/directory", "content/groups") for path in (ROOT / folder).rglob("*.md"))


def test_the_demo_has_recommendations_and_groups_in_every_city() -> None:
    cities = sorted(path.name for path in (ROOT / "content/cities").iterdir() if path.is_dir())
    for city in cities:
        places = [p for p in DEMO_ENTRIES if p.startswith(f"content/directory/{city}/") and p.count(".") == 1]
        groups = [p for p in DEMO_ENTRIES if p.startswith(f"content/groups/{city}/") and p.count(".") == 1]
        assert 2 <= len(places) <= 4 and 1 <= len(groups) <= 2, city
    assert any(p.endswith(".de.md") for p in DEMO_ENTRIES) and any(p.endswith(".ru.md") for p in DEMO_ENTRIES)


@pytest.mark.parametrize("relative", DEMO_ENTRIES)
def test_the_demo_entries_validate_against_their_json_schema(relative: str) -> None:
    name = ("place" if relative.startswith("content/directory/") else "group") + (".translation" if relative.count(".") == 2 else "")
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    text = (ROOT / relative).read_text(encoding="utf-8")
    front = text.split("---\n", 2)[1]
    data = yaml.safe_load(front) or {}
    data = {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in data.items()}  # YAML 1.1 dates → text

    assert [error.message for error in jsonschema.Draft7Validator(schema).iter_errors(data)] == []


@pytest.mark.parametrize(
    ("name", "front_matter", "valid"),
    [
        ("place", {"name": "Smile Dental", "category": "dentist", "checked": "2026-11-01"}, True),
        ("place", {"name": "Smile Dental", "category": "dentst", "checked": "2026-11-01"}, False),
        ("place", {"name": "Smile Dental", "category": "dentist"}, False),
        ("place", {"name": "Smile Dental", "category": "dentist", "checked": "2026-11-01", "phone": 301234567}, True),
        ("place", {"name": "Smile Dental", "category": "dentist", "checked": "2026-11-01", "url": "mailto:a@b.org"}, False),
        ("place", {"name": "Smile Dental", "category": "dentist", "checked": "2026-11-01", "price": 4}, False),
        ("place", {"name": "Smile Dental", "category": "dentist", "checked": "2026-11-01", "price": "from 20 EUR"}, True),
        ("place.translation", {"hours": "Mo-Fr", "price": "ab 20 EUR"}, True),
        ("place.translation", {"phone": "+49 30 1234567"}, False),
        ("group", {"name": "Tandem", "contact": "https://t.me/tandem"}, True),
        ("group", {"name": "Tandem"}, False),
        ("group", {"name": "Tandem", "contact": "https://t.me/tandem", "hosts": ["Anna Petrova"]}, False),
    ],
)
def test_json_schema_samples(name: str, front_matter: dict[str, object], valid: bool) -> None:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))

    assert (list(jsonschema.Draft7Validator(schema).iter_errors(front_matter)) == []) is valid


def test_now_is_the_suites_clock() -> None:
    assert NOW == "2026-11-21T12:00:00+00:00"  # the stale-date figures above (366 days) count from it


def test_the_docs_count_the_demos_files() -> None:
    files = 1 + sum(1 for _ in (ROOT / "content").rglob("*.md"))  # site.yaml and the Markdown, as `check` counts them
    for doc in ("docs/content.md", "CONTRIBUTING.md"):
        text = " ".join((ROOT / doc).read_text(encoding="utf-8").split())
        assert f"`.: {files} files checked (" in text, doc


@pytest.mark.parametrize(
    ("case", "relative"),
    [
        ("place-unknown-category", "content/directory/almaty/dentist.md"),
        ("place-missing-checked", "content/directory/almaty/dentist.md"),
        ("place-email-in-phone", "content/directory/almaty/dentist.md"),
        ("place-email-in-url", "content/directory/almaty/dentist.md"),
        ("group-host-not-a-handle", "content/groups/almaty/runners.md"),
    ],
)
def test_the_json_schemas_reject_the_invalid_fixtures_front_matter_too(case: str, relative: str) -> None:
    """What an editor shows before `chapters check` runs (the build's messages: tests/fixtures/invalid/*/expected.txt)."""
    name = "place" if "/directory/" in relative else "group"
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    document = split((TESTS / "fixtures/invalid" / case / relative).read_text(encoding="utf-8"), relative, ErrorReport())
    assert document is not None

    assert list(jsonschema.Draft7Validator(schema).iter_errors(document.data)) != []


def test_check_city_shows_the_citys_directory_and_groups(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({
        "content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\nWillkommen.\n",
        "content/directory/almaty/tailor.md": TAILOR.replace("crafts-and-repairs", "tailor"),
        "content/groups/berlin/runners.md": RUNNERS.replace("https://t.me/almaty-runners-example", "mailto:run@club.example"),
    })

    almaty = run(["check", str(root), "--city", "almaty"])
    berlin = run(["check", str(root), "--city", "berlin"])

    assert almaty.code == 1 and almaty.err.splitlines()[0].startswith("content/directory/almaty/tailor.md:3:1: error: `category`: unknown category `tailor`")
    assert almaty.err.count("error:") == 1  # not berlin's
    assert berlin.code == 1 and berlin.err.splitlines()[0].startswith("content/groups/berlin/runners.md:3:1: error: `contact`: `mailto:run@club.example` is an e-mail link")
