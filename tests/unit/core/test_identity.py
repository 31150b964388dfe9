"""core/identity.py: a value is found again only by the very objects it was made from, for one build after the one that used it."""

from __future__ import annotations

from generator.core.identity import ByIdentity


class Document:
    """Equal to any other: only identity tells two apart."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


def test_a_value_is_found_by_the_same_objects_never_by_equal_ones() -> None:
    first, second = Document(), Document()
    known = ByIdentity()
    known.put("step", (first,), "made")
    assert known.get("step", (first,)) == "made"
    assert known.get("step", (second,)) is None
    assert known.get("other step", (first,)) is None
    assert known.get("step", (first, second)) is None


def test_the_next_build_keeps_what_this_one_found_or_put_and_drops_the_rest() -> None:
    kept, dropped, new = Document(), Document(), Document()
    known = ByIdentity()
    known.put("step", (kept,), 1)
    known.put("step", (dropped,), 2)
    following = known.successor()
    assert following.get("step", (kept,)) == 1
    following.put("step", (new,), 3)
    last = following.successor()
    assert (last.get("step", (kept,)), last.get("step", (dropped,)), last.get("step", (new,))) == (1, None, 3)


def test_an_entry_found_keeps_the_entries_it_was_made_with() -> None:
    """A city taken whole keeps its files' front matter for the build that assembles it again."""
    city, page = Document(), Document()
    known = ByIdentity()
    with known.recording() as used:
        known.put("front matter", (page,), "facts")
    known.put("city", (city, page), "city", needs=tuple(used))
    following = known.successor()
    assert following.get("city", (city, page)) == "city"  # the front matter is not asked for here
    last = following.successor()
    assert last.get("front matter", (page,)) == "facts"
    assert known.successor().successor().get("front matter", (page,)) is None  # a build that asked for nothing keeps nothing
