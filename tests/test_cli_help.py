"""The command line an ambassador meets (issue 16): `chapters` alone, every `--help`, `new`'s
site folder, and `check`'s summary and its choice of a city or of files."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, write_site

from generator import cli
from generator.authoring import scaffold

Run = Callable[[list[str]], Result]
KINDS = sorted(scaffold.OPTIONS)
HELPS = [[], *([name] for name in cli.COMMANDS), *(["new", kind] for kind in KINDS)]


def call(args: list[str], capsys: pytest.CaptureFixture[str]) -> Result:
    """`cli.main` as it is (without the pinned `--now` the `run` fixture adds)."""
    capsys.readouterr()
    try:
        code = cli.main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def test_chapters_alone_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    alone = call([], capsys)
    asked = call(["--help"], capsys)

    assert (alone.code, alone.err) == (0, "")
    assert alone.out == asked.out
    assert alone.out.startswith("usage: chapters")
    assert all(f"    {name} " in alone.out for name in cli.COMMANDS)


@pytest.mark.parametrize("command", HELPS, ids=lambda command: " ".join(command) or "chapters")
def test_every_help_ends_with_an_example_and_names_contributing(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    result = call([*command, "--help"], capsys)

    assert result.code == 0
    head, _, example = result.out.rstrip("\n").rpartition("\nexample:\n  ")
    assert head
    example, _, more = example.partition("\n\n")
    assert more == "How to publish, step by step: CONTRIBUTING.md; every field of the content: docs/content.md."
    assert example.startswith(" ".join(["chapters", *command]))
    for one in example.split(" && "):  # each example is a command the parser takes
        words = shlex.split(one)[1:]
        parsed = cli._parser(words).parse_args(words)
        assert parsed.command == words[0]


def test_drafts_help_says_draft_yes_as_the_template_does(capsys: pytest.CaptureFixture[str]) -> None:
    result = call(["check", "--help"], capsys)

    assert "`draft: yes`" in " ".join(result.out.split())
    assert "# draft: yes  #" in scaffold.page_text("Visas", "chapter", 1)


def test_new_takes_the_site_folder_like_the_other_commands(base_site: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    positional = call(["new", "chapter", str(base_site), "--title", "Visas"], capsys)
    old_spelling = call(["new", "chapter", "--site", str(base_site), "--title", "Banks"], capsys)
    both = call(["new", "chapter", str(base_site), "--site", str(tmp_path), "--title", "Money"], capsys)

    assert (positional.code, positional.out) == (0, f"{base_site / 'content/handbook/visas.md'}\n")
    assert (old_spelling.code, old_spelling.out) == (0, f"{base_site / 'content/handbook/banks.md'}\n")
    assert (both.code, both.out) == (2, "")
    assert both.err == f"chapters: error: two site folders given ({base_site} and --site {tmp_path}): give one\n"
    assert not (base_site / "content/handbook/money.md").exists()


# check: its summary, and --city or PATHs

BROKEN = {
    "content/cities/berlin/index.md": "---\nname: Berlin\ncountry: DE\ntimezone: Europe/Berlin\n---\n\nWillkommen.\n",
    "content/events/berlin/2026-12-06-walk.md": "---\ntitle: Walk\nstart: 2026-12-06 10:00\nstrat: x\n---\n\nA walk.\n",
    "content/events/almaty/2026-12-07-tea.md": "---\ntitle: Tea\nstart: 2026-02-30\n---\n\nTea.\n",
    "content/events/almaty/2027-01-16-fair.md": "---\ntitle: Fair\nstart: 2027-02-20\n---\n\nApples.\n",
}
BERLIN_ERROR = "content/events/berlin/2026-12-06-walk.md:4:1: error: unknown field `strat` (did you mean `start`?)"
TEA_ERROR = "content/events/almaty/2026-12-07-tea.md:3:1: error: `start`: `2026-02-30` is not a valid date: February 2026 has 28 days"
FAIR_WARNING = ("content/events/almaty/2027-01-16-fair.md:3:1: warning: the file name says 2027-01-16 but `start` is 2027-02-20: "
                "correct `start`, or rename the file to `2027-02-20-fair.md` (the name is the event's address)")


def test_check_ends_with_what_it_checked(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/events/almaty/2027-01-16-fair.md": BROKEN["content/events/almaty/2027-01-16-fair.md"]})

    result = run(["check", str(root)])

    assert (result.code, result.err) == (0, FAIR_WARNING + "\n")
    assert result.out == f"{root}: 6 files checked (84 pages): no errors, 1 warning(s)\n"


def test_check_of_the_whole_site_shows_every_problem(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site(BROKEN)

    result = run(["check", str(root)])

    assert result.code == 1
    assert result.err.splitlines() == [TEA_ERROR, FAIR_WARNING, BERLIN_ERROR, "2 error(s) and 1 warning(s); nothing was written"]


def test_check_city_shows_only_that_citys_problems(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site(BROKEN)

    almaty = run(["check", str(root), "--city", "almaty"])
    berlin = run(["check", str(root), "--city", "berlin"])

    assert almaty.code == 1
    assert almaty.err.splitlines() == [TEA_ERROR, FAIR_WARNING, "1 error(s) and 1 warning(s); nothing was written"]
    assert berlin.code == 1
    assert berlin.err.splitlines() == [BERLIN_ERROR, "1 error(s); nothing was written"]


def test_check_of_one_clean_file_passes_and_counts_what_it_left_out(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site(BROKEN)

    result = run(["check", str(root), str(root / "content/events/almaty/picnic.md")])

    assert (result.code, result.err) == (0, "")
    assert result.out == f"{root}: 1 file of content/events/almaty/picnic.md checked: no errors, no warnings; not shown: 2 error(s) and 1 warning(s) in other files\n"


def test_check_of_a_folder_and_a_file_given_alone(make_site: Callable[..., Path], run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(BROKEN)
    monkeypatch.chdir(root)

    folder = run(["check", ".", "content/events/berlin"])
    file_alone = run(["check", "content/events/almaty/2026-12-07-tea.md"])

    assert (folder.code, folder.err.splitlines()) == (1, [BERLIN_ERROR, "1 error(s); nothing was written"])
    assert (file_alone.code, file_alone.err.splitlines()) == (1, [TEA_ERROR, "1 error(s); nothing was written"])


def test_check_refuses_an_unknown_city_or_a_path_outside_the_site(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = make_site(BROKEN)
    write_site(tmp_path, {"elsewhere.md": "x\n"})

    city = run(["check", str(root), "--city", "almati"])
    outside = run(["check", str(root), str(tmp_path / "elsewhere.md")])

    assert (city.code, city.out) == (2, "")
    assert city.err == "chapters check: error: unknown city `almati` (known cities: almaty, berlin) (did you mean `almaty`?)\n"
    assert (outside.code, outside.err) == (2, f"chapters check: error: {tmp_path / 'elsewhere.md'} is not inside the site folder {root}\n")


def test_check_names_the_cities_and_paths_it_checked(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({path: text for path, text in BROKEN.items() if path.endswith("index.md")})

    result = run(["check", str(root), str(root / "content/handbook"), "--city", "berlin", "--city", "almaty"])

    assert (result.code, result.err) == (0, "")
    assert result.out == f"{root}: 5 files of berlin, almaty, content/handbook checked: no errors, no warnings\n"
