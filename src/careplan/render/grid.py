"""Flowables in rows and columns, drawn directly: the ReportLab Table they replace, without its cost.

A handout has seven or eight small tables: every picture block (the picture
beside its text, or above it), the blocks two to a row, the habits in two
columns. As Tables each one parsed its style commands cell by cell, measured
its cells once to lay out and again to draw, and drew through per-cell style
lookups: some 2 ms of a 20 ms handout. Grid reads the same style commands
(the few these tables use: FONT, VALIGN, ALIGN, the four paddings,
LINEBELOW; fixed row heights; empty text cells, as the lines to write on
under the clinician's notes) and puts every flowable where the Table put it, with the Table's
own arithmetic (row heights, compensated row positions, alignment), then
draws the lines over the cells as the Table did: round caps and joins.
tests/test_grid.py compares the pages pixel for pixel with the Tables.

Anything else (text in a cell, frames, shading, spans) is left to a Table
(grid() returns None). Splitting across pages is left to the Table
too: split() builds the very Table the grid stands for and asks it, so a
block breaks where and as it always did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import black
from reportlab.platypus import Flowable, Table

_MEASURE = 72000.0  # the height a Table offers its cells when measuring them
_PADDINGS = {"LEFTPADDING": 0, "RIGHTPADDING": 1, "TOPPADDING": 2, "BOTTOMPADDING": 3}
_ALIGNS = {"LEFT", "RIGHT", "CENTER", "CENTRE"}
_VALIGNS = {"TOP", "MIDDLE", "BOTTOM"}
_DEFAULT_PADDING = (6.0, 6.0, 3.0, 3.0)  # ReportLab's CellStyle: left, right, top, bottom
Line = tuple[int, int, int, float, Any]  # a rule under row `row`, from column c0 to c1: (row, c0, c1, weight, colour)


def _cell(value: Any) -> tuple[Flowable, ...] | str | None:
    """A cell's flowables as a Table takes them, "" for an empty text cell (a line of nothing),
    or None when a Table must draw it (text, nesting, indents)."""
    if isinstance(value, str):
        return "" if value == "" else None
    items = tuple(value) if isinstance(value, (list, tuple)) else (value,)
    for f in items:
        if not isinstance(f, Flowable) or getattr(f, "__split_only__", None) or getattr(f, "frameAction", None):
            return None
    return items


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _span(command: Any, n_cols: int, n_rows: int) -> tuple[int, int, int, int] | None:
    """A command's cells as (first column, last column, first row, last row), counted from the
    start; None for a range a Table would read otherwise (clamped, special rows, backwards)."""
    if not isinstance(command, (tuple, list)) or len(command) < 3:
        return None
    try:
        (c0, r0), (c1, r1) = command[1], command[2]
    except (TypeError, ValueError):
        return None
    if not all(type(i) is int for i in (c0, r0, c1, r1)):
        return None
    c0, c1 = c0 + n_cols if c0 < 0 else c0, c1 + n_cols if c1 < 0 else c1
    r0, r1 = r0 + n_rows if r0 < 0 else r0, r1 + n_rows if r1 < 0 else r1
    if not (0 <= c0 <= c1 < n_cols and 0 <= r0 <= r1 < n_rows):
        return None
    return c0, c1, r0, r1


def grid(rows: Sequence[Sequence[Any]], col_widths: Sequence[float], style: Sequence[tuple[Any, ...]],
         make_table: Callable[[], Table], row_heights: Sequence[float | None] | None = None) -> Grid | None:
    """The Grid a Table of these rows, widths, style commands and row heights (None: as tall as
    its cells) would draw, or None when the table uses anything a Grid does not draw the same
    way (`make_table` makes the Table, to split). Only what careplan's tables use is read; an
    unusual value (a range outside the table, a line of no width, a leading of 0) goes to a
    Table, which reads it as it always has."""
    n_rows, n_cols = len(rows), len(col_widths)
    if not n_rows or any(len(row) != n_cols for row in rows) or not all(_number(w) for w in col_widths):
        return None
    if row_heights is not None and (not isinstance(row_heights, list) or len(row_heights) != n_rows
                                    or not all(h is None or _number(h) for h in row_heights)):
        return None
    cells = [[_cell(v) for v in row] for row in rows]
    if any(c is None for row in cells for c in row):
        return None
    read = _read(style, n_rows, n_cols, col_widths)
    if read is None:
        return None
    pads, aligns, valigns, leadings, lines = read
    return Grid([list(row) for row in rows], [[c for c in row if c is not None] for row in cells],
                list(col_widths), pads, aligns, lines, make_table,
                valigns, leadings, list(row_heights) if row_heights is not None else [None] * n_rows)


#: What a table's style commands give each cell, by the commands and the table's shape: a handout
#: makes some nine Grids from a few styles (the picture blocks'), and reading the commands cell
#: by cell was most of making one. Shared by every Grid made from them, which only reads them.
_Read = tuple[list[list[tuple[float, ...]]], list[list[str]], list[list[str]], list[list[float]], list[Line]]
_READ: dict[tuple[Any, ...], _Read | None] = {}
READ_MAX = 512


def _read(style: Sequence[tuple[Any, ...]], n_rows: int, n_cols: int, col_widths: Sequence[float]) -> _Read | None:
    """_read_style(), kept by its arguments. A style that cannot be a key (a command holding a
    list), or that holds True or False (equal as keys to 1 and 0, which are numbers here and
    they are not), is read every time."""
    if any(type(v) is bool for command in style for v in command[3:]):
        return _read_style(style, n_rows, n_cols, col_widths)
    key = (tuple(style), n_rows, n_cols, tuple(col_widths))
    try:
        return _READ[key]  # one lookup: a command's colour hashes in Python
    except KeyError:
        pass
    except TypeError:  # a command holding a list
        return _read_style(style, n_rows, n_cols, col_widths)
    if len(_READ) >= READ_MAX:
        _READ.clear()
    read = _READ[key] = _read_style(style, n_rows, n_cols, col_widths)
    return read


def _read_style(style: Sequence[tuple[Any, ...]], n_rows: int, n_cols: int,
                col_widths: Sequence[float]) -> _Read | None:
    """Each cell's padding, alignment, vertical alignment and text leading, and the rules under
    rows, as a Table reads the commands; None when a command is one a Grid does not draw alike."""
    pads = [[list(_DEFAULT_PADDING) for _ in range(n_cols)] for _ in range(n_rows)]
    aligns = [["LEFT"] * n_cols for _ in range(n_rows)]
    valigns = [["BOTTOM"] * n_cols for _ in range(n_rows)]
    leadings = [[12.0] * n_cols for _ in range(n_rows)]  # a text cell's line (ReportLab's CellStyle)
    lines: list[Line] = []
    for command in style:
        span = _span(command, n_cols, n_rows)
        if span is None:
            return None
        c0, c1, r0, r1 = span
        name, values = command[0], command[3:]
        if name == "LINEBELOW":
            if len(values) != 2 or not _number(values[0]) or values[0] <= 0 or values[1] is None:
                return None
            lines.extend((r, c0, c1, values[0], values[1]) for r in range(r0, r1 + 1))
            continue
        if name == "FONT":  # flowables draw in their own fonts; an empty text cell is a line tall
            if len(values) > 1:
                leading: Any = values[2] if len(values) > 2 else values[1] * 1.2 if _number(values[1]) else None
                if not _number(leading) or leading <= 0:
                    return None
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        leadings[r][c] = leading
            continue
        if not values or (name in _PADDINGS and not _number(values[0])) or \
                (name == "ALIGN" and values[0] not in _ALIGNS) or (name == "VALIGN" and values[0] not in _VALIGNS):
            return None
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if name in _PADDINGS:
                    pads[r][c][_PADDINGS[name]] = values[0]
                elif name == "ALIGN":
                    aligns[r][c] = values[0]
                elif name == "VALIGN":
                    valigns[r][c] = values[0]
                else:
                    return None
    for row in pads:  # a column narrower than its padding: the Table's own error
        for (left, right, _, _), w in zip(row, col_widths, strict=True):
            if w - left - right < 0:
                return None
    return [[tuple(p) for p in row] for row in pads], aligns, valigns, leadings, lines


def cell_content(cell: Sequence[Flowable] | str, width: float, canv: Any, avail: float,
                 sizes: list[tuple[float, float]] | None = None) -> float:
    """A cell's content height as a Table's _listCellGeom counts it, the same float to the last bit
    (every space between its flowables, none outside); each flowable's size goes into `sizes`."""
    if not cell or isinstance(cell, str):
        return 0.0
    total = 0.0
    first = after = 0.0
    for i, f in enumerate(cell):
        w, h = f.wrapOn(canv, width, avail)
        before, after = f.getSpaceBefore(), f.getSpaceAfter()
        if sizes is not None:
            sizes.append((w, h))
        total += h + after + before
        if i == 0:
            first = before
    return total - first - after


def column_lefts(widths: Sequence[float]) -> list[float]:
    """Each column's left edge and the last one's right, added left to right as a Table adds them
    (sum() compensates from Python 3.12, a Table does not)."""
    lefts = [0.0]
    for w in widths:
        lefts.append(lefts[-1] + w)
    return lefts


def row_bottoms(heights: Sequence[float]) -> tuple[list[float], float]:
    """Each row's bottom, and the whole height: summed from the last row up with compensation,
    as a Table sums them (the same floats, so no page turn can move)."""
    tops: list[float] = []
    height = carry = 0.0
    for h in reversed(heights):
        tops.append(height)
        y = h - carry
        total = height + y
        carry = (total - height) - y
        height = total
    tops.reverse()
    return tops, height


class Grid(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Cells of flowables in rows and columns, each cell with its padding and alignment, its
    flowables from the top; rules under rows. Made by grid() from a Table's rows and style."""

    def __init__(self, values: list[list[Any]], cells: list[list[tuple[Flowable, ...] | str]],
                 col_widths: list[float], pads: list[list[tuple[float, ...]]], aligns: list[list[str]],
                 lines: list[Line], make_table: Callable[[], Table], valigns: list[list[str]],
                 leadings: list[list[float]], row_heights: list[float | None]) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # as a Table
        self._cellvalues = values  # the cells as given, named as a Table names them (code walking either finds them)
        self.cells, self.col_widths, self.pads, self.aligns, self.lines = cells, col_widths, pads, aligns, lines
        self._make_table = make_table
        self.valigns, self.leadings, self.row_heights = valigns, leadings, row_heights
        self._lefts = column_lefts(col_widths)
        self._heights: list[float] = []
        self._bottoms: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        heights: list[float] = []
        for row, pads, leadings, fixed in zip(self.cells, self.pads, self.leadings, self.row_heights, strict=True):
            if fixed is not None:  # as given, whatever its cells hold
                heights.append(fixed)
                continue
            h: float = 0
            for cell, w, (left, right, top, bottom), leading in zip(row, self.col_widths, pads, leadings, strict=True):
                if isinstance(cell, str):  # an empty text cell: one line
                    t = leading * 1
                else:
                    t = cell_content(cell, w - left - right, canv, _MEASURE - top - bottom)
                t += bottom + top
                if t > h:
                    h = t
            heights.append(h)
        self._bottoms, height = row_bottoms(heights)
        self._heights = heights
        self.width, self.height = self._lefts[-1], height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """As the Table would split (between rows; never within one): its parts are Tables."""
        parts: list[Flowable] = self._make_table().split(avail_width, avail_height)
        return parts

    def draw(self) -> None:
        canv = self.canv
        if not self._heights:
            self.wrap(self.width, self.height)
        lefts = self._lefts
        if any(self.cells):
            canv.setFillColor(black)  # as a Table's first cell starts
        for row, pads, aligns, valigns, bottom, row_h in zip(self.cells, self.pads, self.aligns, self.valigns,
                                                             self._bottoms, self._heights, strict=True):
            for cell, (left, right, top, foot), align, valign, x0, col_w in zip(
                    row, pads, aligns, valigns, lefts, self.col_widths, strict=False):
                if isinstance(cell, str):  # empty text: nothing to see
                    continue
                sizes: list[tuple[float, float]] = []
                h = cell_content(cell, col_w - left - right, canv, row_h - top - foot, sizes)
                if valign == "TOP":
                    y = bottom + row_h - top
                elif valign == "BOTTOM":
                    y = bottom + foot + h
                else:
                    y = bottom + (row_h + foot - top + h) / 2.0
                if cell:
                    y += cell[0].getSpaceBefore()
                for f, (w, h) in zip(cell, sizes, strict=True):
                    if align == "LEFT":
                        x = x0 + left
                    elif align == "RIGHT":
                        x = x0 + col_w - right - w
                    else:
                        x = x0 + (col_w + left - right - w) / 2.0
                    y -= f.getSpaceBefore()
                    y -= h
                    f.drawOn(canv, x, y)
                    y -= f.getSpaceAfter()
        if self.lines:
            canv.saveState()
            canv.setLineCap(1)
            canv.setLineJoin(1)
            for under, c0, c1, weight, color in self.lines:
                canv.setStrokeColor(color)
                canv.setLineWidth(weight)
                y = self._bottoms[under]
                canv.line(lefts[c0], y, lefts[c1 + 1], y)
            canv.restoreState()
