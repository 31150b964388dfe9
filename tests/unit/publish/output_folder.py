"""An output folder as chapters leaves it (its marker and some files), for the tests of publish/."""

from __future__ import annotations

from pathlib import Path

from generator.publish.update import JOURNAL
from generator.publish.write import MARKER, MARKER_TEXT


def output(tmp_path: Path, files: dict[str, bytes]) -> Path:
    out = tmp_path / "public"
    for name, data in {MARKER: MARKER_TEXT, **files}.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return out


def contents(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def killed_backup(tmp_path: Path, name: str, journal: str = "") -> Path:
    """The backup folder an update of `output`'s folder leaves when killed (process 999999999, gone), its journal listing `journal`."""
    backup = tmp_path / f".public.old-999999999-{name}"
    backup.mkdir()
    (backup / MARKER).write_bytes(MARKER_TEXT)
    (backup / JOURNAL).write_text(journal, encoding="utf-8")
    return backup
