"""The floor: the plainest single-process loop that turns the same Markdown into HTML pages.

    python benchmarks/floor.py SITE_DIR OUT_DIR [--jobs N] [--project-markdown]

For every page that shows a Markdown body (city, guide section, event, handbook chapter)
in every language of site.yaml: read the file (the translation if there is one, else the
original, as the build falls back), `yaml.safe_load` its front matter, render the body with
markdown-it-py (CommonMark plus tables), render a simple Jinja template, write
`OUT_DIR/[<lang>/]<address>/index.html`. No validation, no links made relative, no listings,
calendars, feeds or search index: a lower bound for what any generator must spend on these
bodies in one Python process, against which `run.py` expresses the build's figures.

With `--jobs N` the pages are dealt out to N forked processes (page i to process i mod N),
each running the same loop: the lower bound on N cores, which `run.py` sets beside Hugo
(the comparison of issue 15). The front matter is read with libyaml's loader when PyYAML
has it, as the build reads it. `<main>` carries `data-pagefind-body`, as the build's
searchable pages do, so Pagefind over this output indexes what it indexes over the build's.

With `--project-markdown` the bodies are rendered by the project's own Markdown rules
(generator/content/markdown.py: footnotes, heading ids, safe links only, link positions),
which every Markdown, link and safety test requires, instead of plain CommonMark plus tables.

It prints one line, `floor: <pages> pages`, so the caller knows how many pages it wrote.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # PyYAML without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ site_title }}</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header><a href="/{{ prefix }}">{{ site_title }}</a>
<nav>{% for code in languages %}<a href="/{{ code }}{{ address }}" hreflang="{{ code }}">{{ code }}</a> {% endfor %}</nav>
</header>
<main data-pagefind-body>
<h1>{{ title }}</h1>
{% if summary %}<p class="summary">{{ summary }}</p>{% endif %}
{{ body }}
</main>
<footer>{{ site_title }}</footer>
</body>
</html>
"""


def split(text: str) -> tuple[str, str]:
    """(front matter, body) of a `---` delimited file."""
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 4)
    return text[4:end], text[end + 5:]


def items(content: Path) -> list[tuple[Path, str]]:
    """(original file, language-neutral address) of every page with a body."""
    found = []
    def folders(name: str) -> list[Path]:  # the comparison with Hugo has handbook chapters only
        return sorted(p for p in (content / name).iterdir() if p.is_dir()) if (content / name).is_dir() else []

    for city in folders("cities"):
        for path in sorted(city.glob("*.md")):
            stem = path.name[:-3]
            if "." in stem:
                continue
            found.append((path, f"/cities/{city.name}/" if stem == "index" else f"/cities/{city.name}/{stem}/"))
    for city in folders("events"):
        found.extend((path, f"/cities/{city.name}/events/{path.name[:-3]}/") for path in sorted(city.glob("*.md")) if "." not in path.name[:-3])
    found.extend((path, f"/handbook/{path.name[:-3]}/") for path in sorted((content / "handbook").glob("*.md")) if "." not in path.name[:-3])
    return found


def render(site: Path, out: Path, part: int, parts: int, project: bool = False) -> int:
    """Write every `parts`-th page, from the `part`-th: the loop itself. Returns how many."""
    settings = yaml.load((site / "site.yaml").read_text(encoding="utf-8"), Loader=Loader)
    languages = settings["languages"]
    plain = MarkdownIt("commonmark").enable("table")
    to_html: Callable[[str], str] = plain.render
    if project:
        from generator.content.markdown import Markdown
        rules = Markdown()
        to_html = partial(rules.render, rewrite=str)
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    pages = 0
    every = [(original, address, lang) for original, address in items(site / "content") for lang in languages]
    for original, address, lang in every[part::parts]:
        translated = original.with_name(f"{original.name[:-3]}.{lang}.md")
        path = translated if lang != languages[0] and translated.is_file() else original
        front, body = split(path.read_text(encoding="utf-8"))
        meta = yaml.load(front, Loader=Loader) or {}
        if path is translated:  # the title of a translation may be left out: take the original's
            meta = {**(yaml.load(split(original.read_text(encoding="utf-8"))[0], Loader=Loader) or {}), **meta}
        html = template.render(
            lang=lang, title=meta.get("title") or meta.get("name"), summary=meta.get("summary"), site_title=settings["title"],
            prefix="" if lang == languages[0] else f"{lang}/", languages=languages, address=address,
            body=Markup(to_html(body)),
        )
        target = out / (address.strip("/") if lang == languages[0] else f"{lang}{address}".strip("/")) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        pages += 1
    return pages


def main(argv: list[str]) -> int:
    jobs, project = 1, "--project-markdown" in argv
    argv = [arg for arg in argv if arg != "--project-markdown"]
    if "--jobs" in argv:
        at = argv.index("--jobs")
        jobs, argv = int(argv[at + 1]), argv[:at] + argv[at + 2:]
    site, out = Path(argv[0]), Path(argv[1])
    if jobs == 1:
        pages = render(site, out, 0, 1, project)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pages = sum(pool.starmap(render, [(site, out, part, jobs, project) for part in range(jobs)]))
    print(f"floor: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
