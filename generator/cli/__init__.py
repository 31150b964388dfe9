"""The `chapters` command: a table of subcommands, each a module with `add_arguments` and `run`.

`main(argv)` returns the exit status, so tests call it without a subprocess: 0 for
success, 1 for content errors (printed as `path:line:column: error: message`), 2 for
wrong usage (argparse's own convention). `chapters` alone prints the help and exits 0, as
`chapters --help` does: it is how a newcomer asks what the command can do.

The top layer: it may import every other package; nothing imports it (import-linter's
layers contract, pyproject.toml).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Any

from generator import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build the site into SITE_DIR/site/", "generator.cli.commands:BuildCommand"),
    "check": ("validate the content; write nothing", "generator.cli.commands:CheckCommand"),
    "serve": ("preview the site locally, rebuilding on every change", "generator.cli.serve"),
    "changes": ("summarize, in Markdown, what the working tree changes on the public site since BASE", "generator.cli.changes"),
    "new": ("start a new event, city, guide section, handbook chapter, recommendation or interest group from a template", "generator.authoring.scaffold"),
    "schema": ("write the JSON Schemas editors use to complete and check front matter", "generator.authoring.json_schema"),
    "codeowners": ("write .github/CODEOWNERS: each city's folders to its ambassadors", "generator.cli.codeowners"),
}
"""Subcommand name → (help, where its `add_arguments(parser)` and `run(args) -> int` live)."""

EXAMPLES: dict[str, str] = {
    "build": "chapters build . --out public",
    "check": "chapters check --city almaty",
    "serve": "chapters serve . --city berlin",
    "changes": "chapters changes origin/main",
    "new": 'chapters new event . --city almaty --title "Garden party" --start "2026-12-05 15:00"',
    "schema": "chapters schema",
    "codeowners": "chapters codeowners --check",
}
"""One example per command, shown at the end of its `--help`."""

MORE = "How to publish, step by step: CONTRIBUTING.md; every field of the content: docs/content.md."


def epilog(example: str) -> str:
    """The end of a `--help`: one example, and where to read on."""
    return f"example:\n  {example}\n\n{MORE}"


def _load(target: str) -> Any:
    module, _, attribute = target.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def _parser(argv: list[str]) -> argparse.ArgumentParser:
    """Only the chosen subcommand's module is imported (all of them for `--help`)."""
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = argparse.ArgumentParser(prog="chapters", description="Build the city chapter sites of an open expat network.",
                                     epilog=epilog("chapters new event --city almaty --title Picnic --start 2026-12-05 && chapters check"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"chapters {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, target) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text, epilog=epilog(EXAMPLES[name]),
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        if chosen is None or chosen == name or chosen not in COMMANDS:
            command = _load(target)
            command.add_arguments(sub)
            sub.set_defaults(run=command.run)
            _kind_epilogs(sub, getattr(command, "EXAMPLES", {}))
    return parser


def _kind_epilogs(parser: argparse.ArgumentParser, examples: dict[str, str]) -> None:
    """A command with kinds of its own (`new event`, `new city`) gives each kind's example."""
    for action in parser._actions:  # argparse lists subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            for kind, kind_parser in action.choices.items():
                kind_parser.epilog = epilog(examples[kind])
                kind_parser.formatter_class = argparse.RawDescriptionHelpFormatter


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = _parser(arguments)
    if not arguments:  # `chapters` alone: what it can do, as `chapters --help` shows it
        parser.print_help()
        return 0
    args = parser.parse_args(arguments)
    return int(args.run(args))


def run() -> None:
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader went away (`chapters check | head -1`): no traceback, and status 1 as
        # Python itself gives, since part of the answer was lost. Point stdout at nothing so
        # the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        # A backstop: each command says which file it could not write; anything else that
        # meets a full disk or a read-only folder (a temporary file, say) still gets one line.
        from generator.publish.write import is_refusal, reason

        if not is_refusal(exc):
            raise
        where = f"{os.fsdecode(exc.filename)}: " if exc.filename is not None else ""
        print(f"chapters: error: {where}{reason(exc)}", file=sys.stderr)
        sys.exit(1)
