"""Validate front-matter data against a schema; turn each failure into a located, readable error."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.core.errors import ErrorReport, Location
from generator.core.text import suggest
from generator.source.frontmatter import Path_

M = TypeVar("M", bound=BaseModel)
_UNION_TAGS = {"money", "free", "text"}

def validate(
    schema: type[M],
    data: dict[str, Any],
    locations: dict[Path_, Location],
    report: ErrorReport,
    only_in: str | None = None,
) -> M | None:
    """Return the validated model, or None after adding every problem to the report.

    `only_in` limits reported errors to one file: a translation is validated merged with its
    original, and problems located in the original are reported for the original alone.
    """
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _clean(error["loc"])
            if error["type"] == "duplicate":  # point at the repeated item, not the list
                path = (*path, error["ctx"]["index"])
            location = _locate(path, locations, missing=error["type"] == "missing")
            if only_in is None or location.path == only_in:
                report.add(location, _message(schema, error, path))
        return None


def _clean(loc: Iterable[str | int]) -> Path_:
    """Drop the names pydantic gives to union branches (`cost.money.amount` → `cost.amount`)."""
    parts = list(loc)
    return tuple(p for i, p in enumerate(parts) if not (p in _UNION_TAGS and i > 0 and parts[i - 1] == "cost"))


def _locate(path: Path_, locations: dict[Path_, Location], missing: bool) -> Location:
    """The key's own line; for a missing key, the line of the mapping that lacks it."""
    probe = path[:-1] if missing else path
    while probe not in locations and probe:
        probe = probe[:-1]
    return locations.get(probe) or locations[()]


def label(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _message(schema: type[BaseModel], error: Any, path: Path_) -> str:
    kind = error["type"]
    name = label(path)
    value = error.get("input")
    if kind == "missing":
        where = f" in `{label(path[:-1])}`" if len(path) > 1 else ""
        return f"missing required field `{path[-1]}`{where}"
    if kind == "extra_forbidden":
        known = _field_names(schema, path[:-1])
        where = f" in `{label(path[:-1])}`" if len(path) > 1 else ""
        return f"unknown field `{path[-1]}`{where}" + suggest(str(path[-1]), known)
    if kind == "duplicate":
        return f"`{label(path[:-1])}`: {error['msg']}"
    if kind == "too_long":
        actual, limit = error["ctx"].get("actual_length"), error["ctx"]["max_length"]
        count = f"{actual:,} items" if isinstance(actual, int) else f"more than {limit:,} items"
        return f"`{name}` has {count}; the limit is {limit:,} (docs/content.md, Limits)"
    if kind == "value_error":
        return f"`{name}`: {error['msg'].removeprefix('Value error, ')}"
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return f"`{name}` must be one of {expected} (got `{value}`)"
    friendly = {
        "list_type": "should be a list, e.g. `[a, b]` or one `- item` per line",
        "model_type": "should be a mapping of `key: value` lines",
        "dict_type": "should be a mapping of `key: value` lines",
        "model_attributes_type": "should be a mapping of `key: value` lines",
        "int_parsing": f"should be a whole number (got `{value}`)",
        "int_type": "should be a whole number",
        "float_parsing": f"should be a number (got `{value}`)",
        "float_type": "should be a number",
        "finite_number": "should be a finite number",
        "bool_parsing": f"should be yes or no (got `{value}`)",
        "bool_type": "should be yes or no",
        "string_type": "should be text",
        "too_short": "should list at least one item",
    }
    if kind == "list_type" and isinstance(value, str) and re.match(r"-[^\s-]", value):
        first = value.split(" -", 1)[0]  # YAML joined the lines `-a` and `-b` into the text `-a -b`
        return f"`{name}` should be a list: a list item needs a space after `-`, write `- {first[1:]}` on each line"
    if kind in friendly:
        return f"`{name}` {friendly[kind]}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"`{name}` {error['msg'].replace('Input should', 'should')} (got `{value}`)"
    return f"`{name}`: {error['msg'][0].lower()}{error['msg'][1:]}"


def _field_names(schema: type[BaseModel], path: Path_) -> list[str]:
    """The keys allowed at `path`, for "did you mean" hints."""
    model: Any = schema
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
