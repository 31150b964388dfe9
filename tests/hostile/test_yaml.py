"""YAML abuse that needs more bytes than a fixture should hold: nesting deep enough to crash
libyaml's composer, alias bombs in site.yaml, more values than the limit, a 50 MB scalar.
(Smaller YAML cases live in fixtures/refused/yaml-*.)
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import NOW

from generator.core.limits import MAX_YAML_DEPTH, MAX_YAML_NODES

from .support import make_site, refused

EVENT = "content/events/almaty/picnic.md"
HEAD = "---\ntitle: Picnic in the park\nstart: 2026-12-05 12:00\n"


def check_in_a_subprocess(root: Path) -> subprocess.CompletedProcess[str]:
    """A crash in C (a segfault) must fail this test, not kill the test run."""
    return subprocess.run([sys.executable, "-m", "generator", "check", str(root), "--now", NOW],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("nesting", "column"), [
    ("x: " + "[" * 100_000 + "]" * 100_000, 36),
    ("x: " + "{a: " * 50_000 + "}" * 50_000, 132),
])
def test_nesting_that_crashed_libyaml_is_refused_at_its_place(nesting: str, column: int, tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src", {EVENT: HEAD + nesting + "\n---\n"})

    result = check_in_a_subprocess(root)

    assert result.returncode == 1, f"exit status {result.returncode} (negative: killed by a signal)\n{result.stderr[-2000:]}"
    assert result.stderr.splitlines() == [f"{EVENT}:4:{column}: error: front matter is nested too deeply (over {MAX_YAML_DEPTH} levels)",
                                          "1 error(s); nothing was written"]


def test_deep_block_nesting_is_refused_quickly(tmp_path: Path) -> None:
    nesting = "venue:\n" + "".join("  " * depth + "- \n" for depth in range(1, 200))
    root = make_site(tmp_path / "site-src", {EVENT: HEAD + nesting + "---\n"})

    started = time.perf_counter()
    refused(root, [f"{EVENT}:{MAX_YAML_DEPTH + 5}:{2 * MAX_YAML_DEPTH + 3}: error: front matter is nested too deeply (over {MAX_YAML_DEPTH} levels)"])
    assert time.perf_counter() - started < 10


def test_more_values_than_the_limit_are_refused(tmp_path: Path) -> None:
    items = ", ".join(["2026-12-12"] * (MAX_YAML_NODES + 1))
    root = make_site(tmp_path / "site-src", {EVENT: HEAD + f"except: [{items}]\n---\n"})

    refused(root, startswith=[f"{EVENT}:4:"], expected=None)
    assert f"front matter is too large (over {MAX_YAML_NODES} values)" in refused(root).err


def test_an_alias_bomb_in_site_yaml_is_refused(tmp_path: Path) -> None:
    bomb = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)])
    root = make_site(tmp_path / "site-src", {"site.yaml": "title: T\nbase_url: https://chapters.example.org/\nlanguages: [en, de]\n" + bomb + "\n"})

    started = time.perf_counter()
    result = refused(root, None)

    assert time.perf_counter() - started < 10
    assert "front matter is too large (over 20000 values, or aliases that expand to that many)" in result.err


def test_a_50_mb_scalar_is_refused_before_yaml_sees_it(tmp_path: Path) -> None:
    size = 50 * 1024 * 1024
    data = HEAD.encode() + b"summary: " + b"x" * size + b"\n---\n"
    root = make_site(tmp_path / "site-src", {EVENT: data})

    tracemalloc.start()
    started = time.perf_counter()
    refused(root, [f"{EVENT}:1:1: error: file is {len(data) / 1024:,.0f} KiB; the limit is 1,024 KiB (1 MiB) per file: split it (docs/content.md, Limits)"])
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert seconds < 10
    assert peak < size / 10, f"{peak:,} bytes held: the file was read"


def test_a_huge_site_yaml_is_refused_too(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site-src")
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("description: " + "x" * (2 * 1024 * 1024) + "\n")

    refused(root, startswith=["site.yaml:1:1: error: file is 2,048 KiB; the limit is 1,024 KiB (1 MiB) per file"])
