"""Shared helpers: write a site folder from a dict, a minimal valid base site, and `run`.

Every command is run in-process through `generator.cli.main(argv)` with the clock pinned
(`--now 2026-11-21T12:00:00+00:00`), so the suite needs no subprocess and no wall clock.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

from generator import cli

NOW = "2026-11-21T12:00:00+00:00"
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


class Result(NamedTuple):
    """What one run of the `chapters` command produced."""

    code: int
    out: str
    err: str


def with_now(args: list[str]) -> list[str]:
    """The arguments with the pinned clock appended, unless the caller pinned one."""
    return args if "--now" in args else [*args, "--now", NOW]


def call_main(args: list[str]) -> int:
    """Run the command; argparse's own exits (usage errors, --version) become exit codes."""
    try:
        return cli.main(with_now(args))
    except SystemExit as exc:  # usage errors (2) and --version (0)
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1


def run_quietly(args: list[str]) -> Result:
    """Like the `run` fixture, for module-scoped fixtures that cannot use capsys."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = call_main(args)
    return Result(code, out.getvalue(), err.getvalue())


def write_site(root: Path, files: Mapping[str, str | None]) -> Path:
    """Create (or change) a site folder: {relative path: text}; the text is dedented.

    A value of None deletes that file, so tests can start from BASE_SITE and take a file away.
    """
    for relative, text in files.items():
        path = root / relative
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, keyed by its POSIX path relative to `folder`."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


BASE_SITE: dict[str, str] = {
    "site.yaml": """
        title: Test Chapters
        base_url: https://chapters.example.org/
        languages: [en, de]
        repository: https://github.com/example/chapters
        description: A site for tests.
        """,
    "content/cities/almaty/index.md": """
        ---
        name: Almaty
        country: KZ
        timezone: Asia/Almaty
        summary: Mountains, apples and a friendly chapter.
        ambassadors:
          - name: Aigerim Nurlanovna
            github: aigerim
            languages: [kk, ru, en]
        ---

        Welcome to Almaty.
        """,
    "content/cities/almaty/housing.md": """
        ---
        title: Finding a flat
        order: 1
        ---

        Look in the [handbook](/handbook/first-week/) first.
        """,
    "content/events/almaty/picnic.md": """
        ---
        title: Picnic in the park
        start: 2026-12-05 12:00
        end: 15:00
        venue:
          name: Central Park
        hosts: [aigerim]
        ---

        Bring something to share.
        """,
    "content/handbook/first-week.md": """
        ---
        title: Your first week
        order: 1
        ---

        Sleep, eat, walk around.
        """,
}


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """`make_site({...})` writes BASE_SITE plus the given changes into tmp_path/site-src.

    `make_site({...}, base=False)` writes only the given files.
    """

    def make(files: Mapping[str, str | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "site-src"
        root.mkdir(exist_ok=True)
        if base:
            write_site(root, BASE_SITE)
        return write_site(root, files or {})

    return make


@pytest.fixture
def base_site(make_site: Callable[..., Path]) -> Path:
    """The minimal valid site, written into tmp_path."""
    return make_site()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], Result]:
    """`run(["build", str(root)])` → Result(code, out, err), with `--now` pinned."""

    def invoke(args: list[str]) -> Result:
        capsys.readouterr()  # drop anything printed before this call
        code = call_main(args)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
