"""A kept page as the memo holds it comes back as it was; anything else is a miss."""

from __future__ import annotations

import pytest

from generator.plan.pages import KeptPage


def test_a_kept_page_comes_back_as_it_was() -> None:
    page = KeptPage("/cities/a/", "de", "/de/cities/a/", "key", ("content/cities/a/index.md", "content/cities/a/index.de.md"), "content/cities/a/index.de.md", None)
    assert KeptPage.from_json(page.to_json()) == page


@pytest.mark.parametrize("value", [
    None, [], ["/a/", "de", "/de/a/", "key", [], None], ["/a/", "de", "/de/a/", "key", [], None, None, None], ["/a/", "de", "/de/a/", 1, [], None, None],
    ["/a/", "de", "/de/a/", "key", "sources", None, None], ["/a/", "de", "/de/a/", "key", [1], None, None], ["/a/", "de", "/de/a/", "key", [], 1, None],
    ["/a/", "de", "/de/a/", "key", [], None, ["x"]], ("/a/", "de", "/de/a/", "key", [], None, None),
])
def test_anything_else_is_not_a_kept_page(value: object) -> None:
    with pytest.raises(ValueError, match="not a page"):
        KeptPage.from_json(value)
