"""The 7-day chart's grid (ChartGrid) draws the same page as the ReportLab Table it replaced.

ChartGrid places and draws the chart itself, for speed. Here the chart is also
made as the old code made it, a Table from the plan, both are drawn on a page of their own,
and the pages are compared pixel for pixel at 150 dpi: left to right and right to
left, normal and large print, one to four exercises, a name that wraps.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Table

from careplan.i18n import translator
from careplan.planning.planner import Plan, make_plan
from careplan.render.blocks import Blocks
from careplan.render.handout import HandoutOptions, blocks_for
from careplan.render.layout import CHART_FIRST_COLUMN
from careplan.render.sections.chart import ChartGrid, TickBoxes, _line_width, chart
from careplan.render.styles import RULE, SHADE

from .conftest import make_answers
from .pixels import same_pixels

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed (CI installs it)")

WIDTH = 481.9  # A4's text width
PAGE = 600.0


def _old_table(b: Blocks, plan: Plan) -> Table:
    """The chart's Table as chart() made it before ChartGrid (careplan at dc35620), from the plan:
    its own widths, heights, padding and mirroring, so the grid is held to what the Table drew."""
    t, st = b.t, b.st
    header = [b.p(t.gettext("Tick each time you do it"), st.cell)]
    days = [b.p(t.format("Day {n}", n=n), st.cell) for n in range(1, 8)]
    header += days
    pad = 3.0
    longest = max(_line_width(d) for d in days) + 2 * pad + 1
    day_w = max(b.width * (1 - CHART_FIRST_COLUMN) / 7, longest)
    first = b.width - 7 * day_w
    rows: list[list[Any]] = [header]
    for p in plan.exercises:
        times = min(b.content.item(p.id).dose.times_a_day or 1, 3)
        side = min(st.size * 0.9, (day_w - 8) / (times * 1.5 - 0.5))
        rows.append([b.p(t.gettext(b.content.item(p.id).title), st.cell)] + [TickBoxes(times, side) for _ in range(7)])
    rows.append([b.p(t.gettext("Pain score (0 = none, 10 = worst)"), st.cell)] + [""] * 7)
    heights = [None] + [max(st.size * 1.5, r[0].wrap(first - 12, 1000)[1] + 8) for r in rows[1:]]
    return b.table(rows, [first] + [day_w] * 7, [
        ("GRID", (0, 0), (-1, -1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -2), "CENTER"),
        ("LEFTPADDING", (1, 0), (-1, 0), pad),
        ("RIGHTPADDING", (1, 0), (-1, 0), pad),
    ], rowHeights=heights)


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
    table = _old_table(b, plan)
    assert same_pixels(grid, table, tmp_path, WIDTH, PAGE)
    assert grid.wrap(WIDTH, 560) == table.wrap(WIDTH, 560)


def test_a_wrong_grid_is_caught(content, tmp_path: Path) -> None:
    """The comparison can fail: a grid with its boxes one point lower differs from the table."""
    a = make_answers(region="GB")
    plan = make_plan(a, content, region="GB")
    b = blocks_for(plan, content, HandoutOptions(date=dt.date(2026, 11, 29)), translator("en"), WIDTH, 700)
    grid = next(f for f in chart(b, plan)[0]._content if isinstance(f, ChartGrid))
    table = _old_table(b, plan)
    moved = ChartGrid(grid.cells, grid.col_widths, [None, *((h or 0) + 1 for h in grid.row_heights[1:])])
    assert not same_pixels(moved, table, tmp_path, WIDTH, PAGE)
