"""Issue 13's hostile translations, seen by Chromium: no script runs, no navigation, no other host.

The German catalog of a site's own theme holds the strings that once ran `alert(7001)`,
sent every German page to evil.example with a meta refresh and rebased the stylesheet on
evil.example with `<base>`, plus attribute-breaking quotes. The markup check would refuse
most of them, so it is switched off here: this is the escaping alone, as a reader's browser
sees it. A handful of page loads, each hovered over the navigation to give a smuggled
`onmouseover` its chance.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import run_quietly
from hostile.test_translations import MARKUP, site_with_catalog

from generator.output import i18n

from .browser_support import serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = {**MARKUP, "Main": '" onmouseover="alert(7002)" data-x="', "Language": "' onfocus='alert(7003)"}
PAGES = {  # address → the text its <title> must show, exactly as the translator wrote it
    "/de/cities/almaty/events/": "</title><script>alert(7001)</script><title>Veranstaltungen in Almaty · Test Chapters",
    "/de/handbook/": '</title><base href="https://evil.example/"> · Test Chapters',
    "/de/": None,  # the skip link's meta refresh, and "The expat handbook" as a heading
    "/de/handbook/first-week/": None,
}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base site built with the hostile German catalog (markup check off), served on loopback."""
    root = site_with_catalog(tmp_path_factory.mktemp("hostile-translations") / "site-src", HOSTILE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "markup_problem", lambda source, translation: None)
        result = run_quietly(["build", str(root)])
    assert result.code == 0, result.err
    with serving(root / "site") as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_hostile_translations_run_nothing_and_go_nowhere(path: str, hostile_url: str, browser: Any) -> None:
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(30_000)
    dialogs: list[str] = []
    elsewhere: list[str] = []
    navigations: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(hostile_url + "/") else (elsewhere.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    try:
        response = page.goto(hostile_url + path, wait_until="load")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")  # a refresh of 0 seconds would have started by now
        assert dialogs == [], f"script ran on {path}: {dialogs}"
        assert navigations == [hostile_url + path] and page.url == hostile_url + path, f"{path} navigated: {navigations}"
        page.hover("header nav", timeout=5_000)
        page.focus("nav.languages a", timeout=5_000)
        page.wait_for_load_state("networkidle")
        smuggled = page.evaluate("document.querySelectorAll('base, meta[http-equiv=refresh i], script:not([src]):not([type]), [onmouseover], [onfocus]').length")
        title = page.title()
        final = page.url
    finally:
        context.close()

    assert dialogs == [], f"script ran on {path}: {dialogs}"
    assert elsewhere == [], f"{path} asked another host for: {elsewhere}"
    assert navigations == [hostile_url + path] and final == hostile_url + path, f"{path} navigated: {navigations}"
    assert smuggled == 0
    if PAGES[path] is not None:
        assert title == PAGES[path]
