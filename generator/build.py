"""The build, as its stages in order: load → assemble → plan → render → write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.assemble import Options, assemble
from generator.calendars import calendar_files
from generator.feeds import feed_files
from generator.i18n import gettext_for
from generator.markdown import Markdown
from generator.errors import BuildFailed, ErrorReport
from generator.load import load_site
from generator.model import Site
from generator.pages import Page, plan
from generator.render import Renderer, find_theme, render_all, static_files
from generator.write import check_output, publish


@dataclass(frozen=True)
class Checked:
    site: Site
    pages: list[Page]
    markdown: Markdown
    """The parser that already holds every body's tokens, reused by the later stages."""


def check(root: Path, options: Options) -> Checked:
    """Load and validate everything; raise BuildFailed with every problem found."""
    report = ErrorReport()
    source = load_site(root, report)
    site = assemble(source, options, report) if source is not None else None
    markdown = Markdown()
    pages = plan(site, markdown, report) if site is not None else []
    if report or site is None:
        raise BuildFailed(report.sorted())
    return Checked(site, pages, markdown)


def build(root: Path, out: Path, options: Options) -> int:
    """Build the site into `out`; return the number of files written."""
    check_output(out, root)
    checked = check(root, options)
    theme = find_theme(root)
    settings = checked.site.settings
    markdown = checked.markdown
    renderer = Renderer(theme, markdown, settings.title, settings.base_url, checked.site.languages)

    def files() -> Iterator[tuple[str, bytes]]:
        yield from render_all(checked.pages, renderer)
        yield from calendar_files(checked.site, markdown, gettext_for)
        yield from feed_files(checked.site, markdown, gettext_for)
        yield from static_files(theme)

    return publish(files(), out)
