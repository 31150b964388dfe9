"""One configured Markdown renderer: CommonMark plus tables, footnotes and heading anchors.

Raw HTML is shown as text, never passed through; links may only be relative, http(s) or
mailto; images from other hosts become plain links, so no page makes a reader's browser
contact another server. Root-relative links (`/handbook/`) are rewritten per page so the
site works under any base path and stays in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.urls import is_site_path

LinkRewriter = Callable[[str], str]
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def is_external(url: str) -> bool:
    return bool(_SCHEME.match(url)) or url.startswith("//")


class Markdown:
    """Parses each body once and renders it for any page."""

    def __init__(self) -> None:
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.use(anchors_plugin, min_level=2, max_level=3)
        md.use(footnote_plugin)
        md.validateLink = is_safe_link  # type: ignore[method-assign]
        md.add_render_rule("link_open", _render_link_open)
        md.add_render_rule("image", _render_image)
        self._md = md
        self._parsed: dict[str, list[Token]] = {}

    def tokens(self, text: str) -> list[Token]:
        if text not in self._parsed:
            self._parsed[text] = self._md.parse(text)
        return self._parsed[text]

    def render(self, text: str, rewrite: LinkRewriter) -> str:
        return self._md.renderer.render(self.tokens(text), self._md.options, {"rewrite": rewrite})


def _rewrite(href: str, env: dict[str, Any]) -> str:
    return env["rewrite"](href) if is_site_path(href) else href


def _render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    token.attrSet("href", _rewrite(href, env))
    try:
        return str(self.renderToken(tokens, idx, options, env))
    finally:
        token.attrSet("href", href)  # tokens are shared between pages: leave them as parsed


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    escaped_alt = _escape(alt)
    if is_external(src):
        # Loading it would tell another host who reads this page: link to it instead.
        return f'<a href="{_escape(src)}">{escaped_alt or _escape(src)}</a>'
    title = token.attrGet("title")
    title_attr = f' title="{_escape(str(title))}"' if title else ""
    return f'<img src="{_escape(_rewrite(src, env))}" alt="{escaped_alt}"{title_attr} loading="lazy">'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
