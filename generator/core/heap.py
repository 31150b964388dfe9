"""Python's cyclic garbage collector, told what a build keeps.

A build makes millions of objects that live until it ends (the files as read, the model, the
planned pages) and hardly any reference cycles. The collector cannot know that: each time
the objects it tracks have grown by a quarter it walks all of them, a dozen full walks while
a 40k network is read, assembled and planned (1.4 s of a 7 s rebuild, timed with
`gc.callbacks`). So the check runs with the collector paused (`paused`), and what it made is
then left out of the collector's walks (`settle`: `gc.freeze`) until the build's `scope`
ends. Reference counting still frees every object as soon as nothing uses it; only garbage
in a reference cycle waits for the collector.

serve keeps a build's model between saves and each save makes a few objects more: without
`settle` after each save, every 18th or so walked all of them (1.5 s at 40k, timed with
`gc.callbacks`). It settles after each save, and every `serve.RESETTLE` saves releases,
collects and settles again, so the garbage in cycles a save leaves (about a hundred
objects) is freed too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block (a stage that makes long-lived, acyclic data)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Leave everything alive now out of the collector's walks, until the outermost `scope` ends.
    Before a fork it also keeps the workers' collectors from writing to every shared object,
    which would copy each page of memory into each worker."""
    gc.freeze()


@contextmanager
def scope() -> Iterator[None]:
    """What is settled inside the block is walked again after it (the outermost block only:
    a process that builds again and again, serve or the tests, does not keep old builds settled)."""
    outermost = gc.get_freeze_count() == 0
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


def release() -> None:
    """Walk everything settled again, from the next collection on: the end of a process that
    settled outside a `scope` (serve settles what each good build keeps), or now and then
    during it, so that garbage in a cycle among settled objects is freed at last."""
    gc.unfreeze()


def collect() -> None:
    """Collect now, every generation."""
    gc.collect()
