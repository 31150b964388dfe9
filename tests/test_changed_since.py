"""`chapters build --changed-since REF`: the content files git says are unchanged since REF are
taken from the memo by their git blob ids, neither stated nor read (source/load.py, source/changed.py).

The case it is for is CI's: a fresh clone (every file's state new) with the last build's
`.chapters-cache/` and `site/` restored. The output is the same as a build from nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FIXTURES, Result, git, isolated_from_git, snapshot

from generator.core.errors import display_path
from generator.source import changed, kept, load

Run = Callable[[list[str]], Result]
SMALL = FIXTURES / "sites" / "small"
EDITED = "content/events/berlin/lake-swim.md"
UNCOMMITTED = "content/events/almaty/apple-fair.md"
NEW = "content/events/berlin/board-games.md"
LINKED = "content/handbook/bank-account.md"
"""A symlink to `shared/bank-account.md` (inside the site, outside content/)."""


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files each build reads from disk, in order."""
    found: list[str] = []
    real = load._read_bytes

    def counted(path: Path, root: Path, *args: object) -> bytes | None:
        if display_path(path, root).startswith("content/"):
            found.append(display_path(path, root))
        return real(path, root, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_read_bytes", counted)
    return found


def commit(root: Path, message: str, day: int) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=datetime(2026, 10, day, 12, 0, tzinfo=UTC))


def edit(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_a_fresh_clone_with_the_cache_restored_reads_only_what_changed_since_the_base(tmp_path: Path, run: Run, reads: list[str]) -> None:
    """The base is built twice (the second time in place, most files taken by their states),
    cloned, and its cache and output copied in, as CI restores them; the clone commits one
    edit, leaves another uncommitted and adds a file git does not track yet. Its build reads
    those three and the symlinked chapter (a link is never taken by blob id), nothing else,
    and writes what a build from nothing writes. The site is a folder of the repository, not
    its top: git's paths are taken relative to the site."""
    repository = tmp_path / "base"
    base = repository / "network"
    shutil.copytree(SMALL, base)
    (base / "shared").mkdir()
    (base / LINKED).rename(base / "shared" / "bank-account.md")
    (base / LINKED).symlink_to("../../shared/bank-account.md")
    (base / ".gitignore").write_text("/site/\n", encoding="utf-8")
    with isolated_from_git(tmp_path):
        git(repository, "init", "-q")
        commit(repository, "The site", 1)
        assert run(["build", str(base), "--no-search"]).code == 0
        assert len(reads) == len(list((base / "content").rglob("*.md"))) > 10
        edit(base / "content" / "events" / "berlin" / "stammtisch.md", "Upstairs this time.")
        commit(repository, "Stammtisch upstairs", 2)
        reads.clear()
        assert run(["build", str(base), "--no-search"]).code == 0
        assert reads == ["content/events/berlin/stammtisch.md"]  # the others by their states, through their blob ids

        git(tmp_path, "clone", "-q", str(repository), str(tmp_path / "clone"))
        clone = tmp_path / "clone" / "network"
        for folder in (".chapters-cache", "site"):
            shutil.copytree(base / folder, clone / folder)
        edit(clone / EDITED, "Bring a towel.")
        commit(clone, "A towel", 3)
        edit(clone / UNCOMMITTED, "Cash only.")
        (clone / NEW).write_text((clone / EDITED).read_text(encoding="utf-8").replace("title: ", "title: Board games, not ", 1), encoding="utf-8")
        edit(clone / "shared" / "bank-account.md", "Bring your passport.")
        reads.clear()
        result = run(["build", str(clone), "--no-search", "--changed-since", "origin/main"])
        assert result.code == 0, result.err
        assert sorted(reads) == sorted([EDITED, UNCOMMITTED, NEW, LINKED])

        shutil.copytree(tmp_path / "clone", tmp_path / "cold", symlinks=True, ignore=shutil.ignore_patterns(".chapters-cache", "site"))
        cold = tmp_path / "cold" / "network"
        assert run(["build", str(cold), "--no-search"]).code == 0
    built = snapshot(clone / "site")
    assert built == snapshot(cold / "site")
    pages = b"".join(built.values())
    assert all(text in pages for text in (b"Bring a towel.", b"Cash only.", b"Board games, not ", b"Bring your passport."))


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    with isolated_from_git(tmp_path):
        git(root, "init", "-q")
        commit(root, "The site", 1)
    return root


@pytest.mark.parametrize(("revision", "reason"), [
    ("no-such-branch", "git cannot read this revision"),
    ("--output=elsewhere", "not a git revision (a revision cannot be empty or start with `-`)"),
    ("", "not a git revision"),
])
def test_a_revision_git_cannot_read_is_one_line_of_error(repository: Path, run: Run, monkeypatch: pytest.MonkeyPatch, revision: str, reason: str) -> None:
    calls: list[list[str]] = []
    real = changed.subprocess.run

    def recorded(args: list[str], **kwargs: object) -> object:
        calls.append(args)
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(changed.subprocess, "run", recorded)
    with isolated_from_git(repository.parent):
        result = run(["build", str(repository), f"--changed-since={revision}"])
    assert result.code == 1
    assert result.err.startswith(f"chapters: error: --changed-since {revision}: {reason}")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not (repository / "site").exists()
    if revision.startswith("-"):  # never given to git, where it would be an option
        assert not any(revision in " ".join(args) for args in calls)


def test_a_bad_revision_is_an_error_even_when_the_site_is_up_to_date(repository: Path, run: Run) -> None:
    with isolated_from_git(repository.parent):
        assert run(["build", str(repository), "--no-search", "--changed-since", "main"]).code == 0
        result = run(["build", str(repository), "--no-search", "--changed-since", "mian"])
    assert result.code == 1
    assert "chapters: error: --changed-since mian: git cannot read this revision" in result.err


def test_outside_a_repository_changed_since_is_an_error(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    with isolated_from_git(tmp_path):
        result = run(["build", str(root), "--changed-since", "origin/main"])
    assert result.code == 1
    assert result.err == f"chapters: error: --changed-since origin/main: {root} is not in a git repository\n"
    assert not (root / "site").exists()


def test_without_git_changed_since_is_an_error(repository: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repository / "no-such-folder"))
    result = run(["build", str(repository), "--changed-since", "main"])
    assert result.code == 1
    assert result.err.startswith("chapters: error: --changed-since main: cannot run git")
    assert result.err.count("\n") == 1


def test_a_files_blob_id_is_the_one_git_gives_it(repository: Path) -> None:
    """The memo's `file blob` step is keyed by the id git lists for the same bytes."""
    for name in ("content/events/berlin/lake-swim.md", "site.yaml"):
        assert kept.blob_id((repository / name).read_bytes()) == git(repository, "hash-object", name).strip()
