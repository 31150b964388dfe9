"""The output folder replaces whatever is at its place, so it must never be the site folder,
the repository around it, `content/`, or a folder that contains them; and an existing
folder is replaced only when chapters built it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git, run_quietly, snapshot

from generator.publish.write import MARKER_TEXT

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


# An existing folder is replaced only when chapters built it (issue 13, fault 4)

REFUSED_FOLDER = ("it is not empty and not a site built by chapters, and a build replaces the whole folder: "
                  "choose an empty or new folder, or remove it yourself")


def someone_s_folder(folder: Path) -> Path:
    """A folder of a user's own files, as `--out ~/Documents` would find it."""
    (folder / "taxes").mkdir(parents=True)
    (folder / "thesis.odt").write_bytes(b"four years of work")
    (folder / "taxes" / "2025.pdf").write_bytes(b"%PDF receipts")
    (folder / ".hidden").write_text("settings\n", encoding="utf-8")
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".staging-" in path.name or ".old-" in path.name)


def build_into(root: Path, out: Path) -> None:
    result = run_quietly(["build", str(root), "--out", str(out)])
    assert result.code == 0, result.err


def test_a_folder_of_someone_s_files_is_refused_and_kept(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    documents = someone_s_folder(tmp_path / "Documents")
    before = snapshot(documents)

    result = run_quietly(["build", str(root), "--out", str(documents)])

    assert (result.code, result.out) == (1, "")
    assert result.err == f"chapters: error: refusing to write into {documents}: {REFUSED_FOLDER}\n"
    assert snapshot(documents) == before
    assert leftovers(tmp_path) == []


def test_a_marker_that_is_a_link_does_not_make_a_folder_an_output(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    build_into(root, tmp_path / "built")
    documents = someone_s_folder(tmp_path / "Documents")
    (documents / ".chapters-output").symlink_to(tmp_path / "built" / ".chapters-output")
    before = snapshot(documents)

    result = run_quietly(["build", str(root), "--out", str(documents)])

    assert result.code == 1 and REFUSED_FOLDER in result.err
    assert snapshot(documents) == before


def test_an_empty_folder_is_built_into(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    (tmp_path / "empty").mkdir()

    build_into(root, tmp_path / "empty")

    assert (tmp_path / "empty" / "index.html").is_file()
    assert (tmp_path / "empty" / ".chapters-output").read_bytes() == MARKER_TEXT
    assert leftovers(tmp_path) == []


def test_a_previous_output_is_replaced_whole_even_without_the_cache(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    out = tmp_path / "public"
    build_into(root, out)
    first = snapshot(out)
    (out / "stale.html").write_text("<p>from an older build</p>", encoding="utf-8")
    shutil.rmtree(root / ".chapters-cache")  # deleting the cache is always safe

    build_into(root, out)

    assert snapshot(out) == first  # the stale file is gone: the folder is the build's own
    assert leftovers(tmp_path) == []


def test_the_marker_is_the_same_in_every_output(tmp_path: Path) -> None:
    """Published with the site, so it says nothing of the machine, the version or the time."""
    root = make_site(tmp_path / "site-src")
    build_into(root, tmp_path / "one")
    build_into(root, tmp_path / "two" / "deeper")

    assert (tmp_path / "one" / ".chapters-output").read_bytes() == (tmp_path / "two" / "deeper" / ".chapters-output").read_bytes() == MARKER_TEXT


def older_output(out: Path) -> None:
    """What a version before the marker left: the same output, without `.chapters-output`."""
    (out / ".chapters-output").unlink()
    (out / "stale.html").write_text("<p>from an older build</p>", encoding="utf-8")


def test_the_default_site_folder_of_an_older_version_is_rebuilt(tmp_path: Path) -> None:
    """`SITE_DIR/site/` is the build's own folder by the README, with or without the marker."""
    root = make_site(tmp_path / "site-src")
    assert run_quietly(["build", str(root)]).code == 0
    older_output(root / "site")
    shutil.rmtree(root / ".chapters-cache")

    result = run_quietly(["build", str(root)])

    assert result.code == 0, result.err
    assert not (root / "site" / "stale.html").exists()
    assert (root / "site" / ".chapters-output").read_bytes() == MARKER_TEXT
    assert leftovers(root) == []


def test_an_older_output_elsewhere_is_known_by_the_build_cache_and_only_by_it(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    out = tmp_path / "public"
    build_into(root, out)
    older_output(out)

    build_into(root, out)  # the cache remembers building into it

    assert not (out / "stale.html").exists() and (out / ".chapters-output").is_file()
    older_output(out)
    shutil.rmtree(root / ".chapters-cache")
    before = snapshot(out)

    result = run_quietly(["build", str(root), "--out", str(out)])

    assert result.code == 1 and REFUSED_FOLDER in result.err
    assert snapshot(out) == before


def test_a_symlink_as_the_output_is_judged_by_where_it_leads(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    documents = someone_s_folder(tmp_path / "Documents")
    before = snapshot(documents)
    (tmp_path / "to-documents").symlink_to(documents)
    (tmp_path / "to-public").symlink_to(tmp_path / "public")
    build_into(root, tmp_path / "public")

    refused = run_quietly(["build", str(root), "--out", str(tmp_path / "to-documents")])
    build_into(root, tmp_path / "to-public")

    assert refused.code == 1 and REFUSED_FOLDER in refused.err
    assert snapshot(documents) == before
    assert (tmp_path / "to-documents").is_symlink() and (tmp_path / "to-public").is_symlink()
    assert (tmp_path / "public" / "index.html").is_file() and not (tmp_path / "public").is_symlink()
    assert leftovers(tmp_path) == []


def test_only_leftovers_of_builds_are_cleaned_up(tmp_path: Path) -> None:
    """A killed build leaves `.public.staging-PID-…`; the next one removes it, but never a
    folder merely named like one, nor one of a build still running."""
    root = make_site(tmp_path / "site-src")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    dead = int(gone.stdout)
    killed = tmp_path / f".public.staging-{dead}-0a1b2c3d"
    killed.mkdir()
    (killed / ".chapters-output").write_bytes(MARKER_TEXT)
    (killed / "index.html").write_text("<p>half a build</p>", encoding="utf-8")
    empty = tmp_path / f".public.old-{dead}"
    empty.mkdir()
    look_alike = someone_s_folder(tmp_path / f".public.staging-{dead}-notes")
    running = tmp_path / f".public.staging-{os.getppid()}-9f8e7d6c"
    running.mkdir()
    (running / ".chapters-output").write_bytes(MARKER_TEXT)
    kept = snapshot(look_alike)

    build_into(root, tmp_path / "public")

    assert leftovers(tmp_path) == sorted([look_alike.name, running.name])
    assert snapshot(look_alike) == kept
