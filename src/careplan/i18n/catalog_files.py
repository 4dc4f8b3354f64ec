"""Where the catalogs live and what their headers say.

The bottom of the i18n package: names and paths only, no babel and no
translator, so every other i18n module can build on it.
"""

from __future__ import annotations

import os
from pathlib import Path

from careplan import paths

DOMAIN = "careplan"
SOURCE_LOCALE = "en"
PSEUDO_LOCALE = "en_XA"
MAX_CATALOG_BYTES = 8 * 1024 * 1024  # a full catalog is about 120 KB; read bounded, regular files only

#: Header comment lines of a catalog saying who translated it and whether a
#: clinician who is a native speaker has checked it ("none yet" until one has).
#: They come last in the header comment, as babel may wrap them onto more lines.
TRANSLATED_BY = "Translated by:"
CLINICAL_REVIEW = "Clinical review:"


def catalog_path(locale_id: str, locales: Path | None = None) -> Path:
    """The .po of a locale, in `locales` or else in the folder careplan reads at run time."""
    return (locales or paths.locales_dir()) / locale_id / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_ids(locales: Path | None = None) -> list[str]:
    """Every locale with a catalog in the folder, sorted (English and the pseudo-locale have none)."""
    root = locales or paths.locales_dir()
    # what root.glob("*/LC_MESSAGES/careplan.po") finds, without pathlib's cost: every handout
    # asks (a batch, a thousand times), and glob took a tenth of a millisecond per locale
    try:
        with os.scandir(root) as entries:
            folders = [e for e in entries if e.is_dir()]
    except OSError:  # no folder, or one that cannot be read: no catalogs, as glob gives
        return []
    return sorted(e.name for e in folders if os.path.exists(os.path.join(e.path, "LC_MESSAGES", f"{DOMAIN}.po")))


def catalog_credits(locale_id: str, locales: Path | None = None) -> tuple[str, str]:
    """(translated by, clinical review) from the catalog's header comment; the
    review is "none yet" when the header does not name one. The English
    source needs no review of a translation."""
    if locale_id in (SOURCE_LOCALE, PSEUDO_LOCALE):
        return "careplan's authors (the source text)", "not a translation"
    fields = {TRANSLATED_BY: "", CLINICAL_REVIEW: ""}
    try:
        with catalog_path(locale_id, locales).open("rb") as fh:
            # less a BOM some editors add: as the utf-8-sig codec reads it, without importing it (0.3 ms)
            head = fh.read(4096).removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    except OSError:
        head = ""
    current: str | None = None
    for line in head.splitlines():
        if not line.startswith("#"):
            break
        text = line.lstrip("# ").strip()
        current = next((key for key in fields if text.startswith(key)), None if not text else current)
        if current and text:  # a field, or a line babel wrapped from it
            fields[current] = (fields[current] + " " + text.removeprefix(current)).strip()
    return fields[TRANSLATED_BY] or "not stated", fields[CLINICAL_REVIEW] or "none yet"


def clinically_reviewed(locale_id: str, locales: Path | None = None) -> bool:
    """Has a clinician who is a native speaker checked this translation?"""
    review = catalog_credits(locale_id, locales)[1].lower()
    return review == "not a translation" or not (review.startswith("none") or review.startswith("not"))
