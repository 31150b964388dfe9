"""content/validate.py: a schema failure becomes one located, readable message per problem."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from generator.content.schema import CityMeta, EventMeta, PageMeta, SiteMeta
from generator.content.validate import label, validate
from generator.core.errors import ErrorReport, Location
from generator.source.frontmatter import split

EVENT = "title: Picnic\nstart: 2026-12-05 12:00\n"


def check(schema: type[BaseModel], front: str, path: str = "content/x.md") -> tuple[BaseModel | None, list[str]]:
    """Validate the front matter of a file `---\\n<front>---\\n` and return the messages it gets."""
    report = ErrorReport()
    document = split("---\n" + front + "---\nBody.\n", path, report)
    assert document is not None, report.errors
    model = validate(schema, document.data, document.locations, report)
    return model, [str(error) for error in report.sorted()]


def test_valid_front_matter_gives_the_model_and_no_errors() -> None:
    model, errors = check(PageMeta, "title: Your first week\norder: 3\n")
    assert errors == []
    assert isinstance(model, PageMeta)
    assert (model.title, model.order, model.draft) == ("Your first week", 3, False)


def test_a_missing_field_is_located_at_the_opening_fence() -> None:
    model, errors = check(PageMeta, "order: 3\n")
    assert model is None
    assert errors == ["content/x.md:1:1: error: missing required field `title`"]


def test_a_missing_nested_field_is_located_at_its_mapping() -> None:
    _, errors = check(EventMeta, EVENT + "venue:\n  address: Somewhere 1\n")
    assert errors == ["content/x.md:4:1: error: missing required field `name` in `venue`"]


def test_an_unknown_field_is_at_its_line_with_a_suggestion() -> None:
    _, errors = check(EventMeta, "title: Picnic\nstrat: 2026-12-05 12:00\n")
    assert errors == [
        "content/x.md:1:1: error: missing required field `start`",
        "content/x.md:3:1: error: unknown field `strat` (did you mean `start`?)",
    ]


def test_an_unknown_nested_field_suggests_from_its_own_mapping() -> None:
    _, errors = check(EventMeta, EVENT + "venue:\n  name: Park\n  adress: Somewhere 1\n")
    assert errors == ["content/x.md:6:3: error: unknown field `adress` in `venue` (did you mean `address`?)"]


def test_an_unknown_field_under_an_aliased_key_is_named_as_written() -> None:
    _, errors = check(EventMeta, EVENT + "excep: [2026-12-12]\n")
    assert errors == ["content/x.md:4:1: error: unknown field `excep` (did you mean `except`?)"]


def test_a_list_item_is_located_and_counted_from_one() -> None:
    _, errors = check(EventMeta, EVENT + "tags:\n  - hiking\n  - Board Games\n")
    assert errors == ["content/x.md:6:5: error: `tags[2]`: `Board Games` is not a slug: use lowercase a-z, 0-9 and `-`, e.g. `board-games`"]


def test_a_literal_names_the_allowed_values() -> None:
    _, errors = check(EventMeta, EVENT + "status: canceled\n")
    assert errors == ["content/x.md:4:1: error: `status` must be one of scheduled, cancelled, postponed (got `canceled`)"]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: T\norder: first\n", "content/x.md:3:1: error: `order` should be a whole number (got `first`)"),
        ("title: T\ndraft: maybe\n", "content/x.md:3:1: error: `draft` should be yes or no (got `maybe`)"),
        ("title: [a, b]\n", "content/x.md:2:1: error: `title`: should be text, not a list or mapping"),
    ],
)
def test_type_errors_read_as_plain_words(front: str, message: str) -> None:
    assert check(PageMeta, front)[1] == [message]


def test_a_scalar_where_a_list_belongs() -> None:
    _, errors = check(EventMeta, EVENT + "tags: hiking\n")
    assert errors == ["content/x.md:4:1: error: `tags` should be a list, e.g. `[a, b]` or one `- item` per line"]


def test_a_scalar_where_a_mapping_belongs() -> None:
    _, errors = check(EventMeta, EVENT + "venue: Central Park\n")
    assert errors == ["content/x.md:4:1: error: `venue` should be a mapping of `key: value` lines"]


def test_a_number_out_of_range_says_the_bound() -> None:
    _, errors = check(EventMeta, EVENT + "venue:\n  name: Park\n  lat: 91\n")
    assert errors == ["content/x.md:6:3: error: `venue.lat` should be less than or equal to 90 (got `91`)"]


def test_cost_errors_do_not_name_the_union_branch() -> None:
    _, errors = check(EventMeta, EVENT + "cost:\n  amount: ten\n  currency: EUR\n")
    assert len(errors) == 1
    assert errors[0].startswith("content/x.md:5:3: error: `cost.amount`")
    assert "money" not in errors[0]


def test_a_duplicate_is_located_at_the_repeated_item() -> None:
    _, errors = check(SiteMeta, "title: T\nbase_url: https://example.org/\nlanguages:\n  - en\n  - de\n  - en\n")
    assert errors == ["content/x.md:7:5: error: `languages`: `en` is listed twice"]


def test_a_list_too_long_names_the_limit() -> None:
    tags = "".join(f"  - tag{n}\n" for n in range(11))
    _, errors = check(EventMeta, EVENT + "tags:\n" + tags)
    assert errors == ["content/x.md:4:1: error: `tags` has 11 items; the limit is 10 (docs/content.md, Limits)"]


def test_every_problem_of_a_file_is_reported() -> None:
    _, errors = check(CityMeta, "name: Almaty\ncountry: XX\ntimezone: Asia/Almatty\nsummery: hi\n")
    assert [error.split(": error: ")[0] for error in errors] == ["content/x.md:3:1", "content/x.md:4:1", "content/x.md:5:1"]


def test_only_in_keeps_the_problems_located_in_that_file() -> None:
    """A translation is validated merged over its original: an error of the original is the original's."""
    report = ErrorReport()
    locations = {(): Location("content/handbook/a.de.md", 1), ("order",): Location("content/handbook/a.md", 3), ("summary",): Location("content/handbook/a.de.md", 2)}
    data = {"title": "T", "order": "first", "summary": ["not", "text"]}
    assert validate(PageMeta, data, locations, report, only_in="content/handbook/a.de.md") is None
    assert [str(error) for error in report.sorted()] == ["content/handbook/a.de.md:2:1: error: `summary`: should be text, not a list or mapping"]


@pytest.mark.parametrize(
    ("path", "text"),
    [((), ""), (("venue",), "venue"), (("venue", "name"), "venue.name"), (("tags", 0), "tags[1]"), (("ambassadors", 2, "github"), "ambassadors[3].github")],
)
def test_label(path: tuple[str | int, ...], text: str) -> None:
    assert label(path) == text
