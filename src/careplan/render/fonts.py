"""Embedded fonts: PT Sans Regular and Bold from the fontpkg-pt-sans package.

Registered on first use (never at import), as one family so <b> works.
PT Sans covers Latin, Latin Extended and Cyrillic.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FAMILY = "CarePlanSans"
BOLD = "CarePlanSans-Bold"


def font_files() -> dict[str, Path]:
    import fontpkg_pt_sans

    files = Path(fontpkg_pt_sans.ROOT) / "files"
    return {FAMILY: files / "PT_Sans-Web-Regular.ttf", BOLD: files / "PT_Sans-Web-Bold.ttf"}


@lru_cache(maxsize=None)
def register() -> str:
    """Register the family once; return its name for paragraph styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in font_files().items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=FAMILY, boldItalic=BOLD)
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    return FAMILY


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` the embedded regular font has no glyph for."""
    from reportlab.pdfbase import pdfmetrics

    cmap = _cmap()
    return {c for c in text if ord(c) not in cmap and c not in "\n\t"}


@lru_cache(maxsize=1)
def _cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    return frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)


def drawable(text: str) -> str:
    """The text without characters the font cannot draw (emoji in a name, say),
    which would otherwise print as empty boxes. Whitespace is kept."""
    cmap = _cmap()
    if all(ord(c) in cmap for c in text):
        return text
    return "".join(c if ord(c) in cmap else "\u00a0" if c.isspace() else "" for c in text)
