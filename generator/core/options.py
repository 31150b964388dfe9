"""What a build was asked for, and where its theme is: small enough to import before anything heavy.

`chapters build` checks its cache with just these, so an up-to-date site costs no import
of the validation, rendering and calendar libraries.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from generator.core.errors import ErrorReport, Location, display_path
from generator.core.text import printable

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Options:
    """What the build was asked for, passed explicitly instead of read from globals."""

    now: datetime
    drafts: bool = False
    git_history: bool = True
    """Read dates from git; off when comparing two versions of a site (`changes`)."""
    strict: bool = False
    """Warnings fail the run as errors do (`--strict`)."""
    since: str | None = None
    """The git revision whose later changes count as new, for the warning about an event in
    the past (content/warnings.py); `""` is the merge base with site.yaml's `branch`; None
    (build, serve) looks for none."""
    changed_since: str | None = None
    """A git revision (`build --changed-since`): the content files git says are unchanged since
    it are found in the memo by their blob ids, neither stated nor read (source/load.py). It
    only saves work: the output is the same without it."""


def find_theme(site_root: Path, name: str = "default") -> Path:
    """The site's own `themes/<name>/`, else the theme shipped with the generator."""
    for candidate in (site_root / "themes" / name, PACKAGE_DIR / "themes" / name, PACKAGE_DIR.parent / "themes" / name):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(f"theme `{name}` not found")


@dataclass(frozen=True)
class Theme:
    """A theme folder and the files held inside it: every read of a theme file (templates,
    catalogs, static files, the page cache's key) goes through this one checked listing.

    A site's theme sits in its `themes/` folder, which a pull request can change, so theme
    files are held like content (load._inside): a symlink may point elsewhere inside the
    theme, but one that leads out of it, a broken link, a pipe or a device is refused,
    and is never opened. Symlinked folders are checked, not entered.
    """

    root: Path
    """The theme folder as found (`SITE/themes/default`), for paths in messages."""
    files: Mapping[str, Path]
    """Name inside the theme (`templates/base.html`, `static/style.css`) → the regular file it is."""
    problems: tuple[tuple[Path, str], ...] = ()
    """Every entry refused: (its path as found, what is wrong with it)."""

    @classmethod
    def open(cls, site_root: Path, name: str = "default") -> Theme:
        """The site's theme (`find_theme`), listed and checked without reading a file."""
        return cls.listed(find_theme(site_root, name), site_root)

    @classmethod
    def listed(cls, root: Path, site_root: Path) -> Theme:
        files: dict[str, Path] = {}
        problems: list[tuple[Path, str]] = []
        try:
            real = root.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            return cls(root, {}, ((root, _NOT_A_FILE),))
        if root.absolute().is_relative_to(site_root.absolute()) and not real.is_relative_to(site_root.resolve()):
            return cls(root, {}, ((root, "links to a place outside the site folder; a theme in themes/ must live inside it"),))
        for folder, dirnames, filenames in os.walk(root):  # symlinked folders are listed, not entered
            dirnames.sort()
            for entry in sorted([*dirnames, *filenames]):
                path = Path(folder) / entry
                try:
                    target = path.resolve(strict=True)
                    mode = target.stat().st_mode
                except (OSError, RuntimeError):
                    problems.append((path, _NOT_A_FILE))
                    continue
                if not target.is_relative_to(real):
                    problems.append((path, "links to a place outside the theme folder; theme files must live inside it"))
                elif S_ISREG(mode):
                    files[path.relative_to(root).as_posix()] = target
                elif not S_ISDIR(mode):  # reading a pipe waits forever; a device never ends
                    problems.append((path, _NOT_A_FILE))
        return cls(root, files, tuple(problems))

    def report(self, report: ErrorReport, site_root: Path) -> None:
        """Add every refused entry to `report`, at its path as the site shows it."""
        for path, problem in self.problems:
            report.add(Location(printable(display_path(path, site_root)), 1), problem)

    def names(self, folder: str) -> list[str]:
        """The files below `folder` (`static`), by their names inside the theme, sorted."""
        prefix = folder.rstrip("/") + "/"
        return sorted(name for name in self.files if name.startswith(prefix))

    def shown(self, name: str, site_root: Path) -> str:
        """A theme file's path for messages: relative to the site when the theme is in it."""
        return display_path(self.root / name, site_root)

    def read(self, name: str) -> bytes:
        """A listed file's bytes; never follows a link or opens a pipe swapped in since the listing."""
        descriptor = os.open(self.files[name], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as file:
            if not S_ISREG(os.fstat(file.fileno()).st_mode):
                raise OSError(f"{self.root / name} is no longer a regular file")
            return file.read()


_NOT_A_FILE = "not a regular file (a broken link, pipe or device?): theme files are plain files"
