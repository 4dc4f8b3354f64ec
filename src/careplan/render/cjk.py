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
Lines are then made by ReportLab's own makeCJKParaLine, so drawing is unchanged.
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


def split_lines(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """Like ReportLab's cjkFragSplit, with breaks only where can_break allows."""
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
    from reportlab.rl_config import _FUZZ

    units: list[Any] = []
    for f in frags:
        text = f.text if isinstance(f.text, str) else f.text.decode("utf8")
        units.extend(cjkU(c, f, "utf8") for c in text or [""])
    lines: list[Any] = []
    n, start = len(units), 0

    def emit(end: int, line_break: bool) -> None:
        body = units[start:end]
        while body and str(body[-1]).isspace():
            body = body[:-1]
        used = sum(u.width for u in body)
        width = max_widths[min(len(lines), len(max_widths) - 1)]
        lines.append(makeCJKParaLine(units[start:end], width, used, width - used, line_break, calc_bounds))

    while start < n:
        while start < n and str(units[start]).isspace() and not hasattr(units[start].frag, "lineBreak"):
            start += 1
        if start >= n:
            break
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        width, brk, i = 0.0, 0, start
        while i < n:
            u = units[i]
            if hasattr(u.frag, "lineBreak"):
                emit(i + 1, True)
                start = i + 1
                break
            if i > start and can_break(str(units[i - 1]), str(u)):
                brk = i
            width += u.width
            if width > max_width + _FUZZ and i > start and not str(u).isspace():
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
