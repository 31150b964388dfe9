"""A rebuild updates its output in place: only what changed is written, and a failure or a kill puts the old output back."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.publish.output_files import OutputFiles
from generator.publish.update import DONE, WHOLE_FOLDERS_FROM, _Update, recover, roll_back, update
from generator.publish.write import MARKER, MARKER_TEXT, Keep
from tests.unit.publish.output_folder import contents, killed_backup, output


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "a/index.html": b"old a", "gone/x/index.html": b"gone", "kept.html": b"kept"})
    inode = (out / "index.html").stat().st_ino

    tally = update([("index.html", b"home"), ("a/index.html", b"new a"), ("kept.html", Keep()), ("b/index.html", b"new b")], out)

    assert contents(out) == {MARKER: MARKER_TEXT, "index.html": b"home", "a/index.html": b"new a", "kept.html": b"kept", "b/index.html": b"new b"}
    assert (out / "index.html").stat().st_ino == inode  # untouched
    assert not (out / "gone").exists()  # its emptied folders too
    assert (tally.files, tally.written) == (5, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no backup left


def test_a_failing_finish_puts_everything_back(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "old/index.html": b"old"})
    before = contents(out)

    def finish(folder: Path) -> list[tuple[str, bytes | Keep]]:
        assert (folder / "index.html").read_bytes() == b"new home"  # the search index reads the updated pages
        assert not (folder / "old").exists()  # and none that is gone
        raise RuntimeError("Pagefind failed")

    with pytest.raises(RuntimeError):
        update([("index.html", b"new home"), ("new/index.html", b"added")], out, finish)

    assert contents(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_file_made_again_by_the_finish_is_put_back_not_written(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "pagefind/index.json": b"bundle"})
    inode = (out / "pagefind" / "index.json").stat().st_ino

    tally = update([("index.html", b"new home")], out, lambda folder: [("pagefind/index.json", b"bundle")])

    assert (out / "pagefind" / "index.json").stat().st_ino == inode
    assert tally.written == 1


def test_an_update_killed_while_renaming_is_undone_by_the_next(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "a.html": b"old a"})
    before = contents(out)
    # What a kill half-way through the renames leaves: a.html replaced (the old one in the
    # backup), b.html added (in the journal), index.html not yet renamed in.
    backup = killed_backup(tmp_path, "dead", "b.html\n")
    (out / "a.html").rename(backup / "a.html")
    (out / "a.html").write_bytes(b"new a")
    (out / "b.html").write_bytes(b"new b")

    roll_back(backup, out)

    assert contents(out) == before
    assert not backup.exists()


def test_an_update_killed_while_writing_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    """Killed in its first phase, an update has written some files beside their places under
    temporary names (and could not remove them): the next build's recovery removes them."""
    out = output(tmp_path, {"index.html": b"home", "a/index.html": b"old a"})
    before = contents(out)
    backup = killed_backup(tmp_path, "dead")
    (out / "a" / ".index.html.chapters-new-999999999").write_bytes(b"new a, half-written")
    (out / ".index.html.chapters-new-999999999").write_bytes(b"new home")
    (out / ".index.html.chapters-new-1").write_bytes(b"another process's: not ours to remove")

    assert recover(out)

    assert contents(out) == {**before, ".index.html.chapters-new-1": b"another process's: not ours to remove"}
    assert not backup.exists()
    assert not recover(out)  # nothing left to recover


def test_a_finished_update_is_not_undone(tmp_path: Path) -> None:
    out = output(tmp_path, {"a.html": b"new a"})
    backup = killed_backup(tmp_path, "done")
    (backup / "a.html").write_bytes(b"old a")
    (backup / DONE).touch()

    roll_back(backup, out)

    assert (out / "a.html").read_bytes() == b"new a"
    assert not backup.exists()


def _old_index(count: int) -> dict[str, bytes]:
    """A last build's search index: `count` files in nested folders."""
    return {f"pagefind/{'fragment' if number % 2 else 'index'}/{number}.pf": b"old %d" % number for number in range(count)}


def test_a_folder_of_stale_files_is_moved_away_in_one_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `--no-search` build after one with the index: the old index goes in one rename, not file by file."""
    out = output(tmp_path, {"index.html": b"home", "pagefind/pagefind.js": b"js", **_old_index(WHOLE_FOLDERS_FROM)})
    moved: list[str] = []
    real = _Update._keep_old

    def counted(change: _Update, target: Path) -> None:
        moved.append(target.relative_to(out).as_posix())
        real(change, target)

    monkeypatch.setattr(_Update, "_keep_old", counted)
    tally = update([("index.html", b"home")], out, present=OutputFiles.walk(out))

    assert moved == ["pagefind"]
    assert contents(out) == {MARKER: MARKER_TEXT, "index.html": b"home"}
    assert tally.touched is not None and len(tally.touched) == WHOLE_FOLDERS_FROM + 1  # each file is known as moved away
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_stale_folder_holding_a_hidden_folder_or_a_new_file_is_emptied_file_by_file(tmp_path: Path) -> None:
    """Only the stale files go: a hidden folder the walk did not look into stays, and so does a file this build makes there."""
    out = output(tmp_path, {"index.html": b"home", "pagefind/.git/HEAD": b"ref", **_old_index(WHOLE_FOLDERS_FROM)})
    update([("index.html", b"home")], out, present=OutputFiles.walk(out))
    assert contents(out) == {MARKER: MARKER_TEXT, "index.html": b"home", "pagefind/.git/HEAD": b"ref"}

    out = output(tmp_path / "again", _old_index(WHOLE_FOLDERS_FROM))
    update([("pagefind/index/new.pf", b"new")], out, present=OutputFiles.walk(out))
    assert contents(out) == {MARKER: MARKER_TEXT, "pagefind/index/new.pf": b"new"}


def test_a_folder_moved_away_whole_is_put_back_when_the_update_fails(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", **_old_index(WHOLE_FOLDERS_FROM)})
    before = contents(out)

    def finish(folder: Path) -> list[tuple[str, bytes | Keep]]:
        assert not (folder / "pagefind").exists()
        raise RuntimeError("Pagefind failed")

    with pytest.raises(RuntimeError):
        update([("index.html", b"new home")], out, finish, present=OutputFiles.walk(out))

    assert contents(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_files_only_the_finish_makes_stay_in_place_until_it_has_run(tmp_path: Path) -> None:
    """With `later`, the last search index is not moved away before the finish makes the new
    one: a file made again with the same bytes is not touched at all, one it no longer makes
    is moved away after it, and a stale page still before it."""
    out = output(tmp_path, {"index.html": b"home", "gone/index.html": b"gone",
                            "pagefind/same.pf": b"same", "pagefind/old.pf": b"old", "pagefind/entry.json": b"entry 1"})
    inode = (out / "pagefind" / "same.pf").stat().st_ino

    def finish(folder: Path) -> list[tuple[str, bytes | Keep]]:
        assert not (folder / "gone").exists()  # the pages the index reads: none that is gone
        assert (folder / "pagefind" / "old.pf").is_file()  # the index's own files: all still there
        return [("pagefind/same.pf", b"same"), ("pagefind/new.pf", b"new"), ("pagefind/entry.json", b"entry 2")]

    tally = update([("index.html", b"new home")], out, finish, later=lambda path: path.startswith("pagefind/"))

    assert contents(out) == {MARKER: MARKER_TEXT, "index.html": b"new home",
                             "pagefind/same.pf": b"same", "pagefind/new.pf": b"new", "pagefind/entry.json": b"entry 2"}
    assert (out / "pagefind" / "same.pf").stat().st_ino == inode
    assert tally.touched is not None and "pagefind/same.pf" not in tally.touched and "pagefind/old.pf" in tally.touched
