"""`chapters serve` against a web page that rebinds its name to 127.0.0.1 (to read drafts
from the preview), and against connections that open and say nothing. The server runs in
this process on a port of its own, with no build (every accepted request is a 404), so a
refusal (421) and an answer are told apart by status alone; waits are bounded by socket
timeouts and by polling the server's connection counter, never by sleeping a fixed time.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType

import pytest

from generator.cli.serve import Build, Preview, PreviewServer, allowed_host, split_host

GUARD = 5.0
"""The longest any read in these tests may wait: a failure, never a pass, if reached."""


class Running:
    """A `PreviewServer` serving in a thread, stopped at the end of the test."""

    def __init__(self, root: Path, idle_timeout: float, max_connections: int) -> None:
        self.preview = Preview(root, lambda: pytest.fail("these tests never build"))
        self.server = PreviewServer(("127.0.0.1", 0), self.preview, idle_timeout, max_connections)
        self.port: int = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.preview.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=GUARD)

    def status(self, request: bytes) -> tuple[int, bytes]:
        """Send a raw request; (status, body) of the answer, read until the server closes."""
        with self.connect() as connection:
            connection.sendall(request)
            answer = read_all(connection)
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1]), body

    def publish(self, version: int) -> None:
        """What a rebuild does: a new build version, announced to the event streams."""
        with self.preview.changed:
            self.preview.current = Build(version, MappingProxyType({}), "/")
            self.preview.changed.notify_all()


def read_all(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def until(condition: Callable[[], bool]) -> bool:
    """Poll `condition` for at most GUARD seconds."""
    deadline = time.monotonic() + GUARD
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Running]:
    running = Running(tmp_path, idle_timeout=0.3, max_connections=8)
    yield running
    running.stop()


def get(host: str | None, path: str = "/", version: str = "HTTP/1.1") -> bytes:
    return f"GET {path} {version}\r\n".encode() + (f"Host: {host}\r\n".encode() if host is not None else b"") + b"\r\n"


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:{port}", "EVIL.example:{port}", "localhost.evil.example:{port}", "127.0.0.1.nip.io:{port}",
    "localhost@evil.example:{port}", "[::2]:{port}", "10.0.0.1:{port}", "", "localhost:{port}:1", "[::1", "localhost:http",
])
def test_a_request_for_another_host_is_refused_with_421(preview: Running, host: str) -> None:
    status, body = preview.status(get(host.format(port=preview.port)))
    assert status == 421
    assert body == b"421: this preview answers only to its own address, such as http://localhost:%d/\n" % preview.port


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LocalHost:{port}", "localhost", "localhost:8000"])
def test_a_request_for_its_own_address_is_answered(preview: Running, host: str) -> None:
    assert preview.status(get(host.format(port=preview.port)))[0] == 404  # no build: answered, not refused


def test_the_event_stream_and_the_reload_script_are_refused_too(preview: Running) -> None:
    for path in ("/__chapters__/events", "/__chapters__/reload.js"):
        assert preview.status(get(f"evil.example:{preview.port}", path))[0] == 421


def test_the_address_in_an_absolute_request_line_counts(preview: Running) -> None:
    request = f"GET http://evil.example:{preview.port}/ HTTP/1.1\r\nHost: localhost:{preview.port}\r\n\r\n".encode()
    assert preview.status(request)[0] == 421


def test_without_host_only_http_1_0_is_answered_and_two_hosts_are_refused(preview: Running) -> None:
    assert preview.status(get(None, version="HTTP/1.0"))[0] == 404  # curl -0, a script: never a browser
    assert preview.status(get(None))[0] == 400
    two = f"GET / HTTP/1.1\r\nHost: localhost:{preview.port}\r\nHost: evil.example\r\n\r\n".encode()
    assert preview.status(two)[0] == 400


def test_a_refused_host_is_reported_once_in_the_terminal(preview: Running, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(3):
        assert preview.status(get("evil.example\x1b[2J"))[0] == 421
    assert capsys.readouterr().err.splitlines() == [
        "Refused a request for host `evil.example\\x1b[2J`: the preview answers only to its own address (docs/serve.md, DNS rebinding)"
    ]


def test_allowed_host_when_listening_elsewhere() -> None:
    assert allowed_host("192.168.1.5:8000", "0.0.0.0") and allowed_host("[fe80::1]:8000", "::")
    assert not allowed_host("evil.example:8000", "0.0.0.0") and not allowed_host("192.168.1.5:8000", "127.0.0.1")
    assert allowed_host("laptop.local:8000", "laptop.local") and allowed_host("[::1]:8000", "::1")
    assert split_host("[::1]:8000") == ("::1", 8000) and split_host("Example.org") == ("example.org", None)


def test_a_silent_connection_is_closed_after_the_idle_timeout(preview: Running) -> None:
    with preview.connect() as connection:
        assert until(lambda: preview.server.active == 1)
        assert connection.recv(1) == b""  # closed by the server (a socket.timeout after GUARD would fail)
    assert until(lambda: preview.server.active == 0)


def test_half_a_request_is_closed_after_the_idle_timeout(preview: Running) -> None:
    with preview.connect() as connection:
        connection.sendall(f"GET / HTTP/1.1\r\nHost: localhost:{preview.port}\r\n".encode())  # no blank line: never ends
        assert read_all(connection) == b""
    assert until(lambda: preview.server.active == 0)


def test_the_event_stream_outlives_the_idle_timeout(preview: Running) -> None:
    """The stream sends a comment at least twice per idle timeout, and the next build after it."""
    with preview.connect() as connection:
        connection.sendall(get(f"localhost:{preview.port}", "/__chapters__/events"))
        stream = connection.makefile("rb")
        while stream.readline() not in (b"\r\n", b""):  # the headers
            pass
        assert [stream.readline(), stream.readline()] == [b"data: 0\n", b"\n"]
        for _ in range(4):  # each comes at least idle_timeout / 2 after the last: twice the idle timeout in all
            assert [stream.readline(), stream.readline()] == [b": keep-alive\n", b"\n"]
        preview.publish(1)
        line = stream.readline()
        while line in (b": keep-alive\n", b"\n"):
            line = stream.readline()
        assert line == b"data: 1\n"


def test_connections_beyond_the_limit_get_503_at_once_and_free_slots_are_reused(tmp_path: Path) -> None:
    running = Running(tmp_path, idle_timeout=GUARD * 2, max_connections=2)  # the idle ones stay open for this test
    try:
        idle = [running.connect(), running.connect()]
        assert until(lambda: running.server.active == 2)
        status, body = running.status(get(f"localhost:{running.port}"))
        assert (status, body) == (503, b"503: too many connections to the preview at once\n")
        for connection in idle:
            connection.close()
        assert until(lambda: running.server.active == 0)
        assert running.status(get(f"localhost:{running.port}"))[0] == 404
    finally:
        running.stop()
