"""A Box draws the same page as the one-cell ReportLab Table it replaced.

Blocks.box gives a Box for a box that fits a page. Here the same flowables go
into a Table with the old style commands, both are drawn on a page of their
own, and the pages are compared pixel for pixel at 150 dpi: strong and light
boxes, normal and large print, left to right and right to left, a box with a
table inside (the header's) and paragraphs with space around them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from careplan.contract.answers import Clinic
from careplan.i18n import translator
from careplan.planning.planner import make_plan
from careplan.render import fonts
from careplan.render.blocks import Blocks
from careplan.render.boxes import Box
from careplan.render.handout import HandoutOptions, blocks_for, build_story
from careplan.render.styles import INK, RULE, SHADE

from .conftest import make_answers
from .pixels import same_pixels

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="poppler-utils not installed (CI installs it)")

WIDTH = 481.9  # A4's text width


def _old_table(box: Box, b: Blocks) -> Table:
    """The box as Blocks.box made it before Box (careplan at dc35620): a one-cell Table whose padding,
    frame and shade come from the print size and whether it is strong, not from the Box."""
    strong = box.shade is not None
    pad = b.st.size * 0.6
    style: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
    ]
    if strong:
        style += [("BOX", (0, 0), (-1, -1), 3, INK), ("INNERGRID", (0, 0), (-1, -1), 0, INK),
                  ("BACKGROUND", (0, 0), (-1, -1), SHADE)]
    else:
        style += [("BOX", (0, 0), (-1, -1), 1, RULE)]
    return b.table([[list(box._content)]], [b.width], style)


def _as_table(box: Box, size: float) -> Table:
    """A one-cell Table with the Box's own padding, frame and shade (for boxes made here)."""
    left, right, top, bottom = box.padding
    weight, color = box.line
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.FAMILY, size),
        ("LEFTPADDING", (0, 0), (-1, -1), left), ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("BOX", (0, 0), (-1, -1), weight, color),
    ]
    if box.shade is not None:
        style += [("INNERGRID", (0, 0), (-1, -1), 0, INK), ("BACKGROUND", (0, 0), (-1, -1), box.shade)]
    table = Table([[list(box._content)]], colWidths=[box.box_width])
    table.setStyle(TableStyle(style))
    return table


def _same(a: Flowable, b: Flowable, tmp_path: Path) -> bool:
    return same_pixels(a, b, tmp_path, WIDTH, 900)


def _boxes(content, lang: str, large: bool, **answers: Any) -> tuple[list[Box], Blocks]:
    """Every Box on the handout for these answers."""
    a = make_answers(region="GB", **answers)
    plan = make_plan(a, content, region="GB", locale=lang)
    t = translator(lang).in_region("GB")
    options = HandoutOptions(date=dt.date(2026, 11, 29), large_print=large)
    story = build_story(a, plan, content, options, t, WIDTH, 700)
    found: list[Box] = []

    def walk(f: Flowable) -> None:
        if isinstance(f, Box):
            found.append(f)
        for child in getattr(f, "_content", None) or []:
            walk(child)

    for f in story:
        walk(f)
    return found, blocks_for(plan, content, options, t, WIDTH, 700)


@pytest.mark.parametrize(("lang", "large", "answers"), [
    ("en", False, {"patient_name": "Sam Taylor", "clinic": Clinic(name="Riverside Practice", clinician="Dr Okafor")}),
    ("en", True, {}),
    ("ar", False, {"patient_name": "Sam Taylor"}),
    ("ru", True, {"red_flags": ("fever",)}),
    ("zh", False, {}),
])
def test_each_box_draws_the_page_its_table_drew(content, tmp_path: Path, lang: str, large: bool,
                                                answers: dict[str, Any]) -> None:
    boxes, b = _boxes(content, lang, large, **answers)
    assert len(boxes) >= 2
    if not large:  # strong (shaded, thick) and light boxes both (large print: some are too tall, see below)
        assert any(b.shade is not None for b in boxes) and any(b.shade is None for b in boxes)
    for box in boxes:
        table = _old_table(box, b)
        assert box.wrap(WIDTH, 860) == table.wrap(WIDTH, 860)
        assert _same(box, table, tmp_path), [type(f).__name__ for f in box._content]


def test_a_box_taller_than_a_page_stays_a_table_that_can_split(content) -> None:
    """Large print with many warning signs: the box continues on the next page, framed on each."""
    a = make_answers(region="GB", age=30, locations=("neck", "lower_back"), conditions=("cancer_history",))
    plan = make_plan(a, content, region="GB")
    t = translator("en").in_region("GB")
    b = blocks_for(plan, content, HandoutOptions(date=dt.date(2026, 11, 29), large_print=True), t, WIDTH, 200)
    tall = b.box([b.p("A line of text to fill the box.") for _ in range(30)], strong=True)
    assert isinstance(tall, Table) and len(tall.split(WIDTH, 150)) == 2
    short = b.box([b.p("A line of text.")], strong=True)
    assert isinstance(short, Box)


def test_space_around_the_flowables_is_placed_as_a_table_places_it(content, tmp_path: Path) -> None:
    boxes, b = _boxes(content, "en", False)
    first = boxes[0]._content[0]
    box = Box([Spacer(10, 7), first, Spacer(10, 13)], WIDTH, (9.0, 5.0, 4.0, 11.0), (3, INK), SHADE)
    assert _same(box, _as_table(box, b.st.size), tmp_path)


def test_a_wrong_box_is_caught(content, tmp_path: Path) -> None:
    """The comparison can fail: the same box with its frame one point thinner differs from the table."""
    boxes, b = _boxes(content, "en", False)
    box = boxes[0]
    thinner = Box(list(box._content), box.box_width, box.padding, (box.line[0] - 1, box.line[1]), box.shade)
    assert not _same(thinner, _old_table(box, b), tmp_path)
    assert RULE != INK
