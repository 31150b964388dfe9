"""Source locations and the content-error report every stage appends to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, as editors count."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem an ambassador can fix at one place in one file."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


@dataclass
class ErrorReport:
    """Collects every problem of a run so that all of them are shown at once."""

    errors: list[ContentError] = field(default_factory=list)

    def add(self, location: Location, message: str) -> None:
        error = ContentError(location, message)
        if error not in self.errors:
            self.errors.append(error)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[ContentError]:
        return sorted(self.errors)


class BuildFailed(Exception):
    """Raised when content errors stop a build; carries them for the CLI to print."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the site folder, as ambassadors see them in git."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
