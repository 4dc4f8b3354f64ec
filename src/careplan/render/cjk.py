"""Line breaking for Chinese: between characters, never before closing or after opening punctuation.

ReportLab's own CJK wrap (wordWrap='CJK', paragraph.cjkFragSplit) breaks
between any two characters. Checked with ReportLab 5.1: it keeps only a few
closing marks off the start of a line (。、」』）, not ，；：？！” ) by hanging
one of them in the margin, never keeps opening marks (（「『“) off the end of a
line, and cuts Latin words and numbers ("10" as "1" / "0") unless it finds a
space within half a line. So paragraphs with Chinese use CJKParagraph, whose
breakLinesCJK puts breaks only where these rules allow:

- between two Chinese characters, or between Chinese and Latin text;
- after a space (spaces stay at the end of a line, never start one);
- never inside a run of Latin letters and digits (words, "10", "0-10");
- never before closing punctuation (，。、；：？！）」』”’》 and , . ; : ? ! ) %);
- never after opening punctuation (（「『“‘《 and ( [ ).

A unit longer than the line (a very long Latin word) is cut where it must.
Lines are then made as ReportLab's makeCJKParaLine makes them (make_line, the
same FragLines, faster), so drawing is unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.platypus import Paragraph

CLOSING = frozenset("，。、；：？！）」』”’》〉】〕〗…,.;:?!)]}%")
OPENING = frozenset("（「『“‘《〈【〔〖([{")


def _is_word(c: str) -> bool:
    """A letter or digit of Latin-like text: part of a word that is not broken."""
    return not c.isspace() and ord(c) < 0x2E80 and c not in CLOSING and c not in OPENING


def can_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next begin with `after`?"""
    if after.isspace() or not before or not after:
        return False
    if before.isspace():
        return True
    if after in CLOSING or before in OPENING:
        return False
    return not (_is_word(before) and _is_word(after))


def chunks(text: str) -> list[str]:
    """The pieces of `text` no line break may cut (spaces dropped): what must fit a column.
    Text without Chinese is cut at spaces only, as ReportLab wraps it."""
    if all(ord(c) < 0x2E80 for c in text):
        return text.split()
    out: list[str] = []
    cur = ""
    for c in text:
        if cur and can_break(cur[-1], c):
            out.append(cur)
            cur = ""
        cur += c
    out.append(cur)
    return [p.strip() for p in out if p.strip()]


_WIDTHS: dict[tuple[str, str, float], float] = {}


@lru_cache(maxsize=1)
def _unit_class() -> type:
    """ReportLab's cjkU (a character with its frag and width), made with a width worked out
    once per character, font and size in a process: a Chinese handout measures some
    10,000 characters, most of them many times over."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus.paragraph import cjkU

    class Unit(cjkU):  # type: ignore[misc]  # ReportLab is untyped
        def __new__(cls, value: str, frag: Any, encoding: str = "utf8") -> Any:
            self = str.__new__(cls, value)
            self._frag = frag
            if hasattr(frag, "cbDefn"):
                self._width = getattr(frag.cbDefn, "width", 0)
            else:
                key = (value, frag.fontName, frag.fontSize)
                width = _WIDTHS.get(key)
                if width is None:
                    if len(_WIDTHS) > 100_000:
                        _WIDTHS.clear()
                    width = _WIDTHS[key] = stringWidth(value, frag.fontName, frag.fontSize)
                self._width = width
            return self

    return Unit


def make_line(units: list[Any], max_width: float, used: float, extra: float, line_break: bool,
              calc_bounds: bool) -> Any:
    """ReportLab's makeCJKParaLine, giving the same FragLine, with each frag's metrics read
    once and no comparison of a frag with itself (ReportLab's sameFrag compares colours in
    Python, some 7 us a character). tests/test_chinese.py holds the two to the same lines."""
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.pdfbase.pdfmetrics import getAscentDescent
    from reportlab.platypus.paragraph import FragLine, imgNormV, imgVRange

    words: list[Any] = []
    chars: list[str] = []
    f0 = FragLine()
    max_size = max_ascent = min_descent = 0
    last = None
    font_size = ascent = descent = 0
    for u in units:
        f = u.frag
        if f is not last:
            last = f
            font_size = f.fontSize
            cb: Any = getattr(f, "cbDefn", None) if calc_bounds else None
            if getattr(cb, "width", 0):
                descent, ascent = imgVRange(imgNormV(cb.height, font_size), cb.valign, font_size)
            else:
                ascent, descent = getAscentDescent(f.fontName, font_size)
        max_size = max(max_size, font_size)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        special = f is f0 and (hasattr(f, "cbDefn") or hasattr(f, "lineBreak"))  # never the same as itself
        if (f is not f0 or special) and not sameFrag(f0, f):
            f0 = f0.clone()
            f0.text = "".join(chars)
            words.append(f0)
            chars = []
            f0 = f
        chars.append(u)
    if chars:
        f0 = f0.clone()
        f0.text = "".join(chars)
        words.append(f0)
    return FragLine(kind=1, extraSpace=extra, wordCount=1, words=words[1:], fontSize=max_size, ascent=max_ascent,
                    descent=min_descent, maxWidth=max_width, currentWidth=used, lineBreak=line_break)


def split_lines(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """Like ReportLab's cjkFragSplit, with breaks only where can_break allows."""
    from reportlab.platypus.paragraph import ParaLines
    from reportlab.rl_config import _FUZZ

    unit = _unit_class()
    units: list[Any] = []
    for f in frags:
        text = f.text if isinstance(f.text, str) else f.text.decode("utf8")
        units.extend(unit(c, f, "utf8") for c in text or [""])
    chars = [str.__str__(u) for u in units]  # plain characters, for the break rules
    spaces = [c.isspace() for c in chars]
    breaks = [hasattr(u.frag, "lineBreak") for u in units]
    lines: list[Any] = []
    n, start = len(units), 0

    def emit(end: int, line_break: bool) -> None:
        last = end
        while last > start and spaces[last - 1]:
            last -= 1
        used = sum(u.width for u in units[start:last])
        width = max_widths[min(len(lines), len(max_widths) - 1)]
        lines.append(make_line(units[start:end], width, used, width - used, line_break, calc_bounds))

    while start < n:
        while start < n and spaces[start] and not breaks[start]:
            start += 1
        if start >= n:
            break
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        width, brk, i = 0.0, 0, start
        while i < n:
            if breaks[i]:
                emit(i + 1, True)
                start = i + 1
                break
            if i > start and can_break(chars[i - 1], chars[i]):
                brk = i
            width += units[i].width
            if width > max_width + _FUZZ and i > start and not spaces[i]:
                cut = brk or i
                emit(cut, False)
                start = cut
                break
            i += 1
        else:
            emit(n, False)
            start = n
    return ParaLines(kind=1, lines=lines)


@lru_cache(maxsize=1)
def paragraph_class() -> type[Paragraph]:
    """A Paragraph whose CJK wrap follows split_lines (style.wordWrap must be 'CJK')."""
    from reportlab.platypus import Paragraph
    from reportlab.platypus.paragraph import _handleBulletWidth

    class CJKParagraph(Paragraph):  # type: ignore[misc]  # ReportLab is untyped
        def breakLinesCJK(self, maxWidths: Any) -> Any:
            widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
            self.height = 0
            _handleBulletWidth(self.bulletText, self.style, widths)
            if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
                return self.blPara
            leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
            return split_lines(self.frags, widths, leading not in ("", "off"))

    return CJKParagraph
