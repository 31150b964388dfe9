"""The build and check subcommands. Their modules are imported only when needed, so an
up-to-date `chapters build` answers before the rendering libraries are even loaded."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from generator.cli.scope import scope_of, summary
from generator.cli.support import add_site_arguments, options_from, print_errors
from generator.core.errors import ERROR, BuildFailed
from generator.core.options import find_theme
from generator.publish import cache
from generator.publish.parallel import default_jobs
from generator.publish.write import UnsafeOutput, WriteFailed, check_output
from generator.source import changed


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs needs a whole number of at least 1, not {text!r}")
    return value


class BuildCommand:
    """`chapters build`: validate, render and publish the site."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        add_site_arguments(parser)
        parser.add_argument("--out", type=Path, help="output folder (default: SITE_DIR/site)")
        parser.add_argument("--jobs", "-j", type=_jobs, default=None, help="processes to render with (default: all cores); the output is the same for any number")
        parser.add_argument("--no-search", dest="search", action="store_false",
                            help="leave out the search index (a pull-request preview nobody searches); the default build always writes a complete site")
        parser.add_argument("--changed-since", metavar="REF",
                            help="ask git which content files changed since this git revision (uncommitted edits count); the others come from "
                                 ".chapters-cache/ by their git blob ids, unread (CI: a fresh clone with the cache restored). The output is the same")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        out = args.out or args.site_dir / "site"
        options = replace(options_from(args), changed_since=args.changed_since)
        try:
            if args.changed_since is not None:
                changed.resolve(args.site_dir, args.changed_since)  # a bad revision is an error even when the site is up to date
            check_output(out, args.site_dir)
            key = cache.fingerprint(args.site_dir, find_theme(args.site_dir), out, options, args.search) if (args.site_dir / "site.yaml").is_file() else None
            if key is not None and cache.is_fresh(args.site_dir, out, key):
                print(f"{out} is up to date: nothing changed since the last build (delete .chapters-cache/ to force one)")
                return 0
            from generator.output.search import SearchIndexFailed
            from generator.pipeline import build
            from generator.publish.write import OutputChanged

            try:
                built = build(args.site_dir, out, options, args.jobs or default_jobs(), key, args.search)
            except (SearchIndexFailed, OutputChanged) as exc:
                print(f"chapters: error: {exc}", file=sys.stderr)
                return 1
        except BuildFailed as failed:
            print_errors(failed.problems)
            return 1
        except WriteFailed as exc:
            print(f"chapters: error: {exc} (the output folder is as it was; --out chooses another)", file=sys.stderr)
            return 1
        except (UnsafeOutput, FileNotFoundError, changed.GitUnavailable) as exc:
            print(f"chapters: error: {exc}", file=sys.stderr)
            return 1
        if built is None:
            print(f"{out} is up to date: nothing changed since the last build (delete .chapters-cache/ to force one)")
            return 0
        if built.warnings:
            print_errors(list(built.warnings))
        print(f"Built {built.files} files into {out} ({len(built.rendered)} pages rendered, {built.written} files written, the rest unchanged)")
        if not args.search:
            print("The search index was left out (--no-search): the search page will not find anything.")
        print(f"Open it: python3 -m http.server --directory {out} 8000  →  http://127.0.0.1:8000/")
        print("(or preview while you edit, with live reload: chapters serve)")
        return 0


class CheckCommand:
    """`chapters check`: every problem of the content, nothing written.

    The whole site is always read and checked (a rule may span files: a host must be an
    ambassador of the city, a link must lead to a page); `--city` and PATHs only choose which
    files' problems are shown, and the exit status follows what is shown.
    """

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        add_site_arguments(parser)
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="show only the problems of these files or folders (the whole site is still checked)")
        parser.add_argument("--city", action="append", default=[], metavar="CITY", help="show only the problems of this city's files (its guide and its events); may be repeated")
        parser.add_argument("--since", default="", metavar="REF", help="warn about past events in files added or changed since this git revision (default: the merge base with site.yaml's `branch`)")
        parser.add_argument("--format", choices=("text", "github"), default="text", help="`github` prints workflow commands that annotate a pull request's diff")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        from generator.pipeline import check

        try:
            chosen = scope_of(args)
        except ValueError as exc:
            print(f"chapters check: error: {exc}", file=sys.stderr)
            return 2
        try:
            checked = check(args.site_dir, options_from(args))
            problems, pages = list(checked.warnings), len(checked.pages)
        except BuildFailed as failed:
            problems, pages = failed.problems, None
        shown = [problem for problem in problems if chosen.shows(problem.location.path)]
        if shown:
            print_errors(shown, args.format)
        if any(problem.severity == ERROR for problem in shown):
            return 1
        print(summary(args.site_dir, chosen, shown, [problem for problem in problems if not chosen.shows(problem.location.path)], pages))
        return 0
