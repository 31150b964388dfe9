"""A build killed at any moment leaves the previous output complete, and builds are
reproducible whatever the file-system order, hash seed, time zone, locale or worker count."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, NOW, snapshot

SMALL = FIXTURES / "sites" / "small"


def build(root: Path, out: Path, **env: str) -> subprocess.Popen[bytes]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    environment.update(GIT_CEILING_DIRECTORIES=str(root.parent), **env)
    return subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--out", str(out), "--now", NOW, "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_complete_site(tmp_path: Path) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    out = tmp_path / "out"
    assert build(root, out).wait(timeout=120) == 0
    old = snapshot(out)
    chapter = root / "content" / "handbook" / "first-week.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added before the killed builds.\n", encoding="utf-8")
    reference = tmp_path / "reference"
    assert build(root, reference).wait(timeout=120) == 0
    new = snapshot(reference)
    assert new != old

    started = time.monotonic()
    assert build(root, tmp_path / "timed").wait(timeout=120) == 0
    duration = time.monotonic() - started
    seen = set()
    for fraction in (0.05, 0.3, 0.6, 0.85, 0.97, 1.05):
        process = build(root, out)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        now = snapshot(out)
        # A rebuild updates the output in place (publish/update.py): killed while it renames the
        # changed files in, the output is half-way and its backup holds the journal that the
        # next build replays backwards first. Killed at any other moment, it is old or new.
        renaming = [p.name for p in tmp_path.iterdir() if ".old-" in p.name and (p / ".chapters-update").exists() and not (p / ".chapters-updated").exists()]
        assert now in (old, new) or renaming, f"killed at {fraction:.0%} of a build: the output is neither the old nor the new site"
        seen.add("new" if now == new else "old" if now == old else "renaming")
    assert build(root, out).wait(timeout=120) == 0  # and the next build cleans up after the killed ones
    assert snapshot(out) == new
    assert sorted(p.name for p in tmp_path.iterdir() if ".staging-" in p.name or ".old-" in p.name) == []
    assert "old" in seen  # at least one kill landed before the swap


@pytest.mark.slow
def test_builds_are_identical_whatever_the_environment(tmp_path: Path) -> None:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    shuffled = tmp_path / "shuffled"
    # The same files created in the reverse order: directory listings come back in another order.
    for path in sorted(root.rglob("*"), reverse=True):
        target = shuffled / path.relative_to(root)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
    for path in sorted((p for p in root.rglob("*") if p.is_file()), reverse=True):
        target = shuffled / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    first = build(root, tmp_path / "one", PYTHONHASHSEED="1", TZ="UTC", LC_ALL="C")
    second = build(shuffled, tmp_path / "two", PYTHONHASHSEED="4242", TZ="Asia/Almaty", LC_ALL="C.UTF-8", LANG="ru_RU.UTF-8")
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    single = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--out", str(tmp_path / "three"), "--now", NOW, "--jobs", "1"],
                            capture_output=True, check=False, env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert single.returncode == 0, single.stderr
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two") == snapshot(tmp_path / "three")
