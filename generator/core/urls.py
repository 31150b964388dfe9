"""Every public address of the site, as pure functions (the URL contract lives here).

Site paths are language-neutral and end in `/` (`/cities/almaty/`); `localized` puts the
language prefix in front (`/de/cities/almaty/`) and `output_file` names the file to write.
Links inside pages are relative, so the site works under any host and base path.
"""

from __future__ import annotations

import re
from posixpath import normpath
from urllib.parse import unquote, urlsplit


def home() -> str:
    return "/"


def city(slug: str) -> str:
    return f"/cities/{slug}/"


def city_of(path: str) -> str | None:
    """The city a language-neutral page address lies beneath (`/cities/almaty/events/x/` → `almaty`), if any."""
    parts = path.split("/")
    return parts[2] if len(parts) > 3 and parts[1] == "cities" else None


def section(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/{slug}/"


def city_events(city_slug: str) -> str:
    return f"/cities/{city_slug}/events/"


def event(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/events/{slug}/"


def searchable_glob(lang: str, default_lang: str) -> str:
    """A language's output files that can hold text to search (city, guide, event, directory entry, group and handbook pages), as a Pagefind glob.

    Pagefind then reads only those, not the calendar, tag and listing pages (half of a
    large site), and writes the same index: only these pages carry `data-pagefind-body`.
    """
    roots = [localized(top, lang, default_lang).strip("/") for top in ("/cities/", "/handbook/")]
    return "{" + ",".join(roots) + "}/{index.html,*/index.html,*/*/index.html,*/events/*/index.html,*/directory/*/index.html,*/groups/*/index.html}"


def directory(city_slug: str) -> str:
    """A city's recommendations, by category."""
    return f"/cities/{city_slug}/directory/"


def place(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/directory/{slug}/"


def city_groups(city_slug: str) -> str:
    """A city's interest groups."""
    return f"/cities/{city_slug}/groups/"


def group(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/groups/{slug}/"


def all_groups() -> str:
    """Every interest group of the network, by theme."""
    return "/groups/"


def group_calendar(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/groups/{slug}/events.ics"


def group_atom_feed(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/groups/{slug}/feed.xml"


def group_rss_feed(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/groups/{slug}/rss.xml"


def all_events() -> str:
    return "/events/"


def handbook() -> str:
    return "/handbook/"


def chapter(slug: str) -> str:
    return f"/handbook/{slug}/"


def search() -> str:
    return "/search/"


def calendar(city_slug: str | None = None, month: str | None = None) -> str:
    """`/calendar/` shows the current month, `/calendar/2026-12/` one month; a city's are below `/cities/<city>/`."""
    base = f"/cities/{city_slug}/calendar/" if city_slug else "/calendar/"
    return f"{base}{month}/" if month else base


def tags() -> str:
    return "/tags/"


def tag(name: str, city_slug: str | None = None) -> str:
    """A tag's events: in every city, or in one (`/cities/<city>/tags/<tag>/`, beside that city's tag feeds)."""
    return f"/cities/{city_slug}/tags/{name}/" if city_slug else f"/tags/{name}/"


def handbook_print() -> str:
    """Every handbook chapter on one page, for printing or saving as a PDF."""
    return "/handbook/print/"


SEARCH_BUNDLE = "pagefind"
"""The folder at the site's root that holds Pagefind's scripts and its indexes, one per language."""


def search_bundle(name: str) -> str:
    """A file of the search bundle (`pagefind-ui.js`), shared by every language."""
    return f"/{SEARCH_BUNDLE}/{name}"


def network_calendar() -> str:
    return "/events.ics"


def city_calendar(city_slug: str) -> str:
    return f"/cities/{city_slug}/events.ics"


def tag_calendar(tag: str) -> str:
    return f"/tags/{tag}/events.ics"


def event_calendar(city_slug: str, slug: str) -> str:
    return f"/cities/{city_slug}/events/{slug}.ics"


def atom_feed(city_slug: str | None = None) -> str:
    return f"/cities/{city_slug}/feed.xml" if city_slug else "/feed.xml"


def rss_feed(city_slug: str | None = None) -> str:
    return f"/cities/{city_slug}/rss.xml" if city_slug else "/rss.xml"


def tag_atom_feed(tag: str, city_slug: str | None = None) -> str:
    """A tag's events as an Atom feed: in every city, or in one (`/cities/<city>/tags/<tag>/feed.xml`)."""
    return f"/cities/{city_slug}/tags/{tag}/feed.xml" if city_slug else f"/tags/{tag}/feed.xml"


def tag_rss_feed(tag: str, city_slug: str | None = None) -> str:
    return f"/cities/{city_slug}/tags/{tag}/rss.xml" if city_slug else f"/tags/{tag}/rss.xml"


def webcal(absolute_url: str) -> str:
    """The `webcal://` form of a calendar URL, which calendar apps open as a subscription."""
    return "webcal://" + absolute_url.split("://", 1)[-1]


def not_found() -> str:
    return "/404.html"


def static(name: str) -> str:
    return f"/static/{name}"


def asset(name: str) -> str:
    """A file of the site's own `static/` folder (`images/a.png`), published at the site's root."""
    return f"/{name}"


def sitemap() -> str:
    return "/sitemap.xml"


def robots() -> str:
    return "/robots.txt"


def localized(path: str, lang: str, default_lang: str) -> str:
    """`/cities/almaty/` in German is `/de/cities/almaty/`; the default language has no prefix."""
    return path if lang == default_lang else f"/{lang}{path}"


def split_language(path: str, languages: tuple[str, ...]) -> tuple[str | None, str]:
    """`/de/cities/almaty/` → (`de`, `/cities/almaty/`); a path without a language prefix → (None, path)."""
    for lang in languages[1:]:
        if path == f"/{lang}" or path.startswith(f"/{lang}/"):
            return lang, path[len(lang) + 1 :] or "/"
    return None, path


def _per_language_files() -> re.Pattern[str]:
    addresses = [not_found(), network_calendar(), atom_feed(), rss_feed(), city_calendar("*"), atom_feed("*"), rss_feed("*"),
                 event_calendar("*", "*"), tag_calendar("*"), tag_atom_feed("*"), tag_rss_feed("*"), tag_atom_feed("*", "*"), tag_rss_feed("*", "*"),
                 group_calendar("*", "*"), group_atom_feed("*", "*"), group_rss_feed("*", "*")]
    return re.compile("|".join(re.escape(address).replace(r"\*", "[^/]+") for address in addresses))


_PER_LANGUAGE_FILES = _per_language_files()


def is_shared_file(path: str, languages: tuple[str, ...]) -> bool:
    """Whether a link to the site path `path` names a file all languages share, published
    once and never given a language prefix: the site's `static/` files (`/images/a.png`),
    the theme's (`/static/...`), the search bundle. Pages (`/handbook/`, `/handbook/x`), the
    404 page, calendars and feeds exist in every language: those are not shared files.

    The one place that decides "page or file", for rendering and for the link check alike.
    """
    if path.endswith("/") and path.startswith("/") and not path.startswith("//") and "?" not in path and "#" not in path:
        return False  # a page's address, as the site's own links are (urlsplit, below, cost a second per rebuild at 40k)
    written = unquote(urlsplit(path).path)
    if not written or written.endswith("/"):
        return False
    target = split_language(normpath(written), languages)[1]
    return "." in target.rsplit("/", 1)[-1] and not _PER_LANGUAGE_FILES.fullmatch(target)


def localize_link(path: str, lang: str, languages: tuple[str, ...]) -> str:
    """A site path from Markdown as served to a reader of `lang`: a shared file as written,
    anything else in the reader's language unless it names a language itself."""
    if is_shared_file(path, languages):
        return path
    explicit, neutral = split_language(path, languages)
    return localized(neutral, explicit or lang, languages[0])


def output_file(path: str) -> str:
    """The file, relative to the output folder, that serves `path`."""
    relative = path.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


def file_path(name: str) -> str:
    """The site path a file of the output folder serves (`de/cities/x/index.html` → `/de/cities/x/`): `output_file` undone."""
    path = "/" + name.lstrip("/")
    return path.removesuffix("index.html") if path == "/index.html" or path.endswith("/index.html") else path


def relative(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path`, both site paths starting with `/`."""
    fragment = ""
    if "#" in to_path:
        to_path, fragment = to_path.split("#", 1)
        fragment = "#" + fragment
    from_dir = from_path if from_path.endswith("/") else from_path.rsplit("/", 1)[0] + "/"
    from_parts = [p for p in from_dir.split("/") if p]
    to_dir, _, name = to_path.rpartition("/")  # a page's name is empty; a file's is kept whole
    to_parts = [p for p in to_dir.split("/") if p]
    common = 0
    while common < min(len(from_parts), len(to_parts)) and from_parts[common] == to_parts[common]:
        common += 1
    parts = [".."] * (len(from_parts) - common) + to_parts[common:]
    link = "".join(f"{part}/" for part in parts) + name
    if ":" in link.split("/", 1)[0]:  # `javascript:x` from `/javascript:x` would be a scheme, not a file
        link = "./" + link
    return (link or "./") + fragment


def absolute(base_url: str, path: str) -> str:
    """`https://host/base/` + `/cities/almaty/` → `https://host/base/cities/almaty/`."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def absolute_link(base_url: str, path: str, lang: str, languages: tuple[str, ...]) -> str:
    """A site path from Markdown as an absolute address in the reader's language (feeds, calendars, plain text)."""
    return absolute(base_url, localize_link(path, lang, languages))


def is_site_path(href: str) -> bool:
    """A root-relative link into the site (`/handbook/`), not protocol-relative (`//host`)."""
    return href.startswith("/") and not href.startswith("//") and normpath(href).startswith("/")
