"""Markdown → HTML → plain text with any body: balanced HTML with only the elements and
attributes Markdown makes, no script or event handler, no link a browser would read as
`javascript:` (or any scheme but http, https and mailto), no image from another host, and
plain text for calendars that never fails."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import example, given
from hypothesis import strategies as st

from generator.content.markdown import Markdown
from generator.core import urls

from .strategies import MARKDOWN_SYNTAX, any_text, pieces

FORBIDDEN = {"script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "input", "button", "frame", "frameset",
             "svg", "math", "template", "noscript", "textarea", "select", "video", "audio", "source", "track", "applet", "portal"}
ELEMENTS = {"p", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "hr", "br",
            "table", "thead", "tbody", "tr", "th", "td", "s", "sup", "section"}
VOID = {"img", "hr", "br"}
ATTRIBUTES = {"href", "src", "alt", "title", "id", "class", "loading", "start", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "cite", "background", "ping", "srcset", "manifest"}
SAFE_SCHEMES = {"http", "https", "mailto"}
# Table alignment is the one style markdown-it writes (the page's CSP ignores it).
TABLE_ALIGN = re.compile(r"text-align:(left|right|center)")

PAGES = ["/", "/cities/almaty/", "/de/handbook/first-week/", "/404.html"]


def browser_url(value: str) -> str:
    """What a browser's URL parser starts from, after the HTML parser decoded entities:
    leading and trailing C0 controls and spaces stripped, tabs and line breaks removed
    anywhere, backslashes read as slashes (in http(s) addresses)."""
    value = value.strip("".join(map(chr, range(0x21))))
    return re.sub(r"[\t\n\r]", "", value).replace("\\", "/")


def scheme(value: str) -> str | None:
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", browser_url(value))
    return match.group(1).lower() if match else None


class Checked(HTMLParser):
    """Parses the rendered HTML like a browser would tokenize it and records every problem."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)
        if tag not in VOID:
            self.problems.append(f"<{tag} /> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment <!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration <!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration <![{data}>")

    def check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN:
            self.problems.append(f"forbidden element <{tag}>")
        elif tag not in ELEMENTS:
            self.problems.append(f"unexpected element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            elif name not in ATTRIBUTES:
                self.problems.append(f"unexpected attribute {name}={value!r} on <{tag}>")
            if name == "style" and not (tag in ("th", "td") and TABLE_ALIGN.fullmatch(value)):
                self.problems.append(f"style {value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and scheme(value) not in (None, *SAFE_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>: scheme {scheme(value)}")
            if tag == "img" and name == "src" and (scheme(value) or browser_url(value).startswith("//")):
                self.problems.append(f"image from another host: {value!r}")

    def finish(self) -> list[str]:
        self.close()
        return self.problems + [f"<{tag}> never closed" for tag in self.open]


def check_html(html: str) -> None:
    checked = Checked()
    checked.feed(html)
    problems = checked.finish()
    assert not problems, (problems, html)


def rewriter(page: str):  # type: ignore[no-untyped-def]
    """Like the renderer's: a site path in the reader's language, relative to the page."""
    def rewrite(href: str) -> str:
        return urls.relative(page, urls.localize_link(href, "de" if page.startswith("/de/") else "en", ("en", "de", "ru")))
    return rewrite


link_targets = pieces(["javascript:", "JAVASCRIPT:", "java", "script", ":", "&#58;", "&colon;", "&#x3a;", "&#9;", "&#10;", "&#13;",
                       "&Tab;", "&NewLine;", "\\", "%", "%3a", "%09", "/", "//", "\\\\", "data:", "vbscript:", "alert(1)", "evil.org",
                       "&#0;", "\x00", "\x01", "\x0b", "\x0c", " ", "\u00a0", "\u2028", "<", ">", "http:", "https:", "mailto:", "#"], max_size=8)
markdown_links = st.builds(lambda bang, text, target, title: f"{bang}[{text}]({target}{title})", st.sampled_from(["", "!"]),
                           st.sampled_from(["x", "", "<b>", "![i](javascript:x)"]), link_targets | st.builds("<{}>".format, link_targets),
                           st.sampled_from(["", ' "t"', " 'onerror=x'"]))
reference_links = st.builds(lambda target: f"[a][r] ![b][r]\n\n[r]: {target}\n", link_targets)
autolinks = st.builds("<{}>".format, link_targets)
bodies = st.one_of(any_text, pieces(MARKDOWN_SYNTAX), st.lists(markdown_links | reference_links | autolinks | pieces(MARKDOWN_SYNTAX, 10),
                                                              max_size=6).map("\n".join))


@given(bodies, st.sampled_from(PAGES), st.sampled_from([(None, 0), ("first-week", 1)]))
@example("[x](javascript:alert(1))", "/", (None, 0))
@example("[x](jav&#x09;ascript:alert(1)) [y](&#106;avascript:alert(1)) [z](java\\\nscript:x)", "/", (None, 0))
@example("<javascript:alert(1)> <JAVASCRIPT&colon;alert(1)> [a](<java script:x>)", "/", (None, 0))
@example("![x](//evil.org/t.png) ![y](/\\evil.org/t.png) ![z](\\\\evil.org/t.png) ![w](https:evil.org/t.png)", "/", (None, 0))
@example("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n<iframe src=x>", "/", (None, 0))
@example("[a][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4= 'onmouseover=x'\n", "/", (None, 0))
@example('# "><script>x</script>\n\n## <h2 onclick=x>\n\n[^1]\n\n[^1]: "><img src=x>', "/de/handbook/first-week/", ("first-week", 1))
@example("| a | b |\n|:-:|--:|\n| `<script>` | [x](javascript:x) |", "/", (None, 0))
@example("[x](/cities/almaty/javascript:alert(1)) [](/A:)", "/cities/almaty/", (None, 0))  # made relative, the path became a scheme
def test_rendered_html_is_balanced_and_safe(body: str, page: str, placement: tuple[str | None, int]) -> None:
    markdown = Markdown()
    prefix, shift = placement
    html = markdown.render(body, rewriter(page), prefix, shift)
    check_html(html)
    markdown.headings(body)


@given(bodies)
@example("[x](/handbook/) [y](mailto:a@example.org) [z](#top) ![i](/images/a.png)\n\n```\ncode\n```\n\n| a |\n|---|\n| b |\n\n[^n]\n\n[^n]: note")
def test_plain_text_never_fails(body: str) -> None:
    text = Markdown().plain_text(body, "https://example.org/chapters/", "de", ("en", "de", "ru"))
    assert isinstance(text, str)
