"""What `chapters check --city CITY` or `chapters check PATH...` shows, and the summary it ends with.

The whole site is always read and checked, since rules span files (a host must be an
ambassador of the city, a link must lead to a page that exists); the choice only limits
which files' problems are shown, and the exit status follows what is shown: 1 if a chosen
file has an error. The summary counts the problems left out.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from generator.core import routes
from generator.core.errors import ERROR, ContentError
from generator.core.text import suggest


@dataclass(frozen=True)
class Scope:
    """The files whose problems are shown: site-relative paths, a folder ending in `/`; none is all."""

    prefixes: tuple[str, ...] = ()
    label: str = ""
    """What was chosen, for the summary (`almaty`, `2 paths`)."""

    def shows(self, path: str) -> bool:
        return not self.prefixes or any(
            path == prefix or (prefix.endswith("/") and (path.startswith(prefix) or path == prefix.rstrip("/"))) for prefix in self.prefixes
        )

    def files(self, root: Path) -> int:
        """The site's own files that were checked and are chosen: site.yaml and the Markdown in content/."""
        content = root / routes.CONTENT_FOLDER
        found = [routes.SETTINGS_FILE] if (root / routes.SETTINGS_FILE).is_file() else []
        if content.is_dir():
            found += [path.relative_to(root).as_posix() for path in content.rglob(f"*{routes.MARKDOWN}") if path.is_file()]
        return sum(self.shows(path) for path in found)


def scope_of(args: argparse.Namespace) -> Scope:
    """The scope the arguments ask for; ValueError (a usage error) for an unknown city or a
    path outside the site. A file given where the site folder goes is a PATH in the current folder's site."""
    paths: list[Path] = list(args.paths)
    if args.site_dir.exists() and not args.site_dir.is_dir():
        paths.insert(0, args.site_dir)
        args.site_dir = Path()
    root = args.site_dir.resolve()
    prefixes: list[str] = []
    for city in args.city:
        folders = routes.owned_folders(city)  # its guide, events, directory and groups
        if not any((root / folder).is_dir() for folder in folders):
            known = sorted(entry.name for entry in (root / routes.CITY.top).glob("*") if entry.is_dir())
            raise ValueError(f"unknown city `{city}` (known cities: {', '.join(known) or 'none'})" + suggest(city, known))
        prefixes += folders
    for path in paths:
        try:
            relative = path.resolve().relative_to(root).as_posix()
        except ValueError:
            raise ValueError(f"{path} is not inside the site folder {args.site_dir}") from None
        prefixes.append("" if relative == "." else relative + "/" if path.is_dir() else relative)
    if "" in prefixes:
        return Scope()
    named = [*args.city, *(prefix.rstrip("/") for prefix in prefixes[len(routes.owned_folders("")) * len(args.city) :])]
    return Scope(tuple(prefixes), ", ".join(named) if len(named) <= 3 else f"{len(named)} cities and paths")


def summary(site_dir: Path, scope: Scope, shown: list[ContentError], hidden: list[ContentError], pages: int | None) -> str:
    """`SITE: 25 files checked (216 pages): no errors, 2 warning(s)`, naming the choice and what it left out."""
    errors = sum(problem.severity == ERROR for problem in shown)
    warnings = len(shown) - errors
    files = scope.files(site_dir)
    counted = f"{files} file{'' if files == 1 else 's'}" + (f" of {scope.label}" if scope.prefixes else "") + " checked"
    counted += f" ({pages} pages)" if pages is not None and not scope.prefixes else ""
    told = (f"{errors} error(s)" if errors else "no errors") + ", " + (f"{warnings} warning(s)" if warnings else "no warnings")
    if hidden:
        hidden_errors = sum(problem.severity == ERROR for problem in hidden)
        told += f"; not shown: {hidden_errors} error(s) and {len(hidden) - hidden_errors} warning(s) in other files"
    return f"{site_dir}: {counted}: {told}"
