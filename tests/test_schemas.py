"""The JSON Schemas for editors: committed copy current, valid draft-07, documented field by field,
accepting every demo file the build accepts and rejecting the front-matter mistakes of the
invalid fixtures.

Front matter is validated in two views: the text-keeping data of generator.source.frontmatter.split
(what the build reads) and YAML 1.2 (what the YAML language server reads: `order: 1` is a
number, `draft: true` a boolean, but `start: 2026-12-05` and `end: 22:00` are text). PyYAML's
YAML 1.1 `safe_load` is not a target: it turns `2026-12-05` into a date and `22:00` into the
number 1320, which neither the build nor an editor does.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, TESTS
from pydantic import ValidationError

from generator import cli
from generator.authoring.json_schema import FIELD_DOCS, KINDS, json_schemas, render, schema_for
from generator.content.schema import UNTRANSLATABLE, WORDS_IN_TRANSLATION
from generator.core.errors import ErrorReport
from generator.source.frontmatter import parse_yaml, split

ROOT = TESTS.parent
COMMITTED = ROOT / "schemas"
SCHEMAS = json_schemas()
REGENERATE = "run `chapters schema` (or `python -m generator schema`) in the repository root and commit schemas/"


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema, as editors read it: no timestamps, no sexagesimal, no yes/no booleans."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+0123456789.")),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    """YAML 1.2 integers are decimal: `017` is 17, not PyYAML's YAML 1.1 octal 15."""
    assert isinstance(node, yaml.ScalarNode)
    return int(loader.construct_scalar(node))


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _decimal)


def chapters(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue(), err.getvalue()


def front_matter_text(text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "\n".join(lines[1:end]) + "\n"


def views(path: Path, relative: str) -> dict[str, Any]:
    """{"text": split's data, "yaml-1.2": what an editor sees}; a view that cannot be read is left out."""
    text = path.read_text(encoding="utf-8-sig")
    found: dict[str, Any] = {}
    if relative == "site.yaml":
        report = ErrorReport()
        parsed = parse_yaml(text, relative, report)
        if parsed is not None and not report:
            found["text"] = parsed[0]
        yaml_text = text
    else:
        report = ErrorReport()
        document = split(text, relative, report)
        if document is not None and not report:
            found["text"] = document.data
        try:
            yaml_text = front_matter_text(text)
        except StopIteration:
            return found
    with contextlib.suppress(yaml.YAMLError):
        found["yaml-1.2"] = yaml.load(yaml_text, Loader=Yaml12Loader) or {}
    return found


def problems(schema_name: str, data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMAS[schema_name])
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(data)]


def site_files(root: Path) -> list[str]:
    """site.yaml and every content file of a site folder, as site-relative POSIX paths."""
    found = [p.relative_to(root).as_posix() for p in sorted((root / "content").rglob("*.md"))]
    return (["site.yaml"] if (root / "site.yaml").is_file() else []) + found


DEMO_SITES = [ROOT, *sorted(p for p in (FIXTURES / "sites").iterdir() if p.is_dir())]
DEMO_FILES = [(site, relative) for site in DEMO_SITES for relative in site_files(site)]


# The committed copy and the schemas themselves


def test_committed_schemas_are_current() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted(COMMITTED.glob("*.schema.json"))}
    expected = {name: render(schema) for name, schema in SCHEMAS.items()}
    assert committed.keys() == expected.keys(), f"schemas/ has other files than generated: {REGENERATE}"
    for name, text in expected.items():
        assert committed[name] == text, f"schemas/{name} is out of date: {REGENERATE}"


def test_schema_check_command_agrees_with_the_committed_copy() -> None:
    code, _out, err = chapters(["schema", "--check", "--out", str(COMMITTED)])
    assert code == 0, err


def test_one_schema_per_kind_and_one_per_translatable_kind() -> None:
    assert sorted(SCHEMAS) == sorted(
        [f"{k.name}.schema.json" for k in KINDS] + [f"{name}.translation.schema.json" for name in UNTRANSLATABLE]
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_valid_draft_7_with_id_title_and_description(name: str) -> None:
    schema = SCHEMAS[name]
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == name
    assert schema["title"] and schema["description"]
    assert "$defs" not in json.dumps(schema)  # draft-07 keeps them in `definitions`


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    nodes = [("", schema), *((f"{name}.", d) for name, d in schema.get("definitions", {}).items())]
    return [(prefix + key, value) for prefix, node in nodes for key, value in node.get("properties", {}).items()]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_has_a_description_for_hovers(name: str) -> None:
    undocumented = [key for key, value in _properties(SCHEMAS[name]) if not value.get("description")]
    assert not undocumented, f"add these fields to FIELD_DOCS in generator/schemas.py: {undocumented}"


def test_field_docs_name_only_existing_fields() -> None:
    documented = {(model, field) for model, fields in FIELD_DOCS.items() for field in fields}
    existing = set()
    for kind in KINDS:
        raw = kind.model.model_json_schema(by_alias=True)
        existing |= {(raw["title"], key) for key in raw["properties"]}
        existing |= {(name, key) for name, d in raw.get("$defs", {}).items() for key in d.get("properties", {})}
    assert documented - existing == set()


@pytest.mark.parametrize("kind", sorted(UNTRANSLATABLE))
def test_translation_schemas_require_nothing_and_refuse_the_fixed_fields(kind: str) -> None:
    schema = SCHEMAS[f"{kind}.translation.schema.json"]
    assert '"required"' not in json.dumps(schema)
    assert not (UNTRANSLATABLE[kind] - WORDS_IN_TRANSLATION.get(kind, frozenset())) & schema["properties"].keys()
    assert problems(f"{kind}.translation.schema.json", {}) == []


def test_a_translation_schema_takes_a_cost_in_words_only() -> None:
    assert problems("event.translation.schema.json", {"cost": "Zahl, was du magst"}) == []
    assert problems("event.translation.schema.json", {"cost": "free"}) != []
    assert problems("event.translation.schema.json", {"cost": {"amount": 5, "currency": "EUR"}}) != []


# Which file gets which schema


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("site.yaml", "site.schema.json"),
        ("content/cities/almaty/index.md", "city.schema.json"),
        ("content/cities/almaty/index.de.md", "city.translation.schema.json"),
        ("content/cities/almaty/housing.md", "section.schema.json"),
        ("content/cities/almaty/housing.ru.md", "section.translation.schema.json"),
        ("content/events/almaty/2026-12-05-garden-party.md", "event.schema.json"),
        ("content/events/almaty/2026-12-05-garden-party.de.md", "event.translation.schema.json"),
        ("content/handbook/first-week.md", "chapter.schema.json"),
        ("content/handbook/first-week.de.md", "chapter.translation.schema.json"),
        ("content/cities/almaty/photo.jpg", None),
        ("README.md", None),
    ],
)
def test_schema_for_a_path(path: str, expected: str | None) -> None:
    assert schema_for(path) == expected


def _glob(pattern: str) -> re.Pattern[str]:
    """The yaml.schemas glob dialect: `**` any folders, `*` within one name, matched at the path's end."""
    parts = re.split(r"(\*\*|\*)", pattern)
    return re.compile("(^|/)" + "".join({"**": ".*", "*": "[^/]*"}.get(p, re.escape(p)) for p in parts) + "$")


def _mapped(settings: dict[str, list[str]], relative: str) -> list[str]:
    matched = []
    for schema, globs in settings.items():
        positive = [g for g in globs if not g.startswith("!")]
        negative = [g[1:] for g in globs if g.startswith("!")]
        if any(_glob(g).search(relative) for g in positive) and not any(_glob(g).search(relative) for g in negative):
            matched.append(schema.removeprefix("./schemas/"))
    return matched


def test_vscode_settings_map_every_demo_file_to_exactly_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert sorted(s.removeprefix("./schemas/") for s in settings) == sorted(SCHEMAS)
    for _site, relative in DEMO_FILES:
        assert _mapped(settings, relative) == [schema_for(relative)], relative


# Every demo file validates, in both views


@pytest.mark.parametrize(("site", "relative"), DEMO_FILES, ids=[f"{s.name}/{r}" for s, r in DEMO_FILES])
def test_demo_front_matter_validates(site: Path, relative: str) -> None:
    name = schema_for(relative)
    assert name is not None
    found = views(site / relative, relative)
    assert found.keys() == {"text", "yaml-1.2"}
    for view, data in found.items():
        assert problems(name, data) == [], f"{view} view of {relative}"


# The invalid fixtures: mistakes within one file's front matter are rejected; nothing else is


INVALID = FIXTURES / "invalid"
REJECTED: dict[str, set[str]] = {
    "missing-required-field": {"content/events/almaty/picnic.md"},
    "unknown-field-did-you-mean": {"content/events/almaty/picnic.md"},
    "unknown-field-in-translation": {"content/events/almaty/picnic.de.md"},
    "translation-sets-untranslatable-field": {"content/events/almaty/picnic.de.md"},
    "wrong-type-list-for-text": {"content/events/almaty/picnic.md"},
    "wrong-type-order": {"content/cities/almaty/housing.md"},
    "wrong-type-text-for-list": {"content/events/almaty/picnic.md"},
    "non-http-url": {"content/events/almaty/picnic.md"},
    "unknown-currency": {"content/events/almaty/picnic.md"},
    "site-yaml-invalid": {"site.yaml"},
    "many-mistakes": {
        "content/cities/almaty/housing.md",
        "content/cities/berlin/index.md",
        "content/events/almaty/picnic.md",
        "content/handbook/visas.md",
    },
}
"""Fixture → the files the schemas must reject. Mistakes a schema cannot see are left to `chapters check`:
impossible dates and times, unknown countries, time zones and languages (only their shape is checked),
cross-field and cross-file rules (end before start, hosts, duplicates), file names, and YAML syntax."""


def rejected_files(case: str) -> dict[str, set[str]]:
    root = INVALID / case
    result: dict[str, set[str]] = {}
    for relative in site_files(root):
        name = schema_for(relative)
        for view, data in views(root / relative, relative).items():
            if name is not None and problems(name, data):
                result.setdefault(view, set()).add(relative)
    return result


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_front_matter_mistakes_of_the_invalid_fixtures_are_rejected(case: str) -> None:
    found = rejected_files(case)
    assert found.get("text", set()) == REJECTED[case]
    assert found.get("yaml-1.2", set()) == REJECTED[case]


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.iterdir() if p.is_dir()))
def test_schemas_never_reject_a_file_the_build_accepts(case: str) -> None:
    reported = {line.split(":", 1)[0] for line in (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()}
    for view, files in rejected_files(case).items():
        assert files <= reported, f"{view} view"


# Samples where YAML 1.2 and the build's text differ


@pytest.mark.parametrize(
    ("schema", "front_matter", "valid"),
    [
        ("event", "title: Picnic\nstart: 2026-12-05\nend: 2026-12-06", True),
        ("event", "title: Picnic\nstart: 2026-12-05 19:00\nend: 22:00", True),
        ("event", "title: 1984\nstart: 2026-12-05", True),
        ("event", "title: Picnic\nstart: 2026-12-05\ndraft: yes", True),
        ("event", "title: Picnic\nstart: 2026-12-05\ndraft: true", True),
        ("event", "title: Picnic\nstart: 2026-12-05\ndraft: maybe", False),
        ("event", "title: Picnic\nstart: 2026-12-05\nstatus: canceled", False),
        ("event", "title: Picnic\nstart: 2026-12-05\ncost: free", True),
        ("event", "title: Picnic\nstart: 2026-12-05\ncost: Pay what you like", True),
        ("event", "title: Picnic\nstart: 2026-12-05\ncost: {amount: 1700, currency: KZT}", True),
        ("event", "title: Picnic\nstart: 2026-12-05\ncost: {amount: 1700}", False),
        ("event", "title: Picnic\nstart: 2026-12-05\naccessibility: {wheelchair: yes}", True),
        ("event", "title: Picnic\nstart: 2026-12-05\naccessibility: {wheelchair: true}", True),
        ("event", "title: Picnic\nstart: 2026-12-05\naccessibility: {wheelchair: some}", False),
        ("event", "title: Picnic\nstart: 2026-12-05\nvenue: {name: Park, lat: 43.2, lon: 76.9}", True),
        # Ranges apply to numbers only: as text, `91` has the shape of a number and is left to `chapters check`.
        ("event", "title: Picnic\nstart: 2026-12-05\nvenue: {name: Park, lat: 91, lon: 76.9}", {"text": True, "yaml-1.2": False}),
        ("event", "title: Picnic\nstart: next friday", False),
        ("event", "title: Picnic\nstart: 2026-12-05\nregistration: mailto:aigerim@example.org", True),
        ("event", "title: Picnic\nstart: 2026-12-05\nonline: mailto:aigerim@example.org", False),
        ("event", "title: Picnic\nstart: 2026-12-05\nexcept: [2027-01-07]", True),
        ("event", "title: Picnic\nstart: 2026-12-05\nrepeat: FREQ=HOURLY", False),
        ("city", "name: Oslo\ncountry: NO\ntimezone: Europe/Oslo\nlanguages: [no, en]", True),
        ("city", "name: Oslo\ncountry: Norway\ntimezone: Europe/Oslo", False),
        ("section", "title: Housing\norder: 2", True),
        ("section", "title: Housing\norder: '2'", True),
        ("section", "title: Housing\norder: 2.5", False),
        ("section", "title: Housing\nsummary:", True),
        ("site", "title: T\nbase_url: https://x.example/\nlanguages: []", False),
        ("site", "title: T\nbase_url: https://x.example/\nlanguages: [en]\nmaintainers: ['@lena']", True),
    ],
)
def test_samples_in_both_views(schema: str, front_matter: str, valid: bool | dict[str, bool]) -> None:
    name = f"{schema}.schema.json"
    text_view = split(f"---\n{front_matter}\n---\n", "x.md", ErrorReport())
    assert text_view is not None
    for view, data in {"text": text_view.data, "yaml-1.2": yaml.load(front_matter, Loader=Yaml12Loader)}.items():
        expected = valid[view] if isinstance(valid, dict) else valid
        assert (problems(name, data) == []) is expected, f"{view} view: {problems(name, data)}"
    model = next(kind.model for kind in KINDS if kind.name == schema)
    try:
        model.model_validate(text_view.data)
        built = True
    except ValidationError:
        built = False
    assert built is (valid["yaml-1.2"] if isinstance(valid, dict) else valid), "the build disagrees with the sample"


# The command


def test_schema_command_writes_stable_files_and_check_names_the_command(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    (out).mkdir()
    (out / "old.schema.json").write_text(json.dumps({"$schema": SCHEMAS["event.schema.json"]["$schema"], "$id": "old.schema.json"}), encoding="utf-8")
    (out / "mine.schema.json").write_text("{}\n", encoding="utf-8")  # not one of ours: a user's file stays

    code, stdout, _ = chapters(["schema", "--out", str(out)])
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    chapters(["schema", "--out", str(out)])

    assert code == 0
    assert len(stdout.splitlines()) == len(SCHEMAS)
    assert first == {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(first) == sorted([*SCHEMAS, "mine.schema.json"])  # the stale schema is gone, the user's file is not
    assert first["mine.schema.json"] == b"{}\n"
    assert all(data.endswith(b"}\n") for data in first.values())
    (out / "event.schema.json").write_text("{}\n", encoding="utf-8")
    code, _, err = chapters(["schema", "--check", "--out", str(out)])
    assert code == 1
    assert "event.schema.json" in err and "chapters schema" in err
    assert len(err.splitlines()) == 1
