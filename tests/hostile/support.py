"""What every hostile case checks: refused with exact errors and an untouched output folder,
or built into output that parsers read as safe (HTML, JSON-LD, feeds, iCalendar)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import feedparser
import icalendar
from bs4 import BeautifulSoup
from conftest import BASE_SITE, Result, run_quietly, snapshot, write_site
from lxml import etree

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MARKER = {"site/marker.txt": "from the previous build\n", "site/index.html": "<p>old</p>\n"}

try:  # lxml is a dependency of feedgen, so it is always there; say so if that ever changes
    BeautifulSoup("<p>", "lxml")
    HTML_PARSERS: tuple[str, ...] = ("html.parser", "lxml")
except Exception:  # pragma: no cover - depends on the environment
    HTML_PARSERS = ("html.parser",)


def make_site(root: Path, files: Mapping[str, str | bytes | None] = {}, base: bool = True) -> Path:
    """BASE_SITE (unless `base=False`) plus `files`: text is dedented, bytes are written as they are."""
    root.mkdir(parents=True, exist_ok=True)
    if base:
        write_site(root, BASE_SITE)
    texts = {path: text for path, text in files.items() if not isinstance(text, bytes)}
    write_site(root, texts)
    for path, data in files.items():
        if isinstance(data, bytes):
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
    return root


def fixture_site(kind: str, name: str, root: Path) -> Path:
    """The base site with the fixture folder's files laid over it (expected.txt left out)."""
    make_site(root)
    shutil.copytree(FIXTURES / kind / name, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def expected_lines(name: str) -> list[str]:
    return (FIXTURES / "refused" / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def error_lines(result: Result) -> list[str]:
    return result.err.splitlines()[:-1]


def refused(root: Path, expected: list[str] | None = None, *, startswith: list[str] | None = None, extra: tuple[str, ...] = ()) -> Result:
    """`check` and `build` both exit 1 with these errors, no traceback, and the previous
    output (a marker file) stays byte for byte as it was, with no staging folder left.

    `expected` is the exact list of error lines; `startswith` the beginnings of them, for
    messages that name a temporary path or a measured size."""
    write_site(root, MARKER)
    before = snapshot(root / "site")
    entries = sorted(path.name for path in root.iterdir())
    for command in ("check", "build"):
        result = run_quietly([command, str(root), *extra])
        assert "Traceback" not in result.out + result.err, result.err
        assert result.code == 1, f"{command} accepted it:\n{result.out}{result.err}"
        lines = error_lines(result)
        assert result.err.splitlines()[-1] == f"{len(lines)} error(s); nothing was written", result.err
        if expected is not None:
            assert lines == expected, "\n".join(lines)
        if startswith is not None:
            assert len(lines) == len(startswith), "\n".join(lines)
            for line, start in zip(lines, startswith, strict=True):
                assert line.startswith(start), f"{line!r} does not start with {start!r}"
        for line in lines:
            assert re.match(r"^[^\n]+:\d+:\d+: error: \S", line), line
    assert snapshot(root / "site") == before
    assert sorted(path.name for path in root.iterdir()) == entries  # no staging or old folders
    return result


def built(root: Path, *extra: str) -> Path:
    """Build into root/site; the build must succeed."""
    result = run_quietly(["build", str(root), *extra])
    assert "Traceback" not in result.err, result.err
    assert result.code == 0, result.err
    return root / "site"


def files(out: Path, suffix: str) -> Iterator[Path]:
    return (path for path in sorted(out.rglob(f"*{suffix}")) if path.is_file())


# HTML: what a browser would run or load.

DANGEROUS_SCHEMES = frozenset({"javascript", "data", "vbscript", "file", "blob", "filesystem"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "background", "longdesc", "data",
                            "codebase", "xlink:href", "ping", "manifest", "icon", "srcset", "imagesrcset", "content"})
ACTIVE_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal"})
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would see (WHATWG URL): leading and trailing C0 controls and spaces
    stripped, tabs and line breaks removed anywhere, compared in lowercase."""
    text = re.sub("[\t\n\r]", "", url.strip(_C0_AND_SPACE))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", text)
    return match.group(1).lower() if match else None


def _urls(attribute: str, value: str) -> list[str]:
    if attribute in ("srcset", "imagesrcset"):
        return [part.strip().split(" ")[0] for part in value.split(",")]
    if attribute == "content":  # <meta http-equiv="refresh" content="0; url=javascript:...">
        match = re.search(r"url\s*=\s*(.*)", value, re.IGNORECASE)
        return [match.group(1).strip("'\" ")] if match else []
    return [value]


def html_problems(html: str) -> list[str]:
    """Everything that could run script or load a dangerous URL, found by each HTML parser."""
    problems = []
    for parser in HTML_PARSERS:
        soup = BeautifulSoup(html, parser)
        for tag in soup.find_all(True):
            name = tag.name.lower()
            if name == "script":
                kind = str(tag.get("type", "")).lower()
                inline = tag.string or ""
                if kind == "application/ld+json":
                    if re.search(r"</script|<!--", inline, re.IGNORECASE):
                        problems.append(f"{parser}: JSON-LD that could end its element: {inline[:80]!r}")
                elif not (tag.get("src") and not inline.strip() and browser_scheme(str(tag["src"])) is None):
                    problems.append(f"{parser}: <script> {str(tag)[:120]!r}")
            if name in ACTIVE_ELEMENTS:
                problems.append(f"{parser}: <{name}> {str(tag)[:120]!r}")
            for attribute, value in tag.attrs.items():
                key = attribute.lower()
                text = " ".join(value) if isinstance(value, list) else str(value)
                if key.startswith("on"):
                    problems.append(f"{parser}: event handler {key}={text[:80]!r} on <{name}>")
                if key == "style" and re.search(r"expression\(|javascript:|url\(", text, re.IGNORECASE):
                    problems.append(f"{parser}: style {text[:80]!r}")
                if key in URL_ATTRIBUTES and (key != "content" or tag.get("http-equiv")):
                    problems.extend(f"{parser}: {key}={url[:80]!r} on <{name}>" for url in _urls(key, text) if browser_scheme(url) in DANGEROUS_SCHEMES)
    return problems


def json_ld(html: str) -> list[dict[str, object]]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(tag.string or "") for tag in soup.find_all("script", type="application/ld+json")]


# Feeds and calendars.

def feed_entries(data: bytes) -> list[dict[str, str]]:
    """A feed that is well-formed XML (lxml, strict) and reads cleanly with feedparser; its
    entries' titles, with every entry's HTML checked like a page."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter("{http://www.w3.org/2005/Atom}content", "description"):
        assert not html_problems(element.text or ""), html_problems(element.text or "")
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [{"title": entry.get("title", ""), "id": entry.get("id", "")} for entry in parsed.entries]


def vevents(data: bytes) -> list[icalendar.cal.Component]:
    """The VEVENTs of a calendar, counted three ways that must agree: the icalendar parser,
    content lines split at CRLF (RFC 5545), and Python's splitlines (which also breaks at
    U+2028, form feed and the other characters some readers treat as line ends)."""
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    text = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    assert sum(line == "BEGIN:VEVENT" for line in text.split("\r\n")) == len(events)
    assert sum(line.startswith("BEGIN:") and line != "BEGIN:VCALENDAR" and not line.startswith(("BEGIN:VTIMEZONE", "BEGIN:STANDARD", "BEGIN:DAYLIGHT"))
               for line in text.splitlines()) == len(events)
    return events
