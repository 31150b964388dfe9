"""Render planned pages with the theme's Jinja templates into HTML bytes.

Templates run with autoescape and StrictUndefined: a missing value is a bug to fix in the
theme, never an empty string a reader sees. All links are made relative to the page here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from gettext import NullTranslations
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from generator import urls
from generator.markdown import Markdown
from generator.pages import Page
from generator.seo import og_locale
from generator.views import language_name


class Renderer:
    """One Jinja environment and one Markdown parser for the whole build.

    The environment holds the translations of one language at a time: they are swapped
    only when the next page is in another language, so each template is compiled once.
    """

    def __init__(self, theme: Path, markdown: Markdown, site_title: str, base_url: str, languages: tuple[str, ...],
                 translations: Callable[[str], NullTranslations]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(theme / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.translations = translations
        self.installed: str | None = None
        self.markdown = markdown
        self.site_title = site_title
        self.base_url = base_url
        self.languages = languages

    def install(self, lang: str) -> None:
        """`_()` in the templates now answers in `lang`."""
        if lang != self.installed:
            self.env.install_gettext_translations(self.translations(lang), newstyle=True)  # type: ignore[attr-defined]
            self.installed = lang

    def render(self, page: Page) -> bytes:
        self.install(page.lang)
        default = self.languages[0]
        if page.neutral == urls.not_found():
            # Served at any address, so its links cannot be relative: use the base path.
            base_path = urlsplit(self.base_url).path or "/"

            def link(target: str, lang: str | None = None) -> str:
                return base_path.rstrip("/") + urls.localized(target, lang or page.lang, default)
        else:
            def link(target: str, lang: str | None = None) -> str:
                return urls.relative(page.path, urls.localized(target, lang or page.lang, default))

        alternates = [
            {"lang": lang, "name": language_name(lang, lang), "href": link(page.neutral, lang), "current": lang == page.lang,
             "absolute": urls.absolute(self.base_url, urls.localized(page.neutral, lang, default))}
            for lang in self.languages
        ]
        def markdown_link(href: str) -> str:
            lang, neutral = urls.split_language(href, self.languages)  # `/de/...` keeps its language
            return link(neutral, lang)

        body_html = self.markdown.render(page.body.body, markdown_link) if page.body is not None else ""
        # Several bodies on one page (the printable handbook): ids prefixed, headings one level down.
        parts_html = [jinja2.utils.markupsafe.Markup(self.markdown.render(part.body.body, markdown_link, part.prefix, shift=1))
                      for part in page.context.get("parts", ())]
        template = self.env.get_template(page.template)
        html = template.render(
            page=page,
            site_title=self.site_title,
            url=link,
            static=lambda name: link(urls.static(name), default),
            canonical=urls.absolute(self.base_url, page.path),
            og_locale=og_locale(page.lang),
            alternates=alternates,
            default_language=default,
            body_html=jinja2.utils.markupsafe.Markup(body_html),
            parts_html=parts_html,
            language_name=language_name,
            **page.context,
        )
        return html.encode("utf-8")


def render_all(pages: list[Page], renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    for page in pages:
        yield urls.output_file(page.path), renderer.render(page)


def static_names(theme: Path) -> list[str]:
    """The output paths of the theme's static assets (under /static/), without reading them."""
    folder = theme / "static"
    return sorted("static/" + path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


def static_files(theme: Path, only: str = "") -> Iterator[tuple[str, bytes]]:
    """The theme's static assets (those ending in `only`), served from /static/."""
    for name in static_names(theme):
        if name.endswith(only):
            yield name, (theme / name).read_bytes()
