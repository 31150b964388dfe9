"""Interface-string translations, one gettext catalog per language.

Every interface string already goes through gettext (`_()` in templates and Python);
until catalogs are compiled, each language gets NullTranslations (the English text).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable


def translations(lang: str) -> gettext.NullTranslations:
    return gettext.NullTranslations()


def gettext_for(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext
