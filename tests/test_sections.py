"""Each handout section on its own: a function from the plan to its flowables, rendered alone into a PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from careplan.contract.answers import Clinic
from careplan.i18n import translator
from careplan.planning.planner import Plan, make_plan
from careplan.render.blocks import Blocks
from careplan.render.boxes import Box
from careplan.render.document import build_pdf
from careplan.render.layout import MARGIN, PAPER
from careplan.render.sections.chart import chart
from careplan.render.sections.emergency import emergency_sheet
from careplan.render.sections.exercises import exercises
from careplan.render.sections.glance import at_a_glance
from careplan.render.sections.habits import habits
from careplan.render.sections.header import clinic_block, header
from careplan.render.sections.medicines import medicines
from careplan.render.sections.notes import notes_block
from careplan.render.sections.positions import positions
from careplan.render.sections.warnings import warning_boxes
from careplan.render.sections.why import why_this_plan
from careplan.render.styles import make_styles

from .conftest import make_answers

DATE = dt.date(2026, 11, 22)
ANSWERS = make_answers(region="GB", patient_name="Sam Taylor", clinic=Clinic(name="Riverside Practice"))
HEADINGS = ["Your plan for back pain", "Your plan at a glance", "Right now: ease the pain", "Your exercises",
            "Everyday habits", "Medicines", "Your 7-day chart", "Notes from your clinician", "When to get help",
            "Why these exercises were chosen for you"]

Section = Callable[[Blocks, Plan], list[Flowable]]
SECTIONS: dict[str, Section] = {
    "Your plan for back pain": lambda b, plan: header(b, ANSWERS, "Your plan for back pain", DATE, notes_below=True),
    "Your plan at a glance": lambda b, plan: at_a_glance(b, plan, ANSWERS, b.content.region("GB"),
                                                         dt.date(2026, 11, 28)),
    "Right now: ease the pain": lambda b, plan: positions(b, plan, "Right now: ease the pain"),
    "Your exercises": exercises,
    "Everyday habits": habits,
    "Medicines": medicines,
    "Your 7-day chart": chart,
    "Notes from your clinician": lambda b, plan: notes_block(b, ANSWERS),
    "When to get help": lambda b, plan: warning_boxes(b, plan, b.content.region("GB")),
    "Why these exercises were chosen for you": lambda b, plan: why_this_plan(b, plan),
}


def blocks(content, large_print: bool = False) -> Blocks:
    t = translator("en").in_region("GB")
    return Blocks(t, make_styles(large_print), content, PAPER["a4"][0] - 2 * MARGIN)


def alone(b: Blocks, story: list[Flowable]) -> str:
    """The story as a PDF of its own, read back as text."""
    pdf = build_pdf(story, b.t, PAPER["a4"], "One section", "One section", large_print=False)
    return " ".join(re.sub(r"\s+", " ", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("heading", list(SECTIONS))
def test_each_section_renders_alone_with_only_its_own_heading(content, heading: str) -> None:
    plan = make_plan(ANSWERS, content, region="GB")
    assert plan.level == "self_care" and plan.positions and plan.exercises and plan.tips
    b = blocks(content)
    text = alone(b, SECTIONS[heading](b, plan))
    assert heading in text
    text = text.replace("\u201cWhen to get help\u201d", "")  # the chart points to the warning boxes by name
    assert [h for h in HEADINGS if h in text and h != heading] == []


def test_the_warning_boxes_alone(content) -> None:
    plan = make_plan(ANSWERS, content, region="GB")
    b = blocks(content)
    text = alone(b, warning_boxes(b, plan, content.region("GB")))
    assert text.index("When to get help") < text.index("Call 999 now if you have:")
    assert "See a doctor today if you have:" in text


def test_the_emergency_sheet_alone(content) -> None:
    answers = ANSWERS.replace(red_flags=("saddle_numbness", "bladder_or_bowel_change"))
    plan = make_plan(answers, content, region="GB")
    assert plan.level == "emergency"
    b = blocks(content)
    text = alone(b, emergency_sheet(b, plan, answers, content.region("GB"), DATE))
    assert "999" in text and "Why this is an emergency" in text and "While you wait for help" in text
    assert "Your exercises" not in text and "Sam Taylor" in text


def test_a_clinic_block_that_fits_is_one_framed_box(content) -> None:
    b = blocks(content, large_print=True)
    rows = [b.bold_lead("Clinic:", "Riverside Practice"), b.bold_lead("Notes:", "Walk daily.")]
    block = clinic_block(b, rows)
    assert len(block) == 1 and isinstance(block[0], Box)  # a box that fits: one framed flowable


def test_picture_row_passes_the_pregnancy_flag(content) -> None:
    b = blocks(content)
    item = content.item("pelvic_tilt_standing")
    plain, bump = (b.picture_row(item, [b.p("x")], pregnant=p) for p in (False, True))
    # the picture is the row's first cell: drawn, the two write different page operators
    def ops(picture: Flowable) -> list[str]:
        canvas = Canvas(io.BytesIO())
        picture.drawOn(canvas, 0, 0)
        return list(canvas._code)

    assert ops(plain._cellvalues[0][0]) != ops(bump._cellvalues[0][0])


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
def test_a_picture_block_is_as_tall_as_measured(content, large_print: bool, rtl: bool) -> None:
    """The layout weighs picture blocks by their measured height, without making
    Tables: each block, every picture, full and half width, must come out exactly that tall."""
    from careplan.render.sections.items import item_body

    b = Blocks(translator("en").in_region("GB"), make_styles(large_print, rtl), content,
               PAPER["a4"][0] - 2 * MARGIN, pic_scale=0.9)
    items = [content.item(i) for i in ("knee_rocking", "supine_knees_supported", "side_lying_pillow_between_knees")]
    for name in sorted(content.pictures):
        for item in items:
            for width, rule in ((None, True), (b.half_width(), False), (b.width * 0.3, True)):
                block = b.measured_picture_block(name, item_body(b, item), width=width, rule=rule)
                assert block.make().wrap(width or b.width, 1e6)[1] == pytest.approx(block.height, abs=1e-6)
                for layout in block.layouts():  # and each part, in every layout, for splitting
                    for text, picture in ((block.body[:2], True), (block.body[2:], False)):
                        make, height = layout.part(text, picture)
                        assert make().wrap(width or b.width, 1e6)[1] == pytest.approx(height, abs=1e-6), name


def test_a_picture_block_in_two_parts_keeps_title_and_a_step_with_the_picture(content) -> None:
    """Splitting (large print): the first part fits the room and holds the
    picture, the title and at least the first step; the rest holds at least
    two lines (never the dose alone) under the title marked as continued."""
    from reportlab.platypus import Paragraph

    from careplan.render.sections.items import item_body

    def paragraphs(table: Table) -> list[Paragraph]:
        cells = [cell for row in table._cellvalues for cell in row]
        return [f for cell in cells for f in (cell if isinstance(cell, (list, tuple)) else [cell])
                if isinstance(f, Paragraph)]

    b = Blocks(translator("en").in_region("GB"), make_styles(True), content, PAPER["a4"][0] - 2 * MARGIN)
    item = content.item("knee_rocking")
    block = b.measured_picture_block(item.picture, item_body(b, item))
    continued = b.p("Knee rocking (continued)", b.st.item_title)
    assert block.parts(10.0, continued) is None  # not even the picture fits
    for room in (block.height * 0.6, block.height * 0.8, block.height - 1):
        parts = block.parts(room, continued)
        assert parts is not None and len(parts) == 2
        assert parts[0].wrap(b.width, 1e6)[1] <= room
        first, rest = (paragraphs(part) for part in parts)
        assert len(first) >= 2 and first[0] is block.body[0]  # the title and a step
        assert rest[0] is continued and len(rest) >= 3  # continued, then at least two lines
        assert first + rest[1:] == list(block.body)  # every line once, in order


def test_habits_at_the_foot_of_a_half_empty_page_place_the_tips_that_fit(content) -> None:
    """A first tip too long for the half page left goes on the next page, and
    the shorter ones after it fill this one, in their order; with room for
    the first, the tips keep their order."""
    from careplan.render.sections.habits import Columns

    b = Blocks(translator("en").in_region("GB"), make_styles(True), content, PAPER["a4"][0] - 2 * MARGIN)
    long_tip = [b.p("Long tip", b.st.item_title), b.p("Keep moving and go on with your day. " * 14)]
    short = [[b.p(f"Short tip {n}", b.st.item_title), b.p("Take a short walk.")] for n in (1, 2)]
    columns = Columns(b, [b.p("Everyday habits", b.st.h1)], [long_tip, *short])
    room = b.height * 0.5
    assert columns._table([long_tip]).wrap(b.width, 1e6)[1] > room  # the long tip alone does not fit
    placed = columns.split(b.width, room)
    assert isinstance(placed[-1], Columns) and placed[-1].tips == [long_tip]
    table = placed[1]
    assert [f for cell in table._cellvalues[0] for f in cell if f in (short[0][0], short[1][0])] == \
        [short[0][0], short[1][0]]
    assert sum(f.wrap(b.width, 1e6)[1] for f in placed[:2]) <= room
    # a page with room enough: the first tip first, as before
    whole = columns.split(b.width, b.height)
    assert not isinstance(whole[-1], Columns)


@pytest.mark.parametrize("locale, large", [("en", False), ("en", True), ("ru", False), ("zh", False)])
def test_text_beside_a_picture_is_never_a_narrow_strip(content, locale, large) -> None:
    """Every picture, alone across the width or one of two side by side: when
    its text goes beside it, the column keeps about 20 letters a line (10 ems;
    7 in Chinese, an em a character), never two or three words a line."""
    b = Blocks(translator(locale), make_styles(large), content, PAPER["a4"][0] - 2 * MARGIN)
    least = b.st.size * (7 if locale == "zh" else 10)
    item = content.exercises[0]
    body = [b.p(step, b.st.item_step) for step in item.steps]
    beside = 0
    for name in content.pictures:
        for width in (b.width, b.half_width()):
            table = b.measured_picture_block(name, body, width=width).make()
            widths = table.col_widths
            if len(widths) == 2:
                beside += 1
                assert widths[1] >= least - 0.01, (name, width, widths)  # picture, then its text
    assert beside  # some pictures do go beside their text


@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 300), st.sampled_from([0.0, 1.0, 2.0, 3.0])),
                min_size=1, max_size=4))
def test_the_layout_chosen_is_the_least_of_all_though_not_all_are_measured(shapes: list) -> None:
    """_least measures a layout only while its floor (its picture alone) can still beat the best so
    far; the choice, and the other layouts handed on, must be those of measuring every one."""
    from careplan.render.blocks import PictureBlock, _least

    measured: list[int] = []

    def layout(n: int, height: float) -> Any:
        def make() -> PictureBlock:
            measured.append(n)
            return PictureBlock(lambda: None, height, [n], lambda text, picture: (lambda: None, 0.0))
        return make

    layouts = [(floor + handicap, handicap, layout(n, floor + extra))
               for n, (floor, extra, handicap) in enumerate(shapes)]
    chosen = _least(layouts)
    heights = [floor + extra for floor, extra, _ in shapes]
    best = min(range(len(shapes)), key=lambda n: (heights[n] + shapes[n][2], n))
    assert chosen.body == [best]
    assert [b.body for b in chosen.layouts()] == [[best], *([n] for n in range(len(shapes)) if n != best)]
    assert sorted(measured) == list(range(len(shapes)))  # every layout, each measured once, once asked for
