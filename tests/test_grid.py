"""A Grid draws the same page as the ReportLab Table it stands for.

Blocks.table gives a Grid when the cells and style allow. Each Grid keeps the
Table its rows and style commands make (the old Blocks.table, unchanged), so
here both are drawn on a page of their own and compared pixel for pixel at
150 dpi: every table of handouts in four scripts, left to right and right to
left, normal and large print, the picture blocks in every layout, the
blocks two to a row and the habits' columns. Their sizes must be equal to
the last bit, and a split must give the Table's own parts.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Paragraph, Spacer, Table

from careplan.contract.answers import Clinic
from careplan.i18n import translator
from careplan.planning.planner import make_plan
from careplan.render.blocks import Blocks
from careplan.render.grid import Grid, grid
from careplan.render.handout import HandoutOptions, build_story
from careplan.render.sections.habits import Columns
from careplan.render.styles import make_styles

from .conftest import make_answers
from .pixels import same_pages, same_pixels

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed (CI installs it)")

WIDTH = 481.9  # A4's text width


def _grids(content, lang: str, large: bool, **answers: Any) -> list[Grid]:
    """Every Grid of the handout for these answers, the habits' columns as the layout makes them."""
    a = make_answers(region="GB", **answers)
    plan = make_plan(a, content, region="GB", locale=lang)
    options = HandoutOptions(date=dt.date(2026, 11, 29), large_print=large)
    story = build_story(a, plan, content, options, translator(lang).in_region("GB"), WIDTH, 700)
    found: list[Grid] = []

    def walk(f: Any) -> None:
        if isinstance(f, Columns):
            f = f._table(f.tips)
        if isinstance(f, Grid):
            found.append(f)
        for child in getattr(f, "_content", None) or []:
            walk(child)
        for row in getattr(f, "_cellvalues", None) or []:
            for cell in row:
                for item in cell if isinstance(cell, (list, tuple)) else [cell]:
                    walk(item)

    for f in story:
        walk(f)
    return found


def _shape(g: Grid) -> tuple[int, int]:
    return len(g.cells), len(g.col_widths)


@pytest.mark.parametrize(("lang", "large", "answers"), [
    ("en", False, {}),
    ("en", True, {"age": 31, "pregnancy": "third_trimester", "pelvic_girdle_pain": True}),
    ("ar", False, {"patient_name": "Sam Taylor"}),
    ("ar", True, {}),
    ("ru", False, {"locations": ("neck",)}),
    ("zh", True, {}),
    ("en", False, {"clinic": Clinic(name="Riverside Practice", phone="01632 960000", clinician="Dr Okafor")}),
    ("ar", True, {"clinic": Clinic(name="Riverside Practice", clinician="Dr Okafor", notes="Walk daily.",
                                   follow_up=dt.date(2026, 12, 14))}),
])
def test_each_grid_draws_the_page_its_table_drew(content, tmp_path: Path, lang: str, large: bool,
                                                 answers: dict[str, Any]) -> None:
    grids = _grids(content, lang, large, **answers)
    assert len(grids) >= 4
    tables = [g._make_table() for g in grids]
    for g, table in zip(grids, tables, strict=True):
        assert isinstance(table, Table)
        assert g.wrap(WIDTH, 860) == table.wrap(WIDTH, 860)
    assert same_pages(list(zip(grids, tables, strict=True)), tmp_path, WIDTH, 900) == []


def test_the_handouts_tables_are_grids_of_every_shape(content) -> None:
    """Picture beside its text (a row of two), above it (two rows), two blocks to a row,
    the habits' two columns, the clinic's details two to a line (an empty cell after an odd
    one), the lines to write notes on (fixed heights, text at the foot): all Grids."""
    clinic = Clinic(name="Riverside Practice", phone="01632 960000", clinician="Dr Okafor")
    grids = [g for lang in ("en", "ar") for g in _grids(content, lang, False, clinic=clinic)]
    assert {(1, 2), (2, 1)} <= {_shape(g) for g in grids}
    assert any(g.lines for g in grids)
    assert any("" in row for g in grids for row in g.cells)  # the clinic's details, an empty cell
    notes = [g for g in grids if any(h is not None for h in g.row_heights)]  # the lines for notes
    assert notes and all(v == "BOTTOM" for g in notes for row in g.valigns for v in row)


def test_a_grid_splits_as_its_table_splits(content) -> None:
    """A picture above its text splits between the picture and the text, as the Table did."""
    b = Blocks(translator("en").in_region("GB"), make_styles(True), content, WIDTH)
    body = [b.p("Step one of several, said at some length. " * 3, b.st.step) for _ in range(3)]
    block = b.picture_block("knee_rocking", body, width=b.width * 0.45)
    assert isinstance(block, Grid) and _shape(block) == (2, 1)
    picture_row = block._make_table().wrap(b.width, 1e6)[1] - body[0].wrap(b.width * 0.45, 1e6)[1]
    for room in (picture_row, block.wrap(b.width, 1e6)[1] - 1, 5.0):
        ours, theirs = block.split(b.width, room), block._make_table().split(b.width, room)
        assert [type(p) for p in ours] == [type(p) for p in theirs]
        assert [p.wrap(b.width, 1e6) for p in ours] == [p.wrap(b.width, 1e6) for p in theirs]
    assert len(block.split(b.width, block.wrap(b.width, 1e6)[1] - 1)) == 2


def test_tables_a_grid_does_not_draw_stay_tables(content) -> None:
    """Text in a cell, a frame, shading, spans: a Table, as before."""
    b = Blocks(translator("en").in_region("GB"), make_styles(False), content, WIDTH)
    p = b.p("x")
    top = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    assert isinstance(b.table([[p, p]], [100, 100], top), Grid)
    assert isinstance(b.table([[p, ""]], [100, 100], top), Grid)  # an empty cell draws nothing
    assert isinstance(b.table([[p], [p]], [100], top, rowHeights=[None, 20]), Grid)
    assert isinstance(b.table([[p, "x"]], [100, 100], top), Table)
    assert isinstance(b.table([[p, p]], [100, 100], [*top, ("BOX", (0, 0), (-1, -1), 1, "black")]), Table)
    assert isinstance(b.table([[p, p]], [100, 100], [("BACKGROUND", (0, 0), (-1, -1), "grey")]), Table)
    assert isinstance(b.table([[p, p]], [100, 100], [("SPAN", (0, 0), (1, 0))]), Table)
    assert isinstance(b.table([[p]], [100], top, repeatRows=1), Table)
    assert grid([[p]], [100], [("VALIGN", (0, 0), (-1, -1), "BASELINE")], lambda: Table([[p]])) is None
    # what a Table reads its own way (clamps, skips, keeps the last value) or refuses: left to it
    for odd in ([("LEFTPADDING", (-3, 0), (0, 0), 40)], [("LINEBELOW", (0, -3), (-1, 0), 2, "black")],
                [("LEFTPADDING", (0, 0), (5, 0), 4)], [("LINEBELOW", (1, 0), (0, 0), 1, "black")],
                [("LINEBELOW", (0, 0), (-1, -1), 0, "black")], [("LINEBELOW", (0, 0), (-1, -1), 1, None)],
                [("FONT", (0, 0), (-1, -1), "PTSans", 10, 0)], [("LEFTPADDING", (0, "splitlast"), (-1, -1), 4)],
                [("ROUNDEDCORNERS", [2, 2, 2, 2])], [("LEFTPADDING", (0, 0), (0, 0), 120)]):
        assert grid([[p, p]], [100, 100], [*top, *odd], lambda: Table([[p, p]])) is None, odd
    assert grid([[p, p]], [100, 100], top, lambda: Table([[p, p]]), row_heights=30) is None  # type: ignore[arg-type]
    assert grid([[p, p]], [100, 100], top, lambda: Table([[p, p]]), row_heights=(None,)) is None


def test_space_padding_and_alignment_are_placed_as_a_table_places_them(content, tmp_path: Path) -> None:
    """Spacers around paragraphs, a picture narrower than its cell, each alignment across and
    down, uneven padding, a row of fixed height, an empty cell, a cell of nothing."""
    b = Blocks(translator("en").in_region("GB"), make_styles(False), content, WIDTH)
    pic = b.picture("knee_rocking")
    pairs = []
    for align, valign in (("LEFT", "TOP"), ("RIGHT", "MIDDLE"), ("CENTER", "BOTTOM"), ("LEFT", "BOTTOM")):
        style = [("VALIGN", (0, 0), (-1, -1), valign), ("ALIGN", (0, 0), (-1, -1), align),
                 ("LEFTPADDING", (0, 0), (0, -1), 9), ("TOPPADDING", (1, 0), (1, 0), 7.5),
                 ("BOTTOMPADDING", (0, -1), (-1, -1), 4), ("LINEBELOW", (0, 0), (-1, -1), 0.5, "grey")]
        rows = [[[Spacer(10, 7), b.p("One two three four five six."), Spacer(10, 13)], [pic]],
                [[pic], [b.p("Seven eight."), b.p("Nine.", b.st.step)]],
                ["", []],
                [[b.p("Ten.")], ""]]
        for heights in (None, [None, 150, 30, None]):
            g = b.table(rows, [300, WIDTH - 300], style, **({"rowHeights": heights} if heights else {}))
            assert isinstance(g, Grid)
            assert g.wrap(WIDTH, 860) == g._make_table().wrap(WIDTH, 860)
            pairs.append((g, g._make_table()))
    assert same_pages(pairs, tmp_path, WIDTH, 900) == []


def test_a_wrong_grid_is_caught(content, tmp_path: Path) -> None:
    """The comparison can fail: the same grid with its first cell's padding one point wider."""
    g = next(g for g in _grids(content, "en", False) if _shape(g) == (1, 2) and any(
        isinstance(f, Paragraph) for f in g.cells[0][1]))
    left, right, top, bottom = g.pads[0][1]
    wrong = Grid(g._cellvalues, g.cells, g.col_widths, [[g.pads[0][0], (left + 1, right, top, bottom)]],
                 g.aligns, g.lines, g._make_table, g.valigns, g.leadings, g.row_heights)
    assert same_pixels(g, g._make_table(), tmp_path, WIDTH, 900)  # the same grid as it is: no difference
    assert not same_pixels(wrong, g._make_table(), tmp_path, WIDTH, 900)



def test_a_style_read_once_reads_as_it_would_afresh(content, monkeypatch) -> None:
    """Grids made from one style share its reading (grid._read): the same as reading it afresh,
    kept apart by shape and widths, and never confused with a style whose True or 1 would be read
    otherwise (True == 1 as a key; only 1 is a number to a Table)."""
    from careplan.render import grid as grid_mod

    monkeypatch.setattr(grid_mod, "_READ", {})
    b = Blocks(translator("en").in_region("GB"), make_styles(False), content, WIDTH)
    p = b.p("x")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0),
             ("LINEBELOW", (0, -1), (-1, -1), 0.5, "black")]
    for rows, widths in (([[p, p]], [100, 100]), ([[p], [p]], [100]), ([[p, p]], [120, 80])):
        made = [grid(rows, widths, style, lambda rows=rows: Table(rows)) for _ in range(2)]
        fresh = grid_mod._read_style(style, len(rows), len(widths), widths)
        assert fresh is not None
        for g in made:
            assert (g.pads, g.aligns, g.valigns, g.leadings, g.lines) == tuple(fresh)
        assert made[0].pads is made[1].pads  # read once
    assert len(grid_mod._READ) == 3
    one = [("LEFTPADDING", (0, 0), (-1, -1), 1)]
    assert grid([[p]], [100], one, lambda: Table([[p]])) is not None
    assert grid([[p]], [100], [("LEFTPADDING", (0, 0), (-1, -1), True)], lambda: Table([[p]])) is None
    assert grid([[p]], [100], [("LEFTPADDING", (0, 0), (-1, -1), 1)], lambda: Table([[p]])) is not None
