"""Interface-string translations: the theme's gettext catalogs, read once per build.

A theme keeps one `.po` file per language in `locale/<lang>/LC_MESSAGES/messages.po`.
Babel reads it and compiles it in memory into a standard `GNUTranslations`, so the
repository holds only the text files translators edit (docs/translating.md says why).
A language without a catalog shows the English source text; fuzzy entries are skipped.
Translations are plain text: the renderer escapes them, and a string holding markup is
refused at its line, so that the translator hears of it at `check` time.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from generator.core.errors import ErrorReport, Location, display_path
from generator.core.options import Theme
from generator.core.text import Gettext
from generator.source.frontmatter import CONTROL_IN_VALUE

DOMAIN = "messages"
PLACEHOLDER = re.compile(r"%\((\w+)\)")
MARKUP = re.compile(r"<[A-Za-z/!?][^\s<>`]{0,30}>?")
"""What would begin a tag, an end tag, a comment or a declaration in HTML: `<` before a letter, `/`, `!` or `?`."""


def catalog_path(locale: Path, lang: str) -> Path:
    """Where gettext tools expect a language's catalog: `<locale>/<lang>/LC_MESSAGES/messages.po`."""
    return locale / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Catalogs:
    """Every site language's translations, read and checked before anything is rendered."""

    by_language: Mapping[str, gettext.NullTranslations]
    sources: Mapping[str, bytes] = field(default_factory=dict)
    """The bytes each language's catalog was compiled from (none for a language without one)."""

    @classmethod
    def read(cls, theme: Theme, languages: Iterable[str], report: ErrorReport, root: Path, earlier: Catalogs | None = None) -> Catalogs:
        """Each language's catalog from the theme's `locale/` (its checked listing); broken entries go into `report`.

        `earlier`: the catalogs of the last good build of this process (serve): one whose file
        holds the same bytes is taken as it was compiled then (without a problem)."""
        found: dict[str, gettext.NullTranslations] = {}
        sources: dict[str, bytes] = {}
        for lang in languages:
            name = catalog_path(Path("locale"), lang).as_posix()
            if name not in theme.files:
                found[lang] = gettext.NullTranslations()
                continue
            try:
                data = theme.read(name)
            except OSError as exc:
                report.add(Location(theme.shown(name, root)), f"the translation catalog cannot be read: {exc}")
                found[lang] = gettext.NullTranslations()
                continue
            if earlier is not None and earlier.sources.get(lang) == data:
                found[lang] = earlier.by_language[lang]
            else:
                found[lang] = compiled(partial(bytes, data), theme.shown(name, root), lang, report)
            sources[lang] = data
        return cls(found, sources)

    def translations(self, lang: str) -> gettext.NullTranslations:
        return self.by_language[lang]

    def gettext(self, lang: str) -> Gettext:
        return self.by_language[lang].gettext


def load(po: Path, lang: str, report: ErrorReport, root: Path) -> gettext.NullTranslations:
    """One `.po` file compiled in memory; without one (a language nobody has translated yet), the English source text."""
    if not po.is_file():
        return gettext.NullTranslations()
    return compiled(po.read_bytes, display_path(po, root), lang, report)


def compiled(read: Callable[[], bytes], where: str, lang: str, report: ErrorReport) -> gettext.NullTranslations:
    """A catalog's bytes (from `read`) compiled in memory; its problems reported at their lines in `where`."""
    try:
        catalog = read_po(io.BytesIO(read()), locale=lang, abort_invalid=True)
    except PoFileError as exc:  # its message ends in " on <line>", and Babel counts lines from 0
        report.add(Location(where, exc.lineno + 1), f"the translation catalog cannot be read: {str(exc).rsplit(' on ', 1)[0]}")
        return gettext.NullTranslations()
    except (OSError, UnicodeDecodeError, ValueError, UnknownLocaleError) as exc:
        report.add(Location(where), f"the translation catalog cannot be read: {exc}")
        return gettext.NullTranslations()
    for message, problem in problems(catalog):
        report.add(Location(where, message.lineno or 1), problem)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def problems(catalog: Catalog) -> Iterable[tuple[Message, str]]:
    """Translations that would break a page: a wrong number of plural forms, a placeholder the source lacks, markup, or a control character.

    A translation may leave a placeholder out, but one the source does not have (or a lone `%`)
    would fail when the page is rendered, so it is reported at its line instead.
    """
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.pluralizable and len(strings) != catalog.num_plurals:
            yield message, f"`{sources[0]}` needs {catalog.num_plurals} plural forms in this language, not {len(strings)}"
            continue
        names = {name: 0 for source in sources for name in PLACEHOLDER.findall(source)} | ({"num": 0} if message.pluralizable else {})
        for string in strings:
            problem = control_problem(sources[0], string) or markup_problem(sources[0], string) or format_problem(sources[0], string, names)
            if problem:
                yield message, problem
                break


def control_problem(source: str, translation: str) -> str | None:
    """The characters content may not hold (frontmatter.CONTROL_IN_VALUE) are refused here too:
    feeds cannot carry them, and no reader would see them."""
    found = CONTROL_IN_VALUE.search(translation)
    if found is None:
        return None
    return f"the translation of `{source}` holds the control character U+{ord(found.group()):04X}: remove it"


def markup_problem(source: str, translation: str) -> str | None:
    """Translations are shown as text (the renderer escapes them): a tag would show as `<b>` on the
    page, so it is refused here, where the translator can see why."""
    found = MARKUP.search(translation)
    if found is None:
        return None
    return (f"the translation of `{source}` holds markup (`{found.group()}`): translations are plain text, shown as written; "
            "leave tags out (a `<` is fine before a space or a digit)")


def format_problem(source: str, translation: str, names: dict[str, int]) -> str | None:
    """Why `translation` cannot be formatted where `source` can (newstyle gettext formats every string)."""
    try:
        source % names
    except (KeyError, ValueError, TypeError):
        return None  # the source is no format string, so neither is its translation
    try:
        translation % names
    except KeyError as exc:
        return f"the translation of `{source}` uses %({exc.args[0]})s, which the original does not have"
    except (ValueError, TypeError):
        return f"the translation of `{source}` has a `%` that is no placeholder: write a percent sign as %%"
    return None
