"""Every folder in tests/fixtures/invalid/ is a site with mistakes; `check` and `build` must
report exactly the lines in its expected.txt, exit 1, and write nothing.

To add a case: make a folder with a small site showing one mistake, write expected.txt by
hand (`path:line:column: error: message`, pointing at the offending key), run the tests.
tests/regenerate_expected.py can draft expected.txt, but every line must be checked.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, Result, snapshot, write_site

INVALID = FIXTURES / "invalid"
CASES = sorted(path.name for path in INVALID.iterdir() if path.is_dir())
Run = Callable[[list[str]], Result]


def copy_case(name: str, tmp_path: Path) -> Path:
    """The case's site folder, copied so that a build cannot touch the fixtures."""
    root = tmp_path / name
    shutil.copytree(INVALID / name, root, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def expected_lines(name: str) -> list[str]:
    return (INVALID / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def error_lines(result: Result) -> list[str]:
    """stderr without its final summary line."""
    return result.err.splitlines()[:-1]


def summary_line(result: Result) -> str:
    lines = result.err.splitlines()
    return lines[-1] if lines else ""


def test_there_are_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", CASES)
def test_each_case_has_expected_lines_in_the_error_format(name: str) -> None:
    lines = expected_lines(name)
    assert lines, f"{name}/expected.txt is empty"
    for line in lines:
        location, _, message = line.partition(": error: ")
        path, line_number, column = location.rsplit(":", 2)
        assert message and path and int(line_number) >= 1 and int(column) >= 1, line


@pytest.mark.parametrize("name", CASES)
def test_check_reports_exactly_the_expected_errors(name: str, tmp_path: Path, run: Run) -> None:
    root = copy_case(name, tmp_path)

    result = run(["check", str(root)])

    assert result.code == 1
    assert error_lines(result) == expected_lines(name)
    assert summary_line(result) == f"{len(expected_lines(name))} error(s); nothing was written"
    assert result.out == ""
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize("name", CASES)
def test_build_reports_the_same_errors_and_leaves_the_old_output_alone(name: str, tmp_path: Path, run: Run) -> None:
    root = copy_case(name, tmp_path)
    write_site(root, {"site/marker.txt": "from the previous build\n", "site/index.html": "<p>old</p>\n"})
    before = snapshot(root / "site")
    entries_before = sorted(path.name for path in root.iterdir())

    result = run(["build", str(root)])

    assert result.code == 1
    assert error_lines(result) == expected_lines(name)
    assert summary_line(result) == f"{len(expected_lines(name))} error(s); nothing was written"
    assert "Traceback" not in result.out + result.err
    assert snapshot(root / "site") == before
    assert sorted(path.name for path in root.iterdir()) == entries_before  # no staging or old folders


def test_many_mistakes_are_all_reported_in_one_run(tmp_path: Path, run: Run) -> None:
    root = copy_case("many-mistakes", tmp_path)

    result = run(["check", str(root)])

    files = {line.split(":", 1)[0] for line in error_lines(result)}
    assert len(error_lines(result)) >= 8
    assert files == {
        "content/cities/almaty/housing.md",
        "content/cities/berlin/index.md",
        "content/events/almati",
        "content/events/almaty/meetup.md",
        "content/events/almaty/picnic.md",
        "content/handbook/first_week.md",
        "content/handbook/visas.md",
    }


# Mistakes whose exact wording is still open: the tests pin down what matters, not the words.


def test_bad_translation_file_name_suggests_a_translation_file_name(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/handbook/first-week.md": "---\ntitle: Week\n---\n", "content/handbook/First Week.de.md": "---\ntitle: Woche\n---\n"})

    result = run(["check", str(root)])

    assert result.code == 1
    (line,) = error_lines(result)
    assert line.startswith("content/handbook/First Week.de.md:1:1: error: bad file name")
    assert "rename it to `first-week.de`" in line  # `first-week-de` would be a new English page


def test_empty_required_value_is_called_empty(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/handbook/first-week.md": "---\ntitle:\norder: 1\n---\n"})

    result = run(["check", str(root)])

    assert result.code == 1
    (line,) = error_lines(result)
    assert line.startswith("content/handbook/first-week.md:2:1: error: `title`")
    assert "empty" in line
    assert "list or mapping" not in line  # the value is empty, not a list


def test_duplicate_language_in_site_yaml_is_reported_in_site_yaml(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, de, de]\n"})

    result = run(["check", str(root)])

    assert result.code == 1
    assert error_lines(result), "a language listed twice must be an error"
    assert all(line.startswith("site.yaml:3:") for line in error_lines(result)), result.err


def test_missing_site_folder_is_one_readable_error(tmp_path: Path, run: Run) -> None:
    result = run(["check", str(tmp_path / "nowhere")])

    assert result.code == 1
    assert "Traceback" not in result.err
    assert summary_line(result) == "1 error(s); nothing was written"


def test_folder_without_site_yaml_is_one_readable_error(tmp_path: Path, run: Run) -> None:
    result = run(["check", str(tmp_path)])

    assert result.code == 1
    assert error_lines(result) == [f"site.yaml:1:1: error: no site.yaml in {tmp_path}: is this a Chapters site folder?"]


def test_build_refuses_to_write_over_the_site_folder(base_site: Path, run: Run) -> None:
    before = snapshot(base_site)

    result = run(["build", str(base_site), "--out", str(base_site)])

    assert result.code == 1
    assert result.err.startswith("chapters: error: refusing to write into")
    assert snapshot(base_site) == before
