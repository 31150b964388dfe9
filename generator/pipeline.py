"""The build, as its stages in order, and the types that pass between them.

    read       source.load_site        site folder → `Source` (files, front matter, assets, git history)
    assemble   content.assemble         `Source` → `Site` (validated: the domain model)
    plan       plan.pages.plan          `Site` → `list[Page]`; then the links and CODEOWNERS are checked
               → `check` returns `Checked` (frozen: the site, its pages, the parsed bodies, theme, catalogs)
    render     `outputs`                `Checked` → `Outputs`: every output path and how to make it, nothing made
    publish    a `Publisher`            `Outputs` → the output folder (`StagingFolder`, for `chapters build`)
                                        or memory (`InMemory`, for `chapters serve`: each file made when asked for)

`build` runs them all; `chapters serve` runs `check` and `outputs` on every save and
publishes in memory; `chapters check` stops after `check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from generator.content.assemble import assemble
from generator.content.markdown import Bodies, Markdown
from generator.content.model import Site
from generator.content.warnings import warn
from generator.core import routes, urls
from generator.core.errors import BuildFailed, ContentError, ErrorReport
from generator.core.memo import NO_MEMO, Memo
from generator.core.options import Options, Theme, find_theme
from generator.output.calendars import calendar_files
from generator.output.feeds import feed_files
from generator.output.i18n import Catalogs
from generator.output.render import Renderer, Templates, render_all, static_files, static_names
from generator.output.search import index as search_index
from generator.plan.links import check_links, written_paths
from generator.plan.owners import check_codeowners
from generator.plan.pages import Page, plan
from generator.plan.seo import robots, sitemap
from generator.publish import cache, parallel, progress
from generator.publish.outputs import Group, Make, Outputs, Publisher
from generator.publish.page_cache import PageCache, page_key, renderer_key, search_key
from generator.publish.store import Store
from generator.publish.write import Files, Keep, StagingFolder, check_output
from generator.source.load import load_site


@dataclass(frozen=True)
class Checked:
    site: Site
    pages: list[Page]
    bodies: Bodies
    """Every body's tokens, parsed once by the check (read-only): the later stages render from them."""
    assets: tuple[str, ...]
    """The site's own `static/` files, relative to that folder."""
    catalogs: Catalogs
    """The theme's interface translations for every site language."""
    theme: Theme
    """The theme's files, checked once: templates, catalogs and static files are read only through it."""
    warnings: tuple[ContentError, ...] = ()
    """Problems that do not stop the build (links that may mislead), for the commands to print."""
    memo: Memo = NO_MEMO
    """What the check found in the bodies (links, headings, plain text), for the later stages."""

    @property
    def markdown(self) -> Markdown:
        """A new working parser for a later stage, holding the parsed bodies and what was found
        in them (nothing is parsed again; a body the check did not need to parse is parsed
        where a page shows it, in a render worker)."""
        return Markdown(self.bodies, self.memo)


def check(root: Path, options: Options, earlier: Bodies | None = None, memo: Memo = NO_MEMO) -> Checked:
    """The stages read, assemble and plan, and the checks of links and CODEOWNERS: raise
    BuildFailed with every problem found, or return the checked site.

    `earlier` may hold bodies parsed by an earlier build (`Checked.bodies`, for serve): only
    edited bodies are parsed again. `memo` keeps what was found in each body (its links,
    headings and plain text) between builds: a body found there is not parsed at all here.
    """
    report = ErrorReport(strict=options.strict)
    source = load_site(root, report, options.git_history)  # read
    site = assemble(source, options, report) if source is not None else None  # assemble
    warn(root, site, options, report)  # content/warnings.py: valid, but probably not what was meant
    markdown = Markdown(earlier, memo)
    theme = Theme.open(root)
    theme.report(report, root)
    catalogs = Catalogs.read(theme, site.languages if site is not None else (), report, root)
    pages = plan(site, markdown, report, catalogs.gettext) if site is not None else []  # plan
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
    return Checked(site, pages, markdown.bodies(), source.assets if source else (), catalogs, theme, warnings=tuple(report.sorted_warnings()), memo=memo)


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
    parsed: int = 0
    """Markdown bodies the check parsed; the others' links, headings and plain text were found in the memo."""


def build(root: Path, out: Path, options: Options, jobs: int = 1, key: str | None = None, search: bool = True) -> Built | None:
    """Build the site into `out`, search index included unless `search` is False (a preview
    nobody will search: `build --no-search`); None when it is already up to date.

    `key` is the cache fingerprint when the caller has already computed it (the CLI checks
    it before loading the heavy modules).
    """
    check_output(out, root)
    theme = find_theme(root)
    key = key or cache.fingerprint(root, theme, out, options, search)
    if cache.is_fresh(root, out, key):
        return None
    store = Store.open(root)
    try:
        return _build(root, out, options, jobs, key, search, store)
    finally:
        store.close()


def _build(root: Path, out: Path, options: Options, jobs: int, key: str, search: bool, store: Store) -> Built:
    checked = check(root, options, memo=store)
    site, warnings, parsed = checked.site, checked.warnings, len(checked.bodies)
    previous = PageCache.load(root, out)
    renderer = renderer_key(checked.theme, site.settings.title, site.settings.base_url, site.languages)
    keys = {_output(page): page_key(renderer, page) for page in checked.pages}
    kept = frozenset(path for path, key in keys.items() if previous.is_current(path, key))
    other_html = b"".join(name.encode() + b"\0" + make() for name, make in _shared_files(root, checked).items() if name.endswith(".html"))
    search_inputs = search_key(keys.values(), other_html)
    last_bundle = previous.search_bundle(search_inputs) if search else None
    languages = site.languages
    bundle: list[str] = []

    def finish(staging: Path) -> list[tuple[str, bytes | Keep]]:
        if not search:
            return []  # no index: the search page says so in the browser, nothing stale is kept
        files: list[tuple[str, bytes | Keep]] = [(path, Keep()) for path in last_bundle] if last_bundle else list(search_index(staging, languages))
        bundle.extend(path for path, _ in files)
        return files

    expected = len(keys) + 1 + len(languages) * (1 + len(site.cities)) * 3  # pages, calendars, feeds: roughly
    made = outputs(root, checked)

    def order(made: Outputs) -> Files:
        return progress.track(in_order(made, jobs, kept), expected)

    publisher: Publisher = StagingFolder(out, order, finish, site_root=root)
    # From here on only `made` holds the model and the planned pages: once every file is
    # staged they are freed, before Pagefind (which needs as much memory again) runs.
    del checked, site
    tally = publisher.publish(made)
    store.save()
    previous.save(keys, search_inputs, bundle)
    cache.remember(root, out, key)
    rendered = tuple(path for path in keys if path not in kept)
    return Built(tally.files, rendered, tally.written, search and last_bundle is None, warnings, parsed)


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


def outputs(root: Path, checked: Checked, templates: Templates | None = None) -> Outputs:
    """The render stage: every output of the site with how to make it, nothing made yet.

    `templates` may be those of an earlier build with the same theme, catalogs and languages
    (serve keeps them across saves, so no template is compiled again).
    """
    site, catalogs, theme = checked.site, checked.catalogs, checked.theme
    markdown = checked.markdown
    renderer = Renderer(theme, markdown, site.settings.title, site.settings.base_url, site.languages, catalogs.translations, templates)
    pages = {_output(page): page for page in checked.pages}
    groups: list[Group] = []
    for lang in site.languages:
        groups.append(Group(f"calendars {lang}", _claims(lang, site.languages, routes.CALENDARS),
                            lambda lang=lang: list(calendar_files(site, markdown, catalogs.gettext, (lang,)))))  # type: ignore[misc]  # mypy cannot infer a lambda whose default binds the loop variable
        groups.append(Group(f"feeds {lang}", _claims(lang, site.languages, routes.FEEDS),
                            lambda lang=lang: list(feed_files(site, markdown, catalogs.gettext, (lang,)))))  # type: ignore[misc]  # mypy cannot infer a lambda whose default binds the loop variable
    files = _shared_files(root, checked)
    files[urls.output_file(urls.sitemap())] = lambda: sitemap(site, *_sitemap_entries(checked))
    files[urls.output_file(urls.robots())] = lambda: robots(site)
    return Outputs(renderer, pages, tuple(groups), files)


def _shared_files(root: Path, checked: Checked) -> dict[str, Make]:
    """The files published as they are, by output path: the theme's static files, then the site's own `static/`."""
    files: dict[str, Make] = dict(static_files(checked.theme))
    files.update({urls.output_file(urls.asset(asset)): (root / routes.ASSETS_FOLDER / asset).read_bytes for asset in checked.assets})
    return files


def _claims(lang: str, languages: tuple[str, ...], writer: str) -> Callable[[str], bool]:
    """Whether an output path is a file `writer` makes in `lang`, from the path alone (the route table)."""
    def claims(path: str) -> bool:
        address = urls.file_path(path)
        output = routes.output_for(address, languages)
        return output is not None and output.writer == writer and (urls.split_language(address, languages)[0] or languages[0]) == lang
    return claims


def in_order(made: Outputs, jobs: int = 1, kept: Set[str] = frozenset()) -> Iterator[tuple[str, bytes | Keep]]:
    """Every output file, made: pages in slices and each language's calendars and feeds, spread
    over `jobs` processes in a fixed order (the same bytes for any number), then the other files.

    Pages whose output path is in `kept` are not rendered: they come as `Keep`, linked
    from the last build's output (rendered after all only if that file has vanished).
    """
    renderer = made.renderer
    to_render = []
    for path, page in made.pages.items():
        if path in kept:
            yield path, Keep(partial(renderer.render, page))
        else:
            to_render.append(page)
    tasks: list[parallel.Task] = []
    for start in range(0, len(to_render), PAGES_PER_TASK):
        pages = to_render[start : start + PAGES_PER_TASK]
        tasks.append(lambda pages=pages: list(render_all(pages, renderer)))  # type: ignore[misc]  # mypy cannot infer a lambda whose default binds the loop variable
    tasks.extend(group.make for group in made.groups)
    for files in parallel.run(tasks, jobs):
        yield from files
    for path, make in made.files.items():
        yield path, make()


def site_files(root: Path, checked: Checked, jobs: int = 1, kept: Set[str] = frozenset()) -> Iterator[tuple[str, bytes | Keep]]:
    """Every output file as (path in the output folder, bytes): `build` publishes them, `changes` compares them."""
    return in_order(outputs(root, checked), jobs, kept)
