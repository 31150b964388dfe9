"""What the render stage hands a publisher: every output file of a build, none made yet.

`Outputs` says, for each output path, how its bytes are made: a planned page (rendered by
the build's `Renderer`), a group of files made together (one language's calendars, or its
feeds), or a single file (a static file is only read; the sitemap and robots.txt are made
alone). A `Publisher` decides when they are made: `write.StagingFolder` makes every one and
writes them into a staging folder that replaces the output (`chapters build`);
`memory.InMemory` makes each one the first time it is asked for (`chapters serve`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from generator.core.keep import Keep
from generator.core.memo import NO_MEMO, Memo
from generator.output.render import Renderer
from generator.plan.pages import Page
from generator.publish.write import Tally

Make = Callable[[], bytes]
"""Makes one file's bytes (reads a static file, writes the sitemap)."""


@dataclass(frozen=True)
class Group:
    """Files that are made together, and only together: one language's calendars, or its feeds."""

    name: str
    """What the group is, for messages and tests: `calendars de`, `feeds en`."""
    claims: Callable[[str], bool]
    """Whether an output path would be one of this group's files, answered from the path alone
    (without making anything), so a request for any other file never makes the group."""
    make: Callable[[], list[tuple[str, bytes | Keep]]]
    """The group's files: made, or `Keep` for those the output holds already (a kept city's, in a build)."""


@dataclass(frozen=True)
class Outputs:
    """Every output file of one build, by output path, with how to make it; nothing is made here."""

    renderer: Renderer
    pages: Mapping[str, Page]
    """Output path → the planned page, in the order of the plan."""
    groups: tuple[Group, ...]
    """Calendars and feeds, one group per kind and language."""
    files: Mapping[str, Make]
    """Everything else: the theme's and the site's static files, the sitemap, robots.txt."""
    kept: tuple[str, ...] = ()
    """Output paths of pages not planned again (a city whose inputs did not change): their files are current."""
    memo: Memo = NO_MEMO
    """The build's memo: what a worker puts there while making files reaches it (`parallel.run`)."""

    def render(self, path: str) -> bytes:
        """The page at output path `path`, rendered now."""
        return self.renderer.render(self.pages[path])

    def group_of(self, path: str) -> Group | None:
        """The group whose files `path` would be among, if any (nothing is made)."""
        return next((group for group in self.groups if group.claims(path)), None)


class Publisher(Protocol):
    """Where a build's outputs go, and when each is made."""

    def publish(self, outputs: Outputs) -> Tally:
        """Publish `outputs`; the tally counts the files made available and those written."""
        ...
