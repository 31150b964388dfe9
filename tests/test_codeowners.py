"""`chapters codeowners`: each city's folders to its ambassadors, the rest to the maintainers,
in the order GitHub needs (it applies the LAST matching pattern). Run inside real git repositories."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Result

from generator import cli
from generator.content.assemble import Options, assemble
from generator.content.model import Site
from generator.core.errors import ErrorReport
from generator.plan.owners import MARKER, render_codeowners
from generator.source.load import load_site

MAINTAINED = """
    title: Test Chapters
    base_url: https://chapters.example.org/
    languages: [en, de]
    maintainers: [lena, "@Marco-Admin", LENA]
    """
BERLIN = """
    ---
    name: Berlin
    country: DE
    timezone: Europe/Berlin
    ambassadors:
      - name: Jonas
        github: "@jonas-b"
      - name: Sofia
      - name: Kwame
        github: kmensah
    ---
    Hallo.
    """
LISBON = """
    ---
    name: Lisbon
    country: PT
    timezone: Europe/Lisbon
    ambassadors:
      - name: Inês
    ---
    Olá.
    """


@pytest.fixture(autouse=True)
def no_outer_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No GIT_* variables of a caller, and no repository found above the test's own folder."""
    for name in [name for name in os.environ if name.startswith("GIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)


def codeowners(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["codeowners", *args])
    return Result(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def working_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def assembled(root: Path) -> Site:
    report = ErrorReport()
    source = load_site(root, report)
    assert source is not None
    site = assemble(source, Options(now=datetime(2026, 11, 21, tzinfo=UTC)), report)
    assert site is not None and not report, report.errors
    return site


@pytest.fixture
def repo(make_site: Callable[..., Path]) -> Path:
    """The base site (Almaty, ambassador `aigerim`) plus Berlin and Lisbon, as a git repository."""
    root = make_site({"site.yaml": MAINTAINED, "content/cities/berlin/index.md": BERLIN, "content/cities/lisbon/index.md": LISBON})
    git_init(root)
    return root


def test_render_puts_the_catch_all_first_and_each_city_after_it(repo: Path) -> None:
    text = render_codeowners(assembled(repo))

    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert text.startswith(MARKER)
    assert lines == [
        "* @lena @Marco-Admin",
        "/content/cities/almaty/ @aigerim",
        "/content/events/almaty/ @aigerim",
        "/content/directory/almaty/ @aigerim",
        "/content/groups/almaty/ @aigerim",
        "/content/cities/berlin/ @jonas-b @kmensah",
        "/content/events/berlin/ @jonas-b @kmensah",
        "/content/directory/berlin/ @jonas-b @kmensah",
        "/content/groups/berlin/ @jonas-b @kmensah",
    ]
    assert "# Lisbon: no ambassador has a `github` handle" in text
    assert "LAST pattern" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_render_without_maintainers_says_so_instead_of_an_empty_catch_all(base_site: Path) -> None:
    text = render_codeowners(assembled(base_site))

    assert not any(line.startswith("*") for line in text.splitlines())
    assert "lists no `maintainers`" in text


def test_command_writes_github_codeowners_at_the_top_of_the_repository(repo: Path) -> None:
    with working_folder(repo):
        result = codeowners()

    path = repo / ".github" / "CODEOWNERS"
    assert result.code == 0, result.err
    assert result.out == ".github/CODEOWNERS\n"
    assert path.read_text(encoding="utf-8") == render_codeowners(assembled(repo))


def test_a_site_in_a_subfolder_gets_prefixed_patterns(tmp_path: Path, make_site: Callable[..., Path]) -> None:
    site = make_site({"site.yaml": MAINTAINED, "content/cities/berlin/index.md": BERLIN})
    top = tmp_path
    git_init(top)

    result = codeowners(str(site))

    text = (top / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert result.code == 0, result.err
    assert f"/{site.name}/content/cities/berlin/ @jonas-b @kmensah" in text.splitlines()
    assert not (site / ".github").exists()


def test_check_passes_when_current_and_fails_with_one_line_when_stale(repo: Path) -> None:
    missing = codeowners(str(repo), "--check")
    codeowners(str(repo))
    current = codeowners(str(repo), "--check")
    lisbon = repo / "content/cities/lisbon/index.md"
    lisbon.write_text(lisbon.read_text(encoding="utf-8").replace("  - name: Inês\n", "  - name: Inês\n    github: inesc\n"), encoding="utf-8")
    stale = codeowners(str(repo), "--check")

    assert missing.code == 1 and "is missing" in missing.err
    assert current.code == 0, current.err
    assert stale.code == 1
    assert len(stale.err.splitlines()) == 1 and "run `chapters codeowners`" in stale.err
    assert "@inesc" not in (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")  # --check writes nothing


def test_a_hand_written_codeowners_is_not_replaced_without_force(repo: Path) -> None:
    path = repo / ".github" / "CODEOWNERS"
    path.parent.mkdir()
    path.write_text("* @someone\n", encoding="utf-8")

    refused = codeowners(str(repo))
    assert refused.code == 1 and "--force" in refused.err
    assert path.read_text(encoding="utf-8") == "* @someone\n"

    forced = codeowners(str(repo), "--force")
    assert forced.code == 0
    assert path.read_text(encoding="utf-8").startswith(MARKER)


def test_a_previous_generated_file_is_replaced(repo: Path) -> None:
    codeowners(str(repo))
    site_yaml = repo / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace('"@Marco-Admin", ', ""), encoding="utf-8")

    result = codeowners(str(repo))

    assert result.code == 0
    assert "* @lena\n" in (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_content_errors_are_reported_and_nothing_is_written(repo: Path) -> None:
    (repo / "content/cities/berlin/index.md").write_text("---\nname: Berlin\n---\n", encoding="utf-8")

    result = codeowners(str(repo))

    assert result.code == 1
    assert "content/cities/berlin/index.md:1:1: error: missing required field `country`" in result.err
    assert "Traceback" not in result.err
    assert not (repo / ".github").exists()


def test_outside_git_the_site_folder_is_taken_as_the_repository(base_site: Path) -> None:
    result = codeowners(str(base_site))

    assert result.code == 0, result.err
    assert (base_site / ".github" / "CODEOWNERS").is_file()
