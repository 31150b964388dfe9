"""`chapters changes BASE`: what a pull request changes on the public site, as Markdown.

Both versions are built in memory without git dates (so only content counts): BASE from
one `git archive`, the other from the working tree. Pages are compared by their rendered
bytes; events by time and status, so reviewers see "moved" and "cancelled" at a glance.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from generator import urls
from generator.build import Checked, check, site_files
from generator.cli_support import add_site_arguments, options_from, print_errors
from generator.errors import BuildFailed
from generator.model import Event
from generator.views import format_when


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="the git revision to compare with, e.g. origin/main")
    add_site_arguments(parser)


def run(args: argparse.Namespace) -> int:
    root: Path = args.site_dir.resolve()
    options = replace(options_from(args), git_history=False)
    try:
        head = check(root, options)
    except BuildFailed as failed:
        print_errors(failed.errors)
        return 1
    with tempfile.TemporaryDirectory(prefix="chapters-base-") as folder:
        base_root = _export(root, args.base, Path(folder))
        if base_root is None:
            return 1
        try:
            base: Checked | None = check(base_root, options)
        except BuildFailed:
            base = None  # a broken base: everything the pull request has counts as new
        base_files = _pages(base_root, base) if base else {}
    print(summarize(base, head, base_files, _pages(root, head)))
    return 0


def _export(root: Path, revision: str, into: Path) -> Path | None:
    """Unpack the site folder as it is at `revision`; None (with a message) if git cannot."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout.strip()
        prefix = root.relative_to(Path(top).resolve()).as_posix()
        archive = subprocess.run(["git", "-C", top, "archive", "--format=tar", revision, "--", prefix if prefix != "." else "."], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = exc.stderr.strip() if isinstance(exc, subprocess.CalledProcessError) and isinstance(exc.stderr, str) else str(exc)
        if isinstance(exc, subprocess.CalledProcessError) and isinstance(exc.stderr, bytes):
            detail = exc.stderr.decode("utf-8", "replace").strip()
        print(f"chapters: error: cannot read revision `{revision}` with git: {detail}", file=sys.stderr)
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / prefix if prefix != "." else into


def _pages(root: Path, checked: Checked) -> dict[str, bytes]:
    return {path: data for path, data in site_files(root, checked) if path.endswith(".html") and isinstance(data, bytes)}  # nothing is kept here


def _event_key(event: Event) -> tuple[str, str]:
    return (event.city, event.slug)


def summarize(base: Checked | None, head: Checked, base_pages: dict[str, bytes], head_pages: dict[str, bytes]) -> str:
    site = head.site
    lang = site.default_language

    def link(event: Event) -> str:
        url = urls.absolute(site.settings.base_url, urls.event(event.city, event.slug))
        city = next(c for c in site.cities if c.slug == event.city)
        return f"[{event.text.original.meta.title}]({url}) ({city.meta.name})"

    before = {_event_key(e): e for e in base.site.events} if base else {}
    after = {_event_key(e): e for e in site.events}
    lines: list[str] = []
    for key in sorted(after.keys() - before.keys()):
        lines.append(f"- Added: {link(after[key])}: {format_when(after[key].first, lang)}")
    for key in sorted(after.keys() & before.keys()):
        old, new = before[key], after[key]
        if (old.first.start, old.first.end, old.meta.repeat, old.meta.except_) != (new.first.start, new.first.end, new.meta.repeat, new.meta.except_):
            lines.append(f"- Moved: {link(new)}: from {format_when(old.first, lang)} to {format_when(new.first, lang)}" + (" (repeat rule changed)" if old.meta.repeat != new.meta.repeat or old.meta.except_ != new.meta.except_ else ""))
        if old.meta.status != new.meta.status:
            verb = {"cancelled": "Cancelled", "postponed": "Postponed"}.get(new.meta.status, f"Back on (was {old.meta.status})")
            lines.append(f"- {verb}: {link(new)}")
    for key in sorted(before.keys() - after.keys()):
        lines.append(f"- Removed: {before[key].text.original.meta.title} ({key[0]})")
    pages = {"Added": sorted(head_pages.keys() - base_pages.keys()), "Removed": sorted(base_pages.keys() - head_pages.keys()),
             "Changed": sorted(p for p in head_pages.keys() & base_pages.keys() if head_pages[p] != base_pages[p])}
    out = ["### What this pull request changes on the public site", ""]
    if not lines and not any(pages.values()):
        return "\n".join(out + ["No visible changes to the public site.", ""])
    out += ["**Events**", ""] + (lines or ["No event added, moved or cancelled."]) + [""]
    grouped = {verb: _group_by_address(paths, site.languages) for verb, paths in pages.items()}
    counts = ", ".join(f"{len(addresses)} {verb.lower()}" for verb, addresses in grouped.items())
    out += [f"**Pages** ({counts})", ""]
    for verb, addresses in grouped.items():
        for address, languages in addresses:
            url = urls.absolute(site.settings.base_url, address)
            out.append(f"- {verb}: [{address}]({url})" + (f" ({', '.join(languages)})" if len(site.languages) > 1 else ""))
    return "\n".join(out + [""])


def _group_by_address(paths: list[str], languages: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """`de/cities/x/index.html` and `cities/x/index.html` → (`/cities/x/`, [en, de])."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        address = "/" + path.removesuffix("index.html")
        lang, neutral = urls.split_language(address, languages)
        grouped[neutral].append(lang or languages[0])
    return sorted((address, sorted(found, key=languages.index)) for address, found in grouped.items())
