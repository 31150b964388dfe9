"""Warnings beside errors (issue 16): content that is valid but probably not what was meant.

Sites built from BASE_SITE in temporary folders; the ones about new files are git
repositories with a `main` branch and a feature branch, as an ambassador's clone is.
`check` shows warnings as `path:line:column: warning: ...` (or `::warning`) and exits 0;
`--strict` makes them errors; `changes` lists them; `new event` says when a start is past.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import Result, git, isolated_from_git, write_site

from generator import cli
from generator.authoring.scaffold import event_text, open_site
from generator.content.warnings import EVENT_BODY

Run = Callable[[list[str]], Result]
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's empty tree: every file of the site differs from it."""
PAST = "content/events/almaty/2025-11-20-tea.md"
PAST_TEXT = "---\ntitle: Tea evening\nstart: 2025-11-20 18:00\n---\n\nTea and talk.\n"
PAST_WARNING = f"{PAST}:3:1: warning: `start` (2025-11-20) is in the past, in a new or changed file: the event is over before it is published; is the year right?"
VENUE = "content/events/almaty/2026-12-12-walk.md"
VENUE_TEXT = "---\ntitle: Walk\nstart: 2026-12-12 10:00\nvenue:\n  name: Central Park\n---\n\nA walk.\n"
PICNIC_WARNING = ("content/events/almaty/picnic.md:5:1: warning: the venue has no coordinates: add `lat` and `lon` under `venue` "
                  "(decimal degrees, e.g. from openstreetmap.org) so that its page can show the way")
VENUE_WARNING = (f"{VENUE}:4:1: warning: the venue has no coordinates: add `lat` and `lon` under `venue` "
                 "(decimal degrees, e.g. from openstreetmap.org) so that its page can show the way")


def on_a_branch(make_site: Callable[..., Path], files: dict[str, str], committed: dict[str, str] | None = None) -> Path:
    """BASE_SITE (plus `committed`) on `main`, then a branch `feature` with `files` added, uncommitted."""
    root = make_site(committed or {})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    git(root, "switch", "-q", "-c", "feature")
    return write_site(root, files)


def lines(text: str) -> list[str]:
    return text.splitlines()


def new(*args: str) -> Result:
    """`chapters new ...` in-process, on the real clock (it has no `--now`)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["new", *args])
    return Result(code, out.getvalue(), err.getvalue())


def test_a_past_event_in_a_new_file_is_a_warning_and_check_passes(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {PAST: PAST_TEXT})

    with isolated_from_git(tmp_path):
        result = run(["check", str(root)])

    assert result.code == 0
    assert lines(result.err) == [PAST_WARNING]
    assert result.out == f"{root}: 6 files checked (96 pages): no errors, 1 warning(s)\n"


def test_a_past_event_committed_on_the_branch_still_counts_as_new(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {PAST: PAST_TEXT})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Tea")

    with isolated_from_git(tmp_path):
        result = run(["check", str(root)])

    assert lines(result.err) == [PAST_WARNING]


def test_a_past_event_already_on_main_is_not_warned_about(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {}, committed={PAST: PAST_TEXT})

    with isolated_from_git(tmp_path):
        result = run(["check", str(root)])

    assert (result.code, result.err) == (0, "")
    assert result.out.endswith(": no errors, no warnings\n")


def test_since_names_the_base(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {}, committed={PAST: PAST_TEXT})

    with isolated_from_git(tmp_path):
        against_main = run(["check", str(root), "--since", "main"])
        against_nothing = run(["check", str(root), "--since", EMPTY_TREE])

    assert (against_main.code, against_main.err) == (0, "")
    assert (against_nothing.code, lines(against_nothing.err)) == (0, [PAST_WARNING, PICNIC_WARNING])  # every file is new to the empty tree


def test_outside_git_no_event_counts_as_new(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = make_site({PAST: PAST_TEXT, VENUE: VENUE_TEXT})

    with isolated_from_git(tmp_path):
        result = run(["check", str(root)])

    assert (result.code, result.err) == (0, "")


def test_a_venue_without_coordinates_in_a_new_file_is_a_warning(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {VENUE: VENUE_TEXT})

    with isolated_from_git(tmp_path):
        result = run(["check", str(root)])
        with_coordinates = write_site(root, {VENUE: VENUE_TEXT.replace("  name: Central Park\n", "  name: Central Park\n  lat: 43.2\n  lon: 76.9\n")})
        fixed = run(["check", str(with_coordinates)])

    assert result.code == 0
    assert lines(result.err) == [VENUE_WARNING]
    assert fixed.err == ""


def test_a_file_name_whose_date_is_not_the_start_is_a_warning_anywhere(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({"content/events/almaty/2026-01-16-fair.md": "---\ntitle: Fair\nstart: 2026-02-20\n---\n\nApples.\n"})

    result = run(["check", str(root)])

    assert result.code == 0
    assert lines(result.err) == [
        ("content/events/almaty/2026-01-16-fair.md:3:1: warning: the file name says 2026-01-16 but `start` is 2026-02-20: "
         "correct `start`, or rename the file to `2026-02-20-fair.md` (the name is the event's address)"),
    ]


def test_text_left_from_the_template_is_a_warning(make_site: Callable[..., Path], run: Run) -> None:
    root = make_site({
        "content/events/almaty/2026-12-20-party.md": f"---\ntitle: Party\nstart: 2026-12-20 18:00\nvenue:\n  name: Café Example\n---\n\n{EVENT_BODY}\n",
        "content/handbook/visas.md": "---\ntitle: Visas\n---\n## A first heading\n\nWrite Markdown here: `## headings`, [links](https://example.org/), lists with `- `.\n",
    })

    result = run(["check", str(root)])

    assert result.code == 0
    assert lines(result.err) == [
        "content/events/almaty/2026-12-20-party.md:5:3: warning: `venue.name` is still the example of `chapters new` (`Café Example`): give the real one, or delete the line",
        "content/events/almaty/2026-12-20-party.md:8:1: warning: the description is still the example text of `chapters new`: write your own",
        "content/handbook/visas.md:6:1: warning: the description is still the example text of `chapters new`: write your own",
    ]


def test_the_template_and_the_check_share_the_placeholder(base_site: Path) -> None:
    text = event_text(open_site(base_site), "almaty", "Party", date(2026, 12, 20), None)

    assert text.endswith(f"---\n{EVENT_BODY}\n")


def test_github_format_annotates_warnings(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {PAST: PAST_TEXT})

    with isolated_from_git(tmp_path):
        result = run(["check", str(root), "--format", "github"])

    assert result.code == 0
    assert lines(result.out) == [
        f"::warning file={PAST},line=3,col=1::`start` (2025-11-20) is in the past, in a new or changed file: the event is over before it is published; is the year right?",
        f"{root}: 6 files checked (96 pages): no errors, 1 warning(s)",
    ]


def test_strict_makes_warnings_fail_check_and_build(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {VENUE: VENUE_TEXT, "content/events/almaty/2027-01-16-fair.md": "---\ntitle: Fair\nstart: 2027-02-20\n---\n\nApples.\n"})
    name_warning = ("content/events/almaty/2027-01-16-fair.md:3:1: error: the file name says 2027-01-16 but `start` is 2027-02-20: "
                    "correct `start`, or rename the file to `2027-02-20-fair.md` (the name is the event's address) (a warning; --strict)")

    with isolated_from_git(tmp_path):
        checked = run(["check", str(root), "--strict"])
        built = run(["build", str(root), "--strict", "--out", str(tmp_path / "out")])
        written = (tmp_path / "out").exists()
        lenient = run(["build", str(root), "--out", str(tmp_path / "out")])

    assert checked.code == 1
    assert lines(checked.err) == [VENUE_WARNING.replace(": warning: ", ": error: ") + " (a warning; --strict)", name_warning, "2 error(s); nothing was written"]
    assert built.code == 1
    assert lines(built.err) == [name_warning, "1 error(s); nothing was written"]  # build asks git for no base: the venue is not its concern
    assert not written
    assert lenient.code == 0
    assert lines(lenient.err) == [name_warning.replace(": error: ", ": warning: ").removesuffix(" (a warning; --strict)")]


def test_changes_lists_the_warnings(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    root = on_a_branch(make_site, {PAST: PAST_TEXT})

    with isolated_from_git(tmp_path):
        result = run(["changes", "main", str(root)])

    assert result.code == 0
    assert result.out.endswith(
        "**Warnings** (`chapters check` shows them too; they do not stop the build)\n\n"
        "- content/events/almaty/2025-11-20-tea.md:3: \\`start\\` \\(2025-11-20\\) is in the past, in a new or changed file\\:\u2060 "
        "the event is over before it is published; is the year right?\n\n"
    )


def test_new_event_with_a_past_start_says_so(base_site: Path) -> None:
    result = new("event", str(base_site), "--city", "almaty", "--title", "Tea", "--start", "2025-01-10 18:00")

    assert result.code == 0
    assert result.out == f"{base_site / 'content/events/almaty/2025-01-10-tea.md'}\n"
    assert lines(result.err) == ["chapters: warning: --start 2025-01-10 18:00 is in the past: the event is over before it is published; is the year right?"]


def test_new_event_in_the_future_says_nothing_more(base_site: Path) -> None:
    result = new("event", str(base_site), "--city", "almaty", "--title", "Tea", "--start", "2099-01-10 18:00")

    assert (result.code, result.err) == (0, "")


def test_a_repeating_event_that_started_in_the_past_but_goes_on_is_not_over(make_site: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    weekly = "content/events/almaty/2025-11-20-tea.md"
    root = on_a_branch(make_site, {weekly: PAST_TEXT.replace("18:00\n", "18:00\nrepeat: FREQ=WEEKLY\n")})

    with isolated_from_git(tmp_path):
        result = run(["check", str(root)])

    assert (result.code, result.err) == (0, "")


def test_the_template_text_is_reported_once_in_the_file_that_holds_it(make_site: Callable[..., Path], run: Run) -> None:
    party = "content/events/almaty/2026-12-20-party.md"
    root = make_site({
        party: f"---\ntitle: Party\nstart: 2026-12-20 18:00\n---\n\n{EVENT_BODY}\n",
        "content/events/almaty/2026-12-20-party.de.md": "---\ntitle: Fest\n---\n",  # shows the original's body
    })

    result = run(["check", str(root)])

    assert lines(result.err) == [f"{party}:6:1: warning: the description is still the example text of `chapters new`: write your own"]


def test_serve_keeps_a_citys_warnings_while_its_files_and_the_date_are_the_same(make_site: Callable[..., Path]) -> None:
    """serve takes the warnings of a city none of whose files changed from the last good build
    (`core.identity`); they are the warnings a build from nothing finds, on every save."""
    from datetime import UTC, datetime

    from generator.core.identity import ByIdentity
    from generator.core.memo import MemoryMemo
    from generator.core.options import Options
    from generator.pipeline import Reuse, check

    root = make_site({
        "content/events/almaty/2026-01-16-fair.md": "---\ntitle: Fair\nstart: 2026-02-20\n---\n\nApples.\n",
        "content/events/almaty/2026-12-20-party.md": f"---\ntitle: Party\nstart: 2026-12-20 18:00\n---\n\n{EVENT_BODY}\n",
    })
    fresh = [str(warning) for warning in check(root, Options(now=datetime(2026, 11, 21, tzinfo=UTC))).warnings]
    assert len(fresh) == 2
    known, source = ByIdentity(), None
    for day in (21, 21, 22):
        options = Options(now=datetime(2026, 11, day, tzinfo=UTC))
        memo = MemoryMemo()
        checked = check(root, options, memo=memo, reuse=Reuse(memo, lambda path, key: False, read=source, keeps_files=True,
                                                              changed=frozenset() if source is not None else None, known=known))
        assert [str(warning) for warning in checked.warnings] == fresh
        known, source = known.successor(), checked.source
