"""Fonts of scripts HarfBuzz shapes: the features asked for, and copied text that keeps its letters.

ReportLab shapes a word with HarfBuzz when its font is `shapable` (Arabic,
Hebrew, Devanagari ...). This module makes it ask for the standard features
only, keeps ReportLab's setRise from failing on a line that starts off the
baseline, and gives the shaped fonts a ToUnicode map that says which letters
each glyph without a character of its own draws.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont


def _presentation_form(code: int) -> bool:
    """Arabic presentation forms (the joined letter shapes a font's cmap points at): copied text
    should hold the plain letters a reader typed, which NFKC gives back."""
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


@lru_cache(maxsize=1024)
def _plain_letter(code: int) -> str | None:
    """A presentation form's plain letter; None for a ligature of several: viewers reverse a
    ligature's letters in right-to-left text (poppler gives "خالل" for "خلال"), so it keeps
    its own code point."""
    plain = unicodedata.normalize("NFKC", chr(code))
    return plain if len(plain) == 1 else None


# HarfBuzz features for shaped text. ReportLab's default adds discretionary
# ligatures (dlig), which OpenType leaves off: in IBM Plex Sans Arabic they give
# archaic stacked forms (lam-meem in ALM, ...) a patient would stumble on.
FEATURES: dict[str, bool] = {"kern": True, "liga": True}


@cache
def standard_features() -> None:
    """Make ReportLab shape with FEATURES (once, before the first shaped paragraph)."""
    from reportlab.pdfbase import ttfonts

    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None)
    if defaults:
        ttfonts.shapeFragWord.__defaults__ = (dict(FEATURES), *defaults[1:])
    _note_private_glyphs()
    _guard_set_rise()
    from careplan.render import textout

    textout.install()  # shaped lines written as ReportLab writes them, in one loop


def _note_private_glyphs() -> None:
    """After ReportLab shapes a word, note() its text in each font whose glyphs it drew under
    private-use codes (see shaped_font_class): only those need their letters in the ToUnicode
    map, so only those words are shaped a second time (an Arabic handout: 1 word in 9)."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.platypus import paragraph

    from careplan.render import shapeword

    shape = ttfonts.shapeFragWord
    if getattr(shape, "careplan_noting", False):
        return
    fast = shapeword.usable(shape)

    latin_key = tuple(sorted(LATIN_FEATURES.items()))

    def shaped(w: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(w, ttfonts.ShapedFragWord):
            return w  # as ReportLab's own first step: shaped already (a line broken again)
        f: Any
        s: Any
        f, s = w[1] if len(w) == 2 else (None, None)
        font = None if args or kwargs or not isinstance(w, list) or type(s) is not str or hasattr(f, "cbDefn") \
            else pdfmetrics._fonts.get(f.fontName)  # ReportLab's registry, where getFont looks first
        if font is not None:  # the usual call, a plain word of one run: what the lines below work out
            latin = not hasattr(font, "note")
            key: tuple[Any, ...] | None = (type(w), f.fontName, f.fontSize, s, latin_key if latin else None)
            if latin:
                kwargs["features"] = dict(LATIN_FEATURES)
        else:
            if not args and "features" not in kwargs and _unshaped_script(w, pdfmetrics):
                kwargs["features"] = dict(LATIN_FEATURES)
            key = _word_key(w, args, kwargs)
            if key is not None:
                font = pdfmetrics.getFont(w[1][0].fontName)
        if key is not None:
            kept = _SHAPED.get(key)
            if kept is not None and kept[0] is font:
                return w if kept[1] is None else _with_frag(kept[1], w[1][0])
        if key is not None and fast:  # a plain word of one run: ReportLab's steps, less Python
            out = shapeword.shape_run(w, kwargs["features"] if "features" in kwargs else shape.__defaults__[0])
        else:
            out = shape(w, *args, **kwargs)
        if key is not None:
            if len(_SHAPED) >= SHAPED_MAX:
                _SHAPED.clear()
            _SHAPED[key] = (font, None if out is w else out)
            if out is not w:
                out = _with_frag(out, w[1][0])  # the kept list is never handed out: a caller may edit its own
        if out is w or not any(_private(s) for _, s in out[1:] if isinstance(s, str)):
            return out
        runs: list[tuple[str, str]] = []  # the word's text, run by run of one font, as markup gave it
        for f, s in w[1:]:
            if hasattr(f, "cbDefn") or not isinstance(s, str):
                continue
            if runs and runs[-1][0] == f.fontName:
                runs[-1] = (f.fontName, runs[-1][1] + s)
            else:
                runs.append((f.fontName, s))
        for name, text in runs:
            font = pdfmetrics.getFont(name)
            if hasattr(font, "note"):
                font.note(str(text))
        return out

    shaped.careplan_noting = True  # type: ignore[attr-defined]
    shaped.reportlab = shape  # type: ignore[attr-defined]  # ReportLab's own, for tests to compare with
    ttfonts.shapeFragWord = paragraph.shapeFragWord = shaped


# Words shaped in this process, by font, size, text and features. A paragraph's words are shaped
# each time its lines are broken at a new width (beside a picture, then above it), and short words
# recur: an Arabic handout shapes 1,000 words, 654 of them different. The glyphs of a word of one
# run depend only on these (and on the font object, kept to match by identity: a font registered
# anew under the same name finds nothing). What is kept is never changed after: ReportLab and
# bidi.py make new strings and lists from a shaped word's rather than edit them; each hit gets a
# list of its own holding its own run's fragment (the frag keeps colour, links, underline).
_SHAPED: dict[tuple[Any, ...], tuple[Any, Any]] = {}
SHAPED_MAX = 16384  # words remembered; forgotten all at once beyond it


def _word_key(w: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    """The memo key of a plain word of one run (text in one fragment), else None (shaped as it comes)."""
    if len(w) != 2 or args or not isinstance(w, list):
        return None
    f, s = w[1]
    if type(s) is not str or hasattr(f, "cbDefn") or set(kwargs) - {"features"}:
        return None
    features = kwargs.get("features")
    if features is not None and not all(isinstance(v, (bool, int)) for v in features.values()):
        return None  # a feature on part of the word only (HarfBuzz takes ranges): shaped as it comes
    return (type(w), f.fontName, f.fontSize, s,
            None if features is None else tuple(sorted(features.items())))


def _with_frag(kept: Any, frag: Any) -> Any:
    """A shaped word as kept, in a new list of the same class, each run in this word's fragment."""
    return type(kept)([kept[0], *((frag, s) for _, s in kept[1:])])


# A word in a font of a script that needs no shaping (PT Sans, Fira) on a shaped line (a right-to-left
# page, a paragraph with an Arabic name): kerned, but without ligatures, as on any other page. HarfBuzz
# would join "fi" into one glyph whose character is U+FB01, and a name copied or searched in the PDF
# would read "Soﬁa" (found by the batch check, which compares names after NFKC).
LATIN_FEATURES: dict[str, bool] = {"kern": True, "liga": False}


def _unshaped_script(w: Any, pdfmetrics: Any) -> bool:
    """Whether the word's first run is in a font that is not a shaped script's (no note())."""
    for f, s in w[1:]:
        if not hasattr(f, "cbDefn") and isinstance(s, str):
            try:
                return not hasattr(pdfmetrics.getFont(f.fontName), "note")
            except (KeyError, AttributeError):
                return False
    return False


# ReportLab's codes for glyphs with no character of their own: the private use area
_PRIVATE = range(0xE000, 0xF8FF + 1)


def private_code(code: int) -> bool:
    return code in _PRIVATE


@cache
def _private_pattern() -> re.Pattern[str]:
    """Compiled on first use: an English handout imports this module and never asks (0.6 ms).
    Written out, not made from _PRIVATE: a constant is a pattern compiled_patterns keeps."""
    return re.compile("[\ue000-\uf8ff]")


def _private(text: str) -> bool:
    """Whether a shaped word holds such a code (every shaped word is asked)."""
    return _private_pattern().search(text) is not None


def _guard_set_rise() -> None:
    """ReportLab's setRise reads the text object's last operator, and fails when
    a line's first shaped glyph sits off the baseline (an Arabic mark at the
    start of a line), as nothing has been written yet: give it an empty one."""
    from reportlab.pdfgen.textobject import PDFTextObject

    set_rise = PDFTextObject.setRise
    if getattr(set_rise, "careplan_guarded", False):
        return

    def guarded(self: Any, rise: float) -> None:
        if not self._code:
            self._code.append("")
        set_rise(self, rise)

    guarded.careplan_guarded = True  # type: ignore[attr-defined]
    PDFTextObject.setRise = guarded


@lru_cache(maxsize=1)
def can_shape() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def glyph_letters(hb_font: Any, text: str) -> list[tuple[int, str]]:
    """Each glyph HarfBuzz shapes `text` to (as ReportLab will: standard_features), with the
    letters it draws: one cluster per source character, so each glyph maps to its own letters."""
    from careplan.render.shapeword import shaped_buffer

    infos = shaped_buffer(hb_font, text, FEATURES, by_character=True).glyph_infos
    starts = sorted({i.cluster for i in infos} | {len(text)})
    return [(i.codepoint, text[i.cluster:starts[starts.index(i.cluster) + 1]]) for i in infos]


@lru_cache(maxsize=1)
def shaped_font_class() -> type[TTFont]:
    """A TTFont whose copied text keeps the letters of shaped glyphs.

    HarfBuzz turns letters into glyphs that have no character of their own
    (Devanagari conjuncts, Arabic ligatures, alternate vowel signs); ReportLab
    then gives each a private-use code, so text copied or searched in the PDF
    reads as garbage. note() shapes each word that has such glyphs the way
    ReportLab did, one cluster per letter, and remembers which letters each such
    glyph draws; the ToUnicode map then says so. Order is still the drawn order (a Devanagari i-sign comes first).
    """
    from reportlab.pdfbase import ttfonts

    class ShapedTTFont(ttfonts.TTFont):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.glyph_text: dict[int, str] = {}
            self._noted: set[str] = set()
            self._cmaps: dict[tuple[Any, ...], str] = {}  # ToUnicode maps made, by subset and copied letters

        def note(self, text: str) -> None:
            if text in self._noted:
                return
            self._noted.add(text)
            cmap = self.face.glyphToChar
            for gid, letters in glyph_letters(self.hbFont(10), text):
                if gid not in cmap or all(private_code(u) for u in cmap[gid]):
                    self.glyph_text.setdefault(gid, letters)

        def _copied_as(self, code: int) -> str | None:
            """What copying the glyph of `code` gives, where it is not the code itself."""
            if _presentation_form(code):  # a joined letter form copies as its plain letter
                return _plain_letter(code)
            if private_code(code):
                return self.glyph_text.get(self.face.charToGlyph.get(code, -1))
            return None

        def addObjects(self, doc: Any) -> None:
            # ReportLab builds the ToUnicode map with a module function: swap it for
            # this font's objects only (rendering is single-threaded).
            original = ttfonts.makeToUnicodeCMap

            def to_unicode(fontname: str, subset: list[int]) -> str:
                copied = tuple(self._copied_as(code) for code in subset)
                key = (fontname, tuple(subset), copied)  # the same subset, copied the same: the same map
                cmap = self._cmaps.get(key)
                if cmap is None:
                    cmap = original(fontname, subset)
                    for i, (code, text) in enumerate(zip(subset, copied, strict=True)):
                        if text:
                            cmap = cmap.replace(f"<{i:02X}> <{code:04X}>",
                                                f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>")
                    if len(self._cmaps) >= 64:
                        self._cmaps.clear()
                    self._cmaps[key] = cmap
                return cmap

            ttfonts.makeToUnicodeCMap = to_unicode
            try:
                super().addObjects(doc)
            finally:
                ttfonts.makeToUnicodeCMap = original

    return ShapedTTFont
