"""The output folder replaces whatever is at its place, so it must never be the site folder,
the repository around it, `content/`, or a folder that contains them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git, run_quietly, snapshot

from .support import make_site


def refused_output(root: Path, out: Path, watched: Path) -> None:
    before = snapshot(watched)

    result = run_quietly(["build", str(root), "--out", str(out)])

    assert result.code == 1
    assert result.err.startswith("chapters: error: refusing to write into "), result.err
    assert "Traceback" not in result.err
    assert snapshot(watched) == before
    assert sorted(path.name for path in watched.parent.iterdir() if ".staging-" in path.name or ".old-" in path.name) == []


@pytest.mark.parametrize("out", [".", "content", "./content/../content", "..", "../..", "/"])
def test_the_output_is_never_the_site_content_or_a_folder_around_them(out: str, tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo" / "website")

    refused_output(root, root / out if not out.startswith("/") else Path(out), root)


def test_the_output_is_never_the_repository_the_site_lives_in(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    root = make_site(repo / "website")
    (repo / "README.md").write_text("The network's repository.\n", encoding="utf-8")
    git(repo, "init", "-q")

    refused_output(root, repo, repo)


def test_a_symlink_to_content_is_seen_through(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    (tmp_path / "innocent").symlink_to(root / "content")

    refused_output(root, tmp_path / "innocent", root)


@pytest.mark.parametrize("out", ["content/handbook", ".git", "site.yaml", "static", "themes"])
def test_the_output_is_never_a_source_inside_the_site(out: str, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {"static/logo.txt": "logo\n", "themes/default/README": "a theme\n"})
    git(root, "init", "-q")

    refused_output(root, root / out, root)
