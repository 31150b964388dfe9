"""serve's save → served, many times over, on a network run.py wrote (`run.py --keep DIR`).

run.py measures each edit once at 40k; this starts `chapters serve` once and times N saves
of an event's text and M of a city's summary the way run.py does (`Server.latency`: the page
fetched when the event stream announces a build, as serve's reload script does), and prints
every figure and the medians.

    .venv/bin/python benchmarks/serve_latency.py NETWORK [--generator DIR] [--events 25] [--cities 5]

NETWORK is a network folder of `run.py --keep` (`DIR/network-40k`); its files are restored
at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # a sibling script, not a package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("network", type=Path)
    parser.add_argument("--generator", type=Path, help="a folder holding the generator/ to measure (default: this checkout's)")
    parser.add_argument("--events", type=int, default=25, help="saves of the event's text")
    parser.add_argument("--cities", type=int, default=5, help="saves of the city's summary")
    args = parser.parse_args()
    run.ENV["PYTHONPATH"] = str((args.generator or run.REPO).resolve())
    edits = run.Edits(args.network)
    server = run.Server([sys.executable, "-u", "-m", "generator", "serve", str(args.network), "--port", "0", "--now", run.NOW])
    try:
        started = server.wait_serving(run.SERVE_TIMEOUT)
        server.listen()
        print(f"serving after {started.seconds:.1f} s", flush=True)
        for name, edit, page, count in (("one event's text", edits.edit_event, edits.event_page, args.events),
                                        ("one city's summary", edits.edit_city, edits.city_page, args.cities)):
            seconds = [server.latency(edit, page, run.SERVE_TIMEOUT).seconds for _ in range(count)]
            print(f"{name}: median {statistics.median(seconds):.3f} s, {min(seconds):.3f}–{max(seconds):.3f} s over {count} saves: "
                  + " ".join(f"{value:.3f}" for value in seconds), flush=True)
    finally:
        server.stop()
        edits.restore()


if __name__ == "__main__":
    main()
