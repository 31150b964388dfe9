"""Profile one cold `chapters build` of a synthetic network with cProfile.

    .venv/bin/python benchmarks/profile_build.py --size 10k [--site DIR] [--keep DIR] [--top 40]

Writes the network (or uses `--site`, an existing one from make_network.py), runs
`python -m cProfile -o build.prof -m generator build SITE --out OUT --now ...` into a fresh
output folder, and prints the functions with the largest cumulative time, then the largest
own time. cProfile slows Python code down (roughly 1.5-2× here) but not the Pagefind
subprocess, so read the figures as shares, not as the build's real speed. The .prof file
stays in the work folder for `python -m pstats` or snakeviz. Like run.py, it runs a copy of
generator/ and themes/ taken at the start.

(Named profile_build.py, not profile.py: a script's folder comes first on sys.path, and a
profile.py there would shadow the standard library module cProfile imports.)
"""

from __future__ import annotations

import argparse
import io
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_network  # noqa: E402
import run  # noqa: E402  (its snapshot of the generator)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="10k", help="network size in HTML pages (default 10k)")
    parser.add_argument("--site", type=Path, help="profile this existing site folder instead of writing one")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one, deleted)")
    parser.add_argument("--generator", type=Path, help="profile the copy of generator/ and themes/ in this folder (a run.py work folder's generator-snapshot) instead of the repository's")
    parser.add_argument("--top", type=int, default=40, help="how many functions to list (default 40)")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="chapters-profile-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        print(f"generator: {run.snapshot(base, args.generator or run.REPO)}", flush=True)
        site = args.site
        if site is None:
            site = base / f"network-{args.size}"
            counts = make_network.generate(site, make_network.parse_size(args.size))
            print(f"network: {counts['files']} content files, {counts['expected_pages']} pages expected", flush=True)
        out, profile = base / "out", base / "build.prof"
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "generator", "build", str(site), "--out", str(out), "--now", make_network.NOW]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=run.CWD, env=run.ENV)
        print(f"profiled build: {time.perf_counter() - started:.1f} s wall (with cProfile's overhead)\n")
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(str(profile), stream=text).strip_dirs().sort_stats(order).print_stats(args.top)
            print(f"--- by {order} ---")
            print(text.getvalue().split("\n\n", 1)[-1] if "ncalls" in text.getvalue() else text.getvalue())
        if args.keep:
            print(f"profile: {profile}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
