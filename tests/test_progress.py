"""The progress line: drawn on a terminal after two seconds, never in CI or a log."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from generator.publish import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticking(step: float) -> Callable[[], float]:
    moments = iter(range(10_000))
    return lambda: next(moments) * step


def test_a_slow_build_on_a_terminal_shows_progress_and_cleans_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    screen = Terminal()
    assert list(progress.track(range(10), 10, screen, ticking(0.5))) == list(range(10))
    drawn = screen.getvalue()
    assert "] 100% 10/10 files, 0 s left" in drawn
    assert " 40% 4/10 files" in drawn  # first drawn after two seconds (the fifth tick)
    assert " 30% " not in drawn
    assert drawn.endswith("\r")


def test_a_quick_build_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    screen = Terminal()
    list(progress.track(range(10), 10, screen, ticking(0.01)))
    assert screen.getvalue() == ""


def test_ci_and_logs_stay_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    screen = Terminal()
    list(progress.track(range(10), 10, screen, ticking(1.0)))
    assert screen.getvalue() == ""
    monkeypatch.delenv("CI")
    log = io.StringIO()  # not a terminal
    list(progress.track(range(10), 10, log, ticking(1.0)))
    assert log.getvalue() == ""
