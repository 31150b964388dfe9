"""The `chapters` command: parse arguments, run a stage, print results, return an exit status."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

from generator import __version__
from generator.assemble import Options
from generator.build import build, check
from generator.errors import BuildFailed
from generator.write import UnsafeOutput


def _now(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r} (e.g. 2026-11-21T12:00:00+00:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chapters", description="Build the city chapter sites of an open expat network.")
    parser.add_argument("--version", action="version", version=f"chapters {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("build", "build the site into SITE_DIR/site/"), ("check", "validate the content; write nothing")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR", help="the site folder (default: .)")
        command.add_argument("--now", type=_now, help="pin 'now' (ISO date-time; naive means UTC) for reproducible builds")
        command.add_argument("--drafts", action="store_true", help="include pages and events marked `draft: true`")
        if name == "build":
            command.add_argument("--out", type=Path, help="output folder (default: SITE_DIR/site)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root: Path = args.site_dir
    options = Options(now=args.now or datetime.now(timezone.utc), drafts=args.drafts)
    try:
        if args.command == "check":
            checked = check(root, options)
            print(f"{root}: no problems found ({len(checked.pages)} pages)")
        else:
            out = args.out or root / "site"
            count = build(root, out, options)
            print(f"Built {count} files into {out}")
            print(f"Open it: python3 -m http.server --directory {out} 8000  →  http://127.0.0.1:8000/")
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"{len(failed.errors)} error(s); nothing was written", file=sys.stderr)
        return 1
    except UnsafeOutput as exc:
        print(f"chapters: error: {exc}", file=sys.stderr)
        return 1
    return 0


def run() -> None:
    sys.exit(main())
