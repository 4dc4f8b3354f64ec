"""A word of one run shaped exactly as ReportLab's shapeFragWord shapes it, with less Python per glyph.

An Arabic handout shapes some 650 different words the first time it is
drawn: about a tenth of a cold run, most of it ReportLab's loop over each
glyph (a glyph name looked up whether needed or not, four calls through
the face's scale function, a namedtuple built through its Python
constructor) and a new HarfBuzz font for every word. shape_run() does the
same steps in the same order for the common case, a word of one plain run
(shaping.py sends only those): the same HarfBuzz buffer settings and
features, one HarfBuzz font kept per ReportLab font and size (HarfBuzz
fonts hold no state between calls) and one buffer emptied for each word,
each glyph's character and width looked up once per face, private codes
handed out by the font's own hbAddPrivate in the same glyph order, the
same sums in the same order.
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


_BUFFER: list[Any] = []  # one HarfBuzz buffer, emptied for each word shape_run shapes


def shaped_buffer(hb_font: Any, text: str, features: dict[str, Any], by_character: bool = False,
                  reuse: bool = False) -> Any:
    """HarfBuzz's buffer of `text` shaped with `features`, set up as ReportLab's shapeFragWord sets
    it up (clusters kept in order), or with a cluster for each character (shaping.glyph_letters).
    `reuse`: the buffer shape_run empties for each word (read before the next call), not a new one;
    emptied, it is the new buffer ReportLab makes (its flags are never set, and the rest is set here)."""
    uharfbuzz = (_NAMES or _names())[0]
    levels = uharfbuzz.BufferClusterLevel
    if reuse:
        if not _BUFFER:
            _BUFFER.append(uharfbuzz.Buffer())
        buf = _BUFFER[0]
        buf.clear_contents()
    else:
        buf = uharfbuzz.Buffer()
    buf.cluster_level = levels.CHARACTERS if by_character else levels.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(hb_font, buf, features)
    return buf


# per face (by identity, kept with it): glyph id -> (its character, that character's width), for
# glyphs with a character; the face's own maps say the same, asked as shape_run asked them
_GLYPHS: dict[int, tuple[Any, dict[int, tuple[str, Any]]]] = {}


def _glyphs(face: Any) -> dict[int, tuple[str, Any]]:
    kept = _GLYPHS.get(id(face))
    if kept is None or kept[0] is not face:
        if len(_GLYPHS) >= FONTS_MAX:
            _GLYPHS.clear()
        kept = _GLYPHS[id(face)] = (face, {})
    return kept[1]


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
    buf = shaped_buffer(hb_font, text, features, reuse=True)

    face = ttf.face
    known = _glyphs(face)
    scale = None if face.unitsPerEm == 1000 else 1000 / face.unitsPerEm  # as the face's _pdfScale
    per_unit = size / 1000
    ntext = len(text)
    chars: list[str] = []
    data: list[Any] = []
    width: float = 0
    shaped = False
    make = tuple.__new__
    i = 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        x_advance = pos.x_advance
        got = known.get(gid)
        if got is None:
            try:
                code = face.glyphToChar[gid][0]
            except KeyError:  # a glyph with no character: a private code (the same one each time)
                code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, x_advance)
                got = (chr(code), face.charWidths[code])  # not kept: the private code is the font's to give
            else:
                got = known[gid] = (chr(code), face.charWidths[code])
        char, char_width = got
        chars.append(char)
        x_offset, y_advance, y_offset = pos.x_offset, pos.y_advance, pos.y_offset
        if scale is not None:
            x_advance, x_offset = x_advance * scale, x_offset * scale
            y_advance, y_offset = y_advance * scale, y_offset * scale
        if x_advance:
            width += x_advance * per_unit
        if not shaped and (x_offset != 0 or y_offset != 0 or i >= ntext
                           or (text[i] == char and x_advance != char_width)):
            shaped = True
        data.append(make(ShapeData, (info.cluster, x_advance, y_advance, x_offset, y_offset, char_width)))
        i += 1
    joined = "".join(chars)
    # ReportLab's "changed": shaped, a glyph past the text's end, or a glyph not its character
    if not (shaped or i > ntext or joined != text[:i]):
        return w
    return makeShapedFragWord(w)([0 + width, (f, ShapedStr(joined, shapeData=data))])
