"""The `chapters` command: a table of subcommands, each a module with `add_arguments` and `run`.

`main(argv)` returns the exit status, so tests call it without a subprocess: 0 for
success, 1 for content errors (printed as `path:line:column: error: message`), 2 for
wrong usage (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType

from generator import __version__, changes, codeowners, scaffold, schemas, serve
from generator.build import build, check
from generator.cli_support import add_site_arguments, options_from, print_errors
from generator.errors import BuildFailed
from generator.search import SearchIndexFailed
from generator.write import UnsafeOutput


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
        except (UnsafeOutput, SearchIndexFailed) as exc:
            print(f"chapters: error: {exc}", file=sys.stderr)
            return 1
        print(f"Built {count} files into {out}")
        print(f"Open it: python3 -m http.server --directory {out} 8000  →  http://127.0.0.1:8000/")
        print("(or preview while you edit, with live reload: chapters serve)")
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


Command = type[BuildCommand] | type[CheckCommand] | ModuleType

COMMANDS: dict[str, tuple[str, Command]] = {
    "build": ("build the site into SITE_DIR/site/", BuildCommand),
    "check": ("validate the content; write nothing", CheckCommand),
    "serve": ("preview the site locally, rebuilding on every change", serve),
    "changes": ("summarize, in Markdown, what the working tree changes on the public site since BASE", changes),
    "new": ("start a new event, city, guide section or handbook chapter from a template", scaffold),
    "schema": ("write the JSON Schemas editors use to complete and check front matter", schemas),
    "codeowners": ("write .github/CODEOWNERS: each city's folders to its ambassadors", codeowners),
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
