"""The starters of a recommendation and a group: what `chapters new place|group` writes and the
"Suggest a recommendation" / "Start a group" links prefill (their check through a site: tests/test_directory_content.py)."""

from __future__ import annotations

from datetime import date

from generator.content.model import PLACE_CATEGORIES
from generator.content.starters import GROUP_BODY, PLACE_BODY, group_starter, place_starter, scalar
from generator.core.errors import ErrorReport
from generator.source.frontmatter import split

DAY = date(2026, 12, 6)


def _front(text: str) -> dict[str, object]:
    report = ErrorReport()
    document = split(text, "content/directory/almaty/x.md", report)
    assert not report.errors and document is not None
    return document.data


def test_place_starter_leaves_the_name_and_fills_the_required_fields() -> None:
    text = place_starter("almaty", DAY)
    assert _front(text) == {"name": None, "category": "other", "checked": "2026-12-06"}
    assert text.endswith("---\n" + PLACE_BODY + "\n")
    assert ", ".join(PLACE_CATEGORIES) in text
    assert "# phone:" in text and "# recommended_by:" in text and "# lat:" in text


def test_place_starter_writes_a_given_name_and_category_as_yaml() -> None:
    data = _front(place_starter("almaty", DAY, name="Tailor: winter coats", category="crafts-and-repairs"))
    assert data["name"] == "Tailor: winter coats" and data["category"] == "crafts-and-repairs"


def test_group_starter() -> None:
    text = group_starter("berlin", DAY)
    assert _front(text) == {"name": None, "contact": "https://t.me/example-group"}
    assert text.endswith("---\n" + GROUP_BODY + "\n")
    assert _front(group_starter("berlin", DAY, name="Yes", contact="https://t.me/x"))["name"] == "Yes"


def test_scalar_quotes_only_where_yaml_needs_it() -> None:
    assert scalar("Ателье Мастер") == "Ателье Мастер"
    assert scalar("a # b") == "'a # b'"
    assert scalar("no") == "'no'"
