"""Rewrite tests/fixtures/invalid/<case>/expected.txt from what `chapters check` prints now.

Usage (from the repository root):

    .venv/bin/python tests/regenerate_expected.py             # every case
    .venv/bin/python tests/regenerate_expected.py bad-date    # only the named cases
    .venv/bin/python tests/regenerate_expected.py --dry-run   # show differences, write nothing

Each expected.txt holds the exact error lines (`path:line:column: error: message`) that
`check` prints to stderr for that site folder, without the final summary line
("N error(s); nothing was written"), which tests/test_invalid_sites.py checks separately.

The expected files are a specification, not a recording: after regenerating, read
`git diff tests/fixtures/invalid` line by line and check that every location points at
the offending key (its line, its column) and every message says what is wrong. A case
whose output shows a generator bug must keep its hand-written expected.txt.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent))

from generator import cli  # noqa: E402

INVALID = TESTS / "fixtures" / "invalid"
NOW = "2026-11-21T12:00:00+00:00"


def current_errors(case: Path) -> list[str]:
    """The error lines `check` prints for one case folder, without the summary line."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        cli.main(["check", str(case), "--now", NOW])
    lines = err.getvalue().splitlines()
    return lines[:-1] if lines and lines[-1].endswith("nothing was written") else lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case folder names (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    args = parser.parse_args(argv)
    cases = [INVALID / name for name in args.cases] or sorted(p for p in INVALID.iterdir() if p.is_dir())
    changed = 0
    for case in cases:
        if not case.is_dir():
            print(f"no such case: {case.name}", file=sys.stderr)
            return 2
        expected_file = case / "expected.txt"
        new = "".join(line + "\n" for line in current_errors(case))
        old = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
        if new == old:
            continue
        changed += 1
        print(f"--- {case.name}\n- " + "\n- ".join(old.splitlines()) + "\n+ " + "\n+ ".join(new.splitlines()))
        if not args.dry_run:
            expected_file.write_text(new, encoding="utf-8")
    print(f"{changed} case(s) {'differ' if args.dry_run else 'rewritten'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
