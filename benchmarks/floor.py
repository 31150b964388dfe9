"""The floor: the plainest single-process loop that turns the same Markdown into HTML pages.

    python benchmarks/floor.py SITE_DIR OUT_DIR

For every page that shows a Markdown body (city, guide section, event, handbook chapter)
in every language of site.yaml: read the file (the translation if there is one, else the
original, as the build falls back), `yaml.safe_load` its front matter, render the body with
markdown-it-py (CommonMark plus tables), render a simple Jinja template, write
`OUT_DIR/[<lang>/]<address>/index.html`. No validation, no links made relative, no listings,
calendars, feeds or search index: a lower bound for what any generator must spend on these
bodies in one Python process, against which `run.py` expresses the build's figures.

It prints one line, `floor: <pages> pages`, so the caller knows how many pages it wrote.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

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
<main>
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
    for city in sorted(p for p in (content / "cities").iterdir() if p.is_dir()):
        for path in sorted(city.glob("*.md")):
            stem = path.name[:-3]
            if "." in stem:
                continue
            found.append((path, f"/cities/{city.name}/" if stem == "index" else f"/cities/{city.name}/{stem}/"))
    for city in sorted(p for p in (content / "events").iterdir() if p.is_dir()):
        found.extend((path, f"/cities/{city.name}/events/{path.name[:-3]}/") for path in sorted(city.glob("*.md")) if "." not in path.name[:-3])
    found.extend((path, f"/handbook/{path.name[:-3]}/") for path in sorted((content / "handbook").glob("*.md")) if "." not in path.name[:-3])
    return found


def main(argv: list[str]) -> int:
    site, out = Path(argv[0]), Path(argv[1])
    settings = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    languages = settings["languages"]
    md = MarkdownIt("commonmark").enable("table")
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    pages = 0
    for original, address in items(site / "content"):
        for lang in languages:
            translated = original.with_name(f"{original.name[:-3]}.{lang}.md")
            path = translated if lang != languages[0] and translated.is_file() else original
            front, body = split(path.read_text(encoding="utf-8"))
            meta = yaml.safe_load(front) or {}
            if path is translated:  # the title of a translation may be left out: take the original's
                meta = {**(yaml.safe_load(split(original.read_text(encoding="utf-8"))[0]) or {}), **meta}
            html = template.render(
                lang=lang, title=meta.get("title") or meta.get("name"), summary=meta.get("summary"), site_title=settings["title"],
                prefix="" if lang == languages[0] else f"{lang}/", languages=languages, address=address,
                body=jinja2.utils.markupsafe.Markup(md.render(body)),
            )
            target = out / (address.strip("/") if lang == languages[0] else f"{lang}{address}".strip("/")) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            pages += 1
    print(f"floor: {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
