"""Where one rebuild's time goes, stage by stage, without a profiler.

cProfile's overhead falls on code that makes many small calls and hides the rest, which
misled an earlier round of this work; this wraps the pipeline's stages in timers instead
and prints each stage's wall seconds for one rebuild of an already built site.

    .venv/bin/python benchmarks/phases.py SITE OUT [--edit text|title] [--generator DIR] [--jobs N]

SITE must have been built into OUT before (by `chapters build SITE --out OUT --no-search
--now 2026-11-21T12:00:00+00:00`); the edit is made to the site's first event file.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

NOW = "2026-11-21T12:00:00+00:00"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--edit", choices=("text", "title"), default="text")
    parser.add_argument("--generator", type=Path, help="a folder holding the generator/ to measure (default: this checkout's)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.generator is not None:
        sys.path.insert(0, str(args.generator.resolve()))
    from generator import pipeline
    from generator.core.options import Options
    from generator.publish import output_files, page_cache, store, update

    times: dict[str, float] = {}

    def timed(label: str, real: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(real)
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                times[label] = times.get(label, 0.0) + time.perf_counter() - started
        return run

    for name, label in (("load_site", "read every content file"), ("assemble", "assemble the model"), ("warn", "warnings"),
                        ("keys_of", "every city's key"), ("_known_network", "the network's listings kept"),
                        ("_known_cities", "kept cities' plans checked and decoded"), ("plan_sliced", "plan"),
                        ("check_links", "link check"), ("remember_cities", "remember the cities' plans")):
        setattr(pipeline, name, timed(label, getattr(pipeline, name)))
    walk = output_files.OutputFiles.walk.__func__  # type: ignore[attr-defined]
    output_files.OutputFiles.walk = classmethod(timed("walk the output", walk))  # type: ignore[method-assign, assignment]
    page_cache.PageCache.save = timed("save the page cache", page_cache.PageCache.save)  # type: ignore[method-assign]
    store.Store.save = timed("save the memo", store.Store.save)  # type: ignore[method-assign]
    update.update = timed("make and write the files (workers included)", update.update)

    event = min((args.site / "content" / "events").glob("*/*.md"))
    text = event.read_text(encoding="utf-8")
    if args.edit == "title":
        event.write_text(text.replace("title: ", f"title: Edited {time.time():.0f} ", 1), encoding="utf-8")
    else:
        event.write_text(text + f"\nEdited by phases.py at {time.time():.0f}.\n", encoding="utf-8")
    started, cpu = time.perf_counter(), time.process_time()
    built = pipeline.build(args.site, args.out, Options(now=datetime.fromisoformat(NOW)), jobs=args.jobs, search=False)
    total = time.perf_counter() - started
    if built is None:
        raise SystemExit("the build found nothing to do")
    print(f"{event.relative_to(args.site)} ({args.edit}): {total:.2f} s wall, {time.process_time() - cpu:.2f} s CPU in this process; "
          f"{len(built.rendered)} pages rendered, cities planned: {', '.join(built.planned_cities) or 'none'}")
    for label, seconds in sorted(times.items(), key=lambda item: -item[1]):
        print(f"  {label:48s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
