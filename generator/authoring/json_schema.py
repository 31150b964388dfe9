"""`chapters schema`: JSON Schemas of every kind of front matter, for editors, made from schema.py.

The pydantic classes stay the one definition of the format; this module only adapts their
JSON Schema to the way an editor reads YAML. Editors use YAML 1.2 (`order: 1` is a number,
`draft: true` a boolean, `start: 2026-12-05 19:00` and `end: 22:00` text), while the build
keeps every scalar as the text typed; so whole numbers, numbers and yes/no fields accept
both forms, and free-text fields accept a number or boolean (`title: 1984` is the text
"1984" to the build). The output is draft-07, the newest dialect the YAML language server
validates, and it is deterministic so that the committed copy can be checked for staleness.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.content.model import PLACE_CATEGORIES
from generator.content.schema import UNTRANSLATABLE, WORDS_IN_TRANSLATION, CityMeta, EventMeta, GroupMeta, PageMeta, PlaceMeta, SiteMeta
from generator.core import routes
from generator.publish.write import WriteFailed, write_file

DIALECT = "http://json-schema.org/draft-07/schema#"
REGENERATE = "chapters schema"
INTEGER_TEXT = r"^[-+]?[0-9]+(_[0-9]+)*$"
NUMBER_TEXT = r"^[-+]?([0-9]+(_[0-9]+)*(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$"
_SCALARS_AS_TEXT = ("1984", "-1.5e3", "true", "false")
"""How YAML 1.2 numbers and booleans reach the build: a text field whose pattern takes them all takes them."""
YES_NO_TEXT = r"^([Yy]([Ee][Ss])?|[Nn][Oo]?|[Tt]([Rr][Uu][Ee])?|[Ff]([Aa][Ll][Ss][Ee])?|[Oo][Nn]|[Oo][Ff][Ff]|0|1)$"


@dataclass(frozen=True)
class SchemaKind:
    """One kind of file an ambassador writes, and the schema file editors map it to."""

    name: str
    model: type[BaseModel]
    title: str
    description: str


KINDS: tuple[SchemaKind, ...] = (
    SchemaKind(routes.SETTINGS.schema, SiteMeta, "Chapters site.yaml", f"The network's settings: `{routes.SETTINGS.pattern}` at the top of the site folder."),
    SchemaKind(routes.CITY.schema, CityMeta, "Chapters city", f"A city chapter: the front matter of `{routes.CITY.pattern}`."),
    SchemaKind(routes.SECTION.schema, PageMeta, "Chapters guide section", f"A section of a city's guide: `{routes.SECTION.pattern}`."),
    SchemaKind(routes.EVENT.schema, EventMeta, "Chapters event", f"An event: `{routes.EVENT.pattern}`. Times are local to the city."),
    SchemaKind(routes.CHAPTER.schema, PageMeta, "Chapters handbook chapter", f"A chapter of the shared handbook: `{routes.CHAPTER.pattern}`."),
    SchemaKind(routes.PLACE.schema, PlaceMeta, "Chapters recommendation",
               f"A recommendation in a city's directory: `{routes.PLACE.pattern}`. Only businesses, services and public places: no private person's contact details."),
    SchemaKind(routes.GROUP.schema, GroupMeta, "Chapters interest group", f"An interest group of a city: `{routes.GROUP.pattern}`."),
)
"""One per kind of the route table's `CONTENT`, with the pydantic class that defines its front matter."""

FIELD_DOCS: dict[str, dict[str, str]] = {
    "SiteMeta": {
        "title": "The network's name, shown on every page.",
        "base_url": "The absolute http(s):// address the site is published at; used for canonical links, language alternates and feeds.",
        "languages": "Language codes (ISO 639); the first is the default, whose pages live at `/`, the others under `/<lang>/`.",
        "repository": "Web address of the git repository, for \"Edit this page\" links.",
        "branch": "The branch `repository` publishes from, for \"Edit this page\" links (default `main`).",
        "description": "One sentence about the network.",
        "maintainers": "GitHub handles that own everything outside the city folders (`chapters codeowners`).",
        "tag_labels": "Each tag's name per language, e.g. `newcomers: {de: Neu hier, ru: новичкам}`; a language without one shows the tag as written.",
    },
    "CityMeta": {
        "name": "The city's name as readers know it.",
        "country": "ISO 3166-1 alpha-2 country code, e.g. `KZ`, `DE`.",
        "timezone": "IANA time zone, e.g. `Asia/Almaty`; every event time of the city is local to it.",
        "summary": "One sentence, shown on the network's home page.",
        "location": "`{lat, lon}` in decimal degrees, for maps.",
        "languages": "Codes of the languages spoken at the chapter's events.",
        "ambassadors": "The volunteers who run the chapter. No e-mail address or phone number: only name, GitHub handle, languages and bio.",
        "community": "Where live questions are asked: a list of `{name, url, kind: chat|forum|mailing-list|social, languages}`, shown as \"Ask the community\".",
    },
    "CommunityLink": {
        "name": "The channel's name, e.g. `Almaty Expats (Telegram)`.",
        "url": "Its http(s) address (an invitation link, the forum's page).",
        "kind": "`chat`, `forum`, `mailing-list` or `social`.",
        "languages": "Codes of the languages spoken there.",
    },
    "PlaceMeta": {
        "name": "The business, service or public place, as on its sign (never a private person).",
        "category": f"One of: {', '.join(PLACE_CATEGORIES)}.",
        "languages": "Codes of the languages spoken there.",
        "address": "Street address, as people would type it into a map.",
        "lat": "Latitude in decimal degrees (-90 to 90); give `lon` too.",
        "lon": "Longitude in decimal degrees (-180 to 180); give `lat` too.",
        "url": "Its web page (http or https); no e-mail address.",
        "phone": "The business's phone number: digits, spaces, `+`, `-`, `(`, `)`, `/`, `ext`; 6 to 15 digits. Never a private person's.",
        "hours": "Opening hours as text, e.g. `Mon-Fri 9:00-18:00`.",
        "price": "`1` (inexpensive), `2` or `3` (expensive), or a short text such as `from 20 EUR a lesson`.",
        "checked": "`YYYY-MM-DD`: the day someone last confirmed it; `chapters check` warns once it is more than a year old.",
        "recommended_by": "GitHub handles of the people who recommend it.",
        "draft": "`yes` keeps the recommendation off the site unless built with `--drafts`.",
    },
    "GroupMeta": {
        "name": "The group's name.",
        "summary": "One sentence: what the group does and who it is for.",
        "contact": "Where to join or ask: an http(s) link to its chat, forum or page (no e-mail address).",
        "meets": "When and where it meets, as text, e.g. `Saturdays at 9:00, Tiergarten, Siegessäule`.",
        "languages": "Codes of the languages spoken in the group.",
        "hosts": "GitHub handles of the people who run it (they need not be ambassadors).",
        "tags": "Slugs such as `language-exchange`, `sport`; the network's page of groups lists them by tag.",
        "draft": "`yes` keeps the group off the site unless built with `--drafts`.",
    },
    "Ambassador": {
        "name": "The ambassador's name.",
        "github": "GitHub handle (with or without `@`): reviews the city's pull requests and can host its events.",
        "languages": "Language codes the ambassador speaks.",
        "bio": "A sentence or two.",
    },
    "GeoPoint": {
        "lat": "Latitude in decimal degrees (-90 to 90).",
        "lon": "Longitude in decimal degrees (-180 to 180).",
    },
    "PageMeta": {
        "title": "The page's title.",
        "order": "A whole number; pages are listed by `order`, then by file name (default 0).",
        "summary": "One sentence, shown in the contents.",
        "published": "When the page was first published: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` local time. Default: the file's first commit.",
        "draft": "`yes` keeps the page off the site unless built with `--drafts`.",
    },
    "EventMeta": {
        "title": "The event's name.",
        "start": "`YYYY-MM-DD HH:MM`, local wall-clock time in the city's time zone; `YYYY-MM-DD` alone is an all-day event.",
        "end": "`YYYY-MM-DD HH:MM`, or `HH:MM` on the start's day; for all-day events the last day `YYYY-MM-DD`. Default: two hours after a timed start.",
        "venue": "Where it happens: `{name, address, lat, lon, url}`; `name` is required.",
        "online": "The http(s) link to join online.",
        "cost": "`free`, or `{amount, currency}` with an ISO 4217 code, or a short text such as `Pay what you like`.",
        "registration": "Where to register: an http(s) or mailto: link.",
        "tags": "Slugs such as `newcomers`, `family`, `language-exchange`.",
        "languages": "Codes of the languages spoken at the event.",
        "hosts": "GitHub handles of the hosts; each must be an ambassador of the city.",
        "partners": "Names of co-hosts, e.g. `Embassy of Germany in Kazakhstan`.",
        "accessibility": "`{wheelchair: yes|no|partial, children: welcome|not-suitable, notes}`.",
        "status": "`scheduled` (default), `cancelled` or `postponed`; cancelled and postponed events stay on the site, marked.",
        "repeat": "An RFC 5545 RRULE, e.g. `FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630`; `start` is the first occurrence.",
        "except": "Dates (`YYYY-MM-DD`) on which a repeating event does not happen.",
        "published": "When the event was announced: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` local time. Default: the file's first commit.",
        "draft": "`yes` keeps the event off the site unless built with `--drafts`.",
        "group": "The slug of an interest group of the event's city (`content/groups/<city>/<group>.md`) that runs it.",
    },
    "Venue": {
        "name": "The place's name.",
        "address": "Street address, as people would type it into a map.",
        "lat": "Latitude in decimal degrees (-90 to 90).",
        "lon": "Longitude in decimal degrees (-180 to 180).",
        "url": "The place's web page (http or https).",
    },
    "Money": {
        "amount": "A number of 0 or more.",
        "currency": "ISO 4217 code, e.g. `EUR`, `KZT`.",
    },
    "Accessibility": {
        "wheelchair": "`yes`, `no` or `partial`.",
        "children": "`welcome` or `not-suitable`.",
        "notes": "Anything else people should know: steps, paths, quiet rooms.",
    },
}
"""Hover text per model and field, from docs/content.md. tests/test_schemas.py requires one per field."""

EXAMPLES: dict[str, dict[str, list[Any]]] = {
    "CityMeta": {"country": ["KZ"], "timezone": ["Asia/Almaty"]},
    "EventMeta": {"start": ["2026-12-05 19:00", "2026-12-05"], "end": ["22:00", "2026-12-06 01:00"], "repeat": ["FREQ=MONTHLY;BYDAY=1TH"], "cost": ["free"]},
    "PageMeta": {"published": ["2026-09-01"]},
    "PlaceMeta": {"checked": ["2026-11-30"], "phone": ["+7 727 250 00 00"], "price": [2, "from 20 EUR a lesson"]},
    "GroupMeta": {"contact": ["https://t.me/almaty-language-exchange"]},
    "Money": {"currency": ["EUR"]},
}


IN_WORDS: dict[str, dict[str, Any]] = {
    "cost": {"type": "string", "minLength": 1, "not": {"enum": ["free"]},
             "description": "Only in words (`cost: Pay what you like`), and only when the original's `cost` is words too."},
    "price": {"type": "string", "pattern": r"[^0-9+.\s-]",
              "description": "Only in words (`price: ab 20 EUR pro Stunde`), and only when the original's `price` is words too."},
}
"""The translation schema of each field of WORDS_IN_TRANSLATION."""


def schema_file(kind: str, translation: bool = False) -> str:
    """`event.schema.json`, or `event.translation.schema.json` for `*.<lang>.md` files."""
    return f"{kind}.translation.schema.json" if translation else f"{kind}.schema.json"


def schema_for(path: str) -> str | None:
    """The schema file for a site-relative POSIX path (the route table says what it is), or None for files without front matter."""
    placed = routes.content_file(path)
    return schema_file(placed.kind.schema, translation=bool(placed.lang)) if placed is not None else None


def json_schemas() -> dict[str, dict[str, Any]]:
    """Every schema file's name and content: originals, plus translations without required fields."""
    result: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        schema = _for_editors(kind)
        result[schema_file(kind.name)] = schema
        if kind.name in UNTRANSLATABLE:
            result[schema_file(kind.name, translation=True)] = _translation(kind, schema)
    return dict(sorted(result.items()))


def render(schema: dict[str, Any]) -> str:
    """Stable text: sorted keys, two-space indent, UTF-8 as is, one trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _for_editors(kind: SchemaKind) -> dict[str, Any]:
    raw: dict[str, Any] = kind.model.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    for name, definition in definitions.items():
        _document(definition, name)
    _document(raw, kind.model.__name__)
    if definitions:
        raw["definitions"] = definitions
    schema: dict[str, Any] = _adapt(raw)
    schema.update({"$schema": DIALECT, "$id": schema_file(kind.name), "title": kind.title, "description": kind.description})
    return schema


def _translation(kind: SchemaKind, original: dict[str, Any]) -> dict[str, Any]:
    """A translation leaves fields out (they come from the original) and may not set the fixed ones."""
    schema: dict[str, Any] = _without_required(copy.deepcopy(original))
    for name in UNTRANSLATABLE[kind.name]:
        schema["properties"].pop(name, None)
    for name in WORDS_IN_TRANSLATION.get(kind.name, ()):
        schema["properties"][name] = IN_WORDS[name]
    fixed = ", ".join(f"`{name}`" if name not in WORDS_IN_TRANSLATION.get(kind.name, ()) else f"`{name}` (but in words)"
                      for name in sorted(UNTRANSLATABLE[kind.name]))
    schema.update(
        {
            "$id": schema_file(kind.name, translation=True),
            "title": f"{kind.title} (translation)",
            "description": f"A translation (`*.<lang>.md`) of: {kind.description[0].lower()}{kind.description[1:]} "
            f"Every field is optional: what is left out comes from the original. Not allowed here: {fixed}.",
        }
    )
    return schema


def _document(schema: dict[str, Any], model: str) -> None:
    """Replace pydantic's generated titles with the field docs, and drop `default: null`."""
    schema.pop("title", None)
    docs, examples = FIELD_DOCS.get(model, {}), EXAMPLES.get(model, {})
    for name, field in schema.get("properties", {}).items():
        field.pop("title", None)
        if field.get("default", 0) is None:
            del field["default"]
        if name in docs:
            field["description"] = docs[name]
        if name in examples:
            field["examples"] = examples[name]


def _adapt(node: Any) -> Any:
    """Accept what YAML 1.2 editors and the text-keeping build both read as valid."""
    if isinstance(node, list):
        return [_adapt(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {("anyOf" if key == "oneOf" else key): _adapt(value) for key, value in node.items()}
    if "anyOf" in node:  # `X | None` around an adapted X: one flat list of choices
        node["anyOf"] = [choice for item in node["anyOf"] for choice in (item["anyOf"] if item.keys() == {"anyOf"} else [item])]
    kind = node.get("type")
    if kind == "integer":
        return _either(node, {"type": "string", "pattern": INTEGER_TEXT})
    if kind == "number":
        return _either(node, {"type": "string", "pattern": NUMBER_TEXT})
    if kind == "boolean":
        return _either(node, {"type": "string", "enum": ["yes", "no"]}, {"type": "string", "pattern": YES_NO_TEXT})
    if kind == "string" and node.get("enum") == ["yes", "no", "partial"]:
        return _either(node, {"type": "boolean"}, {"type": "string", "enum": ["true", "false"]})  # `true` reads as yes
    if (kind == "string" and node.get("minLength") == 1 and node.keys() <= {"type", "minLength", "pattern", "description", "examples"}
            and all(re.search(node.get("pattern", ""), text) for text in _SCALARS_AS_TEXT)):
        return {**node, "type": ["string", "number", "boolean"]}  # free text: `title: 1984` is text to the build
    return node


def _either(node: dict[str, Any], *alternatives: dict[str, Any]) -> dict[str, Any]:
    """`node`'s own type or any of the alternatives; descriptions and defaults stay outside."""
    outer: dict[str, Any] = {key: node.pop(key) for key in ("description", "default", "examples") if key in node}
    return {**outer, "anyOf": [node, *alternatives]}


def _without_required(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_required(item) for item in node]
    if isinstance(node, dict):
        return {key: _without_required(value) for key, value in node.items() if key != "required"}
    return node


def stale_files(out: Path) -> list[str]:
    """Names of schema files in `out` that are missing, different or no longer generated."""
    expected = {name: render(schema) for name, schema in json_schemas().items()}
    present = {path.name for path in out.glob("*.schema.json") if _written_here(path)} if out.is_dir() else set()
    stale = [name for name, text in expected.items() if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text]
    return sorted(stale + sorted(present - expected.keys()))


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into `out` (each replaced in one step), removing the schema files
    this command wrote once and no longer generates; any other file stays."""
    out.mkdir(parents=True, exist_ok=True)
    expected = json_schemas()
    for path in out.glob("*.schema.json"):
        if path.name not in expected and _written_here(path):
            path.unlink()
    written = []
    for name, schema in expected.items():
        path = out / name
        write_file(path, render(schema).encode("utf-8"))
        written.append(path)
    return written


def _written_here(path: Path) -> bool:
    """A regular file in our dialect whose `$id` is its own name: one `chapters schema` wrote."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(schema, dict) and schema.get("$schema") == DIALECT and schema.get("$id") == path.name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("schemas"), help="folder to write the schemas into (default: schemas/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the folder is not what this command would write")


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if args.check:
        stale = stale_files(out)
        if stale:
            print(f"chapters: error: {out}/ is out of date ({', '.join(stale)}): run `{REGENERATE} --out {out}` and commit the result", file=sys.stderr)
            return 1
        print(f"{out}/ is up to date")
        return 0
    try:
        written = write_schemas(out)
    except WriteFailed as exc:
        print(f"chapters: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"chapters: error: cannot write into {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
