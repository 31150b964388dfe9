"""The build's memo in SQLite: kept between builds, dropped when the generator changes, never trusted blindly."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.publish.store import FILE, Store


def _store(root: Path, epoch: str = "one") -> Store:
    return Store(root / ".chapters-cache" / FILE, epoch)


def test_a_result_is_kept_for_the_next_build(tmp_path: Path) -> None:
    first = _store(tmp_path)
    assert first.get("links", "abc") is None
    first.put("links", "abc", [["/a/", False, 0, 5, "a", False]])
    first.save()
    first.close()

    again = _store(tmp_path)
    assert again.get("links", "abc") == [["/a/", False, 0, 5, "a", False]]
    assert again.hits == 1


def test_results_of_another_generator_are_dropped(tmp_path: Path) -> None:
    first = _store(tmp_path, "one")
    first.put("links", "abc", [])
    first.save()
    first.close()
    assert _store(tmp_path, "two").get("links", "abc") is None
    assert _store(tmp_path, "one").get("links", "abc") is None  # dropped, not hidden


def test_results_a_build_did_not_use_are_dropped(tmp_path: Path) -> None:
    first = _store(tmp_path)
    first.put("plain text", "old body", "old")
    first.put("plain text", "kept body", "kept")
    first.save()
    first.close()
    second = _store(tmp_path)
    assert second.get("plain text", "kept body") == "kept"
    second.put("plain text", "new body", "new")  # enough new results (a quarter of those kept) for a prune
    second.save()
    second.close()
    third = _store(tmp_path)
    assert third.get("plain text", "kept body") == "kept"
    assert third.get("plain text", "new body") == "new"
    assert third.get("plain text", "old body") is None


def test_a_build_that_puts_little_prunes_nothing_until_the_new_results_add_up(tmp_path: Path) -> None:
    """A small rebuild asks for a few results: pruning after it would delete what the next
    full build makes again. The memo is pruned once the results put since the last prune
    reach a quarter of those it kept (`PRUNE_SHARE`)."""
    first = _store(tmp_path)
    for index in range(100):
        first.put("links", str(index), [])
    first.save()
    first.close()
    small = _store(tmp_path)
    assert small.get("links", "0") == []
    small.put("links", "new", [])
    small.save()
    small.close()
    assert _store(tmp_path).get("links", "99") == []  # not asked for, still there
    for round in range(3):  # 1 + 8 * 3 = 25 puts since the prune that kept 100
        later = _store(tmp_path)
        assert later.get("links", "0") == []
        for index in range(8):
            later.put("links", f"later {round} {index}", [])
        later.save()
        later.close()
    last = _store(tmp_path)
    assert last.get("links", "0") == [] and last.get("links", "later 2 7") == []
    assert last.get("links", "99") is None and last.get("links", "later 0 0") is None  # the last build did not ask for them


def test_the_file_shrinks_when_a_build_drops_most_of_it(tmp_path: Path) -> None:
    first = _store(tmp_path)
    for index in range(200):
        first.put("city feeds", str(index), "x" * 10_000)
    first.save()
    first.close()
    big = (tmp_path / ".chapters-cache" / FILE).stat().st_size
    second = _store(tmp_path)
    assert second.get("city feeds", "0") is not None
    for index in range(50):  # a quarter of what the first kept: this save prunes
        second.put("links", str(index), [])
    second.save()
    second.close()
    assert (tmp_path / ".chapters-cache" / FILE).stat().st_size < big / 10
    assert _store(tmp_path).get("city feeds", "0") == "x" * 10_000


def test_a_failed_build_makes_no_cache_folder(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.put("links", "abc", [])
    store.close()  # never saved
    assert not (tmp_path / ".chapters-cache").exists()


def test_a_damaged_database_is_no_memo(tmp_path: Path) -> None:
    (tmp_path / ".chapters-cache").mkdir()
    (tmp_path / ".chapters-cache" / FILE).write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    store = Store.open(tmp_path)
    assert store.get("links", "abc") is None
    store.put("links", "abc", [])
    store.save()  # neither raises


def test_a_cache_committed_to_git_is_not_read(tmp_path: Path) -> None:
    made = _store(tmp_path, "irrelevant")
    made.put("links", "abc", [])
    made.save()
    made.close()
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-f", f".chapters-cache/{FILE}"], check=True)
    store = Store.open(tmp_path)
    store.put("links", "abc", ["made up"])
    store.save()
    assert store.get("links", "xyz") is None
    assert store.hits == 0
    assert subprocess.run(["git", "-C", str(tmp_path), "diff", "--quiet", "--", f".chapters-cache/{FILE}"], check=False).returncode == 0  # not written


def test_a_cache_folder_linked_elsewhere_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "site"
    root.mkdir()
    (root / ".chapters-cache").symlink_to(elsewhere)
    store = Store.open(root)
    store.put("links", "abc", [])
    store.save()
    assert list(elsewhere.iterdir()) == []


def test_a_prefetched_step_is_read_in_one_query_and_only_what_is_asked_for_counts_as_used(tmp_path: Path) -> None:
    first = _store(tmp_path)
    for index in range(50):
        first.put("split", f"file {index}", [index])
    first.put("links", "other", [])
    first.save()
    first.close()

    second = _store(tmp_path)
    queries: list[str] = []
    connection = second._connection
    assert connection is not None
    connection.set_trace_callback(queries.append)
    second.prefetch("split")
    assert [second.get("split", f"file {index}") for index in range(10)] == [[index] for index in range(10)]
    assert len(queries) == 1 and "FROM results WHERE step = 'split'" in queries[0]
    connection.set_trace_callback(None)
    for index in range(13):  # a quarter of the 51 kept: this save prunes
        second.put("links", str(index), [])
    second.save()
    second.close()
    third = _store(tmp_path)
    assert third.get("split", "file 3") == [3] and third.get("split", "file 30") is None  # asked for: kept; only fetched: dropped
