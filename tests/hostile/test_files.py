"""Broken and hostile files: empty, without or with unclosed front matter, byte-order marks
and any line ends, Latin-1, binary, control characters, huge files, symlinks out of the site,
pipes, and file names with spaces, capitals, Unicode, dots and line breaks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import NOW, run_quietly

from generator.core.limits import MAX_FILE_BYTES

from .support import built, make_site, refused

CHAPTER = "content/handbook/first-week.md"
LINKED = {"content/cities/almaty/housing.md": "---\ntitle: Finding a flat\n---\nNo links.\n"}  # the base site links to CHAPTER


def chapter(tmp_path: Path, data: bytes | str) -> Path:
    return make_site(tmp_path / "site-src", {CHAPTER: data})


@pytest.mark.parametrize(("data", "message"), [
    (b"", "1:1: error: missing front matter: the file must start with a line `---`"),
    (b"   \n\n", "1:1: error: missing front matter: the file must start with a line `---`"),
    (b"# Just Markdown\n\nNo front matter.\n", "1:1: error: missing front matter: the file must start with a line `---`"),
    (b"---\n", "1:1: error: front matter is not closed: add a line `---` after the last field"),
    (b"---\ntitle: Week\norder: 1\n\nThe body, but the fence never closes.\n", "1:1: error: front matter is not closed: add a line `---` after the last field"),
    (b"---\n- a list\n- not fields\n---\n", "2:1: error: front matter must be `key: value` lines"),
    (b"---\ntitle: Caf\xe9\n---\n", "2:1: error: file is not valid UTF-8 text; save it as UTF-8"),
    (b"---\ntitle: Week\n---\nLine two\nna\xefve Latin-1\n", "5:1: error: file is not valid UTF-8 text; save it as UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "1:1: error: file is not valid UTF-8 text; save it as UTF-8"),
    (b"---\ntitle: Week\n---\n\x00\x01\x02\x03", "1:1: error: file looks binary (contains NUL bytes); content files must be text"),
    (b"---\ntitle: Week\n---\nclear \x1b[2J screen\n", "4:7: error: invisible character U+001B (a control character) in the file: delete it (content files are plain text)"),
    (b"---\ntitle: Week\n---\nvertical\x0btab\n", "4:9: error: invisible character U+000B (a control character) in the file: delete it (content files are plain text)"),
    ("---\ntitle: Week\n---\nBring food.\u2028BEGIN:VEVENT\n".encode(), "4:12: error: invisible character U+2028 LINE SEPARATOR in the file: delete it (content files are plain text)"),
    ("---\ntitle: Week\n---\nnext\u0085line\n".encode(), "4:5: error: invisible character U+0085 (a control character) in the file: delete it (content files are plain text)"),
    ("---\ntitle: Week\u2029draft: yes\n---\n".encode(), "2:12: error: invisible character U+2029 PARAGRAPH SEPARATOR in the file: delete it (content files are plain text)"),
])
def test_broken_files_are_refused_at_their_line(data: bytes, message: str, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {CHAPTER: data, **LINKED})

    refused(root, [f"{CHAPTER}:{message}"])


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf---\ntitle: Your first week\norder: 1\n---\nSleep, eat, walk around.\n",
    b"---\r\ntitle: Your first week\r\norder: 1\r\n---\r\nSleep, eat, walk around.\r\n",
    b"\xef\xbb\xbf---\r\ntitle: Your first week\r\norder: 1\r\n---\r\nSleep, eat, walk around.\r\n",
    b"---\rtitle: Your first week\rorder: 1\r---\rSleep, eat, walk around.\r",
    b"---\ntitle: Your first week\norder: 1\n...\nSleep, eat, walk around.",
])
def test_byte_order_marks_and_any_line_ends_are_fine(data: bytes, tmp_path: Path) -> None:
    out = built(chapter(tmp_path, data))

    page = BeautifulSoup((out / "handbook/first-week/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "Your first week"
    assert "Sleep, eat, walk around." in page.get_text()
    assert "\ufeff" not in page.get_text()


def _measured(root: Path) -> tuple[float, int]:
    """Seconds and peak Python memory of refusing the site."""
    tracemalloc.start()
    started = time.perf_counter()
    refused(root, None)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def test_a_20_mb_markdown_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    size = 20 * 1024 * 1024
    data = b"---\ntitle: Huge\n---\n" + b"All work and no play. " * (size // 22)
    root = make_site(tmp_path / "site-src", {"content/handbook/huge.md": data})

    seconds, peak = _measured(root)

    assert peak < size / 4, f"{peak:,} bytes held: the file was read"
    assert seconds < 10
    refused(root, [f"content/handbook/huge.md:1:1: error: file is {len(data) / 1024:,.0f} KiB; the limit is 1,024 KiB (1 MiB) per file: split it (docs/content.md, Limits)"])


def test_a_file_just_over_the_limit_is_refused_and_one_at_it_is_read(tmp_path: Path) -> None:
    head = b"---\ntitle: Your first week\norder: 1\n---\n"
    root = make_site(tmp_path / "site-src", {CHAPTER: head + b"a" * (MAX_FILE_BYTES - len(head)), **LINKED})
    assert run_quietly(["check", str(root)]).code == 0
    (root / CHAPTER).write_bytes(head + b"a" * (MAX_FILE_BYTES - len(head) + 1))

    refused(root, [f"{CHAPTER}:1:1: error: file is 1,024 KiB; the limit is 1,024 KiB (1 MiB) per file: split it (docs/content.md, Limits)"])


def test_a_huge_static_file_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    big = root / "static" / "video.mp4"
    big.parent.mkdir()
    with big.open("wb") as handle:  # sparse: no 26 MiB written to disk
        handle.truncate(26 * 1024 * 1024)

    refused(root, ["static/video.mp4:1:1: error: file is 26.0 MiB; files in static/ may be at most 25 MiB (docs/content.md, Limits)"])


# Symlinks: a pull request must not make the build read the host.

@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site, with a secret and a Markdown file that looks like content."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text("---\ntitle: Secret\n---\nThe host's secret.\n", encoding="utf-8")
    (folder / "index.md").write_text("---\nname: Nowhere\ncountry: DE\ntimezone: Europe/Berlin\n---\nSecret.\n", encoding="utf-8")
    return folder


OUTSIDE = "links to a place outside the site folder; content must live inside it"


@pytest.mark.parametrize(("link", "target", "reported"), [
    ("content/handbook/secret.md", "secret.md", "content/handbook/secret.md"),
    ("content/cities/almaty/secret.md", "secret.md", "content/cities/almaty/secret.md"),
    ("content/handbook/etc.md", "/etc/hostname", "content/handbook/etc.md"),
    ("content/cities/nowhere", ".", "content/cities/nowhere"),
    ("content/events/nowhere", ".", "content/events/nowhere"),
    ("static/secret.txt", "secret.md", "static/secret.txt"),
    ("static/host", ".", "static/host"),
])
def test_symlinks_out_of_the_site_are_refused(link: str, target: str, reported: str, outside: Path, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target if target.startswith("/") else outside / target)

    result = refused(root, [f"{reported}:1:1: error: {OUTSIDE}"])

    assert "Secret" not in result.err and "secret.md" not in result.err.replace(reported, "")


@pytest.mark.parametrize("folder", ["content", "content/handbook", "static"])
def test_a_whole_folder_linked_out_of_the_site_is_one_error(folder: str, outside: Path, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", LINKED)
    target = root / folder
    if target.exists():
        for path in sorted(target.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        target.rmdir()
    target.symlink_to(outside)

    result = refused(root, None)

    assert f"{folder}:1:1: error: {OUTSIDE}" in result.err
    assert "secret.md" not in result.err, "the names of the host's files are not listed"


def test_site_yaml_linked_out_of_the_site_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: The host's secret\nbase_url: https://secret.example/\nlanguages: [en]\n", encoding="utf-8")
    root = make_site(tmp_path / "site-src")
    (root / "site.yaml").unlink()
    (root / "site.yaml").symlink_to(secret)

    result = refused(root, None)

    assert f"site.yaml:1:1: error: {OUTSIDE}" in result.err
    assert "secret" not in result.err.lower().replace("site.yaml", "")


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    (root / "content/handbook/a.md").symlink_to(root / "content/handbook/b.md")
    (root / "content/handbook/b.md").symlink_to(root / "content/handbook/a.md")

    result = refused(root, None)

    assert "content/handbook/a.md:1:1: error:" in result.err
    assert "content/handbook/b.md:1:1: error:" in result.err


def test_a_pipe_named_like_content_does_not_block_the_build(tmp_path: Path) -> None:
    """Reading a FIFO waits for a writer forever: it is refused without being opened."""
    root = make_site(tmp_path / "site-src")
    os.mkfifo(root / "content/handbook/pipe.md")

    result = subprocess.run([sys.executable, "-m", "generator", "check", str(root), "--now", NOW],
                            capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "content/handbook/pipe.md:1:1: error: not a regular file (a broken link, pipe or device?): content files are plain files"


def test_a_broken_symlink_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    (root / "content/handbook/gone.md").symlink_to(root / "content/handbook/nothing-here.md")

    refused(root, ["content/handbook/gone.md:1:1: error: not a regular file (a broken link, pipe or device?): content files are plain files"])


# File names are addresses: only slugs, and nothing that reads as two files.

@pytest.mark.parametrize(("name", "message"), [
    ("Garden Party.md", "bad file name `Garden Party`: use lowercase a-z, 0-9 and `-` only; rename it to `garden-party`"),
    ("Garden-Party.md", "bad file name `Garden-Party`: use lowercase a-z, 0-9 and `-` only; rename it to `garden-party`"),
    ("café.md", "bad file name `café`: use lowercase a-z, 0-9 and `-` only; rename it to `cafe`"),
    ("Straße.de.md", "bad file name `Straße.de`: use lowercase a-z, 0-9 and `-` only; rename it to `strasse.de`"),
    ("first-week..md", "bad file name `first-week.`: use lowercase a-z, 0-9 and `-` only; rename it to `first-week`"),
    ("..md", None),  # a hidden file, skipped like .DS_Store
    ("first-week.d€.md", "bad file name `first-week.d€`: use lowercase a-z, 0-9 and `-` only; rename it to `first-week`"),
    ("first-week.de.ru.md", "bad file name `first-week.de.ru`: use lowercase a-z, 0-9 and `-` only; rename it to `first-week`"),
])
def test_file_names_must_be_slugs(name: str, message: str | None, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {f"content/handbook/{name}": "---\ntitle: Week\n---\n"})

    if message is None:
        built(root)
    else:
        refused(root, [f"content/handbook/{name}:1:1: error: {message}"])


def test_file_names_cannot_write_lines_of_their_own(tmp_path: Path) -> None:
    """A name with a line break or an escape sequence is shown escaped: one error, one line."""
    root = make_site(tmp_path / "site-src", {
        "content/handbook/x\n::error file=site.yaml::forged.md": "---\ntitle: A\n---\n",
        "content/handbook/\x1b[2Jclear.md": "---\ntitle: B\n---\n",
    })

    refused(root, [
        "content/handbook/\\x1b[2Jclear.md:1:1: error: bad file name `\\x1b[2Jclear`: use lowercase a-z, 0-9 and `-` only; rename it to `2jclear`",
        "content/handbook/x\\n::error file=site.yaml::forged.md:1:1: error: bad file name `x\\n::error file=site.yaml::forged`: use lowercase a-z, 0-9 and `-` only; rename it to `x-error-file-site`",
    ])


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    undecodable = os.fsencode(str(root / "content/handbook")) + b"/caf\xe9.md"
    Path(os.fsdecode(undecodable)).write_text("---\ntitle: C\n---\n", encoding="utf-8")

    refused(root, ["content/handbook/caf\\udce9.md:1:1: error: bad file name `caf\\udce9`: use lowercase a-z, 0-9 and `-` only; rename it to `caf`"])


def test_folder_names_must_be_slugs_too(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {"content/cities/New York/index.md": "---\nname: New York\ncountry: US\ntimezone: America/New_York\n---\n"})

    refused(root, ["content/cities/New York:1:1: error: bad folder name `New York`: use lowercase a-z, 0-9 and `-` only; rename it to `new-york`"])
