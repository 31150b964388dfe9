"""Markdown backends measured against the project's renderer on the same bodies (issue 15).

    python3 -m venv /tmp/mdvenv && /tmp/mdvenv/bin/pip install comrak cmarkgfm markdown-it-pyrs pyromark
    .venv/bin/python benchmarks/markdown_backends.py --candidates /tmp/mdvenv [--size 10k] [--repeat 3] [--json out.json]

The reference is markdown-it-py as the build uses it: the project's `Markdown` class
(generator/content/markdown.py: CommonMark, tables, strikethrough, footnotes, heading ids,
raw HTML off, safe links only, link positions recorded), one new instance per pass so that
nothing is cached between passes. The candidates are installed in a scratch virtual
environment (`--candidates`, never the project's): its site-packages is put at the end of
`sys.path`, so the project's own packages (markdown-it-py among them) still come first.
Each candidate is configured as close to the reference as it allows: tables,
strikethrough, footnotes, heading ids where it has them, raw HTML off.

The bodies are every Markdown body of a make_network.py network (default 10k: city
pages, guide sections, events, handbook chapters and their translations), front matter
removed. Each backend renders every body once per pass, in one process, one body at a time;
the figures are per-body microseconds (median and mean over all bodies of the fastest pass)
and the total of each pass (median of `--repeat` passes).

Then the safety properties the tests require of the renderer (tests/unit/content/test_markdown.py,
tests for the link check), checked on small inputs:

- raw HTML is shown as text: `<b>` and `<script>` appear escaped, neither dropped nor passed through;
- dangerous links are not links: `javascript:` (any case, leading space), `data:`, `vbscript:`;
  and whether other schemes (`ftp:`, `file:`) are refused as the project refuses them;
- links have source positions: a line and a column for each link, also in a list item, a table
  cell and a block quote, and after non-ASCII text (columns are characters; byte offsets
  are converted).

Benchmarks are not tests: nothing here runs in the test suite, and nothing here changes the
generator. docs/decisions.md ("Markdown backends, measured") has the figures of one run and
the decision.
"""

from __future__ import annotations

import argparse
import gc
import html
import json
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_network  # noqa: E402  (a sibling script, not a package)

Render = Callable[[str], str]
Positions = Callable[[str], list[tuple[int, int]] | None]


def bodies_of(site: Path) -> list[str]:
    """Every Markdown body of the network, front matter removed, in path order."""
    found = []
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text[text.index("\n---\n", 4) + 5:]
        found.append(text)
    return found


def line_column(text: str, offset: int, unit: str) -> tuple[int, int]:
    """1-based line and character column of an offset into `text` (in characters or UTF-8 bytes)."""
    if unit == "bytes":
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


# ---------------------------------------------------------------------------------------
# The backends. Each: a renderer, and a way to find each link's line and column (None if
# the backend cannot tell).


@dataclass
class Backend:
    name: str
    version: str
    configuration: str
    render: Render
    positions: Positions


def reference() -> Backend:
    from importlib.metadata import version

    from generator.content.markdown import Markdown

    def render(text: str) -> str:
        return Markdown().render(text, _same)

    def positions(text: str) -> list[tuple[int, int]] | None:
        return _reference_positions(Markdown(), text)

    return Backend("markdown-it-py (the project's Markdown class)", version("markdown-it-py"),
                   "generator/content/markdown.py as it is", render, positions)


def _same(href: str) -> str:
    return href


def _reference_positions(markdown, text: str) -> list[tuple[int, int]]:
    """The project's own link positions (those of the link check's errors), through whichever API this generator has."""
    try:
        from generator.content.markdown_links import Positions, body_links  # the pipeline as issue 15 rebuilds it
    except ImportError:
        from generator.plan.links import find_links  # before it

        version = SimpleNamespace(body=text, source="body.md", body_line=1)
        return [(link.location.line, link.location.column) for link in find_links(version, markdown)]
    return [(link.line + 1, link.column + 1) for link in body_links(markdown.tokens(text), Positions(text))]


def markdown_it_bare() -> Backend:
    from importlib.metadata import version

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return Backend("markdown-it-py, bare", version("markdown-it-py"), "commonmark preset, html off, tables, strikethrough; no plugins or rules of ours",
                   md.render, lambda text: None)


def comrak_backend() -> Backend:
    from importlib.metadata import version

    import comrak

    extension = comrak.ExtensionOptions()
    extension.table = extension.strikethrough = extension.footnotes = True
    extension.header_id_prefix = ""
    options = comrak.RenderOptions()
    options.escape = True  # raw HTML shown as text (the default, unsafe_=False, drops it as `<!-- raw HTML omitted -->`)
    positioned = comrak.RenderOptions()
    positioned.escape = positioned.sourcepos = True
    parse = comrak.ParseOptions()
    parse.sourcepos_chars = True

    def render(text: str) -> str:
        return comrak.render_markdown(text, extension_options=extension, render_options=options)

    def positions(text: str) -> list[tuple[int, int]]:
        out = comrak.render_markdown(text, extension_options=extension, render_options=positioned, parse_options=parse)
        return [(int(line), int(column)) for line, column in re.findall(r'<a data-sourcepos="(\d+):(\d+)-', out)]

    return Backend("comrak", version("comrak"), "table, strikethrough, footnotes, header ids; render escape=True; positions: sourcepos + sourcepos_chars",
                   render, positions)


def cmarkgfm_backend() -> Backend:
    from importlib.metadata import version

    import cmarkgfm
    from cmarkgfm.cmark import Options

    flags = Options.CMARK_OPT_FOOTNOTES

    def render(text: str) -> str:
        return cmarkgfm.github_flavored_markdown_to_html(text, options=flags)

    def positions(text: str) -> list[tuple[int, int]] | None:
        out = cmarkgfm.github_flavored_markdown_to_html(text, options=flags | Options.CMARK_OPT_SOURCEPOS)
        return None if "<a data-sourcepos" not in out else []  # block elements only: no position of a link

    return Backend("cmarkgfm", version("cmarkgfm"), "GitHub flavour (tables, strikethrough, autolinks, tagfilter), footnotes; safe mode (the default)",
                   render, positions)


PYRS_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference", "autolink", "backticks",
              "emphasis", "entity", "escape", "image", "link", "newline", "strikethrough", "table", "footnote"]


def markdown_it_pyrs_backend() -> Backend:
    from importlib.metadata import version

    import markdown_it_pyrs

    md = markdown_it_pyrs.MarkdownIt("zero").enable_many(PYRS_RULES)  # commonmark without html_block/html_inline: there is no disable()

    def positions(text: str) -> list[tuple[int, int]]:
        return [line_column(text, node.srcmap[0], "bytes") for node in md.tree(text).walk() if node.name == "link" and node.srcmap]

    return Backend("markdown-it-pyrs", version("markdown-it-pyrs"), "the zero preset with CommonMark's rules but raw HTML, plus table, strikethrough, footnote; positions: tree() srcmap (bytes)",
                   md.render, positions)


def pyromark_backend() -> Backend:
    from importlib.metadata import version

    import pyromark

    flags = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES | pyromark.Options.ENABLE_STRIKETHROUGH

    def render(text: str) -> str:
        return pyromark.html(text, options=flags)

    def positions(text: str) -> list[tuple[int, int]]:
        return [line_column(text, span["start"], "bytes") for event, span in pyromark.events_with_range(text, options=flags)
                if isinstance(event, dict) and isinstance(event.get("Start"), dict) and "Link" in event["Start"]]

    return Backend("pyromark", version("pyromark"), "tables, footnotes, strikethrough (no option turns raw HTML off); positions: events_with_range (bytes)",
                   render, positions)


CANDIDATES = {"comrak": comrak_backend, "cmarkgfm": cmarkgfm_backend, "markdown-it-pyrs": markdown_it_pyrs_backend, "pyromark": pyromark_backend}


# ---------------------------------------------------------------------------------------
# Safety.

RAW = "<b>bold</b> and <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n"
DANGEROUS = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x", " javascript:x"]
OTHER_SCHEMES = ["ftp://example.org/", "File:///etc/passwd"]
POSITIONS = (
    "Плохо [one](/a/) text.\n"
    "\n"
    "- item [two](/b/)\n"
    "  1. nested *and [three](/c/)*\n"
    "\n"
    "| x | y |\n"
    "|---|---|\n"
    "| ё [four](/d/) | z |\n"
    "\n"
    "> quote [five](/e/ \"t\")\n"
)
"""Links in a paragraph after Cyrillic, a list item, a nested list in emphasis, a table cell, a block quote."""


def expected_positions(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Each link's `[` and its destination: a backend may point at either (the link check
    reports the destination; from the link's start and end it can be found in the source)."""
    found = list(re.finditer(r"\[(one|two|three|four|five)\]\(", text))
    return ([line_column(text, match.start(), "chars") for match in found],
            [line_column(text, match.end(), "chars") for match in found])


@dataclass
class Safety:
    raw_html: str
    """'shown as text', 'dropped' or 'passed through'."""
    dangerous_links: str
    other_schemes: str
    positions: str
    notes: list[str] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return self.raw_html == "shown as text" and self.dangerous_links == "not links" and self.positions.startswith("yes")


def safety(backend: Backend) -> Safety:
    out = backend.render(RAW)
    if "<script" in out or "<b>" in out or "<div" in out:
        raw = "passed through"
    elif "&lt;script&gt;" in out and "&lt;b&gt;" in out and "&lt;div" in out:
        raw = "shown as text"
    else:
        raw = "dropped"
    verdicts = []
    for href in DANGEROUS:
        out = backend.render(f"[a]({href})\n")
        if "<a" not in out:
            verdicts.append("not a link")
        elif re.search(r'href="\s*"', out):
            verdicts.append("a link to nothing (href=\"\")")
        else:
            verdicts.append("a link")
    dangerous = "not links" if set(verdicts) == {"not a link"} else ", ".join(sorted(set(verdicts)))
    others = []
    for href in OTHER_SCHEMES:
        out = backend.render(f"[a]({href})\n")
        kept = f'href="{html.escape(href.strip())}'.lower() in out.lower()
        others.append(f"{href.split(':')[0].lower()}: {'kept' if kept else 'refused'}")
    try:
        found = backend.positions(POSITIONS)
    except Exception as error:  # a backend without the API: say so
        found, note = None, f"positions failed: {error!r}"
    else:
        note = ""
    starts, destinations = expected_positions(POSITIONS)
    if found is None:
        positions = "no (line of the block at best)" if backend.name == "cmarkgfm" else "no"
    elif found == destinations:
        positions = "yes: line and column of every link's destination"
    elif found == starts:
        positions = "yes: line and column of every link's start"
    else:
        positions = f"wrong: {found} for {starts}"
    return Safety(raw, dangerous, "; ".join(others), positions, [note] if note else [])


# ---------------------------------------------------------------------------------------
# Speed.


@dataclass
class Measured:
    name: str
    version: str
    configuration: str
    passes: list[float]
    """Total seconds of each pass over every body."""
    median_us: float
    mean_us: float
    p95_us: float
    output_bytes: int
    safety: Safety


def measure(backend: Backend, bodies: list[str], repeat: int) -> Measured:
    totals, best = [], None
    for _ in range(repeat):
        gc.collect()
        times = []
        size = 0
        started = time.perf_counter()
        for body in bodies:
            begin = time.perf_counter()
            out = backend.render(body)
            times.append(time.perf_counter() - begin)
            size += len(out)
        totals.append(time.perf_counter() - started)
        if best is None or sum(times) < sum(best):
            best = times
    assert best is not None
    ordered = sorted(best)
    return Measured(backend.name, backend.version, backend.configuration, totals, statistics.median(best) * 1e6, statistics.fmean(best) * 1e6,
                    ordered[int(len(ordered) * 0.95)] * 1e6, size, safety(backend))


def report(results: list[Measured], bodies: list[str], label: str) -> str:
    reference_total = statistics.median(results[0].passes)
    size = sum(len(body.encode("utf-8")) for body in bodies)
    lines = [
        (f"{len(bodies):,} bodies of {label} ({size / 1024 / 1024:.1f} MiB of Markdown, median body "
         f"{statistics.median(len(body.encode('utf-8')) for body in bodies):,.0f} bytes); one process, one body at a time; "
         f"{len(results[0].passes)} passes; Python {platform.python_version()}"),
        "",
        "| backend | version | µs per body (median) | mean | 95th percentile | total s (median of passes) | × reference | raw HTML | dangerous links | other schemes | link line:column |",
        "|---|---|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for found in results:
        total = statistics.median(found.passes)
        lines.append(f"| {found.name} | {found.version} | {found.median_us:,.0f} | {found.mean_us:,.0f} | {found.p95_us:,.0f} | {total:.2f} | "
                     f"{total / reference_total:.3f} | {found.safety.raw_html} | {found.safety.dangerous_links} | {found.safety.other_schemes} | {found.safety.positions} |")
    lines.append("")
    lines.extend(f"- {found.name}: {found.configuration}" + "".join(f" ({note})" for note in found.safety.notes) for found in results)
    return "\n".join(lines)


def add_candidates(venv: Path) -> None:
    found = sorted(venv.glob("lib/python*/site-packages"))
    if not found:
        raise SystemExit(f"{venv}: no lib/python*/site-packages: is it a virtual environment?")
    sys.path.append(str(found[0]))  # last: the project's own packages keep precedence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=Path, help="a virtual environment with the candidate packages (default: only those importable already)")
    parser.add_argument("--size", default="10k", help="the make_network.py size whose bodies are rendered (default 10k)")
    parser.add_argument("--site", type=Path, help="an existing network to take the bodies from, instead of writing one")
    parser.add_argument("--repeat", type=int, default=3, help="passes over every body per backend (default 3)")
    parser.add_argument("--generator", type=Path, metavar="DIR", help="import generator/ from DIR (a committed state) instead of this checkout")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str((args.generator or HERE.parent).resolve()))
    if args.candidates:
        add_candidates(args.candidates)
    import generator

    print(f"generator: {Path(generator.__file__).parent}", flush=True)
    if args.site:
        site, label = args.site, f"the site {args.site}"
    else:
        site, label = Path(tempfile.mkdtemp(prefix="chapters-md-")) / "network", f"a make_network.py {args.size} network"
        make_network.generate(site, make_network.parse_size(args.size), git=False)
    bodies = bodies_of(site)
    backends = [reference(), markdown_it_bare()]
    for name, make in CANDIDATES.items():
        try:
            backends.append(make())
        except ImportError as error:
            print(f"{name}: not installed ({error}), left out", flush=True)
    results = []
    for backend in backends:
        print(f"{backend.name} {backend.version} ...", flush=True)
        results.append(measure(backend, bodies, args.repeat))
    text = report(results, bodies, label)
    print("\n" + text)
    if args.json:
        args.json.write_text(json.dumps({"bodies": len(bodies), "size": label, "results": [asdict(found) for found in results]}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
