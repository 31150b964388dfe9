"""The page cache answers questions without recording anything; a build saves its keys itself, one row per file that changed."""

from __future__ import annotations

from pathlib import Path

from generator.publish.output_files import OutputFiles
from generator.publish.page_cache import PageCache
from generator.publish.store import Store


def test_is_current_only_asks_and_save_records_the_keys_it_is_given(tmp_path: Path) -> None:
    root, out = tmp_path / "site-src", tmp_path / "out"
    root.mkdir()
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_bytes(b"a")
    (out / "b.html").write_bytes(b"b")
    first = PageCache.load(root, out, OutputFiles.walk(out), Store.open(root))
    assert not first.is_current("a/index.html", "key-a")
    first.save({"a/index.html": "key-a", "b.html": "key-b"}, "search", [])

    cache = PageCache.load(root, out, OutputFiles.walk(out), Store.open(root))
    before = (dict(cache.previous), dict(cache.previous_search))
    assert cache.is_current("a/index.html", "key-a") and not cache.is_current("b.html", "other")
    assert not cache.is_current("c.html", "key-c")
    assert (dict(cache.previous), dict(cache.previous_search)) == before  # asking changed nothing

    cache.save({"a/index.html": "key-a"}, "search", [])  # only what the build says: c.html was merely asked about
    saved = PageCache.load(root, out, OutputFiles.walk(out), Store.open(root)).previous
    assert sorted(saved) == ["a/index.html"]


def test_a_save_writes_the_rows_that_changed_and_a_file_changed_by_hand_is_not_current(tmp_path: Path) -> None:
    root, out = tmp_path / "site-src", tmp_path / "out"
    root.mkdir()
    out.mkdir()
    for name in ("a.html", "b.html", "c.html"):
        (out / name).write_bytes(name.encode())
    PageCache.load(root, out, OutputFiles.walk(out), Store.open(root)).save({"a.html": "1", "b.html": "2", "c.html": "3"}, "s", [])

    store = Store.open(root)
    written: list[list[str]] = []
    real = store.put_file_records

    def counted(output: str, changed: dict[str, list[object]], removed: object, search: dict[str, object]) -> None:
        written.append(sorted(changed))
        real(output, changed, removed, search)  # type: ignore[arg-type]

    store.put_file_records = counted  # type: ignore[method-assign]
    (out / "b.html").write_bytes(b"bb")
    cache = PageCache.load(root, out, OutputFiles.walk(out), store)
    assert cache.is_current("a.html", "1") and not cache.is_current("b.html", "2")
    cache.files.refresh(["b.html"])
    cache.save({"a.html": "1", "b.html": "2b", "c.html": "3"}, "s", [])
    assert written == [["b.html"]]  # a.html and c.html are as recorded: not written again
    assert PageCache.load(root, out, OutputFiles.walk(out), Store.open(root)).is_current("b.html", "2b")
