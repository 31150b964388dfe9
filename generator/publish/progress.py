"""A progress line with an ETA on a terminal, for builds that take more than two seconds.

Silent when the output is not a terminal or `CI` is set, so logs stay clean; quick builds
never draw it at all.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
DELAY = 2.0
WIDTH = 30


def wanted(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


def track(items: Iterable[T], total: int, stream: TextIO | None = None, now: Callable[[], float] = time.monotonic) -> Iterator[T]:
    """Yield `items`, drawing `[####    ] 40% 1200/3000 files, 6 s left` once two seconds have passed."""
    stream = stream or sys.stderr
    if not wanted(stream) or total <= 0:
        yield from items
        return
    started = now()
    drawn = False
    last = 0.0
    for done, item in enumerate(items, start=1):
        yield item
        elapsed = now() - started
        if elapsed >= DELAY and (elapsed - last >= 0.1 or done >= total):
            last = elapsed
            fraction = min(done / total, 1.0)
            left = elapsed / done * max(total - done, 0)
            bar = "#" * int(WIDTH * fraction)
            stream.write(f"\r[{bar:<{WIDTH}}] {fraction:4.0%} {done}/{total} files, {left:.0f} s left ")
            stream.flush()
            drawn = True
    if drawn:
        stream.write("\r" + " " * (WIDTH + 50) + "\r")
        stream.flush()
