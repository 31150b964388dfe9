"""Git-aware features against real repositories made in temporary folders:
"Last updated" and "Edit this page", `chapters changes BASE`, and `check --format github`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import Result, git, isolated_from_git, write_site

Run = Callable[[list[str]], Result]
FIRST = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
SECOND = datetime(2026, 10, 12, 16, 30, tzinfo=UTC)


def committed_site(make_site: Callable[..., Path]) -> Path:
    root = make_site()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start", when=FIRST)
    write_site(root, {"content/cities/almaty/housing.md": "---\ntitle: Finding a flat\norder: 1\n---\n\nLook in the [handbook](/handbook/first-week/) first, then ask.\n"})
    git(root, "commit", "-q", "-am", "Housing tip", when=SECOND)
    return root


def provenance(page: Path) -> BeautifulSoup | None:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(class_="provenance")


def test_last_updated_is_the_files_last_commit(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = committed_site(make_site)
    with isolated_from_git(tmp_path):
        assert run(["build", str(root), "--out", str(tmp_path / "out")]).code == 0
    housing = provenance(tmp_path / "out/cities/almaty/housing/index.html")
    city = provenance(tmp_path / "out/cities/almaty/index.html")
    german = provenance(tmp_path / "out/de/cities/almaty/housing/index.html")
    assert housing is not None and city is not None and german is not None
    assert housing.find("time")["datetime"] == "2026-10-12"
    assert "October 12, 2026" in housing.get_text()
    assert city.find("time")["datetime"] == "2026-09-01"
    assert "12. Oktober 2026" in german.get_text()
    edit = housing.find("a")
    assert edit["href"] == "https://github.com/example/chapters/edit/main/content/cities/almaty/housing.md"


def test_outside_git_the_date_is_omitted_but_the_edit_link_stays(base_site: Path, run: Run, tmp_path: Path) -> None:
    with isolated_from_git(tmp_path):
        assert run(["build", str(base_site), "--out", str(tmp_path / "out")]).code == 0
    found = provenance(tmp_path / "out/cities/almaty/housing/index.html")
    assert found is not None
    assert found.find("time") is None
    assert "Last updated" not in found.get_text()
    assert found.find("a")["href"].endswith("/edit/main/content/cities/almaty/housing.md")


def test_changes_between_a_branch_and_main(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = committed_site(make_site)
    write_site(root, {"content/events/almaty/tea.md": "---\ntitle: Tea evening\nstart: 2026-12-10 18:00\nvenue: {name: Café}\n---\nTea.\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Tea", when=SECOND)
    git(root, "checkout", "-q", "-b", "pull-request")
    picnic = (root / "content/events/almaty/picnic.md").read_text(encoding="utf-8")
    write_site(root, {
        "content/events/almaty/picnic.md": picnic.replace("start: 2026-12-05 12:00", "start: 2026-12-06 12:00"),
        "content/events/almaty/tea.md": "---\ntitle: Tea evening\nstart: 2026-12-10 18:00\nvenue: {name: Café}\nstatus: cancelled\n---\nTea.\n",
        "content/events/almaty/hike.md": "---\ntitle: Autumn hike\nstart: 2026-12-12\n---\nWalk.\n",
    })
    git(root, "mv", "content/handbook/first-week.md", "content/handbook/arrival.md")
    write_site(root, {"content/cities/almaty/housing.md": "---\ntitle: Finding a flat\norder: 1\n---\n\nLook in the [handbook](/handbook/arrival/) first.\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Pull request", when=SECOND)

    with isolated_from_git(tmp_path):
        result = run(["changes", "main", str(root)])

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "### What this pull request changes on the public site"
    url = "https://chapters.example.org/cities/almaty/events"
    assert f"- Added: [Autumn hike]({url}/hike/) (Almaty): Saturday, December 12, 2026" in lines
    assert f"- Moved: [Picnic in the park]({url}/picnic/) (Almaty): from Saturday, December 5, 2026, 12:00\u2009–\u200915:00 to Sunday, December 6, 2026, 12:00\u2009–\u200915:00" in lines
    assert f"- Cancelled: [Tea evening]({url}/tea/) (Almaty)" in lines
    assert "- Added: [/handbook/arrival/](https://chapters.example.org/handbook/arrival/) (en, de)" in lines
    assert "- Removed: [/handbook/first-week/](https://chapters.example.org/handbook/first-week/) (en, de)" in lines
    assert "- Changed: [/cities/almaty/housing/](https://chapters.example.org/cities/almaty/housing/) (en, de)" in lines
    assert not (root / "site").exists()


def test_changes_without_differences(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = committed_site(make_site)
    with isolated_from_git(tmp_path):
        result = run(["changes", "HEAD", str(root)])
    assert result.code == 0
    assert "No visible changes to the public site." in result.out


def test_changes_with_an_unknown_revision_is_a_clear_error(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = committed_site(make_site)
    with isolated_from_git(tmp_path):
        result = run(["changes", "no-such-branch", str(root)])
    assert result.code == 1
    assert result.err.startswith("chapters: error: cannot read revision `no-such-branch` with git:")
    assert "Traceback" not in result.err


def test_check_format_github_prints_workflow_commands(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({
        "content/events/almaty/picnic.md": "---\ntitle: Picnic\nstrat: 2026-12-05 12:00\nhosts: [nobody]\n---\n50% off, line one\n",
        "content/cities/almaty/housing.md": "---\ntitle: Flats\n---\nSee [the guide](/cities/almaty/hosing/).\n",
    })
    result = run(["check", str(root), "--format", "github"])
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=content/cities/almaty/housing.md,line=4,col=17::link to `/cities/almaty/hosing/`: no such page (did you mean `/cities/almaty/housing/`?)",
        "::error file=content/events/almaty/picnic.md,line=1,col=1::missing required field `start`",
        "::error file=content/events/almaty/picnic.md,line=3,col=1::unknown field `strat` (did you mean `start`?)",
    ]
