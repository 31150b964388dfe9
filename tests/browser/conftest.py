"""Real-browser tests: the demo site built once, served on loopback, seen by headless Chromium.

The demo site (the repository root) is built once per session into a temporary folder and
served by the standard library's http.server on 127.0.0.1 in a thread; one Chromium (Debian's
/usr/bin/chromium, driven by Playwright) is launched per session with one context per width.

Nothing here is skipped: without Chromium, Java or the Nu Html Checker these tests FAIL and
say what to install (`.ci/setup` installs all of it). To leave them out on purpose, deselect
them with `-m "not browser"`. Under pytest-xdist, in a run of the whole suite, they all run on
one worker (tests/conftest.py, `pytest_xdist_make_scheduler`), so the session fixtures below are
made once; run alone, their modules are dealt out to the workers like any others.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    NOW,
    OVERFLOWING_JS,
    PAGES,
    ROOT,
    SCREENSHOTS,
    WIDTHS,
    Visit,
    localized,
    run_axe,
    screenshots_taken,
    serving,
)

# The site, built once and served on loopback.


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built into a temporary folder with the pinned clock."""
    from generator import cli

    out = tmp_path_factory.mktemp("browser-site") / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = cli.main(["build", str(ROOT), "--out", str(out), "--now", NOW])
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
    if code != 0:
        pytest.fail(f"building the demo site failed ({code}):\n{stderr.getvalue()}{stdout.getvalue()}")
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """`http://127.0.0.1:PORT` serving the built demo site, on a free port, in a thread."""
    with serving(site_dir) as url:
        yield url


# The browser: one per session, one context per width.


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads)."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing: no {CHROMIUM}. {INSTALL_HINT}", pytrace=False)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"The Python package playwright is missing. {INSTALL_HINT}", pytrace=False)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
    except PlaywrightError as exc:
        playwright.stop()
        pytest.fail(f"Chromium ({CHROMIUM}) did not start: {exc}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture(scope="session")
def context_for(browser: Any) -> Iterator[Callable[[int], Any]]:
    """`context_for(width)`: the session's browser context of that viewport width."""
    contexts: dict[int, Any] = {}

    def get(width: int) -> Any:
        if width not in contexts:
            contexts[width] = browser.new_context(
                viewport={"width": width, "height": WIDTHS[width]},
                color_scheme="light",
                service_workers="block",
            )
            contexts[width].set_default_timeout(30_000)
        return contexts[width]

    yield get
    for context in contexts.values():
        context.close()


# One visit per page, language and width, shared by the tests that look at it.


@pytest.fixture(scope="session")
def visit(base_url: str, context_for: Callable[[int], Any]) -> Callable[[str, str, int], Visit]:
    """`visit(page_name, lang, width)`: load that page once per session and remember what happened.

    The first visit in a language and width loads every page of the list in it at once, each in
    a tab of its own: a page waits for its network to go quiet (`networkidle`, half a second
    without a request) while the next ones load and are checked. What a page's visit raised is
    raised again to each test that asks for that page."""
    try:
        import axe_playwright_python  # noqa: F401 - fail early and clearly
    except ImportError:
        pytest.fail(f"The Python package axe-playwright-python is missing. {INSTALL_HINT}", pytrace=False)
    seen: dict[tuple[str, str, int], Visit | Exception] = {}
    origin = urlsplit(base_url)._replace(path="", query="", fragment="").geturl()

    def start(page_name: str, lang: str, width: int) -> Callable[[], Visit]:
        """Load the page (until `load`) and return what finishes its visit."""
        url = base_url + localized(PAGES[page_name], lang)
        page = context_for(width).new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(f"console.{message.type}: {message.text}") if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url} ({request.failure})"))
        try:
            response = page.goto(url, wait_until="load")
        except Exception:
            page.close()
            raise

        def finish() -> Visit:
            try:
                page.wait_for_load_state("networkidle")
                result = Visit(url=url, status=response.status if response else None)
                result.lang = page.evaluate("document.documentElement.lang")
                result.scroll_width = page.evaluate("document.documentElement.scrollWidth")
                result.viewport_width = page.evaluate("document.documentElement.clientWidth")
                if result.scroll_width > result.viewport_width:
                    result.overflowing = page.evaluate(OVERFLOWING_JS)
                if result.status == 200:
                    result.violations["light"] = run_axe(page)
                    page.emulate_media(color_scheme="dark")
                    result.violations["dark"] = run_axe(page, "dark")
                result.requests = [request for request in requests if not request.startswith(origin + "/") and not request.startswith(("data:", "blob:"))]
                result.console_errors = errors
            finally:
                page.close()
            return result

        return finish

    def load(page_name: str, lang: str, width: int) -> Visit:
        if (page_name, lang, width) not in seen:
            started: dict[tuple[str, str, int], Callable[[], Visit]] = {}
            for name in PAGES:
                key = (name, lang, width)
                if key not in seen:
                    try:
                        started[key] = start(name, lang, width)
                    except Exception as exc:
                        seen[key] = exc
            for key, finish in started.items():
                try:
                    seen[key] = finish()
                except Exception as exc:
                    seen[key] = exc
        result = seen[(page_name, lang, width)]
        if isinstance(result, Exception):
            raise result
        return result

    return load


# The Nu Html Checker.


def find_vnu_jar() -> Path | None:
    """vnu.jar from $VNU_JAR, the global npm package vnu-jar, or a local node_modules."""
    candidates = []
    if os.environ.get("VNU_JAR"):
        candidates.append(Path(os.environ["VNU_JAR"]))
    npm = shutil.which("npm")
    if npm:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60, check=False).stdout.strip()
            if root:
                candidates.append(Path(root) / "vnu-jar" / "build" / "dist" / "vnu.jar")
    candidates.append(ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    return next((path for path in candidates if path.is_file()), None)


JAVA_OPTIONS = ["-XX:+IgnoreUnrecognizedVMOptions", "-XX:TieredStopAtLevel=1", "-Xss8m"]
"""One run over the demo site's thousand pages is too short for the JVM's optimizing compiler to
pay for itself: its quick compiler alone takes half the time and half the CPU (the same checks,
the same messages); its code needs more stack than the default for the HTML schema (the checker
asks for at least 512k)."""


@pytest.fixture(scope="session")
def vnu_messages(site_dir: Path) -> list[dict[str, Any]]:
    """The Nu Html Checker's errors for every HTML file of the built site, from one run."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java is missing (the Nu Html Checker needs it). {INSTALL_HINT}", pytrace=False)
    jar = find_vnu_jar()
    if jar is None:
        pytest.fail(f"The Nu Html Checker (npm package vnu-jar) is missing. {INSTALL_HINT}", pytrace=False)
    result = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "json", str(site_dir)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    output = result.stderr.strip() or result.stdout.strip()
    try:
        messages = json.loads(output)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker exited {result.returncode} without a JSON report:\n{output[:4000]}", pytrace=False)
    if result.returncode not in (0, 1) or (result.returncode == 1 and not messages):
        pytest.fail(f"the Nu Html Checker failed ({result.returncode}):\n{output[:4000]}", pytrace=False)
    return messages


# Screenshots: say where they are at the end of the run. On an xdist worker the summary is
# the controller's: the count goes back in `workeroutput` and tests/conftest.py prints it.

def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None and screenshots_taken:
        output["screenshots"] = {str(SCREENSHOTS): len(screenshots_taken)}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if screenshots_taken and not hasattr(terminalreporter.config, "workeroutput"):
        terminalreporter.write_line(f"browser screenshots ({len(screenshots_taken)}): {SCREENSHOTS}")
