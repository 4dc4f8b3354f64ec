"""A word of one run shaped exactly as ReportLab's shapeFragWord shapes it, with less Python per glyph.

An Arabic handout shapes some 650 different words the first time it is
drawn: about a tenth of a cold run, most of it ReportLab's loop over each
glyph (a glyph name looked up whether needed or not, four calls through
the face's scale function, a namedtuple built through its Python
constructor) and a new HarfBuzz font for every word. shape_run() does the
same steps in the same order for the common case, a word of one plain run
(shaping.py sends only those): the same HarfBuzz buffer settings and
features, one HarfBuzz font kept per ReportLab font and size (HarfBuzz
fonts hold no state between calls), private codes handed out by the font's
own hbAddPrivate in the same glyph order, the same sums in the same order.
What comes back is what ReportLab's function returns: the same list class,
width, strings and ShapeData.

It stands in for ReportLab's function only when that function's code is
the code this was checked against (CHECKED); anything else, such as a new
ReportLab release, shapes through ReportLab as before. tests/test_shapeword.py
compares the two on every word of the Arabic catalog in every shaped face.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

# SHA-256 of ReportLab's shapeFragWord code (bytecode, constants and names), per ReportLab release
# checked word for word against shape_run (tests/test_shapeword.py): ReportLab 5.1.0 on Python 3.11
CHECKED = frozenset({"6055722fdb1ce0ef481eeabba8dd4f53f9d86d5912b867ba54081e1fb9f0671b"})

_FONTS: dict[tuple[int, float], tuple[Any, Any]] = {}  # (id(ReportLab font), size) -> (font, HarfBuzz font)
FONTS_MAX = 256


def code_digest(function: Any) -> str:
    """What identifies a function's behaviour across processes: its bytecode, constants and names,
    and those of the code it holds (a comprehension is a code object of its own)."""
    h = hashlib.sha256()

    def add(code: Any) -> None:
        h.update(code.co_code)
        h.update(repr(code.co_names).encode())
        for const in code.co_consts:
            if hasattr(const, "co_code"):
                add(const)
            else:
                h.update(repr(const).encode())

    add(function.__code__)
    return h.hexdigest()


@cache
def usable(reportlab_shape: Any) -> bool:
    """Whether shape_run may stand in for this shapeFragWord (its code is the one checked)."""
    return code_digest(reportlab_shape) in CHECKED


_NAMES: tuple[Any, ...] = ()  # what shape_run uses from uharfbuzz and ReportLab, imported on first use


def _names() -> tuple[Any, ...]:
    """Imported once (an import statement in shape_run cost 5 microseconds a word)."""
    global _NAMES
    if not _NAMES:
        import uharfbuzz
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, makeShapedFragWord

        _NAMES = (uharfbuzz, pdfmetrics, ShapeData, ShapedStr, makeShapedFragWord)
    return _NAMES


def shaped_buffer(hb_font: Any, text: str, features: dict[str, Any], by_character: bool = False) -> Any:
    """HarfBuzz's buffer of `text` shaped with `features`, set up as ReportLab's shapeFragWord sets
    it up (clusters kept in order), or with a cluster for each character (shaping.glyph_letters)."""
    uharfbuzz = (_NAMES or _names())[0]
    levels = uharfbuzz.BufferClusterLevel
    buf = uharfbuzz.Buffer()
    buf.cluster_level = levels.CHARACTERS if by_character else levels.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(hb_font, buf, features)
    return buf


def shape_run(w: Any, features: dict[str, Any]) -> Any:
    """ReportLab's shapeFragWord(w, features) for a word [width, (fragment, text)] of one run."""
    _, pdfmetrics, ShapeData, ShapedStr, makeShapedFragWord = _NAMES or _names()

    f, text = w[1]
    if not text:
        return w
    size = f.fontSize
    ttf = pdfmetrics.getFont(f.fontName)
    key = (id(ttf), size)
    kept = _FONTS.get(key)
    if kept is None or kept[0] is not ttf:
        try:
            hb_font = ttf.hbFont(size)
        except AttributeError:  # not a TrueType font: ReportLab leaves the word as it is
            return w
        if len(_FONTS) >= FONTS_MAX:
            _FONTS.clear()
        kept = _FONTS[key] = (ttf, hb_font)
    hb_font = kept[1]
    buf = shaped_buffer(hb_font, text, features)

    face = ttf.face
    glyph_to_char, widths = face.glyphToChar, face.charWidths
    scale = None if face.unitsPerEm == 1000 else 1000 / face.unitsPerEm  # as the face's _pdfScale
    per_unit = size / 1000
    ntext = len(text)
    chars: list[str] = []
    data: list[Any] = []
    width: float = 0
    shaped = changed = False
    make = tuple.__new__
    for i, (info, pos) in enumerate(zip(buf.glyph_infos, buf.glyph_positions, strict=True)):
        gid = info.codepoint
        x_advance = pos.x_advance
        try:
            code = glyph_to_char[gid][0]
        except KeyError:  # a glyph with no character: a private code (the same one each time)
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, x_advance)
        char_width = widths[code]
        char = chr(code)
        chars.append(char)
        x_offset, y_advance, y_offset = pos.x_offset, pos.y_advance, pos.y_offset
        if scale is not None:
            x_advance, x_offset = x_advance * scale, x_offset * scale
            y_advance, y_offset = y_advance * scale, y_offset * scale
        if x_advance:
            width += x_advance * per_unit
        shaped = shaped or (x_offset != 0 or y_offset != 0 or i >= ntext
                            or (text[i] == char and x_advance != char_width))
        changed = changed or shaped or i >= ntext or text[i] != char
        data.append(make(ShapeData, (info.cluster, x_advance, y_advance, x_offset, y_offset, char_width)))
    if not changed:
        return w
    return makeShapedFragWord(w)([0 + width, (f, ShapedStr("".join(chars), shapeData=data))])
