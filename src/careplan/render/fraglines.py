"""A shaped paragraph's lines broken exactly as ReportLab's breakLines breaks them, with less Python per word.

Every paragraph HarfBuzz shapes (all of an Arabic page) goes through
ReportLab's general line breaker, which was about a twelfth of a cold Arabic
handout besides the shaping itself. Per word it asks the font's ascent and
the width of a space again, counts the spaces of the whole line so far (to
let a full line's spaces shrink a little) and appends the word to its
fragment's text, which for a shaped word copies the line's glyph data so
far: a line costs the square of its length. break_lines() takes the same
steps in the same order for the common case (no soft hyphens, no images or
line-break tags, no hyphenation, no word too long for its line; a first
break, or a later one at another width from the frag words the first left),
with the answers that cannot change within a paragraph asked once, the
spaces counted as words are added, and each fragment's text joined once at
the end of its line into the same string with the same glyph data. The floating-point sums
are the same sums in the same order, so the lines break at the same words.

Anything else returns None, having changed nothing ReportLab's own
breakLines would not change the same way first (the fragments' kinds), and
ReportLab breaks the paragraph as before; so does a ReportLab whose
breakLines is not the code this was checked against (CHECKED).
tests/test_fraglines.py compares the two on every paragraph of Arabic
handouts and English ones with an Arabic name, in both print sizes, and on
paragraphs drawn by hypothesis (widths, bullets, space shrinking, long
words, bold and empty runs, a second break at another width).
"""

from __future__ import annotations

from functools import cache
from typing import Any

# SHA-256 of ReportLab's Paragraph.breakLines (shapeword.code_digest), per ReportLab release checked
# line for line against break_lines (tests/test_fraglines.py): ReportLab 5.1.0 on Python 3.11
CHECKED = frozenset({"53318ff1adab681c448d22d92a12aa60aeb05f23b0c5dac8cd96cb321b320691"})


@cache
def usable(reportlab_break_lines: Any) -> bool:
    """Whether break_lines may stand in for this breakLines (its code is the one checked)."""
    from careplan.render.shapeword import code_digest  # imported only once a paragraph is shaped

    return code_digest(reportlab_break_lines) in CHECKED


@cache
def _names() -> tuple[Any, ...]:
    from reportlab.pdfbase.ttfonts import ShapedStr, _sdSimple
    from reportlab.platypus import paragraph

    return paragraph, ShapedStr, _sdSimple


def joined(texts: list[str]) -> str:
    """The texts added up left to right, in one step: a HarfBuzz-shaped text (ShapedStr) keeps each
    glyph's position, and a plain one gives ReportLab's blank position to each of its characters,
    as ShapedStr's + does (adding them one by one copied the positions again at each step). A line's
    run here, and a line's words put in visual order (runs.py)."""
    if len(texts) == 1:
        return texts[0]
    data = [getattr(t, "__shapeData__", None) for t in texts]
    if all(d is None for d in data):
        return "".join(texts)
    _, ShapedStr, simple = _names()
    positions: list[Any] = []
    for t, d in zip(texts, data, strict=True):
        positions.extend(d if d is not None else [simple] * len(t))
    out: str = ShapedStr("".join(texts), shapeData=positions)
    return out


class _Abandon(Exception):
    """A case break_lines leaves to ReportLab, found on the way."""


def _applies(para: Any, width: Any, paragraph: Any) -> bool:
    """Whether ReportLab would take its general path with nothing but plain text to break."""
    style = para.style
    if not (style.shaping and paragraph.getFont(style.fontName).shapable):
        return False  # most paragraphs outside Arabic: asked first, as it is the cheapest answer
    frags = para.frags
    if not frags or isinstance(width, tuple):
        return False
    if paragraph._processed_frags(frags) and any(  # broken before: words cut or put in by hyphenation
            isinstance(w, (paragraph._SplitFrag, paragraph._InjectedFrag)) for w in frags):
        return False
    ww = style.wordWrap
    if ww and ww.upper() in ("RTL", "LTR"):
        return False
    if getattr(style, "hyphenationLang", "") or style.uriWasteReduce or style.embeddedHyphenation:
        return False
    auto = getattr(para, "autoLeading", getattr(style, "autoLeading", ""))
    return auto in ("", "off")


def break_lines(para: Any, width: Any) -> Any | None:
    """ReportLab's para.breakLines(width) for a shaped paragraph of plain text; None (the paragraph
    untouched) for anything else."""
    paragraph, ShapedStr, _ = _names()
    if not _applies(para, width, paragraph) or not usable(paragraph.Paragraph.breakLines):
        return None
    maxWidths = list(width) if isinstance(width, list) else [width]
    paragraph._handleBulletWidth(para.bulletText, para.style, maxWidths)
    try:
        lines, FW, width_max = _lines(para, maxWidths, paragraph, ShapedStr)
    except _Abandon:
        return None
    # what ReportLab leaves behind: its counters, the widest line, its frag words, the caller's widths
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    para._width_max = width_max
    para.frags = FW
    if isinstance(width, list):
        width[:] = maxWidths
    return paragraph.ParaLines(kind=1, lines=lines)


def _lines(para: Any, maxWidths: list[float], paragraph: Any, ShapedStr: Any) -> Any:
    style = para.style
    spaceShrinkage = style.spaceShrinkage
    splitLongWords = style.splitLongWords
    getAscentDescent, stringWidth = paragraph.getAscentDescent, paragraph.stringWidth
    sameFrag, FragLine = paragraph.sameFrag, paragraph.FragLine
    _HSFrag, TEXT = paragraph._HSFrag, paragraph._FK_TEXT
    odd = (paragraph._SHYWord, paragraph._SplitFrag, paragraph._InjectedFrag)
    texts = (str, ShapedStr)
    # careplan's same_frag finds a fragment the same as its own copy (the same values, by identity)
    own_copy_same = getattr(sameFrag, "__module__", None) == "careplan.render.samefrag"

    spaces: dict[tuple[str, float], float] = {}

    def space(name: str, size: float) -> float:
        got = spaces.get((name, size))
        if got is None:
            got = spaces[(name, size)] = stringWidth(" ", name, size)
        return got

    # per fragment (by identity; all live until the end): font, size, ascent, descent, a space's width
    known: dict[int, tuple[str, float, float, float, float]] = {}

    def about(f: Any) -> tuple[str, float, float, float, float]:
        got = known.get(id(f))
        if got is None:
            d = f.__dict__
            if d.get("_fkind") != TEXT or "cbDefn" in d or "lineBreak" in d:
                raise _Abandon  # an image, a break or anything else that is not plain text
            name, size = f.fontName, f.fontSize
            ascent, descent = getAscentDescent(name, size)
            got = known[id(f)] = (name, size, ascent, descent, space(name, size))
        return got

    maxlineno = len(maxWidths) - 1
    maxWidth = maxWidths[0]
    words_in = paragraph._getFragWords(para.frags, maxWidth)
    shape = paragraph.shapeFragWord
    words_in = [shape(w) for w in words_in]

    width_max: float = 0  # an int until a line is wider, as ReportLab's _width_max
    lines: list[Any] = []
    FW: list[Any] = []
    lineno = sFW = 0
    # the line's fragments: [copy, its text's parts, spaces in them, a space's width in its font,
    # the fragment it is a copy of, whether its text ends in a space]
    line: list[list[Any]] = []
    n = 0
    spaceWidth: float = 0
    currentWidth: float = 0
    maxSize = maxAscent = minDescent = 0.0

    def finished() -> list[Any]:
        out = []
        for entry in line:
            g = entry[0]
            g.text = joined(entry[1])
            out.append(g)
        return out

    def start(f: Any, text: Any) -> list[Any]:
        return [f.clone(), [text], text.count(" "), about(f)[4], f, text.endswith(" ")]

    def space_after(entry: list[Any]) -> None:
        """A space at the end of a run's text, unless it ends with one (ReportLab's `+= ' '`)."""
        if not entry[5]:
            entry[1].append(" ")
            entry[2] += 1
            entry[5] = True

    def add(entry: list[Any], text: Any) -> None:
        entry[1].append(text)  # even empty: what it adds to the joined text's type is kept
        if text:
            entry[2] += text.count(" ")
            entry[5] = text.endswith(" ")

    def more_runs(w: Any, size: float, ascent: float, descent: float) -> tuple[float, float, float]:
        """A word's runs after its first, each in a copy of its fragment, and the line's largest
        size and ascent and least descent with theirs."""
        for g, text in w[2:]:
            line.append(start(g, text))
            _, own_size, own_ascent, own_descent, _ = about(g)
            size, ascent, descent = max(size, own_size), max(ascent, own_ascent), min(descent, own_descent)
        return size, ascent, descent

    def ended() -> Any:
        """The line so far, as ReportLab's FragLine."""
        return FragLine(extraSpace=maxWidth - currentWidth, wordCount=n, lineBreak=False, words=finished(),
                        fontSize=maxSize, ascent=maxAscent, descent=minDescent, maxWidth=maxWidth, sFW=sFW)

    for w in words_in:
        if isinstance(w, odd) or len(w) < 2:
            raise _Abandon
        for _, text in w[1:]:
            if type(text) not in texts:
                raise _Abandon
        FW.append(w)
        last = w[-1][0]
        fontName, fontSize, ascent, descent, _ = about(last)
        if not line:
            n = 0
            spaceWidth = currentWidth = 0
            maxSize = fontSize
            maxAscent, minDescent = ascent, descent
        wordWidth = w[0]
        f = w[1][0]
        newWidth = currentWidth + spaceWidth + wordWidth if wordWidth > 0 else currentWidth
        limWidth = maxWidth
        if spaceShrinkage:
            spaceShrink = spaceWidth
            for entry in line:
                if entry[2]:
                    spaceShrink += entry[2] * entry[3]
            spaceShrink *= spaceShrinkage
            limWidth += spaceShrink
        if newWidth > limWidth and splitLongWords:
            nmw = min(lineno, maxlineno)
            if wordWidth > max(maxWidths[nmw:nmw + 1]):
                raise _Abandon  # a word longer than its line: ReportLab splits it
        if not (newWidth > limWidth and n > 0):
            nText = w[1][1]
            if nText:
                n += 1
            tail = line[-1] if line else None
            if tail is not None and f is tail[4] and len(w) == 2 and own_copy_same:
                # the commonest step: a word of one run in the fragment the line's last run copies,
                # whose size, ascent and descent the line already counts (max and min change nothing);
                # space_after() and add() written out, as most words come here (calling them cost a
                # cold Arabic handout 1.2 M instructions)
                parts = tail[1]
                if spaceWidth and not tail[5]:
                    parts.append(" ")
                    tail[2] += 1
                    tail[5] = True
                parts.append(nText)
                if nText:
                    tail[2] += nText.count(" ")
                    tail[5] = nText.endswith(" ")
                spaceWidth = tail[3] if isinstance(w, _HSFrag) else 0
                currentWidth = newWidth
                continue
            _, fontSize, ascent, descent, _ = about(f)
            maxSize = max(maxSize, fontSize)
            maxAscent = max(maxAscent, ascent)
            minDescent = min(minDescent, descent)
            if tail is None:
                line.append(start(f, nText))
            else:
                if spaceWidth:
                    space_after(tail)
                if sameFrag(tail[0], f):
                    add(tail, nText)
                else:
                    line.append(start(f, nText))
            spaceWidth = space(fontName, fontSize) if isinstance(w, _HSFrag) else 0
            if len(w) > 2:  # a word in several runs
                maxSize, maxAscent, minDescent = more_runs(w, maxSize, maxAscent, minDescent)
                if not nText and any(text for _, text in w[2:]):
                    n += 1
            currentWidth = newWidth
        else:
            if currentWidth > width_max:
                width_max = currentWidth
            lines.append(ended())
            sFW = len(FW) - 1
            lineno += 1
            maxWidth = maxWidths[min(maxlineno, lineno)]
            spaceWidth = space(fontName, fontSize) if isinstance(w, _HSFrag) else 0
            currentWidth = wordWidth
            n = 1
            line = [start(f, w[1][1])]
            _, maxSize, maxAscent, minDescent, _ = about(f)
            if len(w) > 2:
                maxSize, maxAscent, minDescent = more_runs(w, maxSize, maxAscent, minDescent)
    if line:
        if currentWidth > width_max:
            width_max = currentWidth
        lines.append(ended())
    return lines, FW, width_max
