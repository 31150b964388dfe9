"""Which files a branch adds or changes: for the warnings about new content (`chapters check`).

A file counts as changed since a base revision when `git diff` shows it between that
revision and the working tree (committed on the branch or not yet), or when git does not
track it yet. Outside a git repository, without git, or with a revision git cannot read,
nothing is known: None, and the warnings that need it stay silent.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", *args],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def merge_base(root: Path, branch: str) -> str | None:
    """Where the current branch left `branch` (the remote's copy if there is one, else the local one)."""
    for candidate in (f"origin/{branch}", branch):
        found = _git(root, "merge-base", "HEAD", candidate)
        if found and found.strip():
            return found.strip()
    return None


def changed_since(root: Path, revision: str) -> frozenset[str] | None:
    """The files below `root` (paths relative to it, as messages show them) that differ from
    `revision` in the working tree, and the untracked ones; None if git cannot tell."""
    if revision.startswith("-"):  # a revision, never an option of git's
        return None
    changed = _git(root, "diff", "--name-only", "--no-renames", "--relative", "--diff-filter=d", revision, "--", ".")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", ".")
    if changed is None or untracked is None:
        return None
    return frozenset(line for line in (changed + untracked).splitlines() if line)
