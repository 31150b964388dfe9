"""Front matter: any text yields a Document or errors in the report, never an exception, and
every location it reports is a real place in the file."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from generator.core.errors import ErrorReport, Location
from generator.source.frontmatter import MAX_DEPTH, Document, normalise_text, parse_yaml, split

from .strategies import FRONT_MATTER_SYNTAX, YAML_SYNTAX, any_text, pieces

PATH = "content/events/almaty/party.md"



def as_read(text: str) -> str:
    """Line ends as `normalise_text` leaves them, the only way text reaches `split` and
    `parse_yaml` (a lone `\r` is a line break to YAML and to editors, not to `split("\n")`)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


front_matter_files = st.one_of(
    any_text,
    pieces(FRONT_MATTER_SYNTAX),
    st.builds(lambda yaml, body: f"---\n{yaml}\n---\n{body}", pieces(YAML_SYNTAX), any_text),
).map(as_read)


def assert_in_file(location: Location, text: str) -> None:
    """A location names this file, a line it has and a column on that line (or just after it)."""
    lines = text.split("\n")
    assert location.path == PATH
    assert 1 <= location.line <= len(lines), (location, len(lines))
    assert 1 <= location.column <= len(lines[location.line - 1]) + 1, (location, lines[location.line - 1])


def walk(value: Any, at: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    """Every (path, value) of plain data, the root included."""
    found = [(at, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += walk(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += walk(item, (*at, index))
    return found


def check_split(text: str) -> None:
    report = ErrorReport()
    document = split(text, PATH, report)
    if document is None:
        assert report, "split returned nothing and reported nothing"
    else:
        assert isinstance(document, Document)
        assert isinstance(document.data, dict)
        lines = text.split("\n")
        assert 2 <= document.body_line <= len(lines) + 1
        assert document.body == "\n".join(lines[document.body_line - 1 :])
        for at, value in walk(document.data):
            assert value is None or isinstance(value, (str, list, dict)), (at, value)
            assert all(isinstance(key, (str, int)) for key in at)
            assert at in document.locations, f"no location for {at}"
        for location in document.locations.values():
            assert_in_file(location, text)
            assert location.line < document.body_line, "a front-matter location points into the body"
    for error in report.errors:
        assert_in_file(error.location, text)
        assert error.message


@given(front_matter_files)
@example("---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n")  # crashed libyaml's composer (segfault)
@example("---\nx:\n" + "- " * 100_000 + "a\n---\n")
@example("---\n" + "{a: " * 50_000 + "}" * 50_000 + "\n---\n")
@example("---\na: 1\u2028b: 2\u2029c: [\n---\n")  # YAML breaks lines at U+2028 and U+2029; editors do not
@example("---\na: 1\x85b: 2\n---\nbody")
@example("---\n&a [*a]\n---\n")
@example("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
         "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n")
def test_split_never_raises_and_locates_inside_the_file(text: str) -> None:
    check_split(text)


@given(st.binary(max_size=300) | pieces(FRONT_MATTER_SYNTAX).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_bytes_are_decoded_or_refused_at_a_line_of_the_file(raw: bytes) -> None:
    report = ErrorReport()
    text = normalise_text(raw, PATH, report)
    if text is None:
        assert report
        (error,) = report.errors
        assert 1 <= error.location.line <= raw.count(b"\n") + 1
        return
    assert "\r" not in text and "\x00" not in text
    check_split(text)


@given((pieces(YAML_SYNTAX) | any_text).map(as_read), st.integers(min_value=1, max_value=500))
@example("[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2), 1)
def test_parse_yaml_returns_plain_data_or_errors(text: str, first_line: int) -> None:
    report = ErrorReport()
    parsed = parse_yaml(text, PATH, report, first_line=first_line)
    last_line = text.count("\n") + first_line
    if parsed is None:
        assert report
    else:
        value, locations = parsed
        for at, item in walk(value):
            assert item is None or isinstance(item, (str, list, dict))
            if at:
                assert at in locations
        for location in locations.values():
            assert first_line <= location.line <= last_line
    for error in report.errors:
        assert first_line <= error.location.line <= last_line, (error, last_line)
        assert error.location.column >= 1
