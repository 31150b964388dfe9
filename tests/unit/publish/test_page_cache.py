"""The page cache answers questions without recording anything; a build saves its keys itself."""

from __future__ import annotations

import json
from pathlib import Path

from generator.publish.output_files import OutputFiles
from generator.publish.page_cache import PageCache


def test_is_current_only_asks_and_save_records_the_keys_it_is_given(tmp_path: Path) -> None:
    root, out = tmp_path / "site-src", tmp_path / "out"
    root.mkdir()
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_bytes(b"a")
    (out / "b.html").write_bytes(b"b")
    first = PageCache.load(root, out, OutputFiles.walk(out))
    assert not first.is_current("a/index.html", "key-a")
    first.save({"a/index.html": "key-a", "b.html": "key-b"}, "search", [])

    cache = PageCache.load(root, out, OutputFiles.walk(out))
    before = (dict(cache.previous), dict(cache.previous_search))
    assert cache.is_current("a/index.html", "key-a") and not cache.is_current("b.html", "other")
    assert not cache.is_current("c.html", "key-c")
    assert (dict(cache.previous), dict(cache.previous_search)) == before  # asking changed nothing

    cache.save({"a/index.html": "key-a"}, "search", [])  # only what the build says: c.html was merely asked about
    saved = json.loads((root / ".chapters-cache" / "pages.json").read_text())[str(out.resolve())]
    assert sorted(saved["pages"]) == ["a/index.html"]
