"""`chapters new`: every template it writes passes `chapters check`, with its optional lines
commented or not; bad input is one line on stderr, exit 1, and nothing written."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, snapshot

from generator import cli
from generator.authoring.scaffold import OPTIONAL
from generator.core.errors import ErrorReport
from generator.core.text import MAX_SLUG, slugify
from generator.source.frontmatter import split

Run = Callable[[list[str]], Result]


def new(*args: str) -> Result:
    """`chapters new ...` in-process (the shared `run` fixture adds `--now`, which `new` has no use for)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["new", *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


def uncomment_optional_lines(path: Path) -> None:
    """What an ambassador does with the examples: drop the `# ` in front of each field line."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^# (?=\s*(?:- )?[a-z_]+:)", "", text), encoding="utf-8")


def assert_checks(run: Run, root: Path) -> None:
    result = run(["check", str(root), "--drafts"])
    assert result.code == 0, result.err


def refused(result: Result, root: Path, before: dict[str, bytes]) -> str:
    """The one-line message of a refused run, after making sure nothing was written."""
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    assert snapshot(root) == before
    (line,) = result.err.splitlines()
    assert line.startswith("chapters: error: ")
    return line.removeprefix("chapters: error: ")


# Slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Garden party", "garden-party"),
        ("Café Anna Blume", "cafe-anna-blume"),
        ("Пикник у озера", "piknik-u-ozera"),
        ("Қазақ тілі кафесі", "qazaq-tili-kafesi"),
        ("Straße & Brücke", "strasse-brucke"),
        ("Women's night — 2nd edition!", "womens-night-2nd-edition"),
        ("  --Board games--  ", "board-games"),
        ("茶会", ""),
    ],
)
def test_slugify_transliterates_or_drops_what_is_not_ascii(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_keeps_long_titles_short_at_a_word_boundary() -> None:
    slug = slugify("A very long title about " + "many different things " * 10)
    assert len(slug) <= MAX_SLUG
    assert not slug.endswith("-") and slug.split("-")[-1] in {"many", "different", "things"}


# Events


def test_new_event_writes_a_file_that_passes_check(base_site: Path, run: Run) -> None:
    result = new("event", "--site", str(base_site), "--city", "almaty", "--title", "Garden party", "--start", "2026-12-05 19:00")

    path = base_site / "content/events/almaty/2026-12-05-garden-party.md"
    assert result.code == 0, result.err
    assert result.out == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Garden party\nstart: 2026-12-05 19:00")
    assert "# hosts: [aigerim]" in text  # the city's ambassadors, as a hint
    assert_checks(run, base_site)


@pytest.mark.parametrize("start", ["2026-12-05 19:00", "2026-12-05 23:00", "2026-12-05"])
def test_every_optional_example_of_the_event_template_is_valid(base_site: Path, run: Run, start: str) -> None:
    result = new("event", "--site", str(base_site), "--city", "almaty", "--title", "Party", "--start", start)
    path = Path(result.out.strip())

    uncomment_optional_lines(path)

    text = path.read_text(encoding="utf-8")
    assert "\nvenue:\n  name:" in text and "\nrepeat:" in text
    assert [line for line in text.split("---")[1].splitlines() if line.startswith("#")] == [OPTIONAL]
    assert_checks(run, base_site)


def test_title_with_quotes_and_colons_is_written_as_valid_yaml(base_site: Path, run: Run) -> None:
    title = 'Cooking class: "beshbarmak" & baursaki #1 — it\'s on'

    result = new("event", "--site", str(base_site), "--city", "almaty", "--title", title, "--start", "2026-12-05 18:30", "--end", "21:30")

    path = Path(result.out.strip())
    assert path.name == "2026-12-05-cooking-class-beshbarmak-baursaki-1-its-on.md"
    document = split(path.read_text(encoding="utf-8"), "x.md", ErrorReport())
    assert document is not None
    assert document.data["title"] == title
    assert document.data["end"] == "21:30"
    assert_checks(run, base_site)


def test_a_given_slug_gets_the_date_in_front_unless_it_has_one(base_site: Path) -> None:
    first = new("event", "--site", str(base_site), "--city", "almaty", "--title", "茶会", "--start", "2026-12-05", "--slug", "tea")
    second = new("event", "--site", str(base_site), "--city", "almaty", "--title", "茶会", "--start", "2026-12-05", "--slug", "2026-12-04-tea")

    assert Path(first.out.strip()).name == "2026-12-05-tea.md"
    assert Path(second.out.strip()).name == "2026-12-04-tea.md"


def test_a_title_without_latin_letters_asks_for_a_slug(base_site: Path) -> None:
    before = snapshot(base_site)

    message = refused(new("event", "--site", str(base_site), "--city", "almaty", "--title", "茶会", "--start", "2026-12-05"), base_site, before)

    assert "--slug" in message


def test_an_existing_file_is_never_replaced(base_site: Path) -> None:
    args = ("event", "--site", str(base_site), "--city", "almaty", "--title", "Garden party", "--start", "2026-12-05 19:00")
    assert new(*args).code == 0
    path = base_site / "content/events/almaty/2026-12-05-garden-party.md"
    path.write_text(path.read_text(encoding="utf-8") + "Edited by hand.\n", encoding="utf-8")
    before = snapshot(base_site)

    message = refused(new(*args), base_site, before)

    assert "already exists" in message and "2026-12-05-garden-party.md" in message


def test_an_unknown_city_is_refused_with_the_known_ones(base_site: Path) -> None:
    before = snapshot(base_site)

    message = refused(new("event", "--site", str(base_site), "--city", "almati", "--title", "Party", "--start", "2026-12-05"), base_site, before)

    assert message == "unknown city `almati` (known cities: almaty) (did you mean `almaty`?)"


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--start", "2026-02-30 19:00", "--start: `2026-02-30` is not a valid date: February 2026 has 28 days"),
        ("--start", "next friday", "--start: `next friday` is not a date or time"),
        ("--start", "2026-12-05 24:30", "--start: `24:30` is not a valid time"),
        ("--end", "25:00", "--end: `25:00` is not a valid time"),
        ("--end", "18:00", "`end` 2026-12-05 18:00 is not after `start` 2026-12-05 19:00"),
        ("--title", "   ", "--title: should not be empty"),
        ("--title", "Two\nlines", "--title: must be one line of text"),
        ("--slug", "Garden Party", "--slug: `Garden Party` is not a slug: use lowercase a-z, 0-9 and `-`, e.g. `garden-party`"),
    ],
)
def test_bad_event_input_is_one_clear_line_and_nothing_is_written(base_site: Path, option: str, value: str, expected: str) -> None:
    args = {"--city": "almaty", "--title": "Party", "--start": "2026-12-05 19:00", option: value}
    before = snapshot(base_site)

    message = refused(new("event", "--site", str(base_site), *(x for pair in args.items() for x in pair)), base_site, before)

    assert message.startswith(expected)


def test_an_all_day_event_cannot_end_at_a_time(base_site: Path) -> None:
    before = snapshot(base_site)

    message = refused(new("event", "--site", str(base_site), "--city", "almaty", "--title", "Fair", "--start", "2026-12-05", "--end", "18:00"), base_site, before)

    assert "all-day" in message


def test_a_folder_without_site_yaml_is_refused(tmp_path: Path) -> None:
    message = refused(new("chapter", "--site", str(tmp_path), "--title", "Visas"), tmp_path, {})

    assert "no site.yaml" in message


# Cities, guide sections, handbook chapters


def test_new_city_and_its_first_event_pass_check(base_site: Path, run: Run) -> None:
    city = new("city", "--site", str(base_site), "--slug", "oslo", "--name", "Oslo", "--country", "no", "--timezone", "Europe/Oslo")
    event = new("event", "--site", str(base_site), "--city", "oslo", "--title", "Skøyter på Spikersuppa", "--start", "2027-01-09 12:00")

    assert city.code == 0, city.err
    text = (base_site / "content/cities/oslo/index.md").read_text(encoding="utf-8")
    assert "\ncountry: NO  # ISO 3166-1 alpha-2 code (Norway)\n" in text
    assert Path(event.out.strip()) == base_site / "content/events/oslo/2027-01-09-skoyter-pa-spikersuppa.md"
    assert_checks(run, base_site)
    uncomment_optional_lines(base_site / "content/cities/oslo/index.md")
    assert_checks(run, base_site)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--slug", "almaty", "--name", "Almaty", "--country", "KZ", "--timezone", "Asia/Almaty"], "already exists"),
        (["--slug", "new-york", "--name", "New York", "--country", "UK", "--timezone", "America/New_York"], "--country: unknown country code `UK`"),
        (["--slug", "new-york", "--name", "New York", "--country", "US", "--timezone", "America/NewYork"], "--timezone: unknown time zone `America/NewYork`"),
        (["--slug", "New-York", "--name", "New York", "--country", "US", "--timezone", "America/New_York"], "--slug: `New-York` is not a slug"),
    ],
)
def test_bad_city_input_is_refused(base_site: Path, args: list[str], expected: str) -> None:
    before = snapshot(base_site)

    message = refused(new("city", "--site", str(base_site), *args), base_site, before)

    assert message.startswith(expected) or expected in message


def test_new_guide_section_follows_the_last_one_and_passes_check(base_site: Path, run: Run) -> None:
    result = new("guide", "--site", str(base_site), "--city", "almaty", "--title", "Doctors & dentists")

    path = base_site / "content/cities/almaty/doctors-dentists.md"
    assert Path(result.out.strip()) == path
    assert "# order: 2  #" in path.read_text(encoding="utf-8")  # housing.md has order 1
    assert_checks(run, base_site)
    uncomment_optional_lines(path)
    assert_checks(run, base_site)


def test_a_guide_section_cannot_take_a_generated_page_name(base_site: Path) -> None:
    before = snapshot(base_site)

    message = refused(new("guide", "--site", str(base_site), "--city", "almaty", "--title", "Events"), base_site, before)

    assert message.startswith("a guide section cannot be named `events`")


def test_new_handbook_chapter_passes_check(base_site: Path, run: Run) -> None:
    result = new("chapter", "--site", str(base_site), "--title", "Opening a bank account", "--slug", "bank-account")

    path = base_site / "content/handbook/bank-account.md"
    assert Path(result.out.strip()) == path
    assert path.read_text(encoding="utf-8").startswith("---\ntitle: Opening a bank account\n")
    assert_checks(run, base_site)
    uncomment_optional_lines(path)
    assert_checks(run, base_site)


def test_a_local_time_skipped_by_the_clock_change_is_refused(make_site: Callable[..., Path]) -> None:
    root = make_site({"content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\nHallo.\n"})
    before = snapshot(root)

    message = refused(new("event", "--site", str(root), "--city", "berlin", "--title", "Night walk", "--start", "2027-03-28 02:30"), root, before)

    assert message.startswith("`start` 2027-03-28 02:30 does not exist in Europe/Berlin")


def test_a_city_without_ambassadors_gets_an_empty_hosts_example(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\nHallo.\n"})

    path = Path(new("event", "--site", str(root), "--city", "berlin", "--title", "Walk", "--start", "2027-03-27 10:00").out.strip())

    assert "# hosts: []  # GitHub handles of ambassadors of Berlin: none listed yet" in path.read_text(encoding="utf-8")
    uncomment_optional_lines(path)
    assert_checks(run, root)


def test_the_event_template_in_contributing_passes_check(base_site: Path, run: Run) -> None:
    contributing = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    template = contributing.split("## The event template\n\n```markdown\n", 1)[1].split("```\n", 1)[0]
    path = base_site / "content/events/almaty/2026-12-05-garden-party.md"
    path.write_text(template, encoding="utf-8")

    assert_checks(run, base_site)
    path.write_text(template.replace("# hosts: [your-github-handle]", "# hosts: [aigerim]"), encoding="utf-8")
    uncomment_optional_lines(path)
    assert_checks(run, base_site)
