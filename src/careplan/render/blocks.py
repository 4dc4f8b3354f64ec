"""The building blocks every handout section is made of: paragraphs, boxes, tables, pictures.

One Blocks per handout holds what every section needs (translator, styles,
content, the text width, the one picture scale), so a section is a plain
function from the plan to its flowables and can be rendered alone. Every
piece of text goes through runs.markup, so names, notes and translations can
never inject markup and any script finds a font.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from careplan.content.model import Content, Item
from careplan.i18n import Translator
from careplan.render import fonts, runs
from careplan.render.grid import grid
from careplan.render.layout import SMALLEST_FRAME
from careplan.render.picture_layout import SCALE
from careplan.render.sharing import shared
from careplan.render.styles import INK, RULE, SHADE, Styles

# What a section returns: ReportLab flowables in reading order.
Story = list[Flowable]
# One TableStyle command: ("NAME", (col, row), (col, row), *values).
Command = tuple[Any, ...]


_SIDES = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING", "LINEBEFORE": "LINEAFTER",
          "LINEAFTER": "LINEBEFORE"}


def mirrored(rows: list[list[Any]], col_widths: list[float],
             style: list[Command]) -> tuple[list[list[Any]], list[float], list[Command]]:
    """A table's rows, widths and style commands mirrored left to right."""
    n = len(col_widths)

    def col(c: int) -> int:
        return n - 1 - (c % n)

    def command(cmd: Command) -> Command:
        name, (c0, r0), (c1, r1), *values = cmd
        if name == "ALIGN" and values and values[0] in ("LEFT", "RIGHT"):
            values[0] = "RIGHT" if values[0] == "LEFT" else "LEFT"
        return (_SIDES.get(name, name), (col(c1), r0), (col(c0), r1), *values)

    return [row[::-1] for row in rows], col_widths[::-1], [command(c) for c in style]


def stack_height(flowables: list[Flowable], width: float) -> float:
    """How tall the flowables are one after the other, space before the first included
    (a frame leaves it out only at the top of a page)."""
    from reportlab.platypus.flowables import _listWrapOn

    height: float = _listWrapOn(flowables, width, None)[1]
    return height + (flowables[0].getSpaceBefore() if flowables else 0.0)


# The narrowest text column beside a picture, in ems of the body size: a
# column of two or three words a line is hard to read. About 20 letters a line
# in alphabetic scripts; Chinese characters are an em wide each and its words
# one or two characters, so 7 ems hold as many words.
MIN_COLUMN_EMS = 10
MIN_COLUMN_EMS_CJK = 7

# A picture block's cell padding (ReportLab's default between its two cells: _PAD_SIDE).
_PAD_TOP, _PAD_BOTTOM, _PAD_LAST, _PAD_SIDE = 2.0, 2.0, 5.0, 6.0


def cell_height(flowables: list[Flowable], width: float) -> float:
    """How tall the flowables are in a table cell `width` wide (padding taken
    off): as ReportLab's Table measures a cell, every space before and after
    counted but the first's before and the last's after."""
    if not flowables:
        return 0.0
    total = 0.0
    for f in flowables:
        total += f.wrap(width, 72000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    ends: float = flowables[0].getSpaceBefore() + flowables[-1].getSpaceAfter()
    return total - ends


class PictureBlock(NamedTuple):
    """A picture block to be made, its height, and how to make it in two parts."""

    make: Callable[[], Flowable]
    height: float
    body: Story
    # (text, with the picture?) -> (make, height): the block with only part of its text
    part: Callable[[Story, bool], tuple[Callable[[], Flowable], float]]
    more: Callable[[], tuple[PictureBlock, ...]] | None = None  # its other layouts (layouts()), made when asked

    def layouts(self) -> tuple[PictureBlock, ...]:
        """The block in this layout, then in each other one it was weighed in."""
        return (self, *(self.more() if self.more else ()))

    def parts(self, room: float, continued: Flowable | None = None) -> list[Flowable] | None:
        """The block as two: the picture, the title and as many steps as fit
        `room` (at least one), then the rest of its text (at least its last
        two lines: never a dose alone) under the same rule, in the same
        column, under `continued` (the title saying so); in this layout or,
        when another fits more of the text, in that one. None when not even
        the first step fits."""
        best: tuple[int, PictureBlock] | None = None
        for layout in self.layouts():
            for k in range(len(self.body) - 2, 1, -1):
                if layout.part(self.body[:k], True)[1] <= room:
                    if best is None or k > best[0]:
                        best = k, layout
                    break
        if best is None:
            return None
        k, layout = best
        rest = [continued, *self.body[k:]] if continued is not None else self.body[k:]
        return [layout.part(self.body[:k], True)[0](), layout.part(rest, False)[0]()]


def _least(layouts: list[tuple[float, float, Callable[[], PictureBlock]]]) -> PictureBlock:
    """The layout of least height plus handicap (the first of those, on a tie), with the others.

    Measuring a layout breaks its text's lines at that layout's width (in Arabic, ReportLab's
    breaking of shaped words in several runs: the measuring was a third of a cold Arabic
    handout's story). A layout whose least height (its picture alone) is already more than a
    measured one's cannot be the least, so its text is measured only if a page break asks for
    it (PictureBlock.parts).
    Heights are sums of the same floats, and a sum grows with what is added, so the choice is the
    one measuring every layout makes."""
    made: dict[int, PictureBlock] = {}
    best: tuple[float, int] | None = None  # (height plus handicap, place in the list)
    for floor, n in sorted((floor, n) for n, (floor, _, _) in enumerate(layouts)):
        if best is not None and floor > best[0]:
            break
        _, handicap, make = layouts[n]
        block = made[n] = make()
        if best is None or (block.height + handicap, n) < best:
            best = (block.height + handicap, n)
    assert best is not None
    chosen = best[1]

    @functools.cache
    def others() -> tuple[PictureBlock, ...]:
        return tuple(made[n] if n in made else layouts[n][2]() for n in range(len(layouts)) if n != chosen)

    return made[chosen]._replace(more=others)


class Blocks:
    """The small pieces of one handout, at its text width and picture scale."""

    def __init__(self, t: Translator, st: Styles, content: Content, width: float,
                 pic_scale: float = SCALE, height: float | None = None) -> None:
        self.t, self.st, self.content, self.width = t, st, content, width
        self.height = height or SMALLEST_FRAME  # the frame's height (on the smaller paper when not known)
        self.pic_scale = pic_scale  # one scale for every picture in this handout
        fallback = fonts.LOCALE_FONTS.get(t.locale.replace("-", "_").split("_")[0])
        self.min_column = st.size * (MIN_COLUMN_EMS_CJK if fallback is not None and fallback.cjk else MIN_COLUMN_EMS)

    def p(self, text: str, style: ParagraphStyle | None = None, bullet: str | None = None) -> Paragraph:
        """A paragraph of plain text (escaped, each word in a font that has it)."""
        style = style or self.st.body
        return runs.paragraph(runs.markup(text, runs.is_bold(style)), style, bulletText=bullet)

    def bold_lead(self, lead: str, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """"Lead: text" with the lead in bold."""
        style = style or self.st.body
        return self._led(lead, runs.markup(text, runs.is_bold(style)), style)

    def _led(self, lead: str, markup: str, style: ParagraphStyle) -> Paragraph:
        """The bold lead, then markup already made."""
        return runs.paragraph(f"<b>{runs.markup(lead, bold=True)}</b> {markup}", style)

    def value(self, text: str, bold: bool = False) -> str:
        """Markup for a value the user typed (a name, a phone number, notes): on a
        right-to-left page one in left-to-right letters keeps the order it was typed in."""
        from careplan.render import bidi

        marked = runs.markup(text, bold)
        return bidi.isolated(marked, text) if self.st.rtl else marked

    def typed(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of text the user typed (see value())."""
        style = style or self.st.body
        return runs.paragraph(self.value(text, runs.is_bold(style)), style)

    def labelled(self, lead: str, value: str) -> Paragraph:
        """"Lead: value" with the lead in bold and the value as the user typed it (see value())."""
        return self._led(lead, self.value(value), self.st.body)

    def heading(self, text: str) -> Story:
        """A section heading that never ends a page: it turns the page when little room is left."""
        return [CondPageBreak(self.st.size * 8), self.p(text, self.st.h1)]

    def steps(self, steps: Iterable[str], numbered: bool = True,
              style: ParagraphStyle | None = None) -> list[Paragraph]:
        """Translated steps as a numbered (or bulleted) list (in the step style, or `style`)."""
        tr = self.t.gettext
        return [self.p(tr(s), style or self.st.step, bullet=f"{i}." if numbered else "•")
                for i, s in enumerate(steps, 1)]

    def table(self, rows: list[list[Any]], col_widths: list[float], style: list[Command], **kw: Any) -> Flowable:
        """A Table whose cells use the embedded font (ReportLab's default is
        unembedded Helvetica, even for cells that hold only Paragraphs); drawn
        as a Grid, the same page at less cost, when its cells and style allow (render/grid.py)."""
        if self.st.rtl:  # a right-to-left page reads its columns from the right
            rows, col_widths, style = mirrored(rows, col_widths, style)
        commands = [("FONT", (0, 0), (-1, -1), fonts.FAMILY, self.st.size), *style]

        def make() -> Table:
            tbl = Table(rows, colWidths=col_widths, **kw)
            tbl.setStyle(TableStyle(commands))
            return tbl

        drawn = None if set(kw) - {"rowHeights"} else grid(rows, col_widths, commands, make, kw.get("rowHeights"))
        return drawn if drawn is not None else make()

    def box(self, flowables: Story, *, strong: bool) -> Flowable:
        """A framed box. Strong boxes: thick double frame and shading, so they
        stand out in greyscale and without colour."""
        pad = self.st.size * 0.6
        top, bottom = pad * 0.8, pad * 0.6
        line, shade = ((3, INK), SHADE) if strong else ((1, RULE), None)
        if stack_height(list(flowables), self.width - 2 * pad) + 1.4 * pad <= self.height * 0.95:
            from careplan.render.boxes import Box  # drawn as a one-cell Table was, at less cost

            return Box(list(flowables), self.width, (pad, pad, top, bottom), line, shade)
        # Taller than a page (large print, many signs): one row per line so the box can
        # continue on the next page (a single cell cannot split), framed on each page.
        style: list[Command] = [
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("BOX", (0, 0), (-1, -1), *line), *([("BACKGROUND", (0, 0), (-1, -1), shade)] if shade else []),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), top), ("BOTTOMPADDING", (0, -1), (-1, -1), bottom)]
        return self.table([[f] for f in flowables], [self.width], style)

    def picture(self, name: str, pregnant: bool = False, stacked: bool = False, fit: bool = True) -> Flowable:
        """A picture at the handout's one scale; `stacked`: its frames one under
        the other; `fit`: shrunk to the text width if wider (else as it is)."""
        rtl = self.st.rtl  # a right-to-left reader meets the first frame at the right
        pic = shared(self.content.pictures[name], scale=self.pic_scale, pregnant=pregnant, rtl=rtl,
                     stacked=stacked)
        if fit and pic.width > self.width:  # future pictures
            pic = shared(self.content.pictures[name], self.width, pregnant=pregnant, rtl=rtl)
        return pic

    def picture_row(self, item: Item, body: Story, pregnant: bool = False) -> Flowable:
        """An item's picture and its text (see picture_block)."""
        return self.picture_block(item.picture, body, pregnant)

    def picture_block(self, name: str, body: Story, pregnant: bool = False, width: float | None = None,
                      rule: bool = True) -> Flowable:
        """Picture and text in the least height, `width` wide (the text's by
        default). Every picture is drawn at one scale, so people are the same
        size in every picture. The picture sits above the text or beside it
        (when that leaves a text column of at least 40% of the width), its
        frames side by side or one under the other, whichever takes the least
        height. The text beside a picture keeps at least MIN_COLUMN_EMS ems
        a line (MIN_COLUMN_EMS_CJK in Chinese). `pregnant` draws the figure with a pregnancy bump; `rule`
        draws a thin line under the block."""
        return self.measured_picture_block(name, body, pregnant, width, rule).make()

    def measured_picture_block(self, name: str, body: Story, pregnant: bool = False, width: float | None = None,
                               rule: bool = True) -> PictureBlock:
        """picture_block() to be made, its height, measured without making a
        Table (the layout weighs several blocks for every row it places), and
        how to make it in two parts."""
        width = width or self.width
        style: list[Command] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, -1), "LEFT"),  # a right-to-left page mirrors it: pictures at the right
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), _PAD_TOP),
            ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_BOTTOM),
            ("BOTTOMPADDING", (0, -1), (-1, -1), _PAD_LAST),
        ]
        ruled = [*style, ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)] if rule else style

        # Each layout: the least its height can be (its picture alone: what part() adds the text's
        # height to, or takes the larger of), and how to make the block, which measures the text.
        def above(pic: Flowable) -> tuple[float, Callable[[], PictureBlock]]:
            pic_h = pic.wrap(width, 72000)[1] + _PAD_TOP + _PAD_BOTTOM  # the picture's row, then the text's

            def part(text: Story, picture: bool) -> tuple[Callable[[], Flowable], float]:
                rows: list[list[Any]] = [[pic], [text]] if picture else [[text]]
                height = (pic_h if picture else 0.0) + cell_height(text, width) + _PAD_TOP + _PAD_LAST
                return (lambda: self.table(rows, [width], ruled if not picture or text is body else style)), height

            return pic_h + _PAD_TOP + _PAD_LAST, lambda: PictureBlock(*part(body, True), body, part)

        def beside(pic: Flowable, pic_w: float) -> tuple[float, Callable[[], PictureBlock]]:
            text_w = width - pic_w - _PAD_SIDE  # ReportLab's default padding between the cells
            pic_h = pic.wrap(pic_w, 72000)[1]

            def part(text: Story, picture: bool) -> tuple[Callable[[], Flowable], float]:
                height = max(pic_h if picture else 0.0, cell_height(text, text_w)) + _PAD_TOP + _PAD_LAST
                cells = [[pic if picture else Spacer(1, 0), text]]
                return (lambda: self.table(cells, [pic_w, width - pic_w],
                                           ruled if not picture or text is body else style)), height

            return pic_h + _PAD_TOP + _PAD_LAST, lambda: PictureBlock(*part(body, True), body, part)

        # each layout with a small handicap in points: beside before above, frames in a row before stacked
        row = self.picture(name, pregnant, fit=False)  # too wide for `width`: only stacked
        # (the least its height can be plus its handicap; its handicap; how to make it)
        layouts: list[tuple[float, float, Callable[[], PictureBlock]]] = []
        frames = len(self.content.pictures[name].frames)
        column = self.picture(name, pregnant, stacked=True, fit=False)
        for pic, handicap in ((row, 0.0), (column, 2.0))[:2 if frames > 1 else 1]:
            if pic.width <= width:
                floor, make = above(pic)
                layouts.append((floor + (handicap + 1), handicap + 1, make))
            pic_w = pic.width + 4 * mm
            if width - pic_w >= max(width * 0.4, self.min_column):
                floor, make = beside(pic, pic_w)
                layouts.append((floor + handicap, handicap, make))
        if not layouts:  # narrower than the picture: it shrinks to the width, above the text
            return above(shared(self.content.pictures[name], width - 1, pregnant=pregnant, rtl=self.st.rtl))[1]()
        return _least(layouts)

    def side_by_side(self, cells: list[Flowable]) -> Flowable:
        """Two blocks next to each other, each half the width (less a gap), with a rule under both."""
        gap = self.st.size
        return self.table([cells], [self.width / 2, self.width / 2], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), gap / 2),
            ("LEFTPADDING", (1, 0), (1, 0), gap / 2),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
        ])

    def half_width(self) -> float:
        """The width of one of two blocks side by side."""
        return self.width / 2 - self.st.size / 2
