"""What git knows about each content file, from one `git log` for the whole build.

Dates from history make feeds and calendars stable: an entry's published and updated
times, a calendar event's LAST-MODIFIED and SEQUENCE only change when a commit changes the
file. Outside a git repository (or without git) the history is simply empty.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_RECORD = "\x1e"


@dataclass(frozen=True)
class FileHistory:
    """The commits that touched one file (its current path only: a rename starts anew)."""

    created: datetime
    updated: datetime
    commits: int


def head(root: Path) -> str | None:
    """The commit checked out (what `read_history` reads from), or None outside git: serve reads
    the history again only when this changes."""
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"], capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def read_history(root: Path) -> dict[str, FileHistory]:
    """Map each path (relative to `root`, posix) to its history; empty outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotePath=false", "log", "--no-renames", "--relative", "--name-only", f"--format={_RECORD}%ct", "--", "."],
            capture_output=True, text=True, encoding="utf-8", errors="replace", check=False, timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout)


def parse_log(output: str) -> dict[str, FileHistory]:
    """Parse `git log --name-only --format=<RS>%ct` output (newest commit first)."""
    history: dict[str, FileHistory] = {}
    for record in output.split(_RECORD)[1:]:
        lines = [line for line in record.splitlines() if line.strip()]
        if not lines:
            continue
        moment = datetime.fromtimestamp(int(lines[0]), tz=UTC)
        for path in lines[1:]:
            known = history.get(path)
            if known is None:
                history[path] = FileHistory(moment, moment, 1)
            else:  # older commit: moves `created` back
                history[path] = FileHistory(min(known.created, moment), max(known.updated, moment), known.commits + 1)
    return history
