"""Spread the rendering over processes, with output independent of the number of jobs.

The work is cut into tasks (each language's calendars and feeds, the longest, first; then
slices of pages); workers return each task's files as they finish them, and the parent
writes them as they come, so no finished task waits in memory behind a longer one. No
file's bytes depend on which task ran first or where: `--jobs 1` and `--jobs 8` give
byte-identical sites (tests/test_incremental.py). Workers are forked after the site is
assembled, so they share the model instead of rebuilding or pickling it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from multiprocessing.synchronize import Event as Cancelled

from generator.core import heap
from generator.core.keep import Keep
from generator.core.memo import NO_MEMO, Memo, Taken

Files = list[tuple[str, bytes | Keep]]
Task = Callable[[], Files]

_TASKS: list[Task] = []
_MEMO: Memo = NO_MEMO
_CANCELLED: Cancelled | None = None
"""A worker's tasks, set once in each worker as it starts (`_adopt`); the parent's stays empty.
Workers are forked, so the tasks (closures over the model) reach them without pickling."""


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _adopt(tasks: list[Task], memo: Memo, cancelled: Cancelled) -> None:
    """Runs in each worker only, as it starts. Ctrl-C is the parent's to handle: a worker
    killed by it mid-task would leave its task unanswered, and the pool waiting for ever."""
    global _TASKS, _MEMO, _CANCELLED
    _TASKS, _MEMO, _CANCELLED = tasks, memo, cancelled
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_task(index: int) -> tuple[Files, Taken]:
    """A task's files, and what it put in and found in the build's memo (a worker never writes
    the database); nothing once the build has stopped (`run`)."""
    if _CANCELLED is not None and _CANCELLED.is_set():
        return [], Taken()
    return _TASKS[index](), _MEMO.take_new()


def run(tasks: list[Task], jobs: int, memo: Memo = NO_MEMO) -> Iterator[Files]:
    """Each task's files, in task order with one job (or no fork on this platform: in-process),
    else as the workers finish them (a long task first keeps both cores busy to the end).
    What the tasks put in `memo` in a worker is put in the parent's, and what they found there counts as used.

    When the caller stops early (a refused write, Ctrl-C), the tasks not started yet are
    skipped, the running ones finish, and the workers end. Not `Pool.terminate`: it stops the
    thread that reads the workers' results after one more message, so a worker in the middle
    of sending a large one blocks, holding the results' lock that `terminate` then waits for:
    a build that failed hung for ever (tests/test_build.py, under load)."""
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield task()
        return
    # The model and the planned pages are shared with the workers copy-on-write. Settled,
    # the garbage collector of a worker never walks them (a walk writes to every object
    # and so copies every page of memory into each worker).
    with heap.scope():
        heap.settle()
        context = multiprocessing.get_context("fork")
        cancelled = context.Event()
        # A forked worker gets its initializer's arguments as they are in memory, never pickled.
        pool = context.Pool(min(jobs, len(tasks)), initializer=_adopt, initargs=(tasks, memo, cancelled))
        finished = False
        try:
            for files, found in pool.imap_unordered(_run_task, range(len(tasks))):
                memo.merge(found)
                yield files
            finished = True
        finally:
            if not finished:
                cancelled.set()
            pool.close()
            pool.join()  # the results still coming are read and dropped by the pool's own thread
