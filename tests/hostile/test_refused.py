"""Every folder in fixtures/refused/ is laid over the base site; `check` and `build` must
report exactly the lines of its expected.txt (each at the offending key or item), exit 1,
show no traceback and leave the previous output byte for byte as it was.

To add a case: a folder with the few files that carry the mistake, and an expected.txt
written by hand (or drafted from `chapters check`, then checked line by line).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import FIXTURES, expected_lines, fixture_site, refused

CASES = sorted(path.name for path in (FIXTURES / "refused").iterdir() if path.is_dir())


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", CASES)
def test_refused_with_exactly_these_errors(name: str, tmp_path: Path) -> None:
    root = fixture_site("refused", name, tmp_path / name)

    refused(root, expected_lines(name))


def test_python_tags_run_nothing(tmp_path: Path) -> None:
    """`!!python/object/apply:os.system` is reported, never called."""
    root = fixture_site("refused", "yaml-python-tags", tmp_path / "site")
    witness = Path("/tmp/chapters-pwned")
    witness.unlink(missing_ok=True)

    refused(root, expected_lines("yaml-python-tags"))

    assert not witness.exists()
