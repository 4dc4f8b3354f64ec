"""Embedded fonts: PT Sans first, then a fallback chain by script.

PT Sans Regular and Bold (fontpkg-pt-sans) draw everything careplan writes
itself: Latin, Latin Extended and Cyrillic. Names, clinic fields and notes can
be in any script, so characters PT Sans lacks are drawn with the first font of
FALLBACKS that has them (Greek and Vietnamese, Arabic, Hebrew, Devanagari,
Bengali, Tamil, Thai, and Simplified Chinese from the optional extra
careplan[cjk]). Without that extra, Chinese, Japanese and Korean characters
print as REPLACEMENT, with a warning (and --lang zh refuses, see needs_font).

Fonts are registered on first use, never at import, and a fallback only when a
text needs it: a handout whose text PT Sans covers embeds PT Sans alone and its
bytes do not change. Characters no installed font has are drawn as
REPLACEMENT (never dropped in silence) and undrawable.undrawable_fields names the
fields they came from, so the command can warn without printing patient data.
All fonts are TrueType outlines (ReportLab cannot embed CFF/OTF outlines).
"""

from __future__ import annotations

import importlib
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careplan.records import record
from careplan.render import cmaps, faces, shaping
from careplan.render.codes import fast_codes
from careplan.render.subset import trimmed

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "CarePlanSans"
BOLD = "CarePlanSans-Bold"
REPLACEMENT = "?"  # every font in the chain has it; shown where no font has a character


@record
class Fallback:
    """One font of the chain: a family of a PyPI font package, registered on demand."""

    name: str  # ReportLab font name of the regular face; the bold one is name + "-Bold"
    package: str  # import name of the package that ships the files
    regular: str  # path under the package's folder
    bold: str | None  # None: the regular face also serves for bold
    shaping: bool = False  # the script needs HarfBuzz (joining, conjuncts, mark placement)
    rtl: bool = False  # written right to left: words are put in visual order line by line
    subfont: int = 0  # index in a .ttc collection
    weights: tuple[int, int] | None = None  # variable font whose default is not Regular: static
    # Regular and Bold instances are cut at these weights (render/instances.py)
    cjk: bool = False  # Chinese: lines may break between characters (render/cjk.py)
    # Only the characters of this legacy character set (a codec name), cut into their own smaller
    # instances: a later fallback of the same file has the rest (see CJK below)
    charset: str | None = None
    # Put into the names of its faces (NotoSansSC-Regular: NotoSansSCAll-Regular): two cuts of one
    # file must not share a face name, or ReportLab draws both with the first one registered
    # and the PDF holds two font programs under one name
    face_tag: str = ""

    def __hash__(self) -> int:
        # equal fallbacks have equal names; the record's own hash hashes every field, and a fallback
        # is a cache key (fallback_cmap) for each word a handout draws in another script
        return hash(self.name)

    def face(self, bold: bool = False) -> str:
        """The registered name to draw with; without a bold file, bold is the regular face."""
        return self.name + "-Bold" if bold and (self.bold or self.weights) else self.name


FALLBACKS: tuple[Fallback, ...] = (
    # Greek, Vietnamese and the rest of Latin and Cyrillic, in a humanist sans like PT Sans
    Fallback("CarePlanFira", "fontpkg_fira_sans", "files/FiraSans-Regular.ttf", "files/FiraSans-Bold.ttf"),
    Fallback("CarePlanArabic", "fontpkg_ibm_plex_sans_arabic", "files/IBMPlexSansArabic-Regular.ttf",
             "files/IBMPlexSansArabic-Bold.ttf", shaping=True, rtl=True),
    # variable font: ReportLab draws its default (regular) instance
    Fallback("CarePlanHebrew", "fontpkg_heebo", "files/Heebo[wght].ttf", None, shaping=True, rtl=True),
    Fallback("CarePlanDevanagari", "fontpkg_hind", "files/Hind-Regular.ttf", "files/Hind-Bold.ttf", shaping=True),
    Fallback("CarePlanBengali", "fontpkg_hind_siliguri", "files/HindSiliguri-Regular.ttf",
             "files/HindSiliguri-Bold.ttf", shaping=True),
    Fallback("CarePlanTamil", "fontpkg_noto_sans_tamil", "files/NotoSansTamil[wdth,wght].ttf", None, shaping=True),
    Fallback("CarePlanThai", "fontpkg_sarabun", "files/Sarabun-Regular.ttf", "files/Sarabun-Bold.ttf", shaping=True),
    # Simplified Chinese (the extra careplan[cjk]): Noto Sans SC, OFL; its variable
    # default is Thin, so Regular and Bold are cut from it once and cached. Twice: first its
    # 7,540 characters of GB 2312, which hold all of everyday Simplified Chinese and every
    # character of the zh catalog (a test checks); then the whole font, for the rare
    # character of a name. The two draw the same glyphs, so a name mixing them looks as one;
    # a handout loads the smaller one in 11 ms where the whole font took 42.
    Fallback("CarePlanSC", "justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf", None,
             weights=(400, 700), cjk=True, charset="gb2312"),
    Fallback("CarePlanSCAll", "justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf", None,
             weights=(400, 700), cjk=True, face_tag="All"),
)

CJK = FALLBACKS[-2]  # the GB 2312 cut: the one a Chinese handout's own text is drawn with
# Locales whose own text needs a fallback font: --lang refuses them when it is not installed.
LOCALE_FONTS: dict[str, Fallback] = {"zh": CJK}


def needs_font(locale: str) -> Fallback | None:
    """The fallback a locale's own text needs when its package is missing, else None."""
    fb = LOCALE_FONTS.get(locale.split("_")[0])
    return fb if fb is not None and _path(fb, fb.regular) is None else None


def font_files() -> dict[str, Path]:
    """PT Sans Regular and Bold, by the names the handout registers them under."""
    files = Path(importlib.import_module("fontpkg_pt_sans").ROOT) / "files"
    return {FAMILY: files / "PT_Sans-Web-Regular.ttf", BOLD: files / "PT_Sans-Web-Bold.ttf"}


@cache
def register() -> str:
    """Register the family once; return its name for paragraph styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in font_files().items():
        pdfmetrics.registerFont(_ready(faces.font(TTFont, name, path)))
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=FAMILY, boldItalic=BOLD)
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    return FAMILY


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` that no font will draw: neither PT Sans nor a
    fallback of the chain (an Arabic letter is drawn by IBM Plex Sans Arabic)."""
    cmap = regular_cmap()
    return {c for c in text if ord(c) not in cmap and c not in "\n\t" and not ignorable(c) and font_for(c) is None}


@lru_cache(maxsize=1)
def regular_cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    return frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)


def _path(fb: Fallback, rel: str) -> Path | None:
    """The file of a fallback face, or None when its package is not installed."""
    try:
        module = importlib.import_module(fb.package)
    except ImportError:
        return None
    if module.__file__ is None:
        return None
    path = Path(module.__file__).parent / rel
    return path if path.is_file() else None


@cache
def fallback_cmap(fb: Fallback) -> frozenset[int]:
    """Code points a fallback font has; empty when its package is not installed.
    A font cut into instances is asked without cutting them (fontTools reads its cmap).
    Kept in the user's cache by font file (cmaps), so the chain is not parsed on every run."""
    path = _path(fb, fb.regular)
    if path is None or (fb.shaping and not shaping.can_shape()):
        return frozenset()  # as register_fallback: no font, or an unshaped script is not drawn
    if fb.weights:
        def read_cut() -> frozenset[int]:
            from fontTools.ttLib import TTFont as FontToolsFont

            found = frozenset(FontToolsFont(str(path), lazy=True).getBestCmap())
            return found if fb.charset is None else frozenset(c for c in found if in_charset(c, fb.charset))

        return cmaps.code_points(path, "fontTools best cmap" + (f" in {fb.charset}" if fb.charset else ""), read_cut)

    def read() -> frozenset[int]:
        font = register_fallback(fb)
        return frozenset(font.face.charToGlyph) if font else frozenset()

    return cmaps.code_points(path, f"ReportLab charToGlyph, face {fb.subfont}", read)


def cmap_source(fb: Fallback | None) -> str:
    """What the characters of a font (PT Sans for None, regular_cmap; else fallback_cmap) are read
    from, for a cache that keeps what they decide: its file's path, size, inode and modification
    and change times, and whether its script can be shaped here; "-" when it is not installed."""
    path = font_files()[FAMILY] if fb is None else _path(fb, fb.regular)
    if path is None:
        return "-"
    st = path.stat()  # the package's own absolute path (inode and times tell a swapped file)
    return f"{path}\0{st.st_size}\0{st.st_ino}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{shaping.can_shape()}"


def in_charset(code: int, charset: str) -> bool:
    """Whether the character `code` is one of the legacy character set `charset` (a codec)."""
    try:
        chr(code).encode(charset)
    except UnicodeEncodeError:
        return False
    return True


@cache
def register_fallback(fb: Fallback) -> TTFont | None:
    """Register a fallback's regular and bold faces as a family (so <b> finds the
    bold one); None when its package is not installed. Registering embeds
    nothing: a font goes into the PDF only when a run is drawn with it."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = _path(fb, fb.regular)
    if regular is None or (fb.shaping and not shaping.can_shape()):
        return None  # unshaped Arabic or Devanagari is not legible: better '?' and a warning
    kind: type = shaping.shaped_font_class() if fb.shaping else TTFont
    bold = fb.face(bold=True)
    if fb.weights:
        from careplan.render.instances import fonts_dir, instance_bytes

        kept = fonts_dir()  # a weight cut into a temporary file (no usable cache) has no face entry either
        kind = _mapped(kind)
        chars = fallback_cmap(fb) if fb.charset else None
        made = []
        for name, weight in zip((fb.name, bold), fb.weights, strict=True):
            cut = instance_bytes(regular, weight, chars=chars)
            made.append(_tagged(fb, _ready(faces.font(kind, name, cut.path, data=cut.data,
                                                       keep=cut.path.parent == kept, crc=cut.crc), False)))
            pdfmetrics.registerFont(made[-1])
        font = made[0]
    else:
        font = _ready(faces.font(kind, fb.name, regular, fb.subfont), False)
        pdfmetrics.registerFont(font)
    if fb.bold:
        pdfmetrics.registerFont(_ready(faces.font(kind, bold, _path(fb, fb.bold) or regular, fb.subfont), False))
    pdfmetrics.registerFontFamily(fb.name, normal=fb.name, bold=bold, italic=fb.name, boldItalic=bold)
    for b in (0, 1):
        addMapping(fb.name, 0, b, fb.name)
        addMapping(fb.name, 1, b, bold)
    return font


def _ready(font: TTFont, ascii_first: bool = True) -> TTFont:
    """A font as every handout draws with it: trimmed subsets (subset.py), fast codes (codes.py).

    ReportLab's first subset of a font holds the 95 ASCII characters whether a document draws
    them or not (asciiReadable, so the page's operators read as text): right for PT Sans, which
    draws a handout's Latin text, but a fallback draws another script, and the ASCII glyphs of
    IBM Plex Sans Arabic or Noto Sans SC were about 12 KB of every PDF in that script, never
    drawn. A fallback (`ascii_first=False`) codes only what a document draws."""
    if not ascii_first:
        font._asciiReadable = False
    return fast_codes(trimmed(font))


@cache  # one Mapped subclass per ReportLab font class
def _mapped(kind: type) -> type:
    """`kind` for a cut weight, whose bytes are mapped from the cache (render/instances.py):
    HarfBuzz takes bytes only, so they are copied the first time the font is shaped. Every
    word of a shaped paragraph is shaped, Chinese ones too (a Chinese name on an Arabic page,
    an Arabic name on a Chinese one): with the mapping, that failed on every run after the
    first (TypeError in uharfbuzz.Blob)."""

    class Mapped(kind):  # type: ignore[misc]  # ReportLab is untyped
        @property
        def hbFace(self) -> Any:
            if not isinstance(self.face._ttf_data, bytes):
                self.face._ttf_data = bytes(self.face._ttf_data)
            return super().hbFace

    return Mapped


def _tagged(fb: Fallback, font: TTFont) -> TTFont:
    """`font` with fb.face_tag put into its face's name (before the style: NotoSansSCAll-Bold)."""
    if fb.face_tag:
        from reportlab.pdfbase.ttfonts import TTFNameBytes

        family, dash, style = font.face.name.partition(b"-")
        font.face.name = TTFNameBytes(family + fb.face_tag.encode("ascii") + dash + style)
    return font


@lru_cache(maxsize=4096)
def ignorable(c: str) -> bool:
    """Invisible format characters (joiners, variation selectors): dropped, not
    replaced, when no font of the run has them."""
    return unicodedata.category(c) == "Cf" or 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF


def font_for(chars: str, prefer: Fallback | None = None) -> Fallback | None:
    """The first fallback that has every one of `chars` but invisible format characters (trying
    `prefer` first). Asked as a set difference: only what a font lacks is checked for being
    invisible (an Arabic handout asks for some 500 words, and checking every letter was most of it)."""
    codes = set(map(ord, chars))
    for fb in ((prefer,) if prefer else ()) + FALLBACKS:
        cmap = fallback_cmap(fb)
        if cmap and all(ignorable(chr(c)) for c in codes.difference(cmap)):
            return fb
    return None


def covered(text: str) -> bool:
    """True when PT Sans alone draws the whole text (the fast, unchanged path)."""
    return _regular_chars().issuperset(text)


@lru_cache(maxsize=1)
def _regular_chars() -> frozenset[str]:
    """The characters PT Sans has, with newline and tab: covered() tests a text in one C loop."""
    return frozenset(map(chr, regular_cmap())) | {"\n", "\t"}


def drawable(text: str) -> str:
    """The text as PT Sans alone can draw it, for strings drawn straight on the
    canvas: characters it lacks become REPLACEMENT (never vanish), invisible
    format characters are dropped. Paragraphs use runs.markup instead, which
    finds a font for them."""
    if covered(text):
        return text
    cmap = regular_cmap()
    return "".join(c if ord(c) in cmap or c.isspace() else "" if ignorable(c) else REPLACEMENT
                   for c in unicodedata.normalize("NFC", text))
