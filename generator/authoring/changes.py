"""`chapters changes BASE`: what a pull request changes on the public site, as Markdown.

Both versions are built in memory without git dates (so only content counts): BASE from
one `git archive`, the other from the working tree. Pages are compared by their rendered
bytes; events by time and status, so reviewers see "moved" and "cancelled" at a glance.

Everything that comes from content (titles, city names, page addresses) is written as text
with `text()`: the summary is posted as a comment that reviewers trust, so a title must not
add a link, an image, HTML, an @-mention or a line of its own (docs/security.md).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from urllib.parse import quote

from generator.content.model import Event, Group, Place, Site
from generator.core import urls
from generator.core.errors import BuildFailed
from generator.core.options import Options
from generator.pipeline import Checked, check, site_files
from generator.plan.views import format_when, status_prefix

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
"""Line ends and control characters: a title could otherwise start a line (a heading, a list item) of its own."""
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Direction marks, embeddings, overrides and isolates: they could reorder the rest of the line as shown."""
_PUNCTUATION = re.compile(r"""([\\`*_~\[\]()<>&!|$#@{}+^:])""")
"""The ASCII punctuation that starts or ends something inline in CommonMark and GFM (code, emphasis,
strikethrough, links, images, autolinks, HTML, entities, tables, math, footnotes, emoji), escaped
with a backslash. `/ . , - ' " ? ; = %` stay as they are: mid-line they are only text, and
addresses stay readable in the raw Markdown."""
_LINKED_BY_GITHUB = re.compile(r"(?<=[@#:])|(?<=\bwww)(?=\\?\.)|(?<=\bgh)(?=-)", re.IGNORECASE)
"""Where GitHub would link rendered *text* after Markdown (so a backslash does not stop it):
`@user` mentions, `#12` references, `https://` and `www.` addresses, `GH-12`. A word joiner
(U+2060, invisible) goes there."""
WORD_JOINER = "\u2060"
_URL_KEEPS = "!#$%&'*+,/:;=?@[]~"
"""What a link's address keeps as it is (RFC 3986's reserved characters); spaces, `()<>`, backslashes,
backticks and quotes are percent-encoded, so nothing in it can end the link."""


def text(value: str) -> str:
    """`value` as Markdown that renders as exactly this text on one line, and that GitHub links nowhere."""
    value = _BIDI.sub("\ufffd", _BREAKS.sub(" ", value))
    return _LINKED_BY_GITHUB.sub(WORD_JOINER, _PUNCTUATION.sub(r"\\\1", value))


def link(label: str, url: str) -> str:
    """A Markdown link with `label` as text to `url`, whose characters cannot end the link."""
    return f"[{text(label)}]({quote(url, safe=_URL_KEEPS)})"


def compare(root: Path, revision: str, options: Options) -> str | None:
    """The summary of what the working tree changes since `revision`; None (with a message)
    if git cannot read that revision. Raises BuildFailed when the working tree has errors."""
    options = replace(options, git_history=False)
    head = check(root, replace(options, since=revision))  # past events in the files changed since BASE are warned about
    with tempfile.TemporaryDirectory(prefix="chapters-base-") as folder:
        base_root = _export(root, revision, Path(folder))
        if base_root is None:
            return None
        try:
            base: Checked | None = check(base_root, replace(options, since=None, strict=False))
        except BuildFailed:
            base = None  # a broken base: everything the pull request has counts as new
        base_files = _pages(base_root, base) if base else {}
    return summarize(base, head, base_files, _pages(root, head))


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

    def event_link(event: Event) -> str:
        url = urls.absolute(site.settings.base_url, urls.event(event.city, event.slug))
        city = next(c for c in site.cities if c.slug == event.city)
        return f"{link(event.text.original.meta.title, url)} ({text(city.meta.name)})"

    before = {_event_key(e): e for e in base.site.events} if base else {}
    after = {_event_key(e): e for e in site.events}
    lines = [f"- Added: {event_link(after[key])}: {format_when(after[key].first, lang)}" for key in sorted(after.keys() - before.keys())]
    for key in sorted(after.keys() & before.keys()):
        old, new = before[key], after[key]
        rule_changed = (old.meta.repeat, old.meta.except_dates) != (new.meta.repeat, new.meta.except_dates)
        if (old.first.start, old.first.end) != (new.first.start, new.first.end) or rule_changed:
            lines.append(f"- Moved: {event_link(new)}: from {format_when(old.first, lang)} to {format_when(new.first, lang)}" + (" (repeat rule changed)" if rule_changed else ""))
        if old.meta.status != new.meta.status:
            prefix = status_prefix(new.meta.status) or f"Back on (was {old.meta.status}):"
            lines.append(f"- {prefix} {event_link(new)}")
    lines.extend(f"- Removed: {text(before[key].text.original.meta.title)} ({text(key[0])})" for key in sorted(before.keys() - after.keys()))
    entries = _entries(base.site if base else None, site)
    pages = {"Added": sorted(head_pages.keys() - base_pages.keys()), "Removed": sorted(base_pages.keys() - head_pages.keys()),
             "Changed": sorted(p for p in head_pages.keys() & base_pages.keys() if head_pages[p] != base_pages[p])}
    out = ["### What this pull request changes on the public site", ""]
    warned = [f"- {text(str(warning.location.path))}:{warning.location.line}: {text(warning.message)}" for warning in head.warnings]
    if warned:
        warned = ["**Warnings** (`chapters check` shows them too; they do not stop the build)", "", *warned, ""]
    if not lines and not any(pages.values()) and not any(entries.values()):
        return "\n".join([*out, "No visible changes to the public site.", "", *warned])
    out += ["**Events**", ""] + (lines or ["No event added, moved or cancelled."]) + [""]
    for heading, found in entries.items():
        if found:
            out += [f"**{heading}**", "", *found, ""]
    grouped = {verb: _group_by_address(paths, site.languages) for verb, paths in pages.items()}
    counts = ", ".join(f"{len(addresses)} {verb.lower()}" for verb, addresses in grouped.items())
    out += [f"**Pages** ({counts})", ""]
    for verb, addresses in grouped.items():
        for address, languages in addresses:
            url = urls.absolute(site.settings.base_url, quote(address))  # a page's address is a file name: any character
            out.append(f"- {verb}: {link(address, url)}" + (f" ({', '.join(languages)})" if len(site.languages) > 1 else ""))
    return "\n".join([*out, "", *warned])


Entry = Place | Group


def _entries(base: Site | None, head: Site) -> dict[str, list[str]]:
    """The recommendations and interest groups added, changed (naming what) and removed, by city."""
    names = {city.slug: city.meta.name for city in (*(base.cities if base else ()), *head.cities)}
    found: dict[str, list[str]] = {}
    for heading, of, address in (("Recommendations", _places, urls.place), ("Groups", _groups, urls.group)):
        before, after = of(base) if base else {}, of(head)

        def linked(entry: Entry, address: Callable[[str, str], str] = address) -> str:
            url = urls.absolute(head.settings.base_url, address(entry.city, entry.slug))
            return f"{link(entry.meta.name, url)} ({text(names[entry.city])})"

        lines = [f"- Added: {linked(after[key])}" for key in sorted(after.keys() - before.keys())]
        for key in sorted(after.keys() & before.keys()):
            changed = _what_changed(before[key], after[key])
            if changed:
                lines.append(f"- Changed: {linked(after[key])}: {', '.join(changed)}")
        lines += [f"- Removed: {text(before[key].meta.name)} ({text(names[key[0]])})" for key in sorted(before.keys() - after.keys())]
        found[heading] = lines
    return found


def _places(site: Site) -> dict[tuple[str, str], Entry]:
    return {(place.city, place.slug): place for city in site.cities for place in city.places}


def _groups(site: Site) -> dict[tuple[str, str], Entry]:
    return {(group.city, group.slug): group for city in site.cities for group in city.groups}


def _what_changed(old: Entry, new: Entry) -> list[str]:
    """The front-matter fields of the original whose values changed, then `text` and the translations' languages."""
    old_meta, new_meta = old.text.original.meta, new.text.original.meta
    changed = [f"`{field.name}`" for field in fields(new_meta) if getattr(old_meta, field.name) != getattr(new_meta, field.name)]
    if old.text.original.body != new.text.original.body:
        changed.append("text")
    versions = {v.lang: (v.meta, v.body) for v in old.text.versions[1:]}, {v.lang: (v.meta, v.body) for v in new.text.versions[1:]}
    langs = sorted(lang for lang in versions[0].keys() | versions[1].keys() if versions[0].get(lang) != versions[1].get(lang))
    changed += [f"translation ({lang})" for lang in langs]
    return changed


def _group_by_address(paths: list[str], languages: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """`de/cities/x/index.html` and `cities/x/index.html` → (`/cities/x/`, [en, de])."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        address = urls.file_path(path)
        lang, neutral = urls.split_language(address, languages)
        grouped[neutral].append(lang or languages[0])
    return sorted((address, sorted(found, key=languages.index)) for address, found in grouped.items())
