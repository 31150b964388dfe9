"""`chapters serve`: a local preview kept in memory, rebuilt on every change, that reloads open tabs.

Each save runs the build's own stages (`pipeline.check`, `pipeline.outputs`) and publishes
in memory (`publish.memory.InMemory`): a request renders only the page it asks for, a static
file is only read, and calendars or feeds are made only when one of them is asked for. The
theme's templates are compiled once and kept until the theme changes.

Watchdog only sets a flag; one loop lets the changes settle, rebuilds, and survives a failed
build (the MkDocs pattern). Nothing is written to disk, so the published output is never
touched, and only the preview's responses loosen the pages' CSP to let the reload script run.
It answers only requests addressed to itself by name (no DNS rebinding: drafts stay on this
machine), closes idle connections and holds a bounded number of them (docs/serve.md).
"""

from __future__ import annotations

import argparse
import html
import ipaddress
import mimetypes
import os
import re
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.cli.scope import Scope, scope_of
from generator.cli.support import add_site_arguments, options_from
from generator.content.markdown import EMPTY
from generator.core import heap, urls
from generator.core.errors import BuildFailed, ContentError
from generator.core.identity import ByIdentity
from generator.core.keep import never
from generator.core.memo import MemoryMemo
from generator.core.options import Options
from generator.output.i18n import Catalogs
from generator.output.render import Templates
from generator.pipeline import Reuse, check, outputs, remembered_cities, remembered_network
from generator.plan.pages import KnownCity, KnownNetwork
from generator.publish.memory import InMemory
from generator.source.load import SiteSource

RESETTLE = 100
"""Saves between two full garbage collections (core/heap.py: 1.5 s at 40k, instead of one every 18 saves)."""
DEBOUNCE = 0.1
"""Seconds without a new change before rebuilding: one save in an editor is often several events."""
SAVED = 0.015
"""The same, when the last change completed a save (`SAVE_ENDS`): the rest of a save's events
come within a few milliseconds (a rename's after the temporary file's close), if at all."""
POLL = 0.5
"""How often waiting threads look at the stop flag, so Ctrl-C never waits for a browser."""
KEEPALIVE = 10.0
"""Seconds between comments on an idle event stream, so a closed tab frees its thread
(at most half the idle timeout, so the stream is never the idle connection)."""
IDLE_TIMEOUT = 30.0
"""Seconds a connection may stay silent (no request, half a request, a reader that stops
reading) before it is closed: half-open connections must not hold threads for ever."""
MAX_CONNECTIONS = 64
"""Connections served at once (one thread each; an open tab's event stream holds one); more
get a 503 at once. Browsers open at most six per host, so this is many tabs' worth."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
RELOAD_PATH = "/__chapters__/reload.js"
EVENTS_PATH = "/__chapters__/events"
WATCHED_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})  # not "opened" nor "closed_no_write": the build reads files
SAVE_ENDS = frozenset({"closed", "moved", "deleted"})
"""Events that end a save: a file closed after writing (inotify's IN_CLOSE_WRITE), a file
renamed into place (editors that save atomically), a file removed. After "created" or
"modified" more writes may follow."""
EVENTS_LOST = "events_lost"
"""watchdog's event when the kernel's queue overflowed and events were dropped (watchdog 7)."""
IGNORED_FOLDERS = frozenset({".git", ".venv", "__pycache__", ".chapters-cache"})
IGNORED_PREFIXES = (".#", "#")  # Emacs's lock and autosave files
IGNORED_SUFFIXES = (".swp", ".swx", ".swo", "~", "#")
CONTENT_TYPES = MappingProxyType({".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
                 ".svg": "image/svg+xml", ".js": "text/javascript; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8"})
FEED_TYPES = MappingProxyType({PurePosixPath(urls.atom_feed()).name: "application/atom+xml", PurePosixPath(urls.rss_feed()).name: "application/rss+xml"})
"""Feeds by file name (`feed.xml`, `rss.xml`, in every city too): both end in `.xml`."""
NOT_FOUND = urls.output_file(urls.not_found())
CSP_SCRIPTS = re.compile(rb"""(<meta http-equiv="Content-Security-Policy" content="[^"]*?)script-src 'none'""")
NO_FILE = b"404: no such file in this build (the preview has no search index: chapters build makes it)\n"
RELOAD_JS = b"""// Added by `chapters serve` only: reload this tab when a newer build (or a failed one) is ready.
(function () {
  var served = document.currentScript.dataset.version;
  var events = new EventSource("/__chapters__/events");
  events.onmessage = function (message) {
    if (message.data !== served) { events.close(); location.reload(); }
  };
})();
"""


@dataclass(frozen=True)
class Build:
    """What the preview serves: the last good build's files, and the errors of the latest build."""

    version: int
    files: Mapping[str, bytes]
    """The last good build's files (`InMemory`: each made when first asked for)."""
    base_path: str
    errors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


ALL = Scope()
"""Every file's problems shown."""


class Preview:
    """The latest build, shared by the rebuild loop (its only writer) and the request threads."""

    def __init__(self, root: Path, options: Callable[[], Options], scope: Scope = ALL) -> None:
        self.root = root
        self.options = options
        self.scope = scope
        """The files whose problems are shown in full (`serve --city`, PATHs); the others' are counted."""
        """Called for each build: without `--now`, every rebuild sees the current time."""
        self.current = Build(0, MappingProxyType({}), "/")
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.templates: tuple[str, Templates] | None = None
        """The theme's compiled templates with the key of what they were made from (`renderer_key`):
        kept across saves until the theme, its catalogs or the site's languages change."""
        self.memo = MemoryMemo()
        """What the last good build found in each body (links, headings, plain text)."""
        self.cities: dict[str, tuple[str, KnownCity]] = {}
        """The last good build's cities as planned, by their keys: a save plans again only the cities it changed."""
        self.planned: tuple[str, ...] = ()
        """The cities the last good build planned (the others' pages were kept from the build before)."""
        self.network: tuple[str, Mapping[str, KnownNetwork]] | None = None
        """The last good build's network listings as planned, with their key: kept while no facts they show change."""
        self.read: SiteSource | None = None
        """The files as the last good build read them: a save reads again only the files whose state changed."""
        self.known = ByIdentity()
        """What the last good build made from the files as read (`core.identity`): their front matter
        validated, the cities assembled and described; a save makes again only what an edited file changes."""
        self.catalogs: Catalogs | None = None
        """The theme's interface translations as the last good build compiled them."""
        self.unsettled: frozenset[str] | None = frozenset()
        """The files the events named since the last good build (a failed one's stay here for the
        next); None: since then a build looked at every file and failed, so the next one does too."""

    def rebuild(self, changed: frozenset[str] | None = None) -> None:
        """The build's stages with an in-memory publisher; on failure keep the last good files and record the errors.

        `changed`: the files (relative to the site) the file events named since the last
        rebuild; any other file read by the last good build is taken as it was, without even
        a stat. None: every file's state is looked at.
        Only the rebuild loop calls this (it alone changes `templates` and `current`)."""
        started, last = time.monotonic(), self.current
        looked = None if changed is None or self.unsettled is None else self.unsettled | changed
        self.unsettled = looked  # until a build succeeds: a file a failed build read is not the last good build's
        try:
            memo, known = self.memo.successor(), self.known.successor()
            checked = check(self.root, self.options(), None, memo, Reuse(memo, never, self.cities, read=self.read, keeps_files=True,
                                                                                 remembered_network=self.network, changed=looked,
                                                                                 known=known, catalogs=self.catalogs))
            settings, languages = checked.site.settings, checked.site.languages
            key = checked.renderer
            # No body's tokens are kept: what the check found in them is in the memo, and a page asked for parses its
            # body (a few milliseconds). The first build parsed every body: their tokens are freed now, not by the first save.
            made = outputs(self.root, replace(checked, bodies=EMPTY), self.templates[1] if self.templates and self.templates[0] == key else None)
            files = InMemory()
            files.publish(made)
            build = Build(last.version + 1, files, base_path(settings.base_url), languages=languages)
            self.templates = key, made.renderer.templates
            self.memo, self.cities, self.planned, self.read = memo, remembered_cities(checked), tuple(checked.slices), checked.source
            self.known, self.catalogs = known, checked.catalogs
            self.network = remembered_network(checked)
            self.unsettled = frozenset()
        except BuildFailed as failed:
            build = Build(last.version + 1, last.files, last.base_path, self._shown(failed.errors), last.languages)
        except Exception as exc:  # a theme or generator bug, not content: show it, keep serving
            traceback.print_exc()
            build = Build(last.version + 1, last.files, last.base_path, (f"internal error: {type(exc).__name__}: {exc}",), last.languages)
        took = time.monotonic() - started
        if build.errors:
            for line in build.errors:
                print(line, file=sys.stderr, flush=True)
            print(f"Build failed in {took:.2f} s: {len(build.errors)} error(s), shown in the browser", file=sys.stderr, flush=True)
        else:
            pages = build.files.pages() if isinstance(build.files, InMemory) else len(build.files)
            print(f"{'Rebuilt' if last.version else 'Built'} {pages} pages in {took:.2f} s (each rendered when first requested)", flush=True)
        if build.errors and build.errors == last.errors:
            return  # the same errors again: the tabs already show them
        with self.changed:
            self.current = build
            self.changed.notify_all()
        for _, city in self.cities.values():
            city.prepare()  # now, not in the next save: a city planned here is kept by the next build

    def _shown(self, errors: list[ContentError]) -> tuple[str, ...]:
        """The errors to show: all, or with a scope its files' and a count of the others'."""
        shown = [str(error) for error in errors if self.scope.shows(error.location.path)]
        others = len(errors) - len(shown)
        if others:
            shown.append(f"{others} error(s) in files outside {self.scope.label} keep the preview from updating: `chapters check {self.root}` shows them")
        return tuple(shown)

    def wait_for(self, seen: int, timeout: float) -> Build:
        """The current build, once its version differs from `seen` or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.current.version != seen, timeout)
            return self.current


def base_path(base_url: str) -> str:
    """The preview serves the site under the path of `base_url`, as it will be published."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def ignored(path: Path, root: Path) -> bool:
    """Changes that cannot change the site: the output, tools' folders, editors' temporary files."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return True
    if not parts or parts[0] == "site" or parts[0].startswith((".site.staging-", ".site.old-")):  # `chapters build`
        return True
    name = parts[-1]
    return any(part in IGNORED_FOLDERS for part in parts) or name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)


class ChangeHandler(FileSystemEventHandler):
    """Notes the paths the file events name and raises a flag: the rebuild loop alone decides
    when to build, and takes the paths (`take`) so that the build looks only at those files."""

    def __init__(self, root: Path, dirty: threading.Event) -> None:
        self.root = root
        self.dirty = dirty
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._lost = False
        self.saved = False
        """Whether the last event noted ended a save (`SAVE_ENDS`): the loop then waits `SAVED`, not `DEBOUNCE`."""

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type == EVENTS_LOST:
            with self._lock:
                self._lost = True
            self.dirty.set()
            return
        if event.event_type not in WATCHED_EVENTS or (event.is_directory and event.event_type == "modified"):
            return  # a folder is "modified" when an entry in it is: that entry's own event names it
        paths = [Path(os.fsdecode(p)) for p in (event.src_path, event.dest_path) if p]
        relevant = [path for path in paths if not ignored(path, self.root)]
        if relevant:
            with self._lock:
                self._paths.update(path.relative_to(self.root).as_posix() for path in relevant)
                self.saved = event.event_type in SAVE_ENDS
            self.dirty.set()

    def take(self) -> frozenset[str] | None:
        """The paths noted since the last call (relative to the site, as messages show them);
        None when events were lost since (the kernel's queue overflowed): every file is looked at."""
        with self._lock:
            taken, self._paths = frozenset(self._paths), set()
            lost, self._lost = self._lost, False
        return None if lost else taken


def resolve(files: Mapping[str, bytes], base: str, path: str) -> tuple[int, str]:
    """A request path → (200, file), (302, address to go to) or (404, the 404 page)."""
    if path.startswith(base):
        address = "/" + path[len(base):]
        if not address.startswith("//"):  # `<base>//host` names no file, and is no address to send a browser to
            name = urls.output_file(address)
            if name in files:
                return 200, name
            if urls.output_file(address + "/") in files:
                return 302, path + "/"
    elif path in ("/", base.rstrip("/")):
        return 302, base
    return 404, NOT_FOUND


def content_type(name: str) -> str:
    """The type a browser needs to show the file (feeds by name: both end in `.xml`)."""
    base = PurePosixPath(name).name
    found = FEED_TYPES.get(base) or CONTENT_TYPES.get(PurePosixPath(base).suffix.lower())
    return found or mimetypes.guess_type(base)[0] or "application/octet-stream"


def for_preview(page: bytes, version: int) -> bytes:
    """This response only may run the reload script: the built page keeps `script-src 'none'`."""
    page = CSP_SCRIPTS.sub(rb"\1script-src 'self'; connect-src 'self'", page, count=1)
    tag = b'<script src="%s" data-version="%d"></script>\n' % (RELOAD_PATH.encode(), version)
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def error_page(errors: tuple[str, ...]) -> bytes:
    """Every error of the latest build, in the format the terminal and `chapters check` use."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed · chapters serve</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem}}h1{{color:#a40000}}code{{white-space:pre-wrap}}</style>
</head><body><h1>The site did not build: {len(errors)} error(s)</h1>
<p>Fix them and save: this page reloads by itself. Files other than pages are still those of the last good build.</p>
<ul>\n{items}\n</ul>
</body></html>
""".encode()


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header → (lower-case name or address, port or None); None if it is not one.

    `localhost:8000` → ("localhost", 8000); `[::1]:8000` → ("::1", 8000); `example.org` → ("example.org", None)."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port = rest[1:] if rest else None
    else:
        name, colon, port_text = value.partition(":")
        port = port_text if colon else None
        if ":" in port_text:
            return None
    if not name or (port is not None and not (port.isascii() and port.isdigit() and len(port) <= 5)):
        return None
    return name, int(port) if port is not None else None


def is_address(name: str) -> bool:
    """An IP address written as such (no name a DNS server could answer for)."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def allowed_host(value: str, bound: str) -> bool:
    """Whether a request with this Host header was meant for this preview, listening on `bound`.

    DNS rebinding makes a browser send a page's own *name* (`evil.example:8000`) to this
    port and lets the page read the answer. So only these names are answered: `localhost`,
    `127.0.0.1`, `[::1]` and the `--host` given. Listening on every address (`0.0.0.0`, `::`),
    any IP address is accepted too: a rebinding needs a name. The port is not compared: a
    browser sends the port it connected to, so only a tunnel or a forwarded port (`ssh -L`,
    a container's) makes it differ, and a page of another origin cannot choose it."""
    found = split_host(value)
    if found is None:
        return False
    name = found[0]
    own = bound.strip("[]").lower()
    return name in LOOPBACK_NAMES or name == own or (own in WILDCARDS and is_address(name))


class PreviewServer(ThreadingHTTPServer):
    """The standard library's threaded server, answering from a `Preview` instead of a folder,
    with at most `max_connections` connections and threads at a time."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview, idle_timeout: float = IDLE_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.preview = preview
        self.bound = address[0]
        self.idle_timeout = idle_timeout
        self.slots = threading.BoundedSemaphore(max_connections)
        self.active = 0
        """Connections being served now (for the tests: a counter, not a clock)."""
        self.counting = threading.Lock()
        self.refused_hosts: set[str] = set()
        """Hosts refused so far, each reported once in the terminal."""
        super().__init__(address, Handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]  # a TCP server's request is a socket; typeshed types it for UDP servers too
        """A thread for the connection if one of the slots is free; else a 503 without waiting."""
        if not self.slots.acquire(blocking=False):
            try:
                request.setblocking(False)
                request.send(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
                             b"503: too many connections to the preview at once\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        self.count(+1)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]  # a TCP server's request is a socket; typeshed types it for UDP servers too
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.release()

    def count(self, change: int) -> None:
        with self.counting:
            self.active += change

    def release(self) -> None:
        self.count(-1)
        self.slots.release()

    def report_refused(self, host: str) -> None:
        """Say once per host in the terminal that requests for it are refused, and why."""
        shown = ascii(host)[1:-1][:100]
        if shown in self.refused_hosts or len(self.refused_hosts) >= 20:
            return
        self.refused_hosts.add(shown)
        print(f"Refused a request for host `{shown}`: the preview answers only to its own address (docs/serve.md, DNS rebinding)", file=sys.stderr, flush=True)

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab closed mid-answer is normal
            super().handle_error(request, client_address)  # type: ignore[arg-type]  # the request as handed to us by socketserver


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD from the in-memory build, the reload script and the build event stream."""

    server: PreviewServer

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)  # every read and write of this connection

    def do_GET(self) -> None:
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        self.answer(with_body=False)

    def misdirected(self, with_body: bool) -> bool:
        """Answer (and return True) when the request is not addressed to this preview by name.

        A request without Host is allowed in HTTP/1.0 only: browsers always send one, so it
        comes from a tool on this machine (curl -0), never from a web page."""
        hosts = self.headers.get_all("Host") or []
        authority = urlsplit(self.path).netloc  # `GET http://host/ HTTP/1.1`: this one counts
        if len(hosts) > 1 or not (authority or hosts or self.request_version == "HTTP/1.0"):
            self.send(400, CONTENT_TYPES[".txt"], b"400: one Host header is required\n", with_body)
            return True
        host = authority or (hosts[0] if hosts else None)
        if host is None or allowed_host(host, self.server.bound):
            return False
        self.server.report_refused(host)
        self.send(421, CONTENT_TYPES[".txt"], b"421: this preview answers only to its own address, such as http://localhost:%d/\n" % self.server.server_address[1], with_body)
        return True

    def answer(self, with_body: bool) -> None:
        if self.misdirected(with_body):
            return None
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            return self.stream_events()
        if path == RELOAD_PATH:
            return self.send(200, CONTENT_TYPES[".js"], RELOAD_JS, with_body)
        build = self.server.preview.current
        status, name = resolve(build.files, build.base_path, path)
        if status == 302:
            return self.send(302, CONTENT_TYPES[".txt"], b"", with_body, location=name)
        if status == 404 and path.startswith(build.base_path) and urls.is_shared_file("/" + path[len(build.base_path):], build.languages):
            return self.send(404, CONTENT_TYPES[".txt"], NO_FILE, with_body)  # a missing file (or the search bundle) renders no page
        kind = content_type(name)
        if kind.startswith("text/html") and build.errors:
            status, body = 500, error_page(build.errors)
        elif name in build.files:
            body = build.files[name]
        else:  # no good build yet, or a site without a 404 page
            return self.send(404, CONTENT_TYPES[".txt"], b"404: not in this build\n", with_body)
        return self.send(status, kind, for_preview(body, build.version) if kind.startswith("text/html") else body, with_body)

    def send(self, status: int, kind: str, body: bytes, with_body: bool, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must never show an older build
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def stream_events(self) -> None:
        """Server-Sent Events: the build version now and after each build, until a stop or a closed tab."""
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        keepalive = min(KEEPALIVE, self.server.idle_timeout / 2)
        sent, quiet_since = -1, time.monotonic()
        try:
            while not preview.stop.is_set():
                version = preview.wait_for(sent, min(POLL, keepalive)).version
                if version != sent or time.monotonic() - quiet_since >= keepalive:
                    self.wfile.write(f"data: {version}\n\n".encode() if version != sent else b": keep-alive\n\n")
                    self.wfile.flush()
                    sent, quiet_since = version, time.monotonic()
        except OSError:
            pass  # the tab went away

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build results, not for every request."""


def rebuild_on_change(preview: Preview, dirty: threading.Event, events: ChangeHandler | None = None) -> None:
    """The one loop that builds: wait for a change, let the changes settle, rebuild with the
    paths the events named (`events`; without it, every file's state is looked at); never raises on content.
    What the preview keeps is left out of the garbage collector's walks (core/heap.py)."""
    builds = 0
    while not preview.stop.is_set():
        if not dirty.wait(POLL):
            continue
        while dirty.is_set():
            dirty.clear()
            time.sleep(SAVED if events is not None and events.saved else DEBOUNCE)
        preview.rebuild(events.take() if events is not None else None)
        builds += 1
        if builds % RESETTLE == 0:
            heap.release()
            heap.collect()
        heap.settle()


def serve(root: Path, host: str, port: int, options: Callable[[], Options], idle_timeout: float = IDLE_TIMEOUT,
          scope: Scope = ALL, start: str = "") -> int:
    """Serve `root` until Ctrl-C; 0 when stopped, 1 when the folder or the port is unusable.
    With a `scope`, only its files' problems are shown in full; `start` is the page to open."""
    if not root.is_dir():
        print(f"chapters: error: {root} is not a folder", file=sys.stderr)
        return 1
    if not idle_timeout > 0:
        print(f"chapters: error: --idle-timeout must be more than 0 seconds, not {idle_timeout}", file=sys.stderr)
        return 1
    preview = Preview(root, options, scope)
    try:
        server = PreviewServer((host, port), preview, idle_timeout)
    except OSError as exc:
        print(f"chapters: error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    dirty = threading.Event()
    observer = Observer()
    events = ChangeHandler(root.absolute(), dirty)
    observer.schedule(events, str(root.absolute()), recursive=True)
    listener = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    try:
        observer.start()
        preview.rebuild()
        listener.start()
        shown_host = f"[{host}]" if ":" in host else host
        print(f"Serving {root} at http://{shown_host}:{server.server_address[1]}{preview.current.base_path}{start.lstrip('/')} (Ctrl-C to stop)", flush=True)
        if host not in ("127.0.0.1", "::1", "localhost"):
            print(f"Note: {host} may be reachable from other machines; the preview is meant for yours.", flush=True)
            if host.strip("[]") in WILDCARDS:
                print("It answers requests for localhost or an IP address; for a name, listen on that name with --host.", flush=True)
        events.take()  # the first build looked at every file
        heap.settle()
        rebuild_on_change(preview, dirty, events)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        heap.release()
        preview.stop.set()
        if listener.is_alive():
            server.shutdown()
        server.server_close()
        observer.stop()
        observer.join(timeout=1)  # a daemon thread: waiting longer only delays the exit Ctrl-C asked for
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    parser.add_argument("--idle-timeout", type=float, default=IDLE_TIMEOUT, metavar="SECONDS",
                        help=f"close a connection that sends nothing for this long (default: {IDLE_TIMEOUT:g})")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="show only the problems of these files or folders in full (the whole site is still checked and served)")
    parser.add_argument("--city", action="append", default=[], metavar="CITY",
                        help="preview this city: its page first, only its files' problems in full; may be repeated")


def run(args: argparse.Namespace) -> int:
    try:
        chosen = scope_of(args)
    except ValueError as exc:
        print(f"chapters serve: error: {exc}", file=sys.stderr)
        return 2
    start = urls.city(args.city[0]) if args.city else ""
    return serve(args.site_dir, args.host, args.port, lambda: options_from(args), args.idle_timeout, chosen, start)
