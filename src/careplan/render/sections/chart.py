""""Your 7-day chart": a row of tick boxes a day for each exercise, and the pain score."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import black
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.grid import column_lefts, row_bottoms
from careplan.render.layout import CHART_FIRST_COLUMN
from careplan.render.styles import RULE, SHADE

GRID_LINE = 0.8  # the grid's and the boxes' line width
_PAD_V, _PAD_H = 3.0, 6.0  # a cell's padding above and below, and at its sides (a day's heading: its own)


class TickBoxes(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A row of empty squares to tick: one for each time the dose says to do it."""

    def __init__(self, count: int, side: float) -> None:
        super().__init__()
        self.count, self.side = count, side

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.count * self.side * 1.5 - self.side * 0.5
        self.height = self.side
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(GRID_LINE)
        self.squares(self.canv, 0, 0)

    def squares(self, canv: Any, x: float, y: float) -> None:
        """The squares with their lower left corner at (x, y), in the stroke colour and width set."""
        for i in range(self.count):
            canv.rect(x + i * self.side * 1.5, y, self.side, self.side, stroke=1, fill=0)


# A cell: its paragraph and side padding, its tick boxes, or None (empty).
Cell = tuple[Paragraph, float] | TickBoxes | None


class ChartGrid(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """The chart's grid, drawn in one pass: a shaded first row, a paragraph or
    tick boxes in each cell, centred in its row, and a grid of lines.

    A ReportLab Table drew the same page, cell by cell: each of 40 cells in a
    graphics state saved and restored, its style looked up, its paragraphs
    measured again, and its empty cells as empty text; 2 ms of a 25 ms
    handout. This places everything where that Table did (the same padding,
    row heights added as it adds them, lines with round caps and joins drawn
    after the cells) and draws it with a few calls: the page looks the same
    (tests/test_chart.py compares the pixels). Never split: it stays whole in
    its KeepTogether, a few rows tall.
    """

    def __init__(self, cells: list[list[Cell]], col_widths: list[float], row_heights: list[float | None]) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # as a Table: centred on the frame's text column
        self.cells, self.col_widths, self.row_heights = cells, col_widths, row_heights
        self._heights: list[float] = []
        self._lefts: list[float] = []

    def _cell_height(self, cell: Cell, width: float) -> float:
        """The cell's height with its padding, in a Table's order of operations (the same float)."""
        if cell is None:
            return 0.0
        f, pad = (cell, _PAD_H) if isinstance(cell, TickBoxes) else cell
        h = f.wrap(width - 2 * pad, 72000)[1]
        before, after = f.getSpaceBefore(), f.getSpaceAfter()
        return float(h + after + before - before - after + (_PAD_V + _PAD_V))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        heights = [h if h is not None else
                   max(self._cell_height(c, w) for c, w in zip(row, self.col_widths, strict=True))
                   for row, h in zip(self.cells, self.row_heights, strict=True)]
        self._bottoms, height = row_bottoms(heights)  # as ReportLab's Table places its rows and columns
        self._heights = heights
        self._lefts = column_lefts(self.col_widths)
        self.width, self.height = self._lefts[-1], height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        if not self._heights:
            self.wrap(0, 0)
        lefts = self._lefts
        # the first row's shade, then each cell's content, then the lines over them
        canv.setFillColor(SHADE)
        canv.rect(0, self.height, self.width, self._bottoms[0] - self.height, stroke=0, fill=1)
        canv.setFillColor(black)  # as a Table's cells start
        boxes: list[tuple[TickBoxes, float, float]] = []
        for row, bottom, h in zip(self.cells, self._bottoms, self._heights, strict=True):
            for cell, left, w in zip(row, lefts[:-1], self.col_widths, strict=True):
                if cell is None:
                    continue
                if isinstance(cell, TickBoxes):
                    bw, bh = cell.wrap(w - 2 * _PAD_H, h - 2 * _PAD_V)
                    boxes.append((cell, left + (w - bw) / 2.0, bottom + (h - bh) / 2.0))
                    continue
                para, pad = cell
                ph = para.wrap(w - 2 * pad, h - 2 * _PAD_V)[1]
                para.drawOn(canv, left + pad, bottom + (h - ph) / 2.0)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(GRID_LINE)
        for box, x, y in boxes:
            box.squares(canv, x, y)
        canv.saveState()
        canv.setLineCap(1)
        canv.setLineJoin(1)
        tops = [self.height, *self._bottoms]
        for y in (tops[0], tops[-1]):
            canv.line(0, y, self.width, y)
        for x in (lefts[0], lefts[-1]):
            canv.line(x, 0, x, self.height)
        for y in tops[1:-1]:
            canv.line(0, y, self.width, y)
        for x in lefts[1:-1]:
            canv.line(x, 0, x, self.height)
        canv.restoreState()


def _line_width(p: Paragraph) -> float:
    """The width of a paragraph's text on one line."""
    p.wrap(1e4, 1e4)
    widths: list[float] = p.getActualLineWidths0()
    return max(widths)


def chart(b: Blocks, plan: Plan) -> Story:
    """The chart with its heading, how to use it, and when rising pain means stop."""
    t, st = b.t, b.st
    days = [b.p(t.format("Day {n}", n=n), st.cell) for n in range(1, 8)]
    # a day's column is wide enough for "Day 7" on one line (large print: the
    # first column gives up the room, the exercise names wrap instead)
    pad = 3.0
    longest = max(_line_width(d) for d in days) + 2 * pad + 1
    day_w = max(b.width * (1 - CHART_FIRST_COLUMN) / 7, longest)
    first = b.width - 7 * day_w
    rows: list[list[Cell]] = [[(b.p(t.gettext("Tick each time you do it"), st.cell), _PAD_H),
                               *((d, pad) for d in days)]]
    for p in plan.exercises:
        times = min(b.content.item(p.id).dose.times_a_day or 1, 3)  # a box for each time a day
        side = min(st.size * 0.9, (day_w - 8) / (times * 1.5 - 0.5))  # the row of boxes fits its day
        rows.append([(b.p(t.gettext(b.content.item(p.id).title), st.cell), _PAD_H),
                     *(TickBoxes(times, side) for _ in range(7))])
    rows.append([(b.p(t.gettext("Pain score (0 = none, 10 = worst)"), st.cell), _PAD_H), *([None] * 7)])
    # rows are tall enough to write in, and grow when a long name wraps
    heights: list[float | None] = [None] + [max(st.size * 1.5, _first(r).wrap(first - 12, 1000)[1] + 8)
                                            for r in rows[1:]]
    widths = [first] + [day_w] * 7
    if st.rtl:  # a right-to-left page reads its columns from the right
        rows, widths = [r[::-1] for r in rows], widths[::-1]
    return [KeepTogether([
        b.p(t.gettext("Your 7-day chart"), st.h1),
        b.p(t.gettext("Tick a box each time you do an exercise, and write down your pain score each day. "
                      "Bring this page to your next visit.")),
        ChartGrid(rows, widths, heights),
        Spacer(1, st.size * 0.3),
        b.p(t.gettext("If your pain score keeps going up for 2 or 3 days, stop the exercise that makes it worse "
                      "and contact your doctor. If a warning sign appears, follow \u201cWhen to get help\u201d."),
            st.bold),
    ])]


def _first(row: list[Cell]) -> Paragraph:
    cell = row[0]
    assert isinstance(cell, tuple)
    return cell[0]
