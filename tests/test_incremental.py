"""Builds that redo only what changed: parallel rendering, the no-op cache, unchanged files kept."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, Result, snapshot

Run = Callable[[list[str]], Result]
SMALL = FIXTURES / "sites" / "small"


def site(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    return root


def test_any_number_of_jobs_gives_the_same_bytes(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root), "--out", str(tmp_path / "one"), "--jobs", "1"]).code == 0
    assert run(["build", str(root), "--out", str(tmp_path / "three"), "--jobs", "3"]).code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "three")


def test_jobs_must_be_a_positive_number(tmp_path: Path, run: Run) -> None:
    result = run(["build", str(site(tmp_path)), "--jobs", "0"])
    assert result.code == 2
    assert "--jobs needs a whole number of at least 1" in result.err


def test_a_rebuild_with_nothing_changed_does_nothing(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root)]).code == 0
    inodes = {path: path.stat().st_ino for path in (root / "site").rglob("*") if path.is_file()}
    again = run(["build", str(root)])
    assert again.code == 0
    assert again.out.startswith(f"{root / 'site'} is up to date")
    assert {path: path.stat().st_ino for path in (root / "site").rglob("*") if path.is_file()} == inodes


def test_a_changed_file_rebuilds_and_keeps_unchanged_files(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root)]).code == 0
    out = root / "site"
    handbook = out / "handbook" / "first-week" / "index.html"
    untouched = out / "cities" / "almaty" / "index.html"
    before = {"handbook": handbook.stat().st_ino, "untouched": untouched.stat().st_ino}
    chapter = root / "content" / "handbook" / "first-week.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence for newcomers.\n", encoding="utf-8")

    result = run(["build", str(root)])

    assert result.code == 0 and result.out.startswith("Built ")
    assert "One more sentence for newcomers." in handbook.read_text(encoding="utf-8")
    assert handbook.stat().st_ino != before["handbook"]
    assert untouched.stat().st_ino == before["untouched"]  # same bytes: linked from the previous output, not rewritten


def test_a_damaged_output_is_rebuilt(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root)]).code == 0
    expected = snapshot(root / "site")
    (root / "site" / "index.html").write_text("vandalised", encoding="utf-8")
    (root / "site" / "404.html").unlink()

    assert run(["build", str(root)]).out.startswith("Built ")
    assert snapshot(root / "site") == expected


def test_another_now_is_another_build(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    assert run(["build", str(root), "--now", "2026-11-21T12:00:00+00:00"]).code == 0
    assert run(["build", str(root), "--now", "2027-03-01T12:00:00+00:00"]).out.startswith("Built ")


def test_a_cache_folder_linked_elsewhere_is_not_written_through(tmp_path: Path, run: Run) -> None:
    root = site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".chapters-cache").symlink_to(elsewhere)
    assert run(["build", str(root)]).code == 0
    assert list(elsewhere.iterdir()) == []
