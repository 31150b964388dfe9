"""`chapters serve` as a reader and an ambassador meet it: a real server in a subprocess.

Each test copies tests/fixtures/sites/small/ into tmp_path, starts
`python -m generator serve --port 0` on 127.0.0.1 and reads the address it prints. Every
wait is bounded; the edits are seen by polling, never by sleeping a fixed time.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import pytest
from conftest import FIXTURES, NOW, NOW_INSTANT, git, run_quietly, snapshot, write_site
from watchdog.events import DirCreatedEvent, DirModifiedEvent, EventsLostEvent, FileModifiedEvent

from generator import pipeline
from generator.cli.scope import Scope
from generator.cli.serve import ChangeHandler, Preview, PreviewServer, base_path, content_type, for_preview, ignored, resolve
from generator.content import assemble, warnings
from generator.core.options import Options
from generator.output.render import Renderer
from generator.plan.pages import Page
from generator.source import load

SMALL = FIXTURES / "sites" / "small"
REPO = Path(__file__).resolve().parent.parent
CHAPTER = "content/handbook/first-week.md"
T = TypeVar("T")


class Server:
    """A running `chapters serve`: its address, and what it printed so far."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(root), "--port", "0", "--now", NOW, *extra],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=_ctrl_c_as_in_a_terminal,
        )
        self.out: queue.Queue[str] = queue.Queue()
        self.err: queue.Queue[str] = queue.Queue()
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=_pump, args=(stream, lines), daemon=True).start()
        first = self.out_lines(until=lambda line: line.startswith("Serving "), timeout=15)
        self.url = first[-1].split(" at ", 1)[1].split(" ", 1)[0]  # http://127.0.0.1:PORT/chapters/
        self.port = int(self.url.split(":")[2].split("/")[0])

    def out_lines(self, until: Callable[[str], bool], timeout: float = 5.0, stream: str = "out") -> list[str]:
        """Lines printed until one satisfies `until`; fails the test after `timeout` seconds."""
        lines: list[str] = []
        source, deadline = self.out if stream == "out" else self.err, time.monotonic() + timeout
        while True:
            try:
                line = source.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no matching line on std{stream} within {timeout} s; got {lines}")
            lines.append(line.rstrip("\n"))
            if until(lines[-1]):
                return lines

    def get(self, path: str) -> tuple[int, str, str]:
        """(status, Content-Type, body) of `path` below the site's address."""
        url = self.url + path if not path.startswith("/") else self.url.split("/chapters/")[0] + path
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read().decode("utf-8")

    def interrupt(self, timeout: float = 5.0) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


def _ctrl_c_as_in_a_terminal() -> None:
    """In the server's process before it starts: Ctrl-C (SIGINT) acts as in a terminal. A
    shell runs a background job with SIGINT ignored, and a child inherits that: the suite
    run as one (`.ci/run &`) would otherwise test a serve that cannot hear Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _pump(stream: IO[str] | None, lines: queue.Queue[str]) -> None:
    assert stream is not None
    for line in stream:
        lines.put(line)


def poll(fetch: Callable[[], T], ok: Callable[[T], bool], timeout: float = 2.0) -> T:
    """Call `fetch` until `ok` holds for its value; the last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    value = fetch()
    while not ok(value) and time.monotonic() < deadline:
        time.sleep(0.05)
        value = fetch()
    return value


def started(root: Path, *extra: str) -> Iterator[Server]:
    """A server on `root`, stopped (or killed, if it hangs) when the test is over."""
    running = Server(root, *extra)
    yield running
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGINT)
        try:
            running.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(SMALL, tmp_path / "small")
    return tmp_path / "small"


@pytest.fixture
def server(root: Path) -> Iterator[Server]:
    """A server of its own, for a test that edits the site or stops the server."""
    yield from started(root)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that only read."""
    root = tmp_path_factory.mktemp("shared") / "small"
    shutil.copytree(SMALL, root)
    yield from started(root)


def test_an_edit_is_served_an_error_is_shown_and_a_fix_brings_the_page_back(server: Server, root: Path) -> None:
    status, kind, body = server.get("handbook/first-week/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "Sleep, eat, walk around." in body

    write_site(root, {CHAPTER: "---\ntitle: Your first week\norder: 1\n---\n\nFreshly edited text.\n"})
    status, _, body = poll(lambda: server.get("handbook/first-week/"), lambda got: "Freshly edited text." in got[2])
    assert status == 200 and "Freshly edited text." in body

    write_site(root, {
        CHAPTER: "---\ntitle: Your first week: day one\norder: 1\n---\n\nBroken.\n",
        "content/handbook/bank-account.md": "---\ntitle: Opening a bank account\n<b>: 2\n---\n\nText.\n",
    })
    status, kind, body = poll(lambda: server.get("handbook/first-week/"), lambda got: got[0] == 500)
    assert (status, kind) == (500, "text/html; charset=utf-8")
    assert "content/handbook/first-week.md:2:23: error: invalid YAML: text with a colon followed by a space needs quotes around it" in body
    assert "content/handbook/bank-account.md:3:1: error: unknown field `&lt;b&gt;`" in body  # every error, escaped
    assert "<b>" not in body
    assert server.get("cities/almaty/")[0] == 500  # every page shows the errors
    assert server.get("static/style.css")[0] == 200  # the last good build is still served
    printed = server.out_lines(lambda line: line.startswith("Build failed in "), stream="err")
    assert 'content/handbook/first-week.md:2:23: error: invalid YAML: text with a colon followed by a space needs quotes around it: write `title: "Your first week: day one"`' in printed
    assert not any("Traceback" in line for line in printed)

    write_site(root, {
        CHAPTER: "---\ntitle: Your first week\norder: 1\n---\n\nFixed again.\n",
        "content/handbook/bank-account.md": "---\ntitle: Opening a bank account\norder: 2\n---\n\nText.\n",
    })
    status, _, body = poll(lambda: server.get("handbook/first-week/"), lambda got: got[0] == 200)
    assert status == 200 and "Fixed again." in body


def test_serve_writes_nothing_and_only_its_responses_allow_the_reload_script(server: Server, root: Path, tmp_path: Path) -> None:
    before = snapshot(root)
    _, _, served = server.get("cities/almaty/")
    assert '<script src="/__chapters__/reload.js" data-version="1"></script>\n</body>' in served
    assert "script-src 'self'; connect-src 'self'" in served and "script-src 'none'" not in served
    status, kind, script = server.get("/__chapters__/reload.js")
    assert (status, kind) == (200, "text/javascript; charset=utf-8") and "EventSource" in script

    assert run_quietly(["build", str(root), "--out", str(tmp_path / "published")]).code == 0
    built = (tmp_path / "published" / "cities" / "almaty" / "index.html").read_text(encoding="utf-8")
    assert "script-src 'none'" in built and "<script" not in built
    assert not (root / "site").exists()
    after = {path: data for path, data in snapshot(root).items() if not path.startswith(".chapters-cache/")}  # the build's cache, not serve's
    assert after == before


@pytest.mark.parametrize(("path", "kind"), [
    ("events.ics", "text/calendar; charset=utf-8"),
    ("feed.xml", "application/atom+xml"),
    ("rss.xml", "application/rss+xml"),
    ("static/style.css", "text/css; charset=utf-8"),
    ("static/favicon.svg", "image/svg+xml"),
])
def test_files_are_served_with_their_type(shared: Server, path: str, kind: str) -> None:
    assert shared.get(path)[:2] == (200, kind)


def test_an_unknown_address_is_the_404_page_with_status_404(shared: Server) -> None:
    status, kind, body = shared.get("no/such/page/")
    assert (status, kind) == (404, "text/html; charset=utf-8")
    assert "Page not found" in body and "/__chapters__/reload.js" in body


def test_addresses_without_their_slash_lead_to_the_page(shared: Server) -> None:
    assert shared.get("/")[:2] == (200, "text/html; charset=utf-8")  # the root leads to the base path
    status, _, body = shared.get("handbook")
    assert status == 200 and "Sleep, eat, walk around." in body


def test_the_event_stream_announces_each_new_build(server: Server, root: Path) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(b"GET /__chapters__/events HTTP/1.0\r\n\r\n")
        stream = connection.makefile("rb")
        head = [stream.readline()]
        while head[-1] not in (b"\r\n", b""):  # the headers end with a blank line
            head.append(stream.readline())
        assert b"Content-Type: text/event-stream\r\n" in head
        assert [stream.readline(), stream.readline()] == [b"data: 1\n", b"\n"]
        write_site(root, {CHAPTER: "---\ntitle: Your first week\norder: 1\n---\n\nChanged.\n"})
        assert [stream.readline(), stream.readline()] == [b"data: 2\n", b"\n"]  # bounded by the socket timeout


def raw_status(port: int, request: bytes) -> tuple[int, bytes]:
    """(status, body) of a request written byte for byte, as a rebinding page or a script sends it."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        answer = connection.makefile("rb").read()
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def test_only_requests_for_its_own_address_are_answered(shared: Server) -> None:
    """DNS rebinding: a page at evil.example whose name now leads to 127.0.0.1 must not read the preview."""
    def status(host: str) -> int:
        return raw_status(shared.port, f"GET /chapters/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())[0]

    assert status(f"evil.example:{shared.port}") == 421
    assert status(f"localhost:{shared.port}") == 200
    assert status(f"127.0.0.1:{shared.port}") == 200
    assert "Refused a request for host `evil.example:" in shared.out_lines(lambda line: line.startswith("Refused"), stream="err")[-1]


def test_idle_connections_are_closed_and_the_event_stream_stays(root: Path) -> None:
    """With `--idle-timeout 0.3`: a silent connection is closed; the event stream, which sends a
    comment at least every 0.15 s, outlives it and still announces the next build."""
    for server in started(root, "--idle-timeout", "0.3"):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as idle, \
                socket.create_connection(("127.0.0.1", server.port), timeout=5) as events:
            events.sendall(f"GET /__chapters__/events HTTP/1.1\r\nHost: localhost:{server.port}\r\n\r\n".encode())
            stream = events.makefile("rb")
            while stream.readline() not in (b"\r\n", b""):
                pass
            assert [stream.readline(), stream.readline()] == [b"data: 1\n", b"\n"]
            assert idle.recv(1) == b""  # closed by the server, well before this socket's own 5 s
            for _ in range(4):  # 0.6 s at least: twice the idle timeout
                assert [stream.readline(), stream.readline()] == [b": keep-alive\n", b"\n"]
            write_site(root, {CHAPTER: "---\ntitle: Your first week\norder: 1\n---\n\nChanged.\n"})
            line = stream.readline()
            deadline = time.monotonic() + 30  # a server that never announces the build fails here, not hangs the suite
            while line in (b": keep-alive\n", b"\n") and time.monotonic() < deadline:
                line = stream.readline()
            assert line == b"data: 2\n"


def test_ctrl_c_stops_with_status_0_and_frees_the_port(server: Server) -> None:
    assert server.get("")[0] == 200
    assert server.out.empty(), "reading the site must not trigger a rebuild"
    assert server.interrupt() == 0
    assert server.out_lines(lambda line: line == "Stopped.")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server.port))


def test_a_busy_port_is_an_error_not_a_traceback(server: Server, root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", str(root), "--port", str(server.port)],
        cwd=REPO, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"chapters: error: cannot listen on 127.0.0.1:{server.port}: ")
    assert "Traceback" not in result.stderr


# The pure parts, without a server.

FILES = {"index.html": b"", "404.html": b"", "events/index.html": b"", "feed.xml": b""}


@pytest.mark.parametrize(("path", "expected"), [
    ("/chapters/", (200, "index.html")),
    ("/chapters/events/", (200, "events/index.html")),
    ("/chapters/events", (302, "/chapters/events/")),
    ("/chapters/feed.xml", (200, "feed.xml")),
    ("/", (302, "/chapters/")),
    ("/chapters", (302, "/chapters/")),
    ("/chapters/nope/", (404, "404.html")),
    ("/chapters/../index.html", (404, "404.html")),
    ("/chapters//feed.xml", (404, "404.html")),
    ("/chapters//events", (404, "404.html")),  # never a redirect to `//events/`: another host
    ("/other/", (404, "404.html")),
])
def test_resolve(path: str, expected: tuple[int, str]) -> None:
    assert resolve(FILES, "/chapters/", path) == expected


def test_base_path() -> None:
    assert [base_path(url) for url in ("https://x.org", "https://x.org/", "https://x.org/a/b")] == ["/", "/", "/a/b/"]


@pytest.mark.parametrize(("relative", "expected"), [
    ("content/cities/almaty/index.md", False),
    ("site.yaml", False),
    ("static/map.png", False),
    ("site/index.html", True),
    ("site", True),
    (".git/index", True),
    (".venv/lib/x.py", True),
    ("content/__pycache__/x.pyc", True),
    (".chapters-cache/history", True),
    ("content/cities/almaty/.index.md.swp", True),
    ("content/cities/almaty/index.md~", True),
    ("content/cities/almaty/.#index.md", True),
    (".site.staging-123/index.html", True),
    ("", True),
])
def test_ignored(relative: str, expected: bool) -> None:
    assert ignored(Path("/s") / relative, Path("/s")) is expected


def test_content_type() -> None:
    assert content_type("de/rss.xml") == "application/rss+xml"
    assert content_type("static/photo.JPG") == "image/jpeg"
    assert content_type("static/unknown.zzz") == "application/octet-stream"


def test_for_preview_changes_only_the_csp_meta_and_the_end_of_the_body() -> None:
    page = (b'<html><head><title>script-src \'none\'</title><meta http-equiv="Content-Security-Policy" '
            b'content="default-src \'self\'; script-src \'none\'; object-src \'none\'"></head><body></body></html>')
    assert for_preview(page, 7) == (
        b'<html><head><title>script-src \'none\'</title><meta http-equiv="Content-Security-Policy" '
        b'content="default-src \'self\'; script-src \'self\'; connect-src \'self\'; object-src \'none\'"></head>'
        b'<body><script src="/__chapters__/reload.js" data-version="7"></script>\n</body></html>'
    )


# The preview in this process, counting the work: serve is the build's pipeline with an
# in-memory publisher, so a request makes exactly what it asks for and nothing else.

class Counted:
    """A preview served in a thread, with the pages, calendars and feeds it made, counted."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pages: list[str] = []
        self.groups: list[str] = []
        real_render = Renderer.render

        def render(renderer: Renderer, page: Page) -> bytes:
            self.pages.append(page.path)
            return real_render(renderer, page)

        monkeypatch.setattr(Renderer, "render", render)
        for name in ("calendar_files", "feed_files"):
            real = getattr(pipeline, name)

            def made(*args: Any, name: str = name, real: Callable[..., Any] = real) -> Any:
                self.groups.append(name)
                return real(*args)

            monkeypatch.setattr(pipeline, name, made)
        self.preview = Preview(root, lambda: Options(now=NOW_INSTANT))
        self.preview.rebuild()
        self.server = PreviewServer(("127.0.0.1", 0), self.preview, idle_timeout=5)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def clear(self) -> None:
        self.pages.clear()
        self.groups.clear()

    def stop(self) -> None:
        self.preview.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def counted(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counted]:
    running = Counted(root, monkeypatch)
    yield running
    running.stop()


def test_a_save_renders_nothing_until_a_request(counted: Counted) -> None:
    assert counted.preview.current.errors == ()
    assert (counted.pages, counted.groups) == ([], [])
    cities = counted.preview.planned
    assert len(cities) > 1
    counted.preview.rebuild()
    assert counted.preview.planned == ()  # nothing changed: no city planned again


@pytest.mark.parametrize("path", ["/chapters/static/style.css", "/chapters/images/map.png"])
def test_a_static_file_renders_no_page_calendar_or_feed(root: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    write_site(root, {"static/images/map.png": "not really a picture\n"})
    running = Counted(root, monkeypatch)
    try:
        status, body = running.get(path)
    finally:
        running.stop()
    assert status == 200 and body
    assert (running.pages, running.groups) == ([], [])


def test_a_missing_file_and_the_search_bundle_render_no_page(counted: Counted) -> None:
    for path in ("/chapters/pagefind/pagefind-ui.js", "/chapters/static/missing.css", "/chapters/de/images/none.png"):
        status, body = counted.get(path)
        assert (status, body) == (404, b"404: no such file in this build (the preview has no search index: chapters build makes it)\n")
    assert (counted.pages, counted.groups) == ([], [])


def test_a_page_request_renders_exactly_that_page_once(counted: Counted) -> None:
    assert counted.get("/chapters/de/handbook/")[0] == 200
    assert counted.get("/chapters/de/handbook/")[0] == 200
    assert counted.get("/chapters/de/handbook")[0] == 200  # redirected to the same page, not rendered again
    assert (counted.pages, counted.groups) == (["/de/handbook/"], [])


def test_a_calendar_makes_its_language_s_calendars_only_and_once(counted: Counted) -> None:
    status, body = counted.get("/chapters/de/cities/berlin/events.ics")
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    assert counted.get("/chapters/de/events.ics")[0] == 200
    assert (counted.pages, counted.groups) == ([], ["calendar_files"])
    assert counted.get("/chapters/feed.xml")[0] == 200
    assert (counted.pages, counted.groups) == ([], ["calendar_files", "feed_files"])


def test_the_served_files_are_the_built_files(counted: Counted, tmp_path: Path) -> None:
    assert run_quietly(["build", str(counted.preview.root), "--out", str(tmp_path / "out"), "--now", NOW]).code == 0
    for name in ("index.html", "de/cities/berlin/index.html", "de/events.ics", "cities/almaty/events.ics", "ru/rss.xml", "sitemap.xml",
                 "robots.txt", "static/style.css"):
        served = counted.preview.current.files[name]
        assert served == (tmp_path / "out" / name).read_bytes(), name


def test_after_a_title_edit_every_served_file_is_the_built_file(counted: Counted, root: Path, tmp_path: Path) -> None:
    """The cities a save did not change keep their pages from the last build; the network's
    listings are planned again from every city's cards: all of it as a build from nothing."""
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    counted.preview.rebuild()
    assert counted.preview.planned == ("berlin",)
    assert run_quietly(["build", str(root), "--out", str(tmp_path / "out"), "--now", NOW]).code == 0
    built = {path.relative_to(tmp_path / "out").as_posix() for path in (tmp_path / "out").rglob("*.html")}
    assert len(built) > 50
    for name in sorted(built):
        assert counted.preview.current.files[name] == (tmp_path / "out" / name).read_bytes(), name


def test_a_text_edit_keeps_the_networks_listings_as_planned_and_a_title_edit_plans_them_again(counted: Counted, root: Path, tmp_path: Path) -> None:
    before = counted.preview.network
    assert before is not None and len(before[1]["en"].pages) > 5
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a friend along.\n", encoding="utf-8")
    counted.preview.rebuild()
    kept = counted.preview.network
    assert kept is not None and kept[0] == before[0]
    assert all(a is b for a, b in zip(kept[1]["en"].pages, before[1]["en"].pages, strict=True))  # the same planned pages, not planned again

    event.write_text(event.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    counted.preview.rebuild()
    planned = counted.preview.network
    assert planned is not None and planned[0] != before[0] and planned[1]["en"].pages[0] is not before[1]["en"].pages[0]
    assert run_quietly(["build", str(root), "--out", str(tmp_path / "out"), "--now", NOW]).code == 0
    for name in ("index.html", "events/index.html", "de/events/index.html", "calendar/index.html"):
        assert counted.preview.current.files[name] == (tmp_path / "out" / name).read_bytes(), name


def test_after_an_edit_only_what_is_requested_is_rendered_with_the_same_templates(counted: Counted, root: Path) -> None:
    assert counted.get("/chapters/cities/berlin/events/stammtisch/")[0] == 200
    templates = counted.preview.templates
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a friend along.\n", encoding="utf-8")
    counted.clear()

    counted.preview.rebuild()
    assert (counted.pages, counted.groups) == ([], [])
    assert counted.preview.planned == ("berlin",)  # the other cities' pages are the last build's
    status, body = counted.get("/chapters/cities/berlin/events/stammtisch/")
    assert status == 200 and b"Bring a friend along." in body
    assert (counted.pages, counted.groups) == (["/cities/berlin/events/stammtisch/"], [])
    assert counted.preview.templates is not None and templates is not None
    assert counted.preview.templates[1] is templates[1]  # the theme did not change: no template compiled again


def test_a_save_reads_only_the_files_it_changed_and_a_broken_file_until_it_is_fixed(
        counted: Counted, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files whose size, times and inode did not change since the last save are taken as they
    were read; a file with a problem is read again on every save, so its error stays shown
    until it is fixed."""
    read: list[str] = []
    real = load._source

    def counted_source(path: Path, *args: Any) -> Any:
        read.append(path.relative_to(root).as_posix())
        return real(path, *args)

    monkeypatch.setattr(load, "_source", counted_source)
    event = root / "content/events/berlin/stammtisch.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(text + "\nBring a friend along.\n", encoding="utf-8")
    counted.preview.rebuild()
    assert read == ["content/events/berlin/stammtisch.md"]
    assert counted.preview.current.errors == ()

    read.clear()
    event.write_text(text.replace("title:", "title: Twice\ntitle:", 1), encoding="utf-8")  # read, with an error
    for _ in range(2):
        counted.preview.rebuild()
        assert read == ["content/events/berlin/stammtisch.md"]
        assert any(error.startswith("content/events/berlin/stammtisch.md:") for error in counted.preview.current.errors)
        read.clear()

    event.write_text(text, encoding="utf-8")
    counted.preview.rebuild()
    assert read == ["content/events/berlin/stammtisch.md"] and counted.preview.current.errors == ()
    read.clear()
    counted.preview.rebuild()
    assert read == []


def test_a_save_validates_only_the_edited_files_front_matter(counted: Counted, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unchanged file's document is kept as read, and its validated front matter with it
    (`Validated`); an edited file's is validated again, and a broken one on every save."""
    validated: list[str] = []
    real = assemble.validate

    def counted_validate(schema: type, data: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        validated.append(str(data.get("title") or data.get("name")))
        return real(schema, data, *args, **kwargs)

    monkeypatch.setattr(assemble, "validate", counted_validate)
    counted.preview.rebuild()
    assert validated == ["Small Chapters"]  # site.yaml only (validated every build: settings are few)
    event = root / "content/events/berlin/stammtisch.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    validated.clear()
    counted.preview.rebuild()
    assert validated == ["Small Chapters", "Edited Monthly Stammtisch"]  # site.yaml, then the event (it has no translation)
    assert counted.preview.current.errors == ()
    assert b"Edited Monthly Stammtisch" in counted.get("/chapters/cities/berlin/events/stammtisch/")[1]
    event.write_text(text.replace("title:", "title: Twice\ntitle:", 1), encoding="utf-8")
    for _ in range(2):
        validated.clear()
        counted.preview.rebuild()
        assert counted.preview.current.errors
    event.write_text(text, encoding="utf-8")
    validated.clear()
    counted.preview.rebuild()
    assert validated == ["Small Chapters", "Monthly Stammtisch"] and counted.preview.current.errors == ()
    assert b"Edited Monthly Stammtisch" not in counted.get("/chapters/cities/berlin/events/stammtisch/")[1]


def test_a_save_assembles_and_describes_only_the_edited_city(counted: Counted, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A city none of whose files changed is taken whole from the last good build, and so is its
    description for its key (`core.identity`); the pages are what a build from nothing makes."""
    assembled: list[str] = []
    described: list[str] = []
    warned: list[str] = []
    real_city, real_described, real_warnings = assemble._city, pipeline._described, warnings._city_warnings
    monkeypatch.setattr(assemble, "_city", lambda slug, *args: assembled.append(slug) or real_city(slug, *args))
    monkeypatch.setattr(pipeline, "_described", lambda city, *args: described.append(city.slug) or real_described(city, *args))
    monkeypatch.setattr(warnings, "_city_warnings", lambda city, *args: warned.append(city.slug) or real_warnings(city, *args))
    counted.preview.rebuild()
    assert (assembled, described, warned) == ([], [], [])
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    counted.preview.rebuild(frozenset({"content/events/berlin/stammtisch.md"}))
    assert counted.preview.current.errors == ()
    assert (assembled, described, warned) == (["berlin"], ["berlin"], ["berlin"])
    fresh = Preview(root, lambda: Options(now=NOW_INSTANT))
    fresh.rebuild()
    for path in ("cities/berlin/events/stammtisch/index.html", "events/index.html", "cities/almaty/index.html", "cities/berlin/events.ics", "cities/berlin/feed.xml"):
        assert counted.preview.current.files[path] == fresh.current.files[path], path
    assert b"Edited Monthly Stammtisch" in counted.preview.current.files["events/index.html"]


def test_a_save_of_a_known_file_lists_no_folder_and_a_new_file_is_found(counted: Counted, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve lists the site's folders again only when its file events name something else
    than the content files the last good build read (a new file, a removed one, a folder)."""
    listed: list[int] = []
    real = load._list
    monkeypatch.setattr(load, "_list", lambda *args: listed.append(1) or real(*args))
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a friend along.\n", encoding="utf-8")
    counted.preview.rebuild(frozenset({"content/events/berlin/stammtisch.md"}))
    assert listed == [] and counted.preview.current.errors == ()
    assert b"Bring a friend along." in counted.preview.current.files["cities/berlin/events/stammtisch/index.html"]
    new = root / "content/events/berlin/new-picnic.md"
    new.write_text("---\ntitle: New picnic\nstart: 2026-12-12 12:00\n---\nBring food.\n", encoding="utf-8")
    counted.preview.rebuild(frozenset({"content/events/berlin/new-picnic.md"}))
    assert listed == [1] and counted.preview.current.errors == ()
    assert b"New picnic" in counted.preview.current.files["cities/berlin/events/new-picnic/index.html"]
    new.unlink()
    counted.preview.rebuild(frozenset({"content/events/berlin/new-picnic.md"}))
    assert listed == [1, 1] and "cities/berlin/events/new-picnic/index.html" not in counted.preview.current.files


def test_serve_reads_the_git_history_again_only_after_a_commit(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    reads: list[int] = []
    real = load.read_history
    monkeypatch.setattr(load, "read_history", lambda folder: reads.append(1) or real(folder))
    preview = Preview(root, lambda: Options(now=NOW_INSTANT))
    preview.rebuild()
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a friend along.\n", encoding="utf-8")
    preview.rebuild(frozenset({"content/events/berlin/stammtisch.md"}))
    assert len(reads) == 1 and preview.current.errors == ()
    git(root, "commit", "-q", "-am", "A friend")
    preview.rebuild(frozenset())
    assert len(reads) == 2 and preview.read is not None
    assert preview.read.history["content/events/berlin/stammtisch.md"].commits == 2


def test_a_save_the_file_events_named_stats_only_those_files(counted: Counted, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve takes the changed paths from watchdog's events (`ChangeHandler.take`): the other
    files the last build read are taken as they were, without a stat; the result is the same."""
    stated: list[str] = []
    real = load._state

    def counted_state(path: Path) -> Any:
        stated.append(path.relative_to(root).as_posix())
        return real(path)

    dirty = threading.Event()
    events = ChangeHandler(root.absolute(), dirty)
    event = root / "content/events/berlin/stammtisch.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a friend along.\n", encoding="utf-8")
    events.on_any_event(FileModifiedEvent(str(event.absolute())))
    events.on_any_event(FileModifiedEvent(str((root / "site" / "index.html").absolute())))  # the output: ignored
    events.on_any_event(DirModifiedEvent(str(event.parent.absolute())))  # inotify's echo of the write: says nothing more
    assert dirty.is_set()
    changed = events.take()
    assert changed == {"content/events/berlin/stammtisch.md"} and events.take() == frozenset()
    events.on_any_event(DirCreatedEvent(str((root / "content/events/new-city").absolute())))  # a new folder: listed
    assert events.take() == {"content/events/new-city"}
    events.on_any_event(FileModifiedEvent(str(event.absolute())))
    events.on_any_event(EventsLostEvent(str(root.absolute()), is_directory=True))  # the kernel's queue overflowed
    assert events.take() is None and events.take() == frozenset()  # every file looked at, once

    monkeypatch.setattr(load, "_state", counted_state)
    counted.preview.rebuild(changed)
    assert counted.preview.current.errors == ()
    assert stated and set(stated) == {"content/events/berlin/stammtisch.md"}  # stated, read, stated again to see it did not change meanwhile
    assert b"Bring a friend along." in counted.preview.current.files["cities/berlin/events/stammtisch/index.html"]

    # A save whose build fails: its files stay looked at until a build succeeds.
    other = root / "content/events/berlin/lake-swim.md"
    other_text = other.read_text(encoding="utf-8")
    event.write_text(event.read_text(encoding="utf-8") + "\nAnd a hat.\n", encoding="utf-8")
    other.write_text(other_text.replace("title:", "title: Twice\ntitle:", 1), encoding="utf-8")
    counted.preview.rebuild(frozenset({"content/events/berlin/stammtisch.md", "content/events/berlin/lake-swim.md"}))
    assert counted.preview.current.errors
    other.write_text(other_text, encoding="utf-8")
    counted.preview.rebuild(frozenset({"content/events/berlin/lake-swim.md"}))
    assert counted.preview.current.errors == ()
    assert b"And a hat." in counted.preview.current.files["cities/berlin/events/stammtisch/index.html"]


def test_a_theme_edit_makes_new_templates(counted: Counted, root: Path) -> None:
    templates = counted.preview.templates
    write_site(root, {"themes/default/templates/404.html": "{% extends \"base.html\" %}\n{% block content %}<p>Gone.</p>{% endblock %}\n"})
    shutil.copytree(REPO / "themes/default", root / "themes/default", dirs_exist_ok=True, ignore=shutil.ignore_patterns("404.html"))
    counted.preview.rebuild()
    assert counted.preview.current.errors == ()
    assert counted.preview.templates is not None and templates is not None
    assert counted.preview.templates[1] is not templates[1]
    assert b"<p>Gone.</p>" in counted.get("/chapters/no/such/page/")[1]


def test_a_city_preview_shows_its_problems_in_full_and_counts_the_others(root: Path) -> None:
    """`serve --city almaty`: the whole site is checked; Almaty's errors are shown, Berlin's two (a misspelt key, so no title) counted."""
    preview = Preview(root, lambda: Options(now=NOW_INSTANT), Scope(("content/cities/almaty/", "content/events/almaty/"), "almaty"))
    preview.rebuild()
    assert preview.current.errors == ()
    for city in ("almaty", "berlin"):
        event = min((root / "content" / "events" / city).glob("*.md"))
        event.write_text(event.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")

    preview.rebuild()

    errors = preview.current.errors
    assert [line for line in errors if line.startswith("content/events/almaty/")] and not [line for line in errors if "events/berlin" in line]
    assert errors[-1] == f"2 error(s) in files outside almaty keep the preview from updating: `chapters check {root}` shows them"


def test_serve_refuses_an_unknown_city(root: Path) -> None:
    result = run_quietly(["serve", str(root), "--city", "atlantis", "--port", "0"])
    assert result.code == 2
    assert "chapters serve: error: unknown city `atlantis` (known cities: almaty, berlin" in result.err


def test_the_serve_loop_leaves_what_each_build_keeps_out_of_the_collectors_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each save's kept model is settled (core/heap.py), and every RESETTLE saves it is
    released and collected once, so garbage in cycles is freed without a walk of everything
    on every 18th save."""
    from generator.cli import serve as module
    from generator.core import heap

    calls: list[str] = []
    for name in ("settle", "release", "collect"):
        monkeypatch.setattr(heap, name, lambda name=name: calls.append(name))
    monkeypatch.setattr(module, "RESETTLE", 3)
    monkeypatch.setattr(module, "DEBOUNCE", 0)
    dirty = threading.Event()

    class Rebuilt:
        stop = threading.Event()
        count = 0

        def rebuild(self, changed: frozenset[str] | None) -> None:
            self.count += 1
            calls.append("rebuild")
            if self.count == 4:
                self.stop.set()
            else:
                dirty.set()

    dirty.set()
    module.rebuild_on_change(Rebuilt(), dirty)  # type: ignore[arg-type]
    assert calls == ["rebuild", "settle", "rebuild", "settle", "rebuild", "release", "collect", "settle", "rebuild", "settle"]


def test_the_loop_waits_less_once_an_event_ends_a_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write may go on after "modified"; a close after writing, or a rename into place, ends
    the save: the loop then waits `SAVED` instead of `DEBOUNCE` before building."""
    from watchdog.events import FileClosedEvent, FileCreatedEvent, FileMovedEvent

    from generator.cli import serve as module

    root = tmp_path.absolute()
    events = ChangeHandler(root, threading.Event())
    event = root / "content" / "events" / "berlin" / "picnic.md"
    events.on_any_event(FileModifiedEvent(str(event)))
    assert not events.saved
    events.on_any_event(FileClosedEvent(str(event)))
    assert events.saved
    events.on_any_event(FileCreatedEvent(str(event.with_name(".picnic.md.tmp"))))  # an editor's atomic save begins
    assert not events.saved
    events.on_any_event(FileMovedEvent(str(event.with_name(".picnic.md.tmp")), str(event)))
    assert events.saved
    events.on_any_event(DirModifiedEvent(str(event.parent)))  # the folder's echo changes nothing
    assert events.saved and events.take() == {"content/events/berlin/picnic.md", "content/events/berlin/.picnic.md.tmp"}

    slept: list[float] = []
    dirty = threading.Event()

    class Once:
        stop = threading.Event()

        def rebuild(self, changed: frozenset[str] | None) -> None:
            self.stop.set()

    monkeypatch.setattr(module.time, "sleep", slept.append)
    monkeypatch.setattr(module.heap, "settle", lambda: None)
    for saved in (True, False):
        events.saved = saved
        dirty.set()
        Once.stop.clear()
        module.rebuild_on_change(Once(), dirty, events)  # type: ignore[arg-type]
    assert slept == [module.SAVED, module.DEBOUNCE]


def test_a_save_checks_only_the_edited_city_s_links_and_a_page_gone_elsewhere_breaks_a_kept_city_s(
        counted: Counted, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept city's link problems are found again only when the network's targets changed
    (their digest is made city by city, each city's found once: `plan.links.Targets`); a save
    of one event's text checks that city's bodies and the handbook's only. When a page that a
    kept city links to goes away, that city's links are checked again and the broken one shown."""
    from generator.plan import links

    paperwork = root / "content/cities/berlin/paperwork.md"
    paperwork.write_text(paperwork.read_text(encoding="utf-8") + "\nThe [apple fair](/cities/almaty/events/apple-fair/) is worth the trip.\n", encoding="utf-8")
    counted.preview.rebuild()
    assert counted.preview.current.errors == ()
    checked: list[str] = []
    real = links.find_links
    monkeypatch.setattr(links, "find_links", lambda version, *args: checked.append(version.source) or real(version, *args))
    event = root / "content/events/almaty/autumn-walk.md"
    event.write_text(event.read_text(encoding="utf-8") + "\nBring a thermos.\n", encoding="utf-8")
    counted.preview.rebuild(frozenset({"content/events/almaty/autumn-walk.md"}))
    assert counted.preview.current.errors == ()
    assert checked and all("/almaty/" in source or source.startswith("content/handbook/") for source in checked), checked
    assert "content/events/almaty/autumn-walk.md" in checked

    checked.clear()
    (root / "content/events/almaty/apple-fair.md").unlink()
    counted.preview.rebuild(frozenset({"content/events/almaty/apple-fair.md"}))
    assert "content/cities/berlin/paperwork.md" in checked  # kept (its key is the same), but a target it may link to is gone
    assert any(error.startswith("content/cities/berlin/paperwork.md:") and "/cities/almaty/events/apple-fair/" in error
               for error in counted.preview.current.errors), counted.preview.current.errors
