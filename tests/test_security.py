"""Guards docs/security.md describes that no other test covers: symlinks out of the site
folder, files written outside the output, and the limits table kept in step with limits.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

from generator.core import limits
from generator.publish.write import UnsafeOutput, publish

ROOT = Path(__file__).resolve().parent.parent


def test_a_symlink_out_of_the_site_folder_is_refused_and_not_read(tmp_path: Path, base_site: Path, run: Callable[[list[str]], Result]) -> None:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("---\ntitle: SECRET-FROM-THE-HOST\n---\nSECRET-FROM-THE-HOST\n", encoding="utf-8")
    root = base_site
    (root / "content" / "handbook" / "secret.md").symlink_to(secret)
    result = run(["build", str(root)])
    assert result.code == 1
    assert "content/handbook/secret.md:1:1: error: links to a place outside the site folder" in result.err
    assert "SECRET-FROM-THE-HOST" not in result.out + result.err
    assert not (root / "site").exists()


@pytest.mark.parametrize("name", ["../escaped.html", "a/../../escaped.html", "/tmp/escaped.html"])
def test_nothing_is_written_outside_the_output_and_the_old_output_stays(tmp_path: Path, name: str) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(UnsafeOutput):
        publish([("index.html", b"new"), (name, b"escaped")], out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "escaped.html").exists() and not Path("/tmp/escaped.html").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # no staging folder left


def test_the_limits_table_names_every_limit_with_its_value() -> None:
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    rows = {match[1]: match[2] for match in re.finditer(r"^\| `([A-Z_]+)` \| ([^|]+) \|", doc, flags=re.MULTILINE)}
    constants = {name: value for name, value in vars(limits).items() if name.isupper() and isinstance(value, int)}
    assert set(rows) == set(constants), "docs/security.md's limits table and generator/limits.py name different limits"
    for name, value in constants.items():
        assert rows[name].startswith(f"{value:,}"), f"{name} is {value:,} in limits.py, the table says {rows[name]!r}"
