"""Where each link of a Markdown body is written: found once per body, remembered between builds.

The parser records where each link starts in its block's text (`OFFSET`, set by the inline
rules `markdown.py` wraps); `Positions` turns that into a line and column in one pass, so
the cost is linear in the size of the body however its links are written (reference
links, entities, tables). The result (`BodyLink`s) is plain data, placed in a file by the
link check (`plan/links.py`), and kept by the build's memo under the body's digest.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it.token import Token

OFFSET = "offset"
"""`token.meta[OFFSET]`: where a link, image, autolink or inline footnote starts in its
inline token's `content`, so the link check knows its line and column without searching
the body; `token.meta[END]`: where it ends."""
END = "end"


@dataclass(frozen=True)
class BodyLink:
    """A link or image as written in a body: 0-based line and column within the body."""

    href: str
    image: bool
    line: int
    column: int
    text: str
    """What a reader sees of it: a link's text, an image's alt text."""
    auto: bool
    """An autolink (`<https://…>`), whose text is its own address."""

    def to_json(self) -> list[object]:
        return [self.href, self.image, self.line, self.column, self.text, self.auto]

    @classmethod
    def from_json(cls, value: object) -> BodyLink:
        """The inverse of `to_json`; ValueError for anything else (a damaged cache is a miss)."""
        if not isinstance(value, list) or len(value) != 6:
            raise ValueError("not a link")
        href, image, line, column, text, auto = value
        if not (isinstance(href, str) and isinstance(text, str) and type(line) is int and type(column) is int
                and isinstance(image, bool) and isinstance(auto, bool)):
            raise ValueError("not a link")
        return cls(href, image, line, column, text, auto)


def body_links(tokens: Sequence[Token], positions: Positions) -> tuple[BodyLink, ...]:
    """Every link and image of a body (its `tokens`), each with the line and column where it is written."""
    found: list[BodyLink] = []
    footnotes: dict[int, tuple[Token, int, bool]] = {}
    """An inline footnote's id → its text's block, offset there and whether that is a table cell."""
    footnote: int | None = None
    cell = False
    for block in tokens:
        if block.type == "footnote_open":
            footnote = block.meta.get("id")
        elif block.type in ("th_open", "td_open", "th_close", "td_close"):
            cell = block.type.endswith("_open")
        if block.type != "inline" or not block.children:
            continue
        anchor = (block, 0, cell) if block.map else footnotes.get(footnote) if footnote is not None else None
        children = block.children
        for index, child in enumerate(children):
            offset = child.meta.get(OFFSET)
            if child.type == "footnote_ref" and anchor is not None and offset is not None:
                footnotes[child.meta["id"]] = (anchor[0], anchor[1] + offset + 2, anchor[2])  # after `^[`
            href = _href(child)
            if href is None:
                continue
            if anchor is not None and offset is not None:
                offset = _destination(anchor[0].content, href, anchor[1] + offset, anchor[1] + child.meta.get(END, offset))
                line, column = positions.locate(anchor[0], offset, anchor[2])
            else:
                line, column = (block.map[0] if block.map else 0), 0
            image = child.type == "image"
            text = child.content if image else _text(children, index)
            found.append(BodyLink(href, image, line, column, text, child.markup == "autolink"))
    return tuple(found)


def _destination(content: str, href: str, start: int, end: int) -> int:
    """Where the address is written within the link's own text (`[x](here)`), so an error
    points at it; the link's start when it is written otherwise (`[x][ref]`, `&#97;`)."""
    for needle in (href, unquote(href)):
        found = content.rfind(needle, start, end) if needle else -1
        if found >= 0:
            return found
    return start


def _href(token: Token) -> str | None:
    if token.type == "link_open":
        return str(token.attrGet("href") or "")
    if token.type == "image":
        return str(token.attrGet("src") or "")
    return None


def _text(children: list[Token], start: int) -> str:
    """The text between a `link_open` and its `link_close`, as a reader sees it."""
    parts = []
    for index in range(start + 1, len(children)):  # not a slice: that would copy the rest of the block
        child = children[index]
        if child.type == "link_close":
            break
        parts.append(" " if child.type in ("softbreak", "hardbreak") else child.content)
    return "".join(parts)


class Positions:
    """Lines and columns of offsets in a body's inline blocks, without searching the body.

    A block's text is its source lines with their indentation, list or quote markers cut
    off: a line's column is found once per block by comparing its end with the source line
    (or, for table cells and headings, by one search that goes on where the previous one on
    that line stopped). A line not found gives column 1 and is not searched again.
    """

    def __init__(self, body: str) -> None:
        self.lines = re.split(r"\r\n?|\n", body)  # as markdown-it counts lines
        self.scanned = 0
        """Characters compared: linear in the body's size (a test counts it)."""
        self._breaks: dict[int, list[int]] = {}
        self._shift: dict[tuple[int, int], int | None] = {}
        self._searched_to: dict[int, int] = {}

    def locate(self, block: Token, offset: int, cell: bool = False) -> tuple[int, int]:
        """The 0-based line in the body and column in that line of `offset` in `block.content`."""
        content = block.content
        breaks = self._breaks.get(id(block))
        if breaks is None:
            breaks = self._breaks[id(block)] = [match.start() for match in re.finditer("\n", content)]
            self.scanned += len(content)
        index = bisect_left(breaks, offset)
        start = breaks[index - 1] + 1 if index else 0
        line = (block.map[0] if block.map else 0) + index
        key = (id(block), index)
        if key not in self._shift:
            end = breaks[index] if index < len(breaks) else len(content)
            self._shift[key] = self._find(content[start:end], line, cell)
        shift = self._shift[key]
        return (line, offset - start + shift) if shift is not None else (line, 0)

    def _find(self, text: str, line: int, cell: bool) -> int | None:
        """How far right of the block's text the source line `line` has it (markers, indentation)."""
        source = self.lines[line] if line < len(self.lines) else ""
        trimmed = text.rstrip()
        written = trimmed.lstrip()
        lead = len(trimmed) - len(written)
        if not cell:
            self.scanned += len(written)
            if source.rstrip().endswith(written):
                return len(source.rstrip()) - len(written) - lead
        # A table's cells share their row's line, left to right; a heading has `#` around it.
        start = self._searched_to.get(line, 0)
        found = source.find(written, start)
        self._searched_to[line] = len(source) if found < 0 else found + len(written)
        self.scanned += self._searched_to[line] - start
        return None if found < 0 else found - lead
