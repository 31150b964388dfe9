"""One configured Markdown renderer: CommonMark plus tables, footnotes and heading anchors.

Raw HTML is shown as text, never passed through; links may only be relative, http(s) or
mailto; images from other hosts become plain links, so no page makes a reader's browser
contact another server. Root-relative links (`/handbook/`) are rewritten per page so the
site works under any base path and stays in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import mdurl
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline, autolink, image, link
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_inline

from generator.content.markdown_links import END, OFFSET, BodyLink, Positions, body_links
from generator.core.memo import NO_MEMO, Memo, digest
from generator.core.urls import absolute_link, is_site_path

LinkRewriter = Callable[[str], str]
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def is_external(url: str) -> bool:
    return bool(_SCHEME.match(url)) or url.startswith("//")


Bodies = Mapping[str, Sequence[Token]]
"""Parsed bodies by their Markdown text: read-only (a `MappingProxyType` of tuples)."""
EMPTY: Bodies = MappingProxyType({})


class Markdown:
    """Parses each body once and renders it for any page.

    An instance is one stage's working parser: it remembers the bodies it parsed and the plain
    text it made. Frozen results carry `bodies()`, never the parser; the next stage starts a
    parser of its own from them (`Markdown(checked.bodies)`), and nothing is parsed again.
    """

    def __init__(self, earlier: Bodies | None = None, memo: Memo = NO_MEMO) -> None:
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.core.ruler.push("anchor", _anchor_ids)
        md.use(footnote_plugin)
        for name, rule in (("link", link), ("image", image), ("autolink", autolink), ("footnote_inline", footnote_inline)):
            md.inline.ruler.at(name, _with_offset(rule))
        md.validateLink = is_safe_link  # type: ignore[method-assign]  # markdown-it-py documents replacing these two on the instance
        md.normalizeLinkText = _link_text  # type: ignore[method-assign,assignment]  # (its types declare them as methods)
        md.add_render_rule("link_open", _render_link_open)
        md.add_render_rule("image", _render_image)
        md.add_render_rule("heading_open", _render_heading)
        md.add_render_rule("heading_close", _render_heading)
        self._md = md
        self._earlier: Bodies = earlier if earlier is not None else EMPTY
        self._parsed: dict[str, Sequence[Token]] = {}
        """Every body this parser was asked for (its working memory; `bodies()` hands out a frozen copy)."""
        self._plain: dict[tuple[str, str, str, tuple[str, ...]], str] = {}
        self._links: dict[str, tuple[BodyLink, ...]] = {}
        self._memo = memo
        """What earlier builds found in each body (its links, headings, plain text): a body
        whose results are there is not parsed at all, unless a page shows it."""

    def tokens(self, text: str) -> Sequence[Token]:
        """The body's tokens, parsed once. Nothing changes a token after parsing (the render
        rules render changed copies), so the same tokens serve every page and thread."""
        found = self._parsed.get(text)
        if found is None:
            found = self._earlier.get(text) or tuple(self._md.parse(text))
            self._parsed[text] = found
        return found

    def bodies(self) -> Bodies:
        """The bodies parsed so far, frozen: what a stage hands to the next (`Checked.bodies`)."""
        return MappingProxyType(dict(self._parsed))

    @property
    def memo(self) -> Memo:
        return self._memo

    def successor(self) -> Markdown:
        """A parser for the next build of a running preview that starts with this one's parsed
        bodies: only edited bodies are parsed again, and bodies the next build no longer asks
        for are dropped after it, so a long session does not grow. This parser is not changed."""
        return Markdown(self.bodies())

    def render(self, text: str, rewrite: LinkRewriter, prefix: str | None = None, shift: int = 0) -> str:
        """HTML for one page. With `prefix`, every id (headings, footnotes) and `#` link gets
        `prefix.` in front, and headings move `shift` levels down: for bodies shown together
        on one page (the printable handbook), whose ids would otherwise collide."""
        env: dict[str, Any] = {"rewrite": rewrite, "shift": shift}
        if prefix:
            env.update(prefix=prefix, docId=prefix)  # docId: the footnote plugin's own prefix
        html: str = self._md.renderer.render(self.tokens(text), self._md.options, env)  # RendererProtocol.render is typed Any
        return html

    def headings(self, text: str) -> list[Heading]:
        key = digest(text)
        try:
            return [Heading.from_json(item) for item in _list(self._memo.get("headings", key))]
        except ValueError:
            found = headings(self.tokens(text))
            self._memo.put("headings", key, [[h.level, h.id, h.text] for h in found])
            return found

    def links(self, text: str) -> tuple[BodyLink, ...]:
        """Every link and image of a body, with the line and column (in the body) where it is written."""
        key = digest(text)
        found = self._links.get(key)
        if found is None:
            try:
                found = tuple(BodyLink.from_json(item) for item in _list(self._memo.get("links", key)))
            except ValueError:
                found = body_links(self.tokens(text), Positions(text))
                self._memo.put("links", key, [link.to_json() for link in found])
            self._links[key] = found
        return found

    def plain_text(self, text: str, base_url: str, lang: str, languages: tuple[str, ...]) -> str:
        """Readable plain text with absolute links in `lang` (`text (https://…/de/…)`), for
        calendar descriptions, JSON-LD and calendar links. Made once per body and language:
        an event's page, its JSON-LD, the calendars and the feeds all ask for the same."""
        key = (text, base_url, lang, languages)
        found = self._plain.get(key)
        if found is None:
            kept = digest(text, base_url, lang, *languages)
            stored = self._memo.get("plain text", kept)
            if isinstance(stored, str):
                found = stored
            else:
                def rewrite(path: str) -> str:
                    return absolute_link(base_url, path, lang, languages)
                found = to_plain_text(self.tokens(text), rewrite)
                self._memo.put("plain text", kept, found)
            self._plain[key] = found
        return found


_STARTS = frozenset({"link_open", "image", "footnote_ref"})


def _with_offset(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """The inline rule, recording where in the source text the token it opens starts."""
    def positioned(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:  # pending text is pushed first: the rule's own token is the first of its kinds
            opened = next((token for token in state.tokens[count:] if token.type in _STARTS), None)
            if opened is not None:
                opened.meta[OFFSET], opened.meta[END] = start, state.pos
        return True
    return positioned


def _link_text(url: str) -> str:
    """An autolink's text as written: markdown-it shows a punycode host (`xn--80ak6aa92e.com`)
    decoded (`аррӏе.com`, Cyrillic letters that look Latin), so a reader would see a
    different host than the reviewer of the Markdown; only percent-escapes are decoded."""
    return mdurl.decode(url, mdurl.DECODE_DEFAULT_CHARS + "%")


def _anchor_ids(state: StateCore) -> None:
    """Ids for `##` and `###` headings, exactly as mdit-py-plugins' anchors plugin gives them
    (`where-to-look`, then `where-to-look-1`, ...), in linear time: the plugin tries every
    suffix again for each repeated heading, so 50,000 lines `## a` took six minutes."""
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open" or token.tag not in ("h2", "h3"):
            continue
        children = state.tokens[index + 1].children or []
        base = slugify("".join(child.content for child in children if child.type in ("text", "code_inline")))
        slug = base
        if slug in taken:  # suffixes below next_suffix[base] were taken before, and stay taken
            suffix = next_suffix.get(base, 1)
            while f"{base}-{suffix}" in taken:
                suffix += 1
            slug, next_suffix[base] = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        token.attrSet("id", slug)


@dataclass(frozen=True)
class Heading:
    """A `##` or `###` heading, for a page's table of contents."""

    level: int
    id: str
    text: str

    @classmethod
    def from_json(cls, value: object) -> Heading:
        """`[level, id, text]` as the memo keeps it; ValueError for anything else."""
        if not isinstance(value, list) or len(value) != 3 or type(value[0]) is not int or not all(isinstance(v, str) for v in value[1:]):
            raise ValueError("not a heading")
        return cls(value[0], value[1], value[2])


def _list(value: object) -> list[object]:
    """A memo's list, or ValueError (a miss) for nothing or anything else."""
    if not isinstance(value, list):
        raise ValueError("not kept")
    return value


def headings(tokens: Sequence[Token]) -> list[Heading]:
    """Headings with the ids the anchors plugin gave them: the contents list links to exactly those."""
    found = []
    for index, token in enumerate(tokens):
        heading_id = token.attrGet("id") if token.type == "heading_open" else None
        if heading_id:
            children = tokens[index + 1].children or []
            text = "".join(" " if child.type == "softbreak" else child.content for child in children if child.type in ("text", "code_inline", "softbreak"))
            found.append(Heading(int(token.tag[1]), str(heading_id), text.strip()))
    return found


_BLOCK_ENDS = {"paragraph_close", "bullet_list_close", "ordered_list_close", "heading_close", "blockquote_close", "table_close", "code_block", "fence", "hr"}


def to_plain_text(tokens: Sequence[Token], rewrite: LinkRewriter) -> str:
    out: list[str] = []
    for token in tokens:
        if token.type == "inline":
            out.append(_inline_text(token.children or [], rewrite))
        elif token.type in ("code_block", "fence"):
            out.append(token.content.rstrip("\n"))
        elif token.type == "list_item_open":
            out.append("- ")
        elif token.type == "list_item_close" or token.type == "tr_close":
            out.append("\n")
        elif token.type in ("th_close", "td_close"):
            out.append(" | ")
        if token.type in _BLOCK_ENDS and not token.hidden:
            out.append("\n\n")
    text = "".join(out)
    lines = [line.rstrip(" |").rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _inline_text(children: Sequence[Token], rewrite: LinkRewriter) -> str:
    parts: list[str] = []
    href: str | None = None
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close" and href:
            shown = rewrite(href) if is_site_path(href) else href
            if not shown.startswith("#"):
                parts.append(f" ({shown.removeprefix('mailto:')})")
            href = None
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "footnote_ref":
            parts.append(f"[{child.meta.get('id', 0) + 1}]")
    return "".join(parts)


def _rewrite(href: str, env: dict[str, Any]) -> str:
    if is_site_path(href):
        return str(env["rewrite"](href))
    if href.startswith("#") and len(href) > 1 and env.get("prefix"):
        return f"#{env['prefix']}.{href[1:]}"
    return href


class _Replaced(Sequence[Token]):
    """`tokens` with the one at `index` replaced, without copying the list: the default
    renderer looks at a token's neighbours, so it needs the whole sequence."""

    def __init__(self, tokens: Sequence[Token], at: int, token: Token) -> None:
        self._tokens, self._at, self._token = tokens, at, token

    def __len__(self) -> int:
        return len(self._tokens)

    def __getitem__(self, index: int) -> Token:  # type: ignore[override]  # the rules read tokens by index only, never a slice
        return self._token if index == self._at else self._tokens[index]

    def __iter__(self) -> Iterator[Token]:
        return (self[index] for index in range(len(self)))


def _render_changed(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any], **changes: Any) -> str:
    """Render the token at `idx` as if `changes` were made to it: tokens are shared between
    pages (and a preview's threads), so the parsed one is never changed, only a copy."""
    return str(self.renderToken(_Replaced(tokens, idx, tokens[idx].copy(**changes)), idx, options, env))


def _render_heading(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    """Headings as parsed, or with the id prefix and level shift of `Markdown.render`."""
    token = tokens[idx]
    tag, heading_id = token.tag, token.attrGet("id")
    changes: dict[str, Any] = {"tag": f"h{min(int(tag[1]) + env.get('shift', 0), 6)}"}
    if heading_id and env.get("prefix"):
        changes["attrs"] = {**token.attrs, "id": f"{env['prefix']}.{heading_id}"}
    return _render_changed(self, tokens, idx, options, env, **changes)


def _render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    return _render_changed(self, tokens, idx, options, env, attrs={**token.attrs, "href": _rewrite(href, env)})


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
