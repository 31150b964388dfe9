"""What a build was asked for, and where its theme is: small enough to import before anything heavy.

`chapters build` checks its cache with just these, so an up-to-date site costs no import
of the validation, rendering and calendar libraries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Options:
    """What the build was asked for, passed explicitly instead of read from globals."""

    now: datetime
    drafts: bool = False
    git_history: bool = True
    """Read dates from git; off when comparing two versions of a site (`changes`)."""


def find_theme(site_root: Path, name: str = "default") -> Path:
    """The site's own `themes/<name>/`, else the theme shipped with the generator."""
    for candidate in (site_root / "themes" / name, PACKAGE_DIR / "themes" / name, PACKAGE_DIR.parent / "themes" / name):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(f"theme `{name}` not found")
