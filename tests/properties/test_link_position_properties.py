"""Where the link check says a link is written, for any body: inside the body, at the
link's own bracket or address, after comparing each character a bounded number of times."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import example, given

from generator.content.markdown import Markdown
from generator.content.model import Version
from generator.plan.links import Positions, find_links

from .strategies import MARKDOWN_SYNTAX, pieces


@given(pieces(MARKDOWN_SYNTAX, max_size=120))
@example("| [a](/x) | [a](/x) |\n|---|---|\n| [b][r] | ^[n [c](/y)] |\n\n[r]: /z\n")
@example("> - [a](/x)\n>\t[b](&#47;y)\r\n# [c](/z) #\r[d](/w)\n")
def test_every_link_is_located_at_its_own_text(body: str) -> None:
    positions = Positions(body)
    version = Version(lang="en", meta=None, body=body, body_line=1, source="x.md", where={}, file="x.md", body_lang="en")
    for link in find_links(version, Markdown(), positions):
        line, column = link.location.line - 1, link.location.column - 1
        assert 0 <= line < len(positions.lines)
        text = positions.lines[line]
        assert 0 <= column <= len(text)
        if column:  # column 1 is also where a link falls back to when its line's text differs (tabs, escaped pipes)
            assert text[column:].startswith(("[", "!", "<", link.href, unquote(link.href))), (link, text)
    assert positions.scanned <= 3 * len(body)
