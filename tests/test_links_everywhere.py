"""Every built site the tests know, including the demo network: every internal `href` and
`src` resolves to a file in the output, and every fragment names an element."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import FIXTURES, isolated_from_git, run_quietly
from test_build import is_external, parse_pages, target_file

REPOSITORY = Path(__file__).resolve().parent.parent
SITES = {
    "demo": REPOSITORY,
    "small": FIXTURES / "sites" / "small",
    "feeds": FIXTURES / "sites" / "feeds",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SITES))
def test_every_internal_link_of_every_site_resolves(name: str, tmp_path: Path) -> None:
    source = SITES[name]
    root = tmp_path / name
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("site", ".venv", ".git", ".chapters-cache", "tests", "benchmarks", "__pycache__", "test-screenshots"))
    out = tmp_path / "out"
    with isolated_from_git(tmp_path):
        result = run_quietly(["build", str(root), "--out", str(out)])
    assert result.code == 0, result.err
    base_url = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))["base_url"]
    base_path = urlsplit(base_url).path or "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    checked, broken = 0, []
    pages = parse_pages(out)  # each page parsed once, not once more per link to it
    for file, parsed in pages.items():
        for href in parsed.links:
            if is_external(href):
                continue
            target = file if href.startswith("#") else target_file(out, file, href, base_path)
            if not (out / target).is_file():
                broken.append(f"{file}: {href} → missing {target}")
                continue
            checked += 1
            fragment = urlsplit(href).fragment
            if fragment and target.endswith(".html") and fragment not in pages[target].ids:
                broken.append(f"{file}: {href} → no element #{fragment}")
    assert broken == []
    assert checked > 100
