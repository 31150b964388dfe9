"""`chapters changes BASE`: what a pull request changes on the public site, as Markdown
(authoring/changes.py makes the summary)."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.authoring.changes import compare
from generator.cli.support import add_site_arguments, options_from, print_errors
from generator.core.errors import BuildFailed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="the git revision to compare with, e.g. origin/main")
    add_site_arguments(parser)


def run(args: argparse.Namespace) -> int:
    root: Path = args.site_dir.resolve()
    try:
        summary = compare(root, args.base, options_from(args))
    except BuildFailed as failed:
        print_errors(failed.errors)
        return 1
    if summary is None:
        return 1
    print(summary)
    return 0
