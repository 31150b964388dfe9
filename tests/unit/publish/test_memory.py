"""The in-memory publisher of `chapters serve`: each file made when first asked for, and once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from generator.publish.memory import InMemory, Once
from generator.publish.outputs import Group, Outputs


class FakeRenderer:
    def __init__(self, made: list[str]) -> None:
        self.made = made

    def render(self, page: Any) -> bytes:
        self.made.append(page)
        return f"<p>{page}</p>".encode()


def published(made: list[str]) -> InMemory:
    def file(name: str) -> Callable[[], bytes]:
        def make() -> bytes:
            made.append(name)
            return name.encode()
        return make

    def group(lang: str) -> Callable[[], list[tuple[str, bytes]]]:
        def make() -> list[tuple[str, bytes]]:
            made.append(f"calendars {lang}")
            return [(f"{lang}/events.ics", b"BEGIN:VCALENDAR"), (f"{lang}/cities/x/events.ics", b"BEGIN:VCALENDAR")]
        return make

    outputs = Outputs(
        FakeRenderer(made),  # type: ignore[arg-type]
        {"index.html": "home", "de/index.html": "home de"},  # type: ignore[dict-item]
        tuple(Group(f"calendars {lang}", lambda path, lang=lang: path.startswith(f"{lang}/") and path.endswith(".ics"), group(lang))  # type: ignore[misc]
              for lang in ("en", "de")),
        {"static/style.css": file("static/style.css"), "robots.txt": file("robots.txt")},
    )
    memory = InMemory()
    assert memory.publish(outputs).files == 4
    return memory


def test_publishing_makes_nothing_and_asking_whether_a_page_or_file_exists_makes_nothing() -> None:
    made: list[str] = []
    memory = published(made)
    assert "index.html" in memory and "static/style.css" in memory and "nothing.html" not in memory
    assert made == []


def test_each_file_is_made_once_when_first_asked_for() -> None:
    made: list[str] = []
    memory = published(made)
    assert memory["static/style.css"] == b"static/style.css"
    assert memory["de/index.html"] == b"<p>home de</p>"
    assert memory["de/index.html"] == b"<p>home de</p>"
    assert made == ["static/style.css", "home de"]


def test_a_group_is_made_only_for_one_of_its_own_files() -> None:
    made: list[str] = []
    memory = published(made)
    assert "de/events.ics" in memory and "de/cities/y/events.ics" not in memory
    assert memory["de/cities/x/events.ics"] == b"BEGIN:VCALENDAR"
    with pytest.raises(KeyError):
        memory["feed.xml"]
    assert made == ["calendars de"]


def test_threads_asking_for_the_same_page_at_once_render_it_once() -> None:
    started = threading.Barrier(8, timeout=10)
    calls: list[int] = []

    def slow() -> bytes:
        calls.append(1)
        return b"page"

    once: Once[bytes] = Once(slow)
    results: list[bytes] = []

    def ask() -> None:
        started.wait()
        results.append(once.get())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert (results, calls) == ([b"page"] * 8, [1])


def test_a_publisher_holds_one_build() -> None:
    memory = published([])
    with pytest.raises(RuntimeError):
        memory.publish(memory.outputs)
