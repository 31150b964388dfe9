"""The `chapters` command: a table of subcommands, each a module with `add_arguments` and `run`.

`main(argv)` returns the exit status, so tests call it without a subprocess: 0 for
success, 1 for content errors (printed as `path:line:column: error: message`), 2 for
wrong usage (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

from generator import __version__
from generator.assemble import Options
from generator.build import build, check
from generator.errors import BuildFailed, ContentError
from generator.write import UnsafeOutput


def parse_now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r} (e.g. 2026-11-21T12:00:00+00:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments every command that reads a site shares."""
    parser.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR", help="the site folder (default: .)")
    parser.add_argument("--now", type=parse_now, help="pin 'now' (ISO date-time; naive means UTC) for reproducible builds")
    parser.add_argument("--drafts", action="store_true", help="include pages and events marked `draft: true`")


def options_from(args: argparse.Namespace) -> Options:
    return Options(now=args.now or datetime.now(timezone.utc), drafts=args.drafts)


def print_errors(errors: list[ContentError], style: str = "text") -> None:
    """Errors as `path:line:column: error: message`, or as GitHub workflow commands."""
    for error in errors:
        if style == "github":
            where = error.location
            message = error.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error file={where.path},line={where.line},col={where.column}::{message}")
        else:
            print(error, file=sys.stderr)
    if style != "github":
        print(f"{len(errors)} error(s); nothing was written", file=sys.stderr)


class BuildCommand:
    """`chapters build`: validate, render and publish the site."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        add_site_arguments(parser)
        parser.add_argument("--out", type=Path, help="output folder (default: SITE_DIR/site)")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        out = args.out or args.site_dir / "site"
        try:
            count = build(args.site_dir, out, options_from(args))
        except BuildFailed as failed:
            print_errors(failed.errors)
            return 1
        except UnsafeOutput as exc:
            print(f"chapters: error: {exc}", file=sys.stderr)
            return 1
        print(f"Built {count} files into {out}")
        print(f"Open it: python3 -m http.server --directory {out} 8000  →  http://127.0.0.1:8000/")
        return 0


class CheckCommand:
    """`chapters check`: every problem of the content, nothing written."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        add_site_arguments(parser)
        parser.add_argument("--format", choices=("text", "github"), default="text", help="`github` prints workflow commands that annotate a pull request's diff")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        try:
            checked = check(args.site_dir, options_from(args))
        except BuildFailed as failed:
            print_errors(failed.errors, args.format)
            return 1
        print(f"{args.site_dir}: no problems found ({len(checked.pages)} pages)")
        return 0


Command = type[BuildCommand] | ModuleType

COMMANDS: dict[str, tuple[str, Command]] = {
    "build": ("build the site into SITE_DIR/site/", BuildCommand),
    "check": ("validate the content; write nothing", CheckCommand),
}
"""Subcommand name → (help, a class or module with `add_arguments(parser)` and `run(args) -> int`)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chapters", description="Build the city chapter sites of an open expat network.")
    parser.add_argument("--version", action="version", version=f"chapters {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, command) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return int(args.run(args))


def run() -> None:
    sys.exit(main())
