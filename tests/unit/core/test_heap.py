"""What a build tells the garbage collector, and that it leaves it as it found it."""

from __future__ import annotations

import gc

from generator.core import heap


def test_paused_stops_collections_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with heap.paused():
        assert not gc.isenabled()
        with heap.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner block does not enable what the outer paused
    assert gc.isenabled()


def test_settled_objects_are_walked_again_after_the_outermost_scope() -> None:
    assert gc.get_freeze_count() == 0
    with heap.scope():
        kept = [object() for _ in range(10)]
        heap.settle()
        assert gc.get_freeze_count() >= len(kept)
        with heap.scope():  # parallel.run inside a build
            heap.settle()
        assert gc.get_freeze_count() >= len(kept)  # still settled: only the outermost scope lets go
    assert gc.get_freeze_count() == 0
