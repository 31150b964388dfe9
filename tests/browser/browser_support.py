"""What the browser tests share: the pages they visit, how Chromium starts, what a visit saw."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
"""The repository root, which is also the demo site."""
NOW = "2026-11-21T12:00:00+00:00"

LANGUAGES = ("en", "de", "ru")
"""The demo site's languages; the first is the default and has no prefix in its addresses."""
WIDTHS = {390: 844, 1280: 800}
"""Viewport widths (a phone, a laptop) and their heights, in CSS pixels."""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = {
    "home": "/",
    "city": "/cities/almaty/",
    "guide": "/cities/almaty/housing/",
    "city-events": "/cities/almaty/events/",
    "event": "/cities/almaty/events/2026-12-10-german-christmas-evening/",
    "calendar": "/calendar/",
    "handbook-chapter": "/handbook/first-week/",
    "search": "/search/",
    "not-found": "/404.html",
}
"""One page of each kind, by name: its address in the default language."""

CHROMIUM = Path(os.environ.get("CHAPTERS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the machine's network is closed: no calls home
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("CHAPTERS_SCREENSHOTS", ROOT / "test-screenshots"))
"""Where the screenshot tests write their PNG files (ignored by git)."""

INSTALL_HINT = (
    "`.ci/setup` installs it (as root; run without root, it prints what to install), as the "
    "README's test command does. To run the other tests without the browser tests, deselect "
    "them on purpose: pytest -m 'not browser'."
)


def localized(path: str, lang: str) -> str:
    """The address of `path` (a default-language address) in `lang`."""
    return path if lang == LANGUAGES[0] else f"/{lang}{path}"


@dataclass
class Visit:
    """What loading one page showed: its status, every request, the console, axe's findings."""

    url: str
    status: int | None
    lang: str | None = None
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    scroll_width: int = 0
    viewport_width: int = 0
    """The width of the page's box (the viewport less any scrollbar)."""
    overflowing: list[str] = field(default_factory=list)
    """Elements that stick out past the right edge, when the page scrolls sideways."""
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """axe-core's violations by colour scheme ("light", "dark")."""

    def require_page(self) -> None:
        """Fail unless the page exists (the 404 page itself is served as /404.html)."""
        assert self.status == 200, f"{self.url} answered {self.status}: the page does not exist (yet)"


def search_for(page: Any, words: str) -> list[str]:
    """Type `words` into the search page open in `page` and wait for Pagefind's results: the paths they link to, in order."""
    box = page.locator(".pagefind-ui__search-input")
    box.wait_for(state="visible", timeout=15_000)
    box.fill(words)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(state="visible", timeout=15_000)
    return [urlsplit(urljoin(page.url, href)).path for href in results.evaluate_all("links => links.map(link => link.getAttribute('href'))")]


COLOUR_RULES = ("color-contrast", "link-in-text-block")
"""The WCAG rules of axe-core that read colours. The dark scheme changes only the theme's colour
properties (the `prefers-color-scheme: dark` block of style.css sets custom properties and
nothing else), so in it only these can find something the light scheme's run did not."""


def run_axe(page: Any, scheme: str = "light") -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules on the page as it is now;
    in the dark scheme, of the rules that read colours (`COLOUR_RULES`)."""
    from axe_playwright_python.sync_playwright import Axe

    only = {"type": "rule", "values": list(COLOUR_RULES)} if scheme == "dark" else {"type": "tag", "values": WCAG_TAGS}
    if not page.evaluate("() => window.__chaptersTestsAxe === true"):  # a document's first run injects axe-core (half a MB); the next reuse it
        page.evaluate(Axe().axe_script + "\n;window.__chaptersTestsAxe = true;")
    violations: list[dict[str, Any]] = page.evaluate("options => axe.run(document, options).then(results => results.violations)",
                                                      {"runOnly": only, "resultTypes": ["violations"]})
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """axe-core's violations as lines a person can act on: rule, impact, help, and the elements."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']} — {violation.get('helpUrl', '')}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target']) if all(isinstance(t, str) for t in node['target']) else node['target']}: {node['html'][:160]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend("      " + line for line in summary.splitlines()[:4])
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const name = element => element.tagName.toLowerCase() + [...element.classList].map(c => "." + c).join("");
  for (const element of document.body.querySelectorAll("*")) {
    const right = element.getBoundingClientRect().right;
    if (right > width + 0.5) found.push(name(element) + " (right edge " + Math.round(right) + "px)");
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    range.selectNodeContents(walker.currentNode);
    const right = range.getBoundingClientRect().right;
    if (right > width + 0.5) found.push("text in " + name(walker.currentNode.parentElement) + " (right edge " + Math.round(right) + "px): " + walker.currentNode.textContent.trim().slice(0, 60));
  }
  return found.slice(0, 10);
}"""
"""The first ten elements, then text, whose right edge lies past the page's width."""

screenshots_taken: list[Path] = []
"""The screenshots this session wrote, for the closing summary."""


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site like a static host: the site's own 404.html for a missing file."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".ics": "text/calendar",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`http://127.0.0.1:PORT` serving a built site like a static host, on a free port, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
