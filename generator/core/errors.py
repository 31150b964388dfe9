"""Source locations and the content-error report every stage appends to."""

from __future__ import annotations

import os
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


ERROR = "error"
WARNING = "warning"
STRICT = "(a warning; --strict)"
"""After the message of a warning that `--strict` made an error."""


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem an ambassador can fix at one place in one file."""

    location: Location
    message: str
    severity: str = ERROR
    """`error` stops the build; `warning` (a link that may mislead) is shown and the build goes on."""

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


@dataclass
class ErrorReport:
    """Collects every problem of a run so that all of them are shown at once.

    Only errors make it true ("the build failed"); warnings are kept apart, for the
    commands to print with the errors or after a successful check or build.
    """

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    strict: bool = False
    """`--strict`: every warning is an error, with ` (a warning; --strict)` after its message."""
    _seen: set[ContentError] = field(default_factory=set, init=False, repr=False, compare=False)
    """For a constant-time "already reported?": a file with 50,000 broken links is reported in seconds."""

    def __post_init__(self) -> None:
        self._seen.update(self.errors, self.warnings)

    def add(self, location: Location, message: str) -> None:
        self._append(self.errors, ContentError(location, message))

    def warn(self, location: Location, message: str) -> None:
        if self.strict:
            self.add(location, f"{message} {STRICT}")
        else:
            self._append(self.warnings, ContentError(location, message, WARNING))

    def _append(self, problems: list[ContentError], problem: ContentError) -> None:
        if problem not in self._seen:
            self._seen.add(problem)
            problems.append(problem)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[ContentError]:
        """The errors in file and line order (warnings are not among them)."""
        return sorted(self.errors)

    def sorted_warnings(self) -> list[ContentError]:
        return sorted(self.warnings)


class BuildFailed(Exception):
    """Raised when content errors stop a build; carries them, and any warnings, for the CLI to print."""

    def __init__(self, errors: list[ContentError], warnings: list[ContentError] | None = None) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
        self.warnings = warnings or []

    @property
    def problems(self) -> list[ContentError]:
        """Errors and warnings together, in file and line order: what the commands print."""
        return sorted(self.errors + self.warnings)


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the site folder, as ambassadors see them in git."""
    text, base = str(path), str(root)
    if os.sep == "/" and text.startswith(base) and text[len(base):len(base) + 1] == "/":  # what relative_to gives, at a tenth of its cost
        return text[len(base) + 1:]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
