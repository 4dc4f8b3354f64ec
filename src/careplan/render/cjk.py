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

from collections.abc import Iterator
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


#: Widths by font and size, then by character (split_lines reads one per character of every line it breaks).
_BY_FONT: dict[tuple[str, float], dict[str, float]] = {}


def make_line(frag_of: list[Any], chars: list[str], run_end: list[int], start: int, end: int, max_width: float,
              used: float, extra: float, line_break: bool, calc_bounds: bool) -> Any:
    """ReportLab's makeCJKParaLine for the characters chars[start:end] (frag_of[i] holding
    chars[i]), giving the same FragLine, with each run of one frag's characters read at once
    (its metrics, and whether it starts a new word: every later character of the run repeats
    the first's answer) and no comparison of a frag with itself (ReportLab's sameFrag compares
    colours in Python, some 7 us a character). A frag holding an image or a line break is
    still read character by character. run_end[i] is where the run of chars[i]'s frag ends.
    tests/test_chinese.py holds the two to the same lines."""
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.pdfbase.pdfmetrics import getAscentDescent
    from reportlab.platypus.paragraph import FragLine, imgNormV, imgVRange

    words: list[Any] = []
    f0 = FragLine()
    first = start  # where the word being read began
    max_size = max_ascent = min_descent = 0
    i = start
    while i < end:
        f = frag_of[i]
        j = min(run_end[i], end)
        font_size = f.fontSize
        cb: Any = getattr(f, "cbDefn", None) if calc_bounds else None
        if getattr(cb, "width", 0):
            descent, ascent = imgVRange(imgNormV(cb.height, font_size), cb.valign, font_size)
        else:
            ascent, descent = getAscentDescent(f.fontName, font_size)
        max_size = max(max_size, font_size)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        special = hasattr(f, "cbDefn") or hasattr(f, "lineBreak")  # never the same as itself: a word a character
        for k in range(i, j if special else i + 1):
            if (special or f is not f0) and not sameFrag(f0, f):
                f0 = f0.clone()
                f0.text = "".join(chars[first:k])
                words.append(f0)
                first, f0 = k, f
        i = j
    if end > first:
        f0 = f0.clone()
        f0.text = "".join(chars[first:end])
        words.append(f0)
    return FragLine(kind=1, extraSpace=extra, wordCount=1, words=words[1:], fontSize=max_size, ascent=max_ascent,
                    descent=min_descent, maxWidth=max_width, currentWidth=used, lineBreak=line_break)


def _cells(frags: list[Any]) -> tuple[list[Any], list[str], list[float], list[bool], list[int]]:
    """Each character of the frags, as ReportLab's cjkFragSplit reads them (a frag without text
    gives one empty character): its frag, the character, its width (as ReportLab's cjkU measures
    it, kept per font and size), whether it is in a line break's frag, and where its frag ends."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    frag_of: list[Any] = []
    chars: list[str] = []
    widths: list[float] = []
    breaks: list[bool] = []
    run_end: list[int] = []
    for f in frags:
        text = f.text if isinstance(f.text, str) else f.text.decode("utf8")
        cells = list(text) if text else [""]
        n = len(cells)
        if hasattr(f, "cbDefn"):
            widths.extend([getattr(f.cbDefn, "width", 0)] * n)
        else:
            name, size = f.fontName, f.fontSize
            known = _BY_FONT.get((name, size))
            if known is None:
                if len(_BY_FONT) > 64:
                    _BY_FONT.clear()
                known = _BY_FONT[(name, size)] = {}
            for c in set(cells).difference(known):
                known[c] = stringWidth(c, name, size)
            widths.extend(map(known.__getitem__, cells))
        frag_of.extend([f] * n)
        chars.extend(cells)
        breaks.extend([hasattr(f, "lineBreak")] * n)
        run_end.extend([len(chars)] * n)
    return frag_of, chars, widths, breaks, run_end


def _break_points(chars: list[str]) -> list[bool]:
    """can_break(chars[i - 1], chars[i]) for every i (False for the first)."""
    return [False, *map(can_break, chars, chars[1:])]


def line_ends(chars: list[str], widths: list[float], breaks: list[bool],
              max_widths: list[float]) -> Iterator[tuple[int, int, bool, float, float]]:
    """Where each line of chars (widths[i] wide, breaks[i] in a line break's frag) starts and
    ends, whether a line break ends it, its width and the width its characters use (spaces at
    its end left out): breaks only where can_break allows, a unit longer than the line cut."""
    from reportlab.rl_config import _FUZZ

    spaces = [c.isspace() for c in chars]
    may_break = _break_points(chars)
    n, start, count = len(chars), 0, 0

    def line(end: int, line_break: bool) -> tuple[int, int, bool, float, float]:
        last = end
        while last > start and spaces[last - 1]:
            last -= 1
        return start, end, line_break, max_widths[min(count, len(max_widths) - 1)], sum(widths[start:last])

    while start < n:
        while start < n and spaces[start] and not breaks[start]:
            start += 1
        if start >= n:
            break
        max_width = max_widths[min(count, len(max_widths) - 1)]
        width, brk, i = 0.0, 0, start
        while i < n:
            if breaks[i]:
                yield line(i + 1, True)
                start = i + 1
                break
            if i > start and may_break[i]:
                brk = i
            width += widths[i]
            if width > max_width + _FUZZ and i > start and not spaces[i]:
                cut = brk or i
                yield line(cut, False)
                start = cut
                break
            i += 1
        else:
            yield line(n, False)
            start = n
        count += 1


def split_lines(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """Like ReportLab's cjkFragSplit, with breaks only where can_break allows (line_ends)."""
    from reportlab.platypus.paragraph import ParaLines

    frag_of, chars, widths, breaks, run_end = _cells(frags)
    return ParaLines(kind=1, lines=[
        make_line(frag_of, chars, run_end, start, end, width, used, width - used, line_break, calc_bounds)
        for start, end, line_break, width, used in line_ends(chars, widths, breaks, max_widths)])


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
