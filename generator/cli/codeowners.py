"""`chapters codeowners`: write .github/CODEOWNERS from site.yaml and the cities' ambassadors.

With branch protection's "require review from code owners", an ambassador approves the
pull requests that touch their own city's folders and the maintainers approve the rest,
so nobody needs the keys to the whole network to publish a picnic (plan/owners.py says who).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from generator.cli.support import print_errors
from generator.content.assemble import assemble
from generator.core.errors import ErrorReport
from generator.core.options import Options
from generator.plan.owners import MARKER, render_codeowners
from generator.publish.write import WriteFailed, write_file
from generator.source.load import load_site


def repository_root(folder: Path) -> Path | None:
    """The top of the git work tree holding `folder`, or None outside git (or without git)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return Path(result.stdout.strip()) if result.returncode == 0 and result.stdout.strip() else None


def _site_prefix(site_dir: Path, top: Path) -> str:
    relative = site_dir.resolve().relative_to(top.resolve()).as_posix()
    return "" if relative == "." else f"{relative}/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR", help="the site folder (default: .)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if CODEOWNERS is missing or out of date")
    parser.add_argument("--force", action="store_true", help="replace a CODEOWNERS file that was written by hand")


def run(args: argparse.Namespace) -> int:
    site_dir: Path = args.site_dir
    report = ErrorReport()
    source = load_site(site_dir, report)
    site = assemble(source, Options(now=datetime.now(UTC), drafts=True), report) if source is not None else None
    if report or site is None:
        print_errors(report.sorted())
        return 1
    top = repository_root(site_dir) or site_dir
    path = top / ".github" / "CODEOWNERS"
    text = render_codeowners(site, _site_prefix(site_dir, top))
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if args.check:
        if current != text:
            state = "is missing" if current is None else "does not match the ambassadors and maintainers"
            print(f"chapters: error: {_shown(path)} {state}: run `chapters codeowners` and commit it", file=sys.stderr)
            return 1
        print(f"{_shown(path)} is up to date")
        return 0
    if current is not None and not current.startswith(MARKER) and not args.force:
        print(f"chapters: error: {_shown(path)} was not written by `chapters codeowners`: move its rules into site.yaml or pass --force to replace it", file=sys.stderr)
        return 1
    try:
        write_file(path, text.encode("utf-8"), _shown(path))  # whole or not at all: a full disk never leaves half the rules
    except WriteFailed as exc:
        print(f"chapters: error: {exc} (the file is as it was)", file=sys.stderr)
        return 1
    print(_shown(path))
    return 0


def _shown(path: Path) -> Path:
    """The path relative to the working folder where it is inside it, as people typed it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
