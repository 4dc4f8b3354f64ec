"""The one gettext layer: every string a reader sees passes through here.

This package's public face; the work is done in its modules, each importing
only those before it: catalog_files (names and paths), pseudo, translation
(the Translator; not "translator.py", as the function translator exported
here would hide a module of that name), locales (choosing one).
The translator tools (catalogs, check, extract, ...) are loaded only by the
`careplan i18n` and `careplan check` commands. Placeholders have their own
home, careplan.placeholders, so careplan.errors needs none of this.
"""

from __future__ import annotations

from careplan.i18n.catalog_files import (
    CLINICAL_REVIEW,
    DOMAIN,
    MAX_CATALOG_BYTES,
    PSEUDO_LOCALE,
    SOURCE_LOCALE,
    TRANSLATED_BY,
    catalog_credits,
    catalog_path,
    clinically_reviewed,
)
from careplan.i18n.locales import (
    available_locales,
    complete_locales,
    completeness,
    negotiate,
    system_locale,
    system_translator,
    territory_of,
)
from careplan.i18n.translation import Translator, translator
from careplan.placeholders import PLACEHOLDER, PLAIN, fill, not_plain, placeholder_mismatch, placeholders

__all__ = [
    "CLINICAL_REVIEW",
    "DOMAIN",
    "MAX_CATALOG_BYTES",
    "PLACEHOLDER",
    "PLAIN",
    "PSEUDO_LOCALE",
    "SOURCE_LOCALE",
    "TRANSLATED_BY",
    "Translator",
    "available_locales",
    "catalog_credits",
    "catalog_path",
    "clinically_reviewed",
    "complete_locales",
    "completeness",
    "fill",
    "negotiate",
    "not_plain",
    "placeholder_mismatch",
    "placeholders",
    "system_locale",
    "system_translator",
    "territory_of",
    "translator",
]
