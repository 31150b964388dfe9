"""publish/parallel.py: tasks spread over forked workers; a build that stops early ends its workers without hanging."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.publish import parallel


def test_the_files_of_every_task_come_back_whatever_the_number_of_jobs(tmp_path: Path) -> None:
    tasks: list[parallel.Task] = [lambda index=index: [(f"page-{index}.html", b"x" * index)] for index in range(12)]  # type: ignore[misc]
    one = sorted(path for files in parallel.run(tasks, 1) for path, _ in files)
    two = sorted(path for files in parallel.run(tasks, 2) for path, _ in files)
    assert one == two == sorted(f"page-{index}.html" for index in range(12))


def test_a_caller_that_stops_early_skips_the_tasks_not_started_and_ends_the_workers(tmp_path: Path) -> None:
    """A refused write stops the caller after the first task's files: the tasks not started
    yet are skipped, the workers end, and nothing waits for ever (`Pool.terminate` could:
    a worker sending a large result held the lock it waits for). Each task leaves a mark."""
    def task(index: int) -> parallel.Files:
        (tmp_path / f"ran-{index}").touch()
        return [(f"big-{index}", b"x" * 4_000_000)]  # larger than a pipe's buffer: sent in many writes

    tasks: list[parallel.Task] = [lambda index=index: task(index) for index in range(40)]  # type: ignore[misc]
    stopped = threading.Event()

    def consume() -> None:
        results = parallel.run(tasks, 2)
        next(results)
        results.close()  # what a refused write does to the generator
        stopped.set()

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    assert stopped.wait(60), "the workers did not end"
    assert len(list(tmp_path.glob("ran-*"))) < 40
