"""viewdata.py, the theme's API: each page kind gets its own typed view, the templates read
nothing else, every field is explained, and docs/theming.md lists them all.

docs/theming.md's reference part is made from the dataclasses by `reference()` below; after
changing a view, write it again with

    .venv/bin/python -m tests.unit.plan.test_viewdata
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import sys
from datetime import datetime
from functools import cache
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta

from generator.content import markdown as markdown_module
from generator.core import routes
from generator.core.options import Options
from generator.pipeline import Checked, check
from generator.plan import chapter_map, viewdata
from generator.plan.pages import Page

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "theming.md"
TEMPLATES = ROOT / "themes" / "default" / "templates"
SMALL = ROOT / "tests" / "fixtures" / "sites" / "small"
EVERYDAY = ROOT / "tests" / "fixtures" / "sites" / "everyday"
"""Recommendations, interest groups and community channels (issue 18): the page kinds the small fixture lacks."""
NOW = "2026-11-21T12:00:00+00:00"
BEGIN, END = "<!-- reference: made by tests/unit/plan/test_viewdata.py -->", "<!-- end of reference -->"
NESTED: dict[str, type] = {
    **{name: value for name, value in vars(viewdata).items()
       if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == viewdata.__name__},
    "ChapterMap": chapter_map.ChapterMap, "Point": chapter_map.Point, "Heading": markdown_module.Heading,
}
"""Every dataclass a view may hold, by the name its fields' types spell."""
OUTSIDE = {
    "ChapterMap": ("The home page's map: an SVG drawing in degrees (east right, north up).", {
        "view_box": "The SVG `viewBox` that frames every point.", "radius": "A point's circle radius.",
        "font_size": "The labels' font size.", "points": "One per chapter with a location.",
    }),
    "Point": ("A chapter on the map.", {
        "name": "The city's name.", "path": "The city page's address.", "lat": "Latitude.", "lon": "Longitude.",
        "x": "The circle's x.", "y": "The circle's y.", "label_x": "The label's x.", "label_y": "The label's y.",
        "anchor": "`start`, `end` or `middle`: the SVG `text-anchor` of the label.",
    }),
    "Heading": ("A `##` or `###` heading of a page's text.", {
        "level": "2 or 3.", "id": "The heading's id on the page (a link's `#fragment`).", "text": "The heading's text.",
    }),
}
"""What the dataclasses of other modules (not the theme's own API) hold, for docs/theming.md."""
JINJA = {"_", "range", "loop", "lipsum", "dict", "cycler", "joiner", "namespace", "gettext", "ngettext"}


@cache
def checked() -> Checked:
    return check(SMALL, Options(now=datetime.fromisoformat(NOW)))


@cache
def everyday() -> Checked:
    return check(EVERYDAY, Options(now=datetime.fromisoformat(NOW)))


def planned() -> list[Page]:
    return checked().pages + everyday().pages


def kind_of(path: str) -> routes.Output:
    found = routes.output_for(path, checked().site.languages)
    assert found is not None, path
    return found


# each page kind gets its view


def test_every_page_kind_of_the_route_table_has_a_view() -> None:
    page_kinds = {output.name for output in routes.OUTPUTS if output.template}

    assert set(viewdata.VIEWS) == page_kinds


def test_each_planned_page_gets_its_kinds_view_and_template() -> None:
    pages = planned()
    seen = set()
    for page in pages:
        output = kind_of(page.path)
        assert type(page.view) is viewdata.VIEWS[output.name], page.path
        assert page.template == output.template, page.path
        assert isinstance(page.frame, viewdata.Frame)
        seen.add(output.name)
    assert seen == set(viewdata.VIEWS), "the small and everyday fixtures have a page of every kind"


def test_an_event_page_holds_its_facts_and_a_city_page_its_ambassadors() -> None:
    event = next(page for page in planned() if isinstance(page.view, viewdata.EventView))
    city = next(page for page in planned() if isinstance(page.view, viewdata.CityView) and page.view.ambassadors)
    assert isinstance(event.view, viewdata.EventView) and isinstance(city.view, viewdata.CityView)

    assert isinstance(event.view.facts, viewdata.EventDetails) and event.view.facts.when
    assert event.frame.json_ld and event.frame.og_type == "article"
    assert all(isinstance(person, viewdata.Person) for person in city.view.ambassadors)
    assert [feed.type for feed in city.frame.feeds].count("application/atom+xml") == 2  # the network's and the city's


# the templates read only what their views give


def variables(name: str) -> set[str]:
    """Every name a template (with base.html and macros.html) reads from its context, but the macros it imports."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    read = set().union(*(meta.find_undeclared_variables(env.parse((TEMPLATES / file).read_text())) for file in (name, "base.html", "macros.html")))
    return read - {macro.name for macro in env.parse((TEMPLATES / "macros.html").read_text()).find_all(jinja2.nodes.Macro)}


@pytest.mark.parametrize("output", [output for output in routes.OUTPUTS if output.template], ids=lambda output: output.name)
def test_a_template_reads_only_the_names_its_view_frame_and_the_renderer_give(output: routes.Output) -> None:
    assert output.template is not None
    given = {field.name for cls in (viewdata.Rendered, viewdata.Frame, viewdata.VIEWS[output.name]) for field in dataclasses.fields(cls)}

    assert variables(output.template) - JINJA <= given


def test_no_two_sources_of_names_give_the_same_name() -> None:
    shared = [field.name for cls in (viewdata.Rendered, viewdata.Frame) for field in dataclasses.fields(cls)]
    for view in set(viewdata.VIEWS.values()):
        names = shared + [field.name for field in dataclasses.fields(view)]
        assert len(names) == len(set(names)), view.__name__


# every field is typed and explained


def docstrings(cls: type) -> dict[str, str]:
    """The one-line docstring under each field of `cls` and of the classes it extends."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not dataclasses.is_dataclass(klass):
            continue
        tree = ast.parse(inspect.getsource(klass))
        body = tree.body[0].body  # type: ignore[attr-defined]
        for field, after in zip(body, [*body[1:], None], strict=True):
            if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                found[field.target.id] = " ".join(str(after.value.value).split())
    return found


def test_every_field_of_the_themes_api_has_a_docstring_and_a_concrete_type() -> None:
    for name, cls in NESTED.items():
        if cls.__module__ != viewdata.__name__:
            continue
        explained = docstrings(cls)
        for field in dataclasses.fields(cls):
            assert field.name in explained, f"{name}.{field.name} has no docstring"
            assert not re.search(r"\b(Any|list|dict|set|object)\b", str(field.type)), f"{name}.{field.name}: {field.type}"


# docs/theming.md


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def about(cls: type) -> str:
    return OUTSIDE[cls.__name__][0] if cls.__name__ in OUTSIDE else inspect.getdoc(cls) or ""


def table(cls: type) -> list[str]:
    explained = OUTSIDE[cls.__name__][1] if cls.__name__ in OUTSIDE else docstrings(cls)
    lines = ["| name | type | meaning |", "|---|---|---|"]
    lines += [f"| `{field.name}` | `{cell(str(field.type))}` | {cell(explained.get(field.name, ''))} |" for field in dataclasses.fields(cls)]
    return lines


def nested_in(cls: type) -> list[str]:
    return [name for field in dataclasses.fields(cls) for name in re.findall(r"\w+", str(field.type)) if name in NESTED]


def reference() -> str:
    """The reference part of docs/theming.md: every template, its view, and every value a view holds."""
    lines = ["## Every template", "", "Besides its view, every template gets the names of [every page](#every-page).", ""]
    kinds: dict[str, list[routes.Output]] = {}
    for output in routes.OUTPUTS:
        if output.template:
            kinds.setdefault(output.template, []).append(output)
    wanted: list[str] = []
    for template, outputs in kinds.items():
        view = viewdata.VIEWS[outputs[0].name]
        assert all(viewdata.VIEWS[output.name] is view for output in outputs)
        lines += [f"### {template}: `{view.__name__}`", ""]
        lines += [f"Page kinds: {', '.join(f'{output.name} (`{output.pattern}`)' for output in outputs)}. {inspect.getdoc(view)}", ""]
        lines += [*table(view), ""] if dataclasses.fields(view) else ["No names of its own.", ""]
        wanted += nested_in(view)
    lines += ["## Every page", ""]
    for cls in (viewdata.Rendered, viewdata.Frame):
        lines += [f"### `{cls.__name__}`", "", about(cls), "", *table(cls), ""]
        wanted += nested_in(cls)
    lines += ["## The values inside views", ""]
    done: set[str] = set()
    while wanted:
        name = wanted.pop(0)
        if name in done:
            continue
        done.add(name)
        nested = NESTED[name]
        lines += [f"### `{name}`", "", about(nested), "", *table(nested), ""]
        wanted += nested_in(nested)
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


def test_docs_theming_lists_every_template_and_every_field_as_the_code_has_them() -> None:
    text = DOC.read_text()
    assert BEGIN in text and END in text
    written = text.split(BEGIN, 1)[1].split(END, 1)[0].strip() + "\n"

    assert written == reference(), "docs/theming.md is out of date: run `.venv/bin/python -m tests.unit.plan.test_viewdata`"


def test_the_reference_names_every_field_of_every_view() -> None:
    text = reference()
    for cls in {*viewdata.VIEWS.values(), viewdata.Rendered, viewdata.Frame}:
        for field in dataclasses.fields(cls):
            assert f"| `{field.name}` |" in text, f"{cls.__name__}.{field.name}"


def update() -> None:
    text = DOC.read_text()
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(f"{before}{BEGIN}\n\n{reference()}\n{END}{after}")


if __name__ == "__main__":
    update()
    sys.exit(0)
