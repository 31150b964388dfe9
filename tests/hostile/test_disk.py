"""A full disk, a read-only file system or a folder the user may not write: one line and
exit 1, never a traceback; the previous site untouched and no staging folder left.

Both ways a build publishes are tried: a rebuild of an output chapters made is updated in
place (publish/update.py: changed files written beside their place, then renamed in, the
old ones kept in a backup until the end), and an older output without the marker is
replaced by a complete staging folder (publish/write.py).

Three ways in, so that some always run: the OSError injected at the real write calls (every
errno), a file-size limit (RLIMIT_FSIZE, real EFBIG from the kernel, for any user), and,
where the machine lets us mount, a real 3 MB tmpfs filled up and then made read-only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import NOW, Result, run_quietly, snapshot

from generator import cli
from generator.plan.owners import MARKER as CODEOWNERS_MARKER
from generator.publish.write import MARKER_TEXT

from .support import make_site

REPOSITORY = Path(__file__).resolve().parents[2]
REASONS = {
    errno.ENOSPC: "the disk is full: free some space and try again",
    errno.EDQUOT: "the disk quota is used up: free some space and try again",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}
AFTERWARDS = " (the output folder is as it was; --out chooses another)"


class Built(NamedTuple):
    root: Path
    out: Path
    before: dict[str, bytes]


@pytest.fixture(params=["in place", "staged"])
def built(tmp_path: Path, request: pytest.FixtureRequest) -> Built:
    """A site built once into `public/`, then changed, so the next build has files to write:
    in place, or (an output of a version before the marker) through a staging folder."""
    root = make_site(tmp_path / "site-src")
    out = tmp_path / "public"
    result = run_quietly(["build", str(root), "--out", str(out)])
    assert result.code == 0, result.err
    if request.param == "staged":
        (out / ".chapters-output").unlink()
    (root / "static").mkdir()
    (root / "static" / "map.bin").write_bytes(os.urandom(300_000))
    return Built(root, out, snapshot(out))


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".staging-" in path.name or ".old-" in path.name or ".tmp-" in path.name)


def one_line(result: Result) -> str:
    assert "Traceback" not in result.out + result.err, result.err
    assert (result.code, result.out) == (1, ""), result
    (line,) = result.err.splitlines()
    return line


def untouched(result: Result, done: Built) -> str:
    """The one error line of a failed build, after checking it left everything as it was."""
    line = one_line(result)
    assert snapshot(done.out) == done.before
    assert leftovers(done.out.parent) == []
    return line


def build(done: Built) -> Result:
    return run_quietly(["build", str(done.root), "--out", str(done.out)])


# The errors injected where the build writes


@pytest.mark.parametrize("code", list(REASONS), ids=[errno.errorcode[code] for code in REASONS])
def test_a_write_refused_half_way_is_one_line(code: int, built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        staged = path.parent.name.startswith(".public.staging-") and path.name == "map.bin"  # the unchanged files are linked by now
        if staged or path.name.startswith(".map.bin.chapters-new-"):
            raise OSError(code, os.strerror(code))
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)

    line = untouched(build(built), built)

    shown = built.out / "map.bin"
    assert line == f"chapters: error: cannot write {shown}: {REASONS[code]}{AFTERWARDS}"


def test_a_refused_staging_folder_is_one_line(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path.mkdir

    def mkdir(path: Path, *args: object, **kwargs: object) -> None:
        if path.name.startswith((".public.staging-", ".public.old-")):  # the staging folder, or an update's backup
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)

    line = untouched(build(built), built)

    assert line == f"chapters: error: cannot write {built.out}: the file system is read-only{AFTERWARDS}"


def test_a_refused_swap_puts_the_old_site_back(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staged: without renameat2 the old output is moved aside first; if the new one then
    cannot take its place, the old one goes back. In place: a file that cannot be renamed
    into its place, after others were, puts back every file already replaced."""
    real = Path.rename
    monkeypatch.setattr("generator.publish.write._exchange", lambda first, second: False)

    def rename(path: Path, target: Path) -> Path:
        if path.name.startswith((".public.staging-", ".map.bin.chapters-new-")):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(path), None, str(target))
        return real(path, target)

    monkeypatch.setattr(Path, "rename", rename)

    line = untouched(build(built), built)

    place = built.out if (built.out / ".chapters-output").exists() is False else built.out / "map.bin"
    assert line == f"chapters: error: cannot write {place}: permission denied{AFTERWARDS}"


def test_the_command_line_gives_one_line_for_any_refused_write(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A backstop for writes no command names (a temporary file, say)."""

    def full(argv: list[str] | None = None) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/tmp/scratch/file")

    monkeypatch.setattr(cli, "main", full)

    with pytest.raises(SystemExit) as exited:
        cli.run()

    assert exited.value.code == 1
    assert capsys.readouterr().err == "chapters: error: /tmp/scratch/file: the disk is full: free some space and try again\n"


# A real refusal from the kernel, for any user: a file-size limit (EFBIG)


def chapters_limited(args: list[str], limit: int) -> Result:
    """`chapters ARGS` in a process that may write no file larger than `limit` bytes."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(REPOSITORY))
    done = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False,
                          preexec_fn=limited, env=environment, timeout=120)
    return Result(done.returncode, done.stdout, done.stderr)


def test_a_file_too_large_for_the_limit_is_one_line(built: Built) -> None:
    limit = 200_000  # the old output's files are smaller; the new static file is not

    line = untouched(chapters_limited(["build", str(built.root), "--out", str(built.out), "--now", NOW], limit), built)

    assert line == f"chapters: error: cannot write {built.out / 'map.bin'}: the file is larger than this system allows (ulimit -f){AFTERWARDS}"


def test_new_leaves_no_half_written_file(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    before = snapshot(root)

    result = chapters_limited(["new", "event", "--site", str(root), "--city", "almaty", "--title", "Garden party", "--start", "2026-12-05 19:00"], 100)

    target = root / "content" / "events" / "almaty" / "2026-12-05-garden-party.md"
    assert one_line(result) == f"chapters: error: cannot write {target}: the file is larger than this system allows (ulimit -f)"
    assert snapshot(root) == before


def test_codeowners_keeps_the_old_file_whole(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    owners = root / ".github" / "CODEOWNERS"
    owners.parent.mkdir()
    owners.write_text(f"{CODEOWNERS_MARKER}\n", encoding="utf-8")  # stale: the new one is longer
    before = snapshot(root)

    result = chapters_limited(["codeowners", str(root)], 40)

    line = one_line(result)
    assert re.fullmatch(r"chapters: error: cannot write \S*CODEOWNERS: the file is larger than this system allows \(ulimit -f\) \(the file is as it was\)", line), line
    assert snapshot(root) == before
    assert leftovers(owners.parent) == []


# A real file system, where the machine lets us mount one (root, outside most containers' limits)


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True, check=False)
    assert mounted.returncode == 0, f"cannot mount a tmpfs as root here: {mounted.stderr.strip()}"
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_the_kernel_refusing_writes_keeps_the_old_site(tmp_path: Path) -> None:
    """Real refusals by the kernel, whoever runs the tests: root (CI, this project's machines)
    gets a tmpfs, filled, then remounted read-only; anyone else a folder they may not write
    (root writes whatever the permissions say, and only root can mount)."""
    if os.geteuid() != 0:
        not_writable(tmp_path)
        return
    root = make_site(tmp_path / "site-src")
    with small_disk(tmp_path / "disk", "3m") as disk:
        out = disk / "public"
        first = run_quietly(["build", str(root), "--out", str(out)])
        assert first.code == 0, first.err
        done = Built(root, out, snapshot(out))
        assert done.before[".chapters-output"] == MARKER_TEXT
        (root / "static").mkdir()
        (root / "static" / "map.bin").write_bytes(os.urandom(2_000_000))  # the old site is 2 MB, linked; this does not fit

        full = untouched(build(done), done)

        assert full == f"chapters: error: cannot write {out / 'map.bin'}: {REASONS[errno.ENOSPC]}{AFTERWARDS}"
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        (root / "static" / "map.bin").write_bytes(b"small now")

        read_only = untouched(build(done), done)

        assert read_only == f"chapters: error: cannot write {out}: {REASONS[errno.EROFS]}{AFTERWARDS}"


def not_writable(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    out = tmp_path / "public"
    assert run_quietly(["build", str(root), "--out", str(out)]).code == 0
    (root / "static").mkdir()
    (root / "static" / "map.bin").write_bytes(os.urandom(300_000))
    done = Built(root, out, snapshot(out))
    out.parent.chmod(0o555)
    try:
        line = untouched(build(done), done)
    finally:
        out.parent.chmod(0o755)

    assert line == f"chapters: error: cannot write {out}: permission denied{AFTERWARDS}"
