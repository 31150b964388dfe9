"""Split a content file into YAML front matter and Markdown body, keeping every key's line.

YAML is composed into nodes (never constructed into arbitrary objects) and turned into
plain data here, so that we can: report each value at its own line, refuse duplicate keys
and unsafe tags, cap alias expansion, and keep scalars as the text the ambassador typed
(`country: NO` stays "NO", `wheelchair: yes` stays "yes"); the schema converts types later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from generator.core.errors import ErrorReport, Location
from generator.core.limits import MAX_YAML_DEPTH, MAX_YAML_NODES

try:  # the C composer is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the stubs make CSafeLoader and SafeLoader unrelated classes; both load the same

Path_ = tuple[str | int, ...]

MAX_NODES = MAX_YAML_NODES
MAX_DEPTH = MAX_YAML_DEPTH
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML, invisible to editors and diffs: `# note<U+2028>draft: yes` would hide a field in a comment."""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
"""Characters no content may hold: control characters (XML, and so feeds, refuse them; some
iCalendar and terminal readers take them as line breaks or commands), invisible line
separators, and non-characters. Tab and line ends are fine."""
CONTROL_IN_VALUE = re.compile(CONTROL.pattern[:-1] + "\r]")
"""In a YAML value (or a translation), where a raw line end cannot occur, `"\\r"` can only be an escape."""


def describe(char: str) -> str:
    """`U+0007`, with the character's name where Unicode has one (`U+2028 LINE SEPARATOR`)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else " (a control character)")


@dataclass(frozen=True)
class Document:
    """A content file after splitting: front matter data, where each value came from, and body."""

    data: dict[str, Any]
    locations: dict[Path_, Location]
    body: str
    body_line: int
    """1-based file line on which the Markdown body starts."""


def normalise_text(raw: bytes, path: str, report: ErrorReport) -> str | None:
    """Decode UTF-8 (a BOM is allowed) and use `\\n` line ends whatever the ambassador's editor wrote."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.add(Location(path, line), "file is not valid UTF-8 text; save it as UTF-8")
        return None
    if "\x00" in text:
        report.add(Location(path, 1), "file looks binary (contains NUL bytes); content files must be text")
        return None
    bad = CONTROL.search(text)
    if bad:
        line_start = text.rfind("\n", 0, bad.start()) + 1
        where = Location(path, text.count("\n", 0, bad.start()) + 1, bad.start() - line_start + 1)
        report.add(where, f"invisible character {describe(bad.group())} in the file: delete it (content files are plain text)")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str, report: ErrorReport) -> Document | None:
    """Split text at the `---` fences; on any problem add it to the report and return None."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        report.add(Location(path, 1), "missing front matter: the file must start with a line `---`")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        report.add(Location(path, 1), "front matter is not closed: add a line `---` after the last field")
        return None
    yaml_text = "\n".join(lines[1:index]) + "\n"
    body = "\n".join(lines[index + 1 :])
    parsed = parse_yaml(yaml_text, path, report, first_line=2)
    if parsed is None:
        return None
    data, locations = parsed
    locations[()] = Location(path, 1)  # a missing key is reported at the opening `---`
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report.add(Location(path, 2), "front matter must be `key: value` lines")
        return None
    return Document(data, locations, body, body_line=index + 2)


def parse_yaml(
    text: str, path: str, report: ErrorReport, first_line: int = 1
) -> tuple[Any, dict[Path_, Location]] | None:
    """Parse one YAML document into plain data plus a location for every key and item."""
    hidden = _YAML_ONLY_BREAKS.search(text)
    if hidden:
        report.add(_at(text, hidden.start(), path, first_line),
                   f"invisible line separator (U+{ord(hidden.group()):04X}): YAML starts a new line here that editors do not show; delete it")
        return None
    try:
        _check_nesting(text, path, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except _TooBig as exc:
        report.add(exc.location, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        index = mark.index if mark else None
        if mark and text[mark.index : mark.index + 1] == "\t":
            problem = "a tab cannot indent YAML or start a value; use spaces"
        elif mark:
            index, problem = friendly(text, exc) or (mark.index, problem)
        report.add(_at(text, index, path, first_line) if index is not None else Location(path, first_line), f"invalid YAML: {problem}")
        return None
    except yaml.YAMLError as exc:
        report.add(Location(path, first_line), f"invalid YAML: {exc}")
        return None
    if node is None:
        return None, {(): Location(path, first_line)}
    converter = _Converter(path, first_line, report)
    try:
        value = converter.convert(node, (), depth=0)
    except _TooBig as exc:
        report.add(exc.location, exc.message)
        return None
    converter.locations.setdefault((), Location(path, first_line))
    return value, converter.locations


_KEY_LINE = re.compile(r"^( *)((?:- +)*)([^\s#:'\"\-][^:#]*?|-[^\s:#][^:#]*?) *:(?: +|$)")
"""A `key: value` line: its indentation, any list dashes before the key, and the key."""


def friendly(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """For the common mistakes (CONTRIBUTING.md, "The event template"), where to point and
    what to write instead; None for any other error, which keeps the parser's own words.

    The mistakes: a colon and a space in an unquoted value, a line indented more or less
    than its neighbours, a quote that is not closed on its line or text after a closing
    quote, and a list item without a space after its `-`.
    """
    mark, problem = exc.problem_mark, exc.problem or ""
    if mark is None:
        return None
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    starts = [0]
    for earlier in lines[:-1]:
        starts.append(starts[-1] + len(earlier) + 1)
    quoted = _quote_before(text, mark.index)
    if quoted is not None:
        opening, closing = quoted
        opened_line = text.count("\n", 0, opening)
        if opened_line != text.count("\n", 0, closing):
            return opening, _unclosed(lines[opened_line], opening - starts[opened_line])
        return _after_quote(line, mark.index, mark.column)
    if "scanning a quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        opened = exc.context_mark
        return opened.index, _unclosed(lines[opened.line], opened.column)
    if problem == "could not find expected ':'" and exc.context_mark is not None:
        item = lines[exc.context_mark.line]
        dash = re.match(r"^( *)-(?=[^\s-])", item)
        if dash:
            return starts[exc.context_mark.line] + len(dash.group(1)), _dash(item)
        return None
    if problem == "mapping values are not allowed in this context":
        key = _KEY_LINE.match(line)
        if key and len(key.group(0).rstrip()) - 1 < mark.column:  # a second colon, in the value
            return mark.index, _colon(line, key)
        if key:
            return _indentation(lines, mark.line, starts[mark.line], key)
        return None
    if problem == "did not find expected key":
        key = _KEY_LINE.match(line)
        if key and len(key.group(1)) + len(key.group(2)) == mark.column:
            return _indentation(lines, mark.line, starts[mark.line], key)
    return None


def _quote_before(text: str, index: int) -> tuple[int, int] | None:
    """The opening and closing quote of a quoted value that ends just before `index` (only
    spaces between), as the scanner read it; None if no quoted value ends there."""
    before = text[:index].rstrip(" ")
    if not before or before[-1] not in "\"'":
        return None
    found: tuple[int, int] | None = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("\"", "'") and token.end_mark.index == len(before):
                found = (token.start_mark.index, token.end_mark.index - 1)
    except yaml.YAMLError:
        pass
    return found


def quote(value: str) -> str:
    """`value` as a quoted YAML scalar, with the quotes it needs (the ones it does not contain)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _value(line: str, key: re.Match[str]) -> str:
    """The value typed after `key:`, without a trailing comment."""
    return re.split(r" +#", line[key.end() :], maxsplit=1)[0].rstrip()


def _written(line: str, key: re.Match[str], value: str) -> str:
    return f"{key.group(2)}{key.group(3)}: {value}"


def _colon(line: str, key: re.Match[str]) -> str:
    return f"text with a colon followed by a space needs quotes around it: write `{_written(line, key, quote(_value(line, key)))}`"


def _after_quote(line: str, index: int, column: int) -> tuple[int, str] | None:
    key = _KEY_LINE.match(line)
    if key is None:
        return None
    value = _value(line, key)
    inner = value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'" else value
    return index - column + key.end(), f"text starting with a quote needs quotes around all of it: write `{_written(line, key, quote(inner))}`"


def _unclosed(line: str, column: int) -> str:
    mark = line[column]
    key = _KEY_LINE.match(line)
    if key is None:
        return f"this quote is not closed on its line: end the value with `{mark}`"
    inner = re.split(r" +#", line[column + 1 :], maxsplit=1)[0].rstrip()
    value = f"{mark}{inner}{mark}" if mark not in inner and "\\" not in inner else quote(inner)
    return f"this quote is not closed on its line: write `{_written(line, key, value)}`"


def _dash(line: str) -> str:
    item = line.strip()
    return f"a list item needs a space after `-`: write `- {item[1:]}`"


def _indentation(lines: list[str], number: int, start: int, key: re.Match[str]) -> tuple[int, str] | None:
    """A key indented unlike the key above it (blank lines and comments between are skipped)."""
    for above in range(number - 1, -1, -1):
        neighbour = _KEY_LINE.match(lines[above])
        if neighbour is None and lines[above].strip() and not lines[above].lstrip().startswith("#"):
            return None
        if neighbour is not None:
            indent = len(key.group(1)) + len(key.group(2))
            wanted = len(neighbour.group(1)) + len(neighbour.group(2))
            return start + indent, f"wrong indentation: indent `{key.group(3)}` like `{neighbour.group(3)}` above it ({wanted} spaces, not {indent})"
    return None


def _at(text: str, index: int, path: str, first_line: int) -> Location:
    """The editor's line and column of a character of `text`. Not the mark's own line: at the
    end of a file without a final line break libyaml reports the line after the last."""
    index = min(index, len(text))
    line_start = text.rfind("\n", 0, index) + 1
    return Location(path, text.count("\n", 0, index) + first_line, index - line_start + 1)


def _check_nesting(text: str, path: str, first_line: int) -> None:
    """Refuse deep nesting before composing: libyaml's composer recurses in C and crashes the
    process (a segfault, not an exception) at some ten thousand levels, and its scanner slows
    down quadratically with flow depth. The parser's events come lazily, so this stops a few
    dozen levels in, whatever follows."""
    depth = count = seen = 0
    too_deep = f"front matter is nested too deeply (over {MAX_DEPTH} levels)"
    try:
        for event in yaml.parse(text, Loader=_Loader):
            start = event.start_mark.index if event.start_mark else seen  # the parser marks every event
            seen = event.end_mark.index if event.end_mark else start
            if isinstance(event, yaml.NodeEvent):  # scalars, aliases, lists and mappings
                count += 1
                if count > MAX_NODES:
                    raise _TooBig(_at(text, start, path, first_line), f"front matter is too large (over {MAX_NODES} values)")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    raise _TooBig(_at(text, start, path, first_line), too_deep)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 (in PyYAML 6.0.4's wheels) stops at 1,000 levels of flow nesting while
        # its scanner looks ahead for a key, before the parser has sent the events counted above.
        if "maximum nesting depth" not in str(exc.problem) or exc.problem_mark is None:
            raise
        raise _TooBig(_at(text, _flow_too_deep(text, seen, exc.problem_mark.index, depth), path, first_line), too_deep) from None


def _flow_too_deep(text: str, start: int, end: int, depth: int) -> int:
    """Where flow brackets after `start`, opened on top of `depth` levels, pass the limit."""
    for index in range(start, end):
        if text[index] in "[{":
            depth += 1
            if depth > MAX_DEPTH + 1:
                return index
        elif text[index] in "]}":
            depth -= 1
    return end


class _TooBig(Exception):
    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message


class _Converter:
    """Turns composed YAML nodes into dicts, lists and strings, recording locations."""

    def __init__(self, path: str, first_line: int, report: ErrorReport) -> None:
        self.path = path
        self.first_line = first_line
        self.report = report
        self.locations: dict[Path_, Location] = {}
        self.count = 0

    def where(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + self.first_line, mark.column + 1)

    def convert(self, node: yaml.Node, at: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(self.where(node), f"front matter is too large (over {MAX_NODES} values, or aliases that expand to that many)")
        if depth > MAX_DEPTH:
            raise _TooBig(self.where(node), f"front matter is nested too deeply (over {MAX_DEPTH} levels)")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_CORE}seq":
                self.bad_tag(node)
                return None
            items = []
            for index, item in enumerate(node.value):
                self.locations[(*at, index)] = self.where(item)
                items.append(self.convert(item, (*at, index), depth + 1))
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_CORE}map":
                self.bad_tag(node)
                return None
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.report.add(self.where(key_node), "a key must be a plain word, not a list or mapping")
                    continue
                key = key_node.value
                if self.has_control(key_node):
                    continue
                if key == "<<" and key_node.tag == f"{_CORE}merge":
                    self.report.add(self.where(key_node), "YAML merge keys (`<<`) are not supported; write the fields out")
                    continue
                if key in mapping:
                    first = self.locations[(*at, key)]
                    self.report.add(self.where(key_node), f"duplicate key `{key}` (first given on line {first.line})")
                    continue
                self.locations[(*at, key)] = self.where(key_node)
                mapping[key] = self.convert(value_node, (*at, key), depth + 1)
            return mapping
        self.bad_tag(node)  # pragma: no cover - composer yields only the three kinds
        return None

    def scalar(self, node: yaml.ScalarNode) -> str | None:
        if node.tag not in _SCALAR_TAGS:
            self.bad_tag(node)
            return None
        if node.tag == f"{_CORE}null":  # quoted "null" resolves to str, so this is a real null
            return None
        value: str = node.value  # a scalar node's value is its text (types-PyYAML says Any)
        if self.has_control(node):  # reported; the rest of the file is still checked
            return CONTROL_IN_VALUE.sub("\ufffd", value)
        return value

    def has_control(self, node: yaml.ScalarNode) -> bool:
        """Escapes in quoted YAML (`"\\x07"`, `"\\L"`) make characters the file itself may not hold."""
        bad = CONTROL_IN_VALUE.search(node.value)
        if bad:
            self.report.add(self.where(node), f"invisible character {describe(bad.group())} in this value: remove the escape that makes it")
        return bad is not None

    def bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace(_CORE, "!!")
        self.report.add(self.where(node), f"YAML tag `{tag}` is not allowed in content")
