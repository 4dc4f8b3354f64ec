"""Text in any script as Paragraph markup: runs of text, each in a font that has it.

markup() escapes a text and wraps the parts PT Sans cannot draw in
<font name="..."> tags for the first fallback font that can (fonts.FALLBACKS).
The unit is a word, so a word never mixes fonts when one font has all of it
(mixing would look patchy and would break shaping). The letters inside each word
are ordered and joined by HarfBuzz, which paragraph() turns on only for
paragraphs that hold a script needing it; right-to-left words are put in
visual order line by line when the paragraph is drawn. Text PT Sans covers goes through unchanged, so ordinary
handouts keep their exact bytes.

On a left-to-right page the paragraph stays left-to-right (left-aligned, the
label first); digits and punctuation between right-to-left words keep their
place rather than following the full bidi algorithm. A right-to-left page
(styles with RTL_STYLE) is right-aligned and orders each line by the bidi
algorithm (render/bidi.py). A shaped word extracts as drawn glyphs,
so copied Devanagari text may come out in visual rather than logical order.
"""

from __future__ import annotations

import weakref
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from careplan.render import bidi, fonts, shaping
from careplan.render.fraglines import joined
from careplan.render.markup import escape
from careplan.render.memo import memo_class
from careplan.render.pieces import TOKENS, pieces

if TYPE_CHECKING:  # loaded lazily at run time: ReportLab is heavy
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph


def word_width(text: str, size: float, bold: bool = False) -> float:
    """The drawn width of `text`: each part in the font that will draw it, shaped where that font shapes."""
    from reportlab.lib.abag import ABag
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import shapeFragWord

    total = 0.0
    for font, piece in pieces(text):
        if font is not None:
            fonts.register_fallback(font)  # a face is measured under its registered name
        name = (fonts.BOLD if bold else fonts.FAMILY) if font is None else font.face(bold)
        width = stringWidth(piece, name, size)
        if font is not None and font.shaping:
            shaping.standard_features()
            width = shapeFragWord([width, (ABag(fontName=name, fontSize=size), piece)])[0]
        total += float(width)
    return total


@lru_cache(maxsize=8192)
def markup(text: str, bold: bool = False) -> str:
    """Escaped Paragraph markup for `text`: PT Sans where it has the characters,
    <font> runs of fallback fonts elsewhere, REPLACEMENT where no font has one.
    `bold` picks the fallbacks' bold faces (a <font> tag resets <b>). Kept
    per process: the same text gives the same markup, and what it does on
    the way (registering a fallback) is done for good
    the first time."""
    if fonts.covered(text):
        return escape(text)
    out = []
    for font, piece in pieces(text):
        if font is None:
            out.append(escape(piece))
        else:
            fonts.register_fallback(font)
            name = font.face(bold)
            if font.shaping:
                shaping.standard_features()  # shaping notes the letters of glyphs with no character
            out.append(f'<font name="{name}">{escape(piece)}</font>')
    return "".join(out)


@cache  # one per kind: with one kept, "shaping" and "cjk" asked in turn made each anew
def _names(kind: str) -> tuple[str, ...]:
    """Quoted font names of the fallbacks that need shaping, right-to-left order or CJK line breaking."""
    return tuple(f'"{n}"' for fb in fonts.FALLBACKS if getattr(fb, kind) for n in {fb.face(False), fb.face(True)})


def needs_shaping(markup_text: str) -> bool:
    """True when the markup uses a font of a script that HarfBuzz must shape."""
    return "<font" in markup_text and any(n in markup_text for n in _names("shaping"))


def paragraph(markup_text: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
    """A Paragraph of markup(); shaping is switched on only when a run needs it,
    since it also kerns the PT Sans words of the paragraph. A right-to-left
    style (RTL_STYLE) always shapes and orders its words right to left.
    Each breaks its lines once per width (render/memo.py)."""
    from reportlab.platypus import Paragraph

    if getattr(style, RTL_STYLE, False):
        return memo_class(_bidi_class())(markup_text, _shaping_style(style), **kw)
    if not needs_shaping(markup_text):
        if "<font" in markup_text and any(n in markup_text for n in _names("cjk")):
            from careplan.render.cjk import paragraph_class

            return memo_class(paragraph_class())(markup_text, _derived(style, "cjk", wordWrap="CJK"), **kw)
        return memo_class(Paragraph)(markup_text, style, **kw)
    style = _shaping_style(style)
    if any(n in markup_text for n in _names("rtl")):
        return memo_class(_bidi_class())(markup_text, style, **kw)
    return memo_class(Paragraph)(markup_text, style, **kw)


# A ParagraphStyle attribute: True on the styles of a right-to-left page (styles.make_styles).
RTL_STYLE = "careplanRTL"


@lru_cache(maxsize=1)
def _bidi_class() -> type[Paragraph]:
    """A Paragraph that draws right-to-left words in visual order, line by line.

    ReportLab's own bidi needs rlbidi and only handles paragraphs in one font,
    and HarfBuzz orders the letters inside each word; what is left is the order
    of words. Lines are broken in reading order, then at drawing time each line
    is put in visual order: on a left-to-right page each run of right-to-left
    words is reversed (a name in a label), on a right-to-left page (a style with
    RTL_STYLE) the whole line follows the bidi algorithm (render/bidi.py), and a
    bullet or step number is drawn at the right. A wrapped paragraph still reads
    from its first line. Widths do not change, so neither does the layout.
    """
    from reportlab import rl_config
    from reportlab.platypus import Paragraph

    class BidiParagraph(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, text: Any, style: ParagraphStyle, bulletText: Any = None, **kw: Any) -> None:
            rtl_page = bool(getattr(style, RTL_STYLE, False))
            # ReportLab puts a bullet at the left: a right-to-left page draws its own at the right
            self.rtl_bullet = bulletText if rtl_page else None
            if self.rtl_bullet:
                style = _hanging(style, str(self.rtl_bullet))
            super().__init__(text, style, bulletText=None if rtl_page else bulletText, **kw)

        def drawPara(self, debug: int = 0) -> Any:
            lines = getattr(self.blPara, "lines", [])
            if getattr(self.blPara, "kind", 0) != 1:
                return super().drawPara(debug)
            rtl = {n.strip('"') for n in _names("rtl")}
            rtl_page = bool(getattr(self.style, RTL_STYLE, False))
            saved = [line.words for line in lines]
            try:
                for line in lines:
                    line.words = _visual(line, rtl, rtl_page)
                drawn = super().drawPara(debug)
            finally:
                for line, words in zip(lines, saved, strict=True):
                    line.words = words
            if self.rtl_bullet and lines:
                st, canv = self.style, self.canv
                first = lines[0]
                y = self.height - (first.fontSize if rl_config.paraFontSizeHeightOffset
                                   else getattr(first, "ascent", first.fontSize))
                canv.saveState()
                canv.setFont(st.bulletFontName, st.bulletFontSize)
                canv.setFillColor(getattr(st, "bulletColor", st.textColor))
                canv.drawRightString(self.width - st.bulletIndent, y, bidi.display_order(self.rtl_bullet))
                canv.restoreState()
            return drawn

    return BidiParagraph


def _visual(line: Any, rtl: set[str], rtl_page: bool) -> list[Any]:
    """A line's words in visual order, kept on the line for its next drawing
    (lines are shared by the paragraphs of one text, render/memo.py)."""
    key = (id(line.words), rtl_page, frozenset(rtl))
    kept = getattr(line, "_careplan_visual", None)
    if kept is not None and kept[0] == key and kept[1] is line.words:
        return kept[2]  # type: ignore[no-any-return]
    words = _merged(bidi.visual_line(line.words, rtl)) if rtl_page else _visual_words(line.words, rtl)
    line._careplan_visual = (key, line.words, words)
    return words


def _visual_words(frags: list[Any], rtl: set[str]) -> list[Any]:
    """One line's fragments with each run of right-to-left words reversed."""
    units: list[tuple[Any, str | None]] = []
    for f in frags:
        text = getattr(f, "text", None)
        if hasattr(f, "cbDefn") or not isinstance(text, str):
            units.append((f, None))
            continue
        # slicing keeps HarfBuzz's per-glyph positions (ShapedStr); a number HarfBuzz laid out
        # right to left inside a right-to-left word is put back left to right
        units.extend((f, bidi.numbers_forwards(text[m.start():m.end()]) if f.fontName in rtl
                      else text[m.start():m.end()]) for m in TOKENS.finditer(text))

    def is_rtl(k: int) -> bool:
        f, t = units[k]
        return t is not None and bool(t.strip()) and f.fontName in rtl

    def is_space(k: int) -> bool:
        t = units[k][1]
        return t is not None and not t.strip()

    out: list[tuple[Any, str | None]] = []
    k = 0
    while k < len(units):
        if is_rtl(k):
            j = k + 1
            while j + 1 < len(units) and is_space(j) and is_rtl(j + 1):
                j += 2
            out.extend(reversed(units[k:j]))
            k = j
        else:
            out.append(units[k])
            k += 1
    return _merged(out)


def _merged(units: list[tuple[Any, str | None]]) -> list[Any]:
    """Fragments again from (fragment, text) units, neighbours of one fragment joined."""
    merged: list[Any] = []
    texts: dict[int, list[str]] = {}  # a text fragment's place in `merged` -> the texts it joins
    last = None
    for f, t in units:
        if t is None:
            merged.append(f)
            last = None
        elif last is f:
            texts[len(merged) - 1].append(t)
        else:
            texts[len(merged)] = [t]
            merged.append(f)
            last = f
    for k, parts in texts.items():
        merged[k] = merged[k].clone(text=joined(parts))
    return merged


_DERIVED: weakref.WeakKeyDictionary[ParagraphStyle, dict[str, ParagraphStyle]] = weakref.WeakKeyDictionary()


def _hanging(style: ParagraphStyle, bullet: str) -> ParagraphStyle:
    """A right-to-left style whose text clears its bullet: ReportLab moves the first line past a
    bullet only at the left, so a style without room on the right (the small print) gets it here."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    room = style.bulletIndent + stringWidth(bullet, style.bulletFontName, style.bulletFontSize) + style.fontSize * 0.5
    if style.rightIndent >= room:
        return style
    return _derived(style, f"hanging-{room:.2f}", rightIndent=room)


def _derived(style: ParagraphStyle, kind: str, **changes: Any) -> ParagraphStyle:
    """The style with `changes`; one per style and kind, forgotten with the style."""
    from reportlab.lib.styles import ParagraphStyle

    known = _DERIVED.setdefault(style, {})
    if kind not in known:
        known[kind] = ParagraphStyle(f"{style.name}-{kind}", parent=style, **changes)
    return known[kind]


def _shaping_style(style: ParagraphStyle) -> ParagraphStyle:
    """The style with shaping on (ReportLab's shaping features set to careplan's first)."""
    shaping.standard_features()
    return _derived(style, "shaped", shaping=1)

def draw_string(canvas: Any, x: float, y: float, text: str, size: float, right: bool = False) -> None:
    """Draw one line on a canvas set to PT Sans at `size`, each part in the font that
    draws it (the footer). Text PT Sans covers is drawn as before, in one call, so
    its bytes do not change; `right` aligns its end at x."""
    if fonts.covered(text):
        (canvas.drawRightString if right else canvas.drawString)(x, y, text)
        return
    if right:
        x -= word_width(text, size)
    for font, piece in pieces(text):
        if font is not None:
            fonts.register_fallback(font)
        name = font.face() if font else fonts.FAMILY
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += canvas.stringWidth(piece, name, size)
    canvas.setFont(fonts.FAMILY, size)


def is_bold(style: ParagraphStyle) -> bool:
    """True for a style whose font is the bold face (a <font> run must say bold itself)."""
    return bool(style.fontName == fonts.BOLD)
