"""Shared helpers: write a site folder from a dict, a minimal valid base site, and `run`.

Every command is run in-process through `generator.cli.main(argv)` with the clock pinned
(`--now 2026-11-21T12:00:00+00:00`), so the suite needs no wall clock. Subprocesses are only
for git (the feeds fixture's history) and for one build with another hash seed and zone.

The suite runs on every core (pytest-xdist: `-n auto --dist loadfile` in pyproject.toml):
each test module runs whole on one worker. Each worker is a process of its own with its own
temporary folders (`tmp_path`, `tmp_path_factory`), so a session- or module-scoped fixture is
built once per worker that needs it, and no test writes to a fixed path another worker also
writes. In a run of the whole suite the browser tests all run on one worker
(`pytest_xdist_make_scheduler` below), sharing one build of the demo site and one Chromium; the
checks that share one visit of a page are one module (tests/browser/test_pages.py). `-n 0` runs
everything in this one process.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from generator import cli
from generator.core.options import Options
from generator.pipeline import Built, build

NOW = "2026-11-21T12:00:00+00:00"
TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


# Running in parallel (pytest-xdist).

worker_screenshots: dict[str, int] = {}
"""Screenshots written by the workers, by folder (tests/browser/conftest.py reports its own when run without workers)."""


BROWSER_TESTS = "tests/browser/"
LONG_FIRST = (BROWSER_TESTS, "tests/test_incremental.py", "tests/test_atomic.py", "tests/test_links_everywhere.py", "tests/hostile/test_scale.py")
"""The work units that take longest (`--durations`), dealt out first; the rest by their number
of tests, most first (xdist's order). Dealt out last, a long module kept one worker busy alone at
the end of the run. A name no longer here is only no longer first."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """On the controller, for `--dist loadfile`: every module whole on one worker, and in a run of
    the whole suite the modules of tests/browser/ all on one worker too (one work unit), so the
    demo site is built and Chromium started once per run, not once per worker. Run alone, the
    browser tests are dealt out module by module. The longest units go first (`LONG_FIRST`)."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class BrowserTestsTogether(LoadFileScheduling):
        mixed: bool | None = None
        """Whether the run holds other tests than the browser tests (known once collected)."""
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            if self.mixed is None and self.collection is not None:
                self.mixed = not all(node.startswith(BROWSER_TESTS) for node in self.collection)
            return BROWSER_TESTS if self.mixed and module.startswith(BROWSER_TESTS) else module

        def _assign_work_unit(self, node: Any) -> None:
            if not self.ordered:
                self.ordered = True
                for scope in reversed(LONG_FIRST):
                    if scope in self.workqueue:
                        self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return BrowserTestsTogether(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """On the controller: what a finished worker's browser tests wrote (tests/browser/conftest.py)."""
    for folder, count in getattr(node, "workeroutput", {}).get("screenshots", {}).items():
        worker_screenshots[folder] = worker_screenshots.get(folder, 0) + count


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for folder, count in worker_screenshots.items():
        terminalreporter.write_line(f"browser screenshots ({count}): {folder}")


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


def edit_and_rebuild(root: Path, file: str, old: str, new: str) -> Built:
    """Build `root` (no search index, the pinned clock), replace `old` by `new` in `file`, build
    again in place, and check that the result is what a build of a copy from nothing gives.
    Returns the second build's counters (`Built`: what it planned and rendered)."""
    options = Options(now=NOW_INSTANT)
    assert build(root, root / "site", options, search=False) is not None
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} does not hold {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    again = build(root, root / "site", options, search=False)
    assert again is not None
    fresh = root.parent / f"{root.name}-from-nothing"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".chapters-cache", "site"))
    assert build(fresh, fresh / "site", options, search=False) is not None
    assert snapshot(root / "site") == snapshot(fresh / "site")
    return again


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


# The feeds-and-calendars fixture: tests/fixtures/sites/feeds/, built plain or as a git repository.

FEEDS = FIXTURES / "sites" / "feeds"
FEEDS_BASE_URL = "https://feeds.example.org/chapters/"
STAMMTISCH = "content/events/berlin/stammtisch.md"
LATER_TRANSLATIONS = ("content/events/berlin/stammtisch.ru.md", "content/events/berlin/lake-swim.ru.md")
FIRST_COMMIT = datetime(2026, 8, 15, 9, 0, tzinfo=UTC)
"""Adds the whole site, with the Stammtisch at 18:30 and without the Russian event translations."""
SECOND_COMMIT = datetime(2026, 10, 5, 8, 30, tzinfo=UTC)
"""Moves the Stammtisch to 19:00 (the fixture's text)."""
THIRD_COMMIT = datetime(2026, 10, 6, 17, 45, tzinfo=UTC)
"""Adds the Russian translations of the Stammtisch (with a body) and of the lake swim (title only)."""
NOW_INSTANT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


class FeedsBuild(NamedTuple):
    """A built copy of the feeds fixture: its site folder and its output folder."""

    root: Path
    out: Path


def _git_environment(when: datetime | None = None) -> dict[str, str]:
    """The environment without any GIT_* variable of a caller (a hook's GIT_DIR), and without user config."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    return env


def git(root: Path, *args: str, when: datetime | None = None) -> str:
    """Run git in `root` with a fixed identity (and commit date, if given); fail loudly."""
    identity = ["-c", "user.name=Chapters Tests", "-c", "user.email=tests@example.org", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    result = subprocess.run(["git", *identity, *args], cwd=root, env=_git_environment(when), capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


@contextlib.contextmanager
def isolated_from_git(ceiling: Path | None = None) -> Iterator[None]:
    """Build without a caller's GIT_* variables; with `ceiling`, git does not look above it for a repository."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [name for name in os.environ if name.startswith("GIT_")]:
            patch.delenv(name)
        if ceiling is not None:
            patch.setenv("GIT_CEILING_DIRECTORIES", str(ceiling))
        yield


def commit_feeds_site(root: Path) -> Path:
    """Copy the feeds fixture to `root` and record its history in three commits with fixed dates."""
    shutil.copytree(FEEDS, root)
    final = {path: (root / path).read_text(encoding="utf-8") for path in (STAMMTISCH, *LATER_TRANSLATIONS)}
    earlier = final[STAMMTISCH].replace("start: 2026-09-03 19:00\nend: 22:00\n", "start: 2026-09-03 18:30\nend: 21:30\n")
    assert earlier != final[STAMMTISCH]
    (root / STAMMTISCH).write_text(earlier, encoding="utf-8")
    for path in LATER_TRANSLATIONS:
        (root / path).unlink()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the site", when=FIRST_COMMIT)
    (root / STAMMTISCH).write_text(final[STAMMTISCH], encoding="utf-8")
    git(root, "commit", "-q", "-am", "Move the Stammtisch to 19:00", when=SECOND_COMMIT)
    for path in LATER_TRANSLATIONS:
        (root / path).write_text(final[path], encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Russian translations", when=THIRD_COMMIT)
    assert git(root, "status", "--porcelain") == ""
    return root


def build_feeds_site(root: Path, out: Path, *extra: str) -> Path:
    """Build `root` into `out` in-process with the pinned clock; return `out`."""
    with isolated_from_git(root.parent):
        result = run_quietly(["build", str(root), "--out", str(out), *extra])
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def feeds_git(tmp_path_factory: pytest.TempPathFactory) -> FeedsBuild:
    """The feeds fixture as a git repository with three commits, built once per worker; read it, never change it
    (a test may build its `root` again into a folder of its own)."""
    base = tmp_path_factory.mktemp("feeds-git")
    root = commit_feeds_site(base / "site-src")
    return FeedsBuild(root, build_feeds_site(root, base / "out"))


@pytest.fixture(scope="session")
def feeds_plain(tmp_path_factory: pytest.TempPathFactory) -> FeedsBuild:
    """The feeds fixture outside any git repository, built once per worker; read it, never change it."""
    base = tmp_path_factory.mktemp("feeds-plain")
    root = base / "site-src"
    shutil.copytree(FEEDS, root)
    return FeedsBuild(root, build_feeds_site(root, base / "out"))
