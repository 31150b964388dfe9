"""A theme in the site's themes/ folder is held like content: templates, catalogs and static
files are read only through one checked listing, so no symlink, pipe or device in a pull
request makes `check` or `build` read the host or block.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW

from generator.core.options import Theme

from .support import built, make_site, refused

REPOSITORY = Path(__file__).resolve().parents[2]
THEME = "themes/default"
OUTSIDE_THEME = "links to a place outside the theme folder; theme files must live inside it"
NOT_A_FILE = "not a regular file (a broken link, pipe or device?): theme files are plain files"
SECRET = "root:x:0:0:the host's secret:/root:/bin/bash\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The base site with its own copy of the default theme."""
    site = make_site(tmp_path / "site-src")
    shutil.copytree(REPOSITORY / THEME, site / THEME)
    return site


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site with a secret, a template and a catalog that would all be read if followed."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET, encoding="utf-8")
    (folder / "404.html").write_text("{% extends 'base.html' %}{% block content %}" + SECRET + "{% endblock %}", encoding="utf-8")
    (folder / "messages.po").write_text('msgid "Skip to content"\nmsgstr "' + SECRET.strip() + '"\n', encoding="utf-8")
    return folder


def replace(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


@pytest.mark.parametrize(("link", "target"), [
    ("static/passwd.txt", "passwd"),  # published at /static/passwd.txt before
    ("static/etc.txt", "/etc/hostname"),
    ("templates/404.html", "404.html"),  # its text went into 404.html before
    ("templates/extra.html", "404.html"),  # not used by any page: still refused
    ("locale/de/LC_MESSAGES/messages.po", "messages.po"),
    ("static/host", "."),  # a symlinked folder: listed, refused, not entered
    ("locale/de", "."),
    ("templates", "."),
])
def test_symlinks_out_of_the_theme_are_refused(link: str, target: str, root: Path, outside: Path) -> None:
    replace(root / THEME / link, Path(target) if target.startswith("/") else outside / target)

    result = refused(root, [f"{THEME}/{link}:1:1: error: {OUTSIDE_THEME}"])

    assert "secret" not in result.err and "passwd" not in result.err.replace(link, "")


def test_a_symlink_out_of_the_theme_but_inside_the_site_is_refused_too(root: Path) -> None:
    """The theme's own folder is the boundary: a theme file cannot stand for a content file or site.yaml."""
    (root / THEME / "static/settings.txt").symlink_to(root / "site.yaml")

    refused(root, [f"{THEME}/static/settings.txt:1:1: error: {OUTSIDE_THEME}"])


def test_a_theme_folder_linked_out_of_the_site_is_one_error(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(REPOSITORY / THEME, elsewhere)
    site = make_site(tmp_path / "site-src")
    (site / "themes").mkdir()
    (site / THEME).symlink_to(elsewhere)

    refused(site, [f"{THEME}:1:1: error: links to a place outside the site folder; a theme in themes/ must live inside it"])


def test_every_problem_of_a_theme_is_reported_in_one_run(root: Path, outside: Path) -> None:
    replace(root / THEME / "templates/404.html", outside / "404.html")
    (root / THEME / "static/passwd.txt").symlink_to(outside / "passwd")
    (root / THEME / "static/gone.css").symlink_to(root / THEME / "static/nothing-here.css")

    refused(root, [
        f"{THEME}/static/gone.css:1:1: error: {NOT_A_FILE}",
        f"{THEME}/static/passwd.txt:1:1: error: {OUTSIDE_THEME}",
        f"{THEME}/templates/404.html:1:1: error: {OUTSIDE_THEME}",
    ])


def test_a_symlink_loop_in_the_theme_is_refused(root: Path) -> None:
    (root / THEME / "static/a.css").symlink_to(root / THEME / "static/b.css")
    (root / THEME / "static/b.css").symlink_to(root / THEME / "static/a.css")

    refused(root, [f"{THEME}/static/a.css:1:1: error: {NOT_A_FILE}", f"{THEME}/static/b.css:1:1: error: {NOT_A_FILE}"])


@pytest.mark.parametrize("name", ["templates/404.html", "static/pipe.css", "locale/de/LC_MESSAGES/messages.po"])
def test_a_pipe_in_the_theme_does_not_block_the_build(name: str, root: Path) -> None:
    """A FIFO named like a template or a catalog would make the build wait for a writer forever."""
    path = root / THEME / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)

    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "generator", command, str(root), "--now", NOW],
                                capture_output=True, text=True, timeout=60, check=False, cwd=REPOSITORY)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [f"{THEME}/{name}:1:1: error: {NOT_A_FILE}", "1 error(s); nothing was written"]
    assert not (root / "site").exists()


def test_symlinks_that_stay_inside_the_theme_are_fine(root: Path) -> None:
    (root / THEME / "static/icon.svg").symlink_to(root / THEME / "static/favicon.svg")
    (root / THEME / "templates/error.html").symlink_to("404.html")

    out = built(root)

    assert (out / "static/icon.svg").read_bytes() == (root / THEME / "static/favicon.svg").read_bytes()
    assert not (out / "static/icon.svg").is_symlink()


def test_the_installed_theme_is_held_inside_its_own_folder(tmp_path: Path) -> None:
    """A theme outside the site (the one shipped with the generator) has its own folder as the boundary."""
    theme = tmp_path / "installed" / "default"
    shutil.copytree(REPOSITORY / THEME, theme)
    (tmp_path / "secret").write_text(SECRET, encoding="utf-8")
    (theme / "static/passwd.txt").symlink_to(tmp_path / "secret")
    os.mkfifo(theme / "static/pipe.css")

    listed = Theme.listed(theme, tmp_path / "site")

    assert [(path.relative_to(theme).as_posix(), problem) for path, problem in listed.problems] == [
        ("static/passwd.txt", OUTSIDE_THEME), ("static/pipe.css", NOT_A_FILE)]
    assert "static/passwd.txt" not in listed.files and "static/style.css" in listed.files
    assert listed.names("templates") == sorted("templates/" + path.name for path in (REPOSITORY / THEME / "templates").iterdir())


def test_a_file_swapped_for_a_link_after_the_listing_is_not_followed(root: Path, outside: Path) -> None:
    """Reads go through the listing's resolved file without following a link: a swap in between fails, it does not leak."""
    listed = Theme.open(root)
    target = listed.files["static/style.css"]
    target.unlink()
    target.symlink_to(outside / "passwd")

    with pytest.raises(OSError):
        listed.read("static/style.css")
