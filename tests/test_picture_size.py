"""Pictures in the printed handout: every figure at one scale, and a figure
lying down at least a third of the text width (issue 11), measured in the PDF
as laid out, for the example handouts on A4 and Letter, normal and large print."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from pypdf.generic import ContentStream

from careplan.content import figures
from careplan.content.model import Content
from careplan.contract import answers as answers_mod
from careplan.planning.planner import Plan, make_plan
from careplan.render.handout import HandoutOptions, render_handout
from careplan.render.layout import MARGIN, PAPER

from .conftest import EXAMPLES

SELF_CARE = ["acute-lumbago.yaml", "neck-office.yaml", "sciatica.yaml", "pregnancy-28-weeks.yaml"]


def drawn_scales(pdf: bytes) -> list[float]:
    """The scale of every picture drawn: each picture is one group scaled from
    canvas units to points ("s 0 0 s x y cm"); text and tables are not scaled."""
    scales = []
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"cm":
                a, b, c, d = (float(v) for v in operands[:4])
                if b == c == 0 and a == d and a != 1:
                    scales.append(a)
    return scales


def lying_units(plan: Plan, content: Content) -> list[float]:
    """The length in canvas units of each figure lying with its legs down in
    the plan's pictures (the knees may be bent, as a reader sees it first)."""
    names = {content.item(p.id).picture for p in (*plan.positions, *plan.exercises)}
    if plan.positions:
        names.add("getting_up")
    units = []
    for name in sorted(names):
        for frame in content.pictures[name].frames:
            f = frame.figure
            if f is not None and f.view == "side" and abs(f.angles.get("trunk", 90) - 180) < 15 \
                    and f.angles.get("thigh", 0) < 70:
                x0, _, x1, _ = figures.extent(figures.build(f))
                units.append(x1 - x0)
    return units


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", SELF_CARE)
def test_one_scale_and_lying_figures_a_third_of_the_text_width(content, name: str, paper: str,
                                                               large: bool) -> None:
    a = answers_mod.load(EXAMPLES / name)
    plan = make_plan(a, content, locale="en", region=a.region)
    pdf = render_handout(a, plan, content, HandoutOptions(date=dt.date(2026, 11, 28), paper=paper,
                                                          large_print=large))
    scales = drawn_scales(pdf)
    pictures = len(plan.positions) + len(plan.exercises) + 1  # and getting out of bed
    assert len(scales) >= pictures, scales
    assert max(scales) - min(scales) < 1e-6, sorted(set(scales))  # one scale for every figure
    units = lying_units(plan, content)
    assert units  # every example shows someone lying down
    width = PAPER[paper][0] - 2 * MARGIN
    assert min(units) * scales[0] >= width / 3, (min(units) * scales[0] / width)
