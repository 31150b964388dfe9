"""The Nu Html Checker, run once on the whole built site, finds no error in any HTML file."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_nu_html_checker_finds_no_errors(site_dir: Path, vnu_messages: list[dict[str, Any]]) -> None:
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 100, f"the demo site has only {len(pages)} HTML files"
    errors = [message for message in vnu_messages if message.get("type") in ("error", "non-document-error")]
    by_message: dict[str, list[str]] = defaultdict(list)
    for error in errors:
        where = error.get("url", "").removeprefix("file:").removeprefix(str(site_dir))
        by_message[error.get("message", "?")].append(f"{where}:{error.get('lastLine', '?')}:{error.get('firstColumn', error.get('lastColumn', '?'))}")
    report = "\n".join(
        f"- {message} ({len(places)}×)\n    " + "\n    ".join(places[:5]) + ("\n    …" if len(places) > 5 else "")
        for message, places in sorted(by_message.items(), key=lambda item: -len(item[1]))
    )
    assert not errors, f"the Nu Html Checker found {len(errors)} errors in {len({e.get('url') for e in errors})} of {len(pages)} files:\n{report}"
