"""source/history.py: parsing one `git log` into each file's first and last commit (no git run here)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from generator.source.history import FileHistory, parse_log, read_history

RS = "\x1e"


def at(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, tz=UTC)


def test_newest_first_log_gives_created_updated_and_count() -> None:
    log = (
        f"{RS}1760000000\n\ncontent/events/berlin/stammtisch.md\n"
        f"{RS}1750000000\n\ncontent/events/berlin/stammtisch.md\ncontent/handbook/first-week.md\n"
        f"{RS}1740000000\n\ncontent/events/berlin/stammtisch.md\n"
    )
    history = parse_log(log)
    assert history == {
        "content/events/berlin/stammtisch.md": FileHistory(at(1740000000), at(1760000000), 3),
        "content/handbook/first-week.md": FileHistory(at(1750000000), at(1750000000), 1),
    }


def test_times_are_aware_utc() -> None:
    history = parse_log(f"{RS}0\n\na.md\n")
    assert history["a.md"].created == datetime(1970, 1, 1, tzinfo=UTC)


def test_an_empty_log_and_commits_without_files_give_nothing() -> None:
    assert parse_log("") == {}
    assert parse_log(f"{RS}1760000000\n\n{RS}1750000000\n") == {}


def test_names_with_spaces_and_other_scripts_are_kept_whole() -> None:
    history = parse_log(f"{RS}1760000000\n\ncontent/handbook/erste woche.md\ncontent/handbook/первая.md\n")
    assert set(history) == {"content/handbook/erste woche.md", "content/handbook/первая.md"}


def test_outside_a_repository_the_history_is_empty(tmp_path: Path) -> None:
    assert read_history(tmp_path / "no-such-folder") == {}
