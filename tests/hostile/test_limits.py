"""Every limit in generator/limits.py is enforced somewhere and documented for ambassadors in
docs/content.md ("Limits"); the cases that hit each one are in this package."""

from __future__ import annotations

import re
from pathlib import Path

from generator.core import limits

ROOT = Path(__file__).resolve().parents[2]
NAMES = sorted(name for name, value in vars(limits).items() if name.isupper() and isinstance(value, int))


def test_every_limit_is_used_by_the_generator() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "generator").rglob("*.py") if path.name != "limits.py")
    unused = [name for name in NAMES if not re.search(rf"\b{name}\b", sources)]
    assert unused == []


def test_every_limit_is_in_the_limits_section_of_the_content_format() -> None:
    doc = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    section = doc.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = [row for row in section.splitlines() if row.startswith("| ") and not row.startswith("| what")]
    named = {name for row in rows for name in re.findall(r"`([A-Z_]+)`", row.split("|")[-2])}
    assert named == set(NAMES)
    for row in rows:
        for name in re.findall(r"`([A-Z_]+)`", row.split("|")[-2]):
            value = getattr(limits, name)
            shown = {f"{value:,}", f"{value}", f"{value // 1024 // 1024} MiB", f"{value // 12:,} years", f"{value:,} months"}
            assert any(text in row for text in shown), f"{name} = {value:,} is not what the row says: {row}"
