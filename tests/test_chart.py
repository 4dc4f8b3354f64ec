"""The 7-day chart's grid (ChartGrid) draws the same page as the ReportLab Table it replaced.

ChartGrid places and draws the chart itself, for speed. Here the same cells go
into a Table with the old style commands, both are drawn on a page of their own,
and the pages are compared pixel for pixel at 150 dpi: left to right and right to
left, normal and large print, one to four exercises, a name that wraps.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from careplan.i18n import translator
from careplan.planning.planner import make_plan
from careplan.render import fonts
from careplan.render.handout import HandoutOptions, blocks_for
from careplan.render.sections.chart import ChartGrid, TickBoxes, chart
from careplan.render.styles import RULE, SHADE

from .conftest import make_answers

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed (CI installs it)")

WIDTH = 481.9  # A4's text width


def _as_table(grid: ChartGrid, size: float, rtl: bool) -> Table:
    """The grid's cells in a Table styled as the chart's Table was (mirrored on a right-to-left page)."""
    n = len(grid.col_widths)
    days = range(0, n - 1) if rtl else range(1, n)
    rows = [[[c[0]] if isinstance(c, tuple) else c if isinstance(c, TickBoxes) else "" for c in row]
            for row in grid.cells]
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.FAMILY, size),
        ("GRID", (0, 0), (-1, -1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (days[0], 1), (days[-1], -2), "CENTER"),
        ("LEFTPADDING", (days[0], 0), (days[-1], 0), 3.0),
        ("RIGHTPADDING", (days[0], 0), (days[-1], 0), 3.0),
    ]
    table = Table(rows, colWidths=grid.col_widths, rowHeights=grid.row_heights)
    table.setStyle(TableStyle(style))
    return table


def _page(flowable: Flowable, path: Path) -> Path:
    canv = Canvas(str(path), pagesize=(WIDTH + 40, 600))
    _, h = flowable.wrapOn(canv, WIDTH, 560)
    flowable.drawOn(canv, 20, 580 - h)
    canv.showPage()
    canv.save()
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(path.with_suffix(""))],
                   check=True)
    return path.with_suffix(".png")


@pytest.mark.parametrize(("lang", "large", "locations"), [
    ("en", False, ("lower_back",)), ("en", True, ("lower_back",)), ("ar", False, ("lower_back",)),
    ("ar", True, ("neck",)), ("de", True, ("neck", "lower_back")), ("zh", False, ("neck",)),
])
def test_the_grid_draws_the_page_the_table_drew(content, tmp_path: Path, lang: str, large: bool,
                                                locations: tuple[str, ...]) -> None:
    a = make_answers(region="GB", locations=locations)
    plan = make_plan(a, content, region="GB", locale=lang)
    t = translator(lang).in_region("GB")
    b = blocks_for(plan, content, HandoutOptions(date=dt.date(2026, 11, 29), large_print=large), t, WIDTH, 700)
    grid = next(f for f in chart(b, plan)[0]._content if isinstance(f, ChartGrid))
    assert len(grid.cells) == len(plan.exercises) + 2
    table = _as_table(grid, b.st.size, b.st.rtl)
    ours, theirs = _page(grid, tmp_path / "grid.pdf"), _page(table, tmp_path / "table.pdf")
    assert grid.wrap(WIDTH, 560) == table.wrap(WIDTH, 560)
    with Image.open(ours) as x, Image.open(theirs) as y:
        assert x.size == y.size
        assert ImageChops.difference(x.convert("RGB"), y.convert("RGB")).getbbox() is None


def test_a_wrong_grid_is_caught(content, tmp_path: Path) -> None:
    """The comparison can fail: a grid with its boxes one point lower differs from the table."""
    a = make_answers(region="GB")
    plan = make_plan(a, content, region="GB")
    b = blocks_for(plan, content, HandoutOptions(date=dt.date(2026, 11, 29)), translator("en"), WIDTH, 700)
    grid = next(f for f in chart(b, plan)[0]._content if isinstance(f, ChartGrid))
    table = _as_table(grid, b.st.size, False)
    moved = ChartGrid(grid.cells, grid.col_widths, [None, *((h or 0) + 1 for h in grid.row_heights[1:])])
    ours, theirs = _page(moved, tmp_path / "grid.pdf"), _page(table, tmp_path / "table.pdf")
    with Image.open(ours) as x, Image.open(theirs) as y:
        assert ImageChops.difference(x.convert("RGB"), y.convert("RGB")).getbbox() is not None
