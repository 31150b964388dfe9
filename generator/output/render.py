"""Render planned pages with the theme's Jinja templates into HTML bytes.

Templates run with autoescape and StrictUndefined: a missing value is a bug to fix in the
theme, never an empty string a reader sees. All links are made relative to the page here.
Translations are text: `_()` and `{% trans %}` escape the catalog's string like any other value.
Each language has its own environment (`Templates`): translations are given per render, never swapped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from functools import partial
from gettext import NullTranslations
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from generator.content.markdown import Markdown
from generator.core import urls
from generator.core.options import Theme
from generator.plan.pages import Page
from generator.plan.seo import og_locale
from generator.plan.viewdata import Alternate, HandbookPrintView, Rendered

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
from generator.plan.views import language_name


class Templates:
    """The theme's templates, one Jinja environment per language with that language's
    translations installed once: a page is rendered by its own language's environment, so
    nothing is swapped between renders and any number of threads may render at once.

    Each environment compiles a template the first time it is used and keeps it; a preview
    keeps its `Templates` across saves for as long as the theme and its catalogs are unchanged.
    """

    def __init__(self, theme: Theme, languages: tuple[str, ...], translations: Callable[[str], NullTranslations]) -> None:
        self.environments: Mapping[str, jinja2.Environment] = MappingProxyType(
            {lang: environment(theme, translations(lang)) for lang in languages})

    def get(self, lang: str, name: str) -> jinja2.Template:
        return self.environments[lang].get_template(name)


def environment(theme: Theme, translations: NullTranslations) -> jinja2.Environment:
    """A Jinja environment for the theme's templates whose `_()` answers from `translations`, as escaped text.

    Jinja's newstyle gettext wraps whatever the catalog returns in `Markup` (trusted HTML)
    before it fills in the placeholders, and so does `{% trans %}`, which calls the same
    functions. Escaping the string first keeps that wrapping harmless: a translator's `<`, `&`
    or `"` reaches the page as text, and the placeholder values are still escaped once by
    `Markup`'s `%`, never twice.
    """
    env = jinja2.Environment(
        loader=ThemeLoader(theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added at run time by the jinja2.ext.i18n extension
        lambda message: escape(translations.gettext(message)),
        lambda singular, plural, n: escape(translations.ngettext(singular, plural, n)),
        newstyle=True,
        pgettext=lambda context, message: escape(translations.pgettext(context, message)),
        npgettext=lambda context, singular, plural, n: escape(translations.npgettext(context, singular, plural, n)),
    )
    return env


class Renderer:
    """Renders planned pages: the theme's `Templates` (one environment per language) and the
    build's Markdown parser. It changes nothing while it renders, so threads may share it.

    `templates` may be those of an earlier renderer with the same theme, catalogs and
    languages (a preview's next build): then no template is compiled again.
    """

    def __init__(self, theme: Theme, markdown: Markdown, site_title: str, base_url: str, languages: tuple[str, ...],
                 translations: Callable[[str], NullTranslations], templates: Templates | None = None) -> None:
        self.templates = templates or Templates(theme, languages, translations)
        self.markdown = markdown
        self.site_title = site_title
        self.base_url = base_url
        self.languages = languages

    def environment(self, lang: str) -> jinja2.Environment:
        """The environment that renders pages in `lang` (its `_()` answers in `lang`)."""
        return self.templates.environments[lang]

    def render(self, page: Page) -> bytes:
        default = self.languages[0]
        if page.neutral == urls.not_found():
            # Served at any address, so its links cannot be relative: use the base path.
            base_path = urlsplit(self.base_url).path or "/"

            def link(target: str, lang: str | None = None) -> str:
                return base_path.rstrip("/") + urls.localized(target, lang or page.lang, default)
        else:
            def link(target: str, lang: str | None = None) -> str:
                return urls.relative(page.path, urls.localized(target, lang or page.lang, default))

        alternates = tuple(
            Alternate(lang, language_name(lang, lang), link(page.neutral, lang), lang == page.lang,
                      urls.absolute(self.base_url, urls.localized(page.neutral, lang, default)))
            for lang in self.languages
        )
        def markdown_link(href: str) -> str:
            # Already in the reader's language (`/de/...` kept, a static file never prefixed):
            # `link` in the default language adds no prefix of its own.
            return link(urls.localize_link(href, page.lang, self.languages), default)

        body_html = self.markdown.render(page.body.body, markdown_link) if page.body is not None else ""
        # Several bodies on one page (the printable handbook): ids prefixed, headings one level down.
        parts = page.view.parts if isinstance(page.view, HandbookPrintView) else ()
        parts_html = tuple(Markup(self.markdown.render(part.body.body, markdown_link, part.prefix, shift=1)) for part in parts)
        rendered = Rendered(
            page=page,
            site_title=self.site_title,
            url=link,
            static=lambda name: link(urls.static(name), default),
            canonical=urls.absolute(self.base_url, page.path),
            og_locale=og_locale(page.lang),
            alternates=alternates,
            default_language=default,
            body_html=Markup(body_html),
            parts_html=parts_html,
            language_name=language_name,
        )
        template = self.templates.get(page.lang, page.template)
        return template.render(names(rendered, page.frame, page.view)).encode("utf-8")


def names(*views: DataclassInstance) -> dict[str, object]:
    """The template's variables: the fields of each view, one level deep (a view's `upcoming` is `upcoming`).

    Later views never shadow earlier ones: a view whose field repeats a name is a bug in plan/viewdata.py.
    """
    found: dict[str, object] = {}
    for view in views:
        for name in (f.name for f in fields(view)):
            assert name not in found, f"{type(view).__name__}.{name} shadows another variable of the template"
            found[name] = getattr(view, name)
    return found


def render_all(pages: list[Page], renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    for page in pages:
        yield urls.output_file(page.path), renderer.render(page)


class ThemeLoader(jinja2.BaseLoader):
    """Templates from the theme's checked listing (`templates/`), never from a path outside it."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        name = f"templates/{template}"
        if name not in self.theme.files:
            raise jinja2.TemplateNotFound(template)
        return self.theme.read(name).decode("utf-8"), str(self.theme.root / name), lambda: True

    def list_templates(self) -> list[str]:
        return [name.removeprefix("templates/") for name in self.theme.names("templates")]


def static_names(theme: Theme) -> list[str]:
    """The output paths of the theme's static assets (under /static/), without reading them."""
    return theme.names("static")


def static_files(theme: Theme) -> dict[str, Callable[[], bytes]]:
    """The theme's static assets by their output path (under /static/), each read only when made."""
    return {name: partial(theme.read, name) for name in static_names(theme)}
