"""The build, as its stages in order: load → assemble → plan → render → write."""

from __future__ import annotations

from collections.abc import Iterator, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.content.assemble import assemble
from generator.content.markdown import Markdown
from generator.content.model import Site
from generator.core import urls
from generator.core.errors import BuildFailed, ContentError, ErrorReport
from generator.core.options import Options, Theme, find_theme
from generator.output.calendars import calendar_files
from generator.output.feeds import feed_files
from generator.output.i18n import Catalogs
from generator.output.render import Renderer, render_all, static_files, static_names
from generator.output.search import index as search_index
from generator.plan.links import check_links, written_paths
from generator.plan.owners import check_codeowners
from generator.plan.pages import Page, plan
from generator.plan.seo import robots, sitemap
from generator.publish import cache, parallel, progress
from generator.publish.page_cache import PageCache, page_key, renderer_key, search_key
from generator.publish.write import Keep, check_output, publish
from generator.source.load import load_site


@dataclass(frozen=True)
class Checked:
    site: Site
    pages: list[Page]
    markdown: Markdown
    """The parser that already holds every body's tokens, reused by the later stages."""
    assets: tuple[str, ...]
    """The site's own `static/` files, relative to that folder."""
    catalogs: Catalogs
    """The theme's interface translations for every site language."""
    theme: Theme
    """The theme's files, checked once: templates, catalogs and static files are read only through it."""
    warnings: tuple[ContentError, ...] = ()
    """Problems that do not stop the build (links that may mislead), for the commands to print."""


def check(root: Path, options: Options, markdown: Markdown | None = None) -> Checked:
    """Load and validate everything; raise BuildFailed with every problem found.

    `markdown` may hold bodies parsed by an earlier build (`Markdown.successor`, for serve).
    """
    report = ErrorReport()
    source = load_site(root, report, options.git_history)
    site = assemble(source, options, report) if source is not None else None
    markdown = markdown or Markdown()
    theme = Theme.open(root)
    theme.report(report, root)
    catalogs = Catalogs.read(theme, site.languages if site is not None else (), report, root)
    pages = plan(site, markdown, report, catalogs.gettext) if site is not None else []
    if site is not None and source is not None:
        shown_at = {page.body.source: page.neutral for page in pages if page.body is not None}
        files = [*source.assets, *static_names(theme)]
        page_paths = {page.neutral for page in pages} | written_paths(source.files)
        check_links(site, page_paths, shown_at, markdown, files, report)
        owners = root / ".github" / "CODEOWNERS"
        if owners.is_file():  # a missing file is fine; a stale one would route reviews wrongly
            check_codeowners(site, owners.read_text(encoding="utf-8", errors="replace"), ".github/CODEOWNERS", report)
    if report or site is None:
        raise BuildFailed(report.sorted(), report.sorted_warnings())
    return Checked(site, pages, markdown, source.assets if source else (), catalogs, theme, warnings=tuple(report.sorted_warnings()))


@dataclass(frozen=True)
class Built:
    """What a build did, for its summary line and for the tests that count the work."""

    files: int
    """Files in the output."""
    rendered: tuple[str, ...]
    """Pages rendered (output paths); the others were kept from the last build."""
    written: int
    """Files written; the others were hard-linked from the last build's output."""
    searched: bool
    """Whether Pagefind ran (it does not when no indexed page changed)."""
    warnings: tuple[ContentError, ...] = ()
    """The check's warnings, for the command to print."""


def build(root: Path, out: Path, options: Options, jobs: int = 1, key: str | None = None) -> Built | None:
    """Build the site into `out`, search index included; None when it is already up to date.

    `key` is the cache fingerprint when the caller has already computed it (the CLI checks
    it before loading the heavy modules).
    """
    check_output(out, root)
    theme = find_theme(root)
    key = key or cache.fingerprint(root, theme, out, options)
    if cache.is_fresh(root, out, key):
        return None
    checked = check(root, options)
    site, warnings = checked.site, checked.warnings
    pages = PageCache.load(root, out)
    renderer = renderer_key(checked.theme, site.settings.title, site.settings.base_url, site.languages)
    keys = [page_key(renderer, page) for page in checked.pages]
    paths = [_output(page) for page in checked.pages]
    kept = {path for path, key in zip(paths, keys) if pages.is_current(path, key)}
    other_html = b"".join(name.encode() + b"\0" + data for name, data in _static(root, checked, only=".html"))
    search = search_key(keys, other_html)
    last_bundle = pages.search_bundle(search)
    languages = site.languages
    bundle: list[str] = []

    def finish(staging: Path) -> list[tuple[str, bytes | Keep]]:
        files: list[tuple[str, bytes | Keep]] = [(path, Keep()) for path in last_bundle] if last_bundle else list(search_index(staging, languages))
        bundle.extend(path for path, _ in files)
        return files

    expected = len(paths) + 1 + len(languages) * (1 + len(site.cities)) * 3  # pages, calendars, feeds: roughly
    files = progress.track(site_files(root, checked, jobs, kept), expected)
    # From here on only `files` holds the model and the planned pages: once every file is
    # staged they are freed, before Pagefind (which needs as much memory again) runs.
    del checked, site, keys
    tally = publish(files, out, finish=finish, site_root=root)
    pages.save(search, bundle)
    cache.remember(root, out, key)
    rendered = tuple(path for path in paths if path not in kept)
    return Built(tally.files, rendered, tally.written, last_bundle is None, warnings)


def _output(page: Page) -> str:
    return urls.output_file(page.path)


def _sitemap_entries(checked: Checked) -> tuple[list[str], dict[str, date]]:
    """Pages for the sitemap (not the 404 page), with the date of their file's last commit."""
    default = checked.site.default_language
    paths, lastmod = [], {}
    for page in checked.pages:
        if page.lang != default or page.neutral == urls.not_found():
            continue
        paths.append(page.neutral)
        history = checked.site.history.get(page.body.file) if page.body is not None else None
        if history is not None:
            lastmod[page.neutral] = history.updated.date()
    return paths, lastmod


PAGES_PER_TASK = 200
"""Small enough to balance the cores, large enough that handing out tasks costs little."""


def site_files(root: Path, checked: Checked, jobs: int = 1, kept: Set[str] = frozenset()) -> Iterator[tuple[str, bytes | Keep]]:
    """Every output file as (path in the output folder, bytes): `build` publishes them, `changes` compares them.

    Pages whose output path is in `kept` are not rendered: they come as `Keep`, linked
    from the last build's output (rendered after all only if that file has vanished).
    """
    site, markdown, catalogs = checked.site, checked.markdown, checked.catalogs
    renderer = Renderer(checked.theme, markdown, site.settings.title, site.settings.base_url, site.languages, catalogs.translations)
    to_render = []
    for page in checked.pages:
        if _output(page) in kept:
            yield _output(page), Keep(lambda page=page: renderer.render(page))  # type: ignore[misc]
        else:
            to_render.append(page)
    tasks: list[parallel.Task] = []
    for start in range(0, len(to_render), PAGES_PER_TASK):
        pages = to_render[start : start + PAGES_PER_TASK]
        tasks.append(lambda pages=pages: list(render_all(pages, renderer)))  # type: ignore[misc]
    for lang in site.languages:
        tasks.append(lambda lang=lang: list(calendar_files(site, markdown, catalogs.gettext, (lang,))))  # type: ignore[misc]
        tasks.append(lambda lang=lang: list(feed_files(site, markdown, catalogs.gettext, (lang,))))  # type: ignore[misc]
    for files in parallel.run(tasks, jobs):
        yield from files
    yield from other_files(root, checked, with_feeds=False)


def other_files(root: Path, checked: Checked, with_feeds: bool = True) -> Iterator[tuple[str, bytes]]:
    """Everything but the pages: (calendars and feeds,) theme files, sitemap, robots.txt, the site's static files."""
    if with_feeds:
        site, markdown, catalogs = checked.site, checked.markdown, checked.catalogs
        yield from calendar_files(site, markdown, catalogs.gettext)
        yield from feed_files(site, markdown, catalogs.gettext)
    yield from _static(root, checked)
    yield "sitemap.xml", sitemap(checked.site, *_sitemap_entries(checked))
    yield "robots.txt", robots(checked.site)


def _static(root: Path, checked: Checked, only: str = "") -> Iterator[tuple[str, bytes]]:
    """The theme's static files and the site's own `static/` files (those ending in `only`), as they are published."""
    yield from static_files(checked.theme, only)
    for asset in checked.assets:
        if asset.endswith(only):
            yield asset, (root / "static" / asset).read_bytes()
