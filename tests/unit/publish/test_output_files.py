"""One walk of the output answers a rebuild's questions; an update moves away what the walk found and the build did not make."""

from __future__ import annotations

import os
from pathlib import Path

from generator.publish.output_files import OutputFiles
from generator.publish.update import update
from generator.publish.write import MARKER
from tests.unit.publish.output_folder import output


def test_the_walk_records_regular_files_with_their_state_and_skips_hidden_folders(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "a/b/index.html": b"deep", ".git/HEAD": b"ref", ".well-known/x": b"y"})
    (out / "link.html").symlink_to(out / "index.html")
    found = OutputFiles.walk(out)
    assert sorted(found) == [MARKER, "a/b/index.html", "index.html", "link.html"]
    stat = (out / "a" / "b" / "index.html").stat()
    assert found.state("a/b/index.html") == (stat.st_size, stat.st_mtime_ns)
    assert found.state("link.html") is None and "link.html" in found  # a link is never current, and is stale if not made
    assert found.state("missing.html") is None and "missing.html" not in found
    assert list(OutputFiles.walk(tmp_path / "nowhere")) == []


def test_the_digest_changes_with_a_hand_edit_and_refresh_catches_up_with_the_builds_own_writes(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "a/index.html": b"a"})
    found = OutputFiles.walk(out)
    before = found.digest()
    assert OutputFiles.walk(out).digest() == before  # the same output, the same summary
    (out / "a" / "index.html").write_bytes(b"changed by hand")
    os.utime(out / "a" / "index.html", ns=(1, 10**18))
    assert OutputFiles.walk(out).digest() != before

    (out / "new.html").write_bytes(b"new")
    (out / "index.html").unlink()
    found.refresh(["a/index.html", "new.html", "index.html"])
    assert found.digest() == OutputFiles.walk(out).digest()
    assert "index.html" not in found


def test_an_update_given_the_walk_removes_what_it_found_and_reports_what_it_touched(tmp_path: Path) -> None:
    out = output(tmp_path, {"index.html": b"home", "gone/index.html": b"gone", "kept.html": b"kept"})
    found = OutputFiles.walk(out)
    (out / "unseen.html").write_bytes(b"put there after the walk")  # not in the walk: the update never looks for it

    tally = update([("index.html", b"new home"), ("kept.html", b"kept"), ("b/index.html", b"b")], out, present=found)

    assert not (out / "gone").exists() and (out / "unseen.html").exists()
    assert tally.touched == {"index.html", "b/index.html", "gone/index.html"}
    assert found.files.keys() >= {"gone/index.html"}  # the walk is the caller's: refreshed from `touched`
    found.refresh(tally.touched or ())
    assert found.digest() != OutputFiles.walk(out).digest()  # the unseen file is the one difference
    (out / "unseen.html").unlink()
    assert found.digest() == OutputFiles.walk(out).digest()
