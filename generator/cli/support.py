"""What the subcommands share: site arguments, options from them, and printing errors.

Kept apart from cli.py so that command modules can use it without importing the table
of commands that imports them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from generator.core.errors import ERROR, ContentError
from generator.core.options import Options


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r} (e.g. 2026-11-21T12:00:00+00:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every command that reads a site shares."""
    parser.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR", help="the site folder (default: .)")
    parser.add_argument("--now", type=parse_now, help="pin 'now' (ISO date-time; naive means UTC) for reproducible builds")
    parser.add_argument("--drafts", action="store_true", help="include pages and events marked `draft: yes`")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too (an event in the past, text left from `chapters new`, ...)")


def options_from(args: argparse.Namespace) -> Options:
    since = getattr(args, "since", None)  # only `check` looks for new files (CheckCommand)
    return Options(now=args.now or datetime.now(UTC), drafts=args.drafts, strict=args.strict, since=since)


def print_errors(errors: list[ContentError], style: str = "text") -> None:
    """Errors and warnings as `path:line:column: error: message` (or `warning:`), or as GitHub
    workflow commands (`::error` or `::warning`). The count ends a list that has errors."""
    for error in errors:
        if style == "github":
            where = error.location
            print(f"::{error.severity} file={_escape_property(where.path)},line={where.line},col={where.column}::{_escape_data(error.message)}")
        else:
            print(error, file=sys.stderr)
    failed = sum(error.severity == ERROR for error in errors)
    if style != "github" and (failed or not errors):
        warned = f" and {len(errors) - failed} warning(s)" if failed < len(errors) else ""
        print(f"{failed} error(s){warned}; nothing was written", file=sys.stderr)


def _escape_data(text: str) -> str:
    """A workflow command's message: a line break in it would start a command of its own."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value (a path from the pull request, which may hold `,`, `:` or a line break)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
