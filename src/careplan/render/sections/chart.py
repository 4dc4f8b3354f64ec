""""Your 7-day chart": a row of tick boxes a day for each exercise, and the pain score."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.layout import CHART_FIRST_COLUMN
from careplan.render.styles import RULE, SHADE


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
        self.canv.setLineWidth(0.8)
        for i in range(self.count):
            self.canv.rect(i * self.side * 1.5, 0, self.side, self.side, stroke=1, fill=0)


def _line_width(p: Paragraph) -> float:
    """The width of a paragraph's text on one line."""
    p.wrap(1e4, 1e4)
    widths: list[float] = p.getActualLineWidths0()
    return max(widths)


def chart(b: Blocks, plan: Plan) -> Story:
    """The chart with its heading, how to use it, and when rising pain means stop."""
    t, st = b.t, b.st
    header = [b.p(t.gettext("Tick each time you do it"), st.cell)]
    days = [b.p(t.format("Day {n}", n=n), st.cell) for n in range(1, 8)]
    header += days
    # a day's column is wide enough for "Day 7" on one line (large print: the
    # first column gives up the room, the exercise names wrap instead)
    pad = 3.0
    longest = max(_line_width(d) for d in days) + 2 * pad + 1
    day_w = max(b.width * (1 - CHART_FIRST_COLUMN) / 7, longest)
    first = b.width - 7 * day_w
    rows: list[list[Any]] = [header]
    for p in plan.exercises:
        times = min(b.content.item(p.id).dose.times_a_day or 1, 3)  # a box for each time a day
        side = min(st.size * 0.9, (day_w - 8) / (times * 1.5 - 0.5))  # the row of boxes fits its day
        rows.append([b.p(t.gettext(b.content.item(p.id).title), st.cell)] + [TickBoxes(times, side) for _ in range(7)])
    rows.append([b.p(t.gettext("Pain score (0 = none, 10 = worst)"), st.cell)] + [""] * 7)
    # rows are tall enough to write in, and grow when a long name wraps
    heights = [None] + [max(st.size * 1.5, r[0].wrap(first - 12, 1000)[1] + 8) for r in rows[1:]]
    tbl = b.table(rows, [first] + [day_w] * 7, [
        ("GRID", (0, 0), (-1, -1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -2), "CENTER"),
        ("LEFTPADDING", (1, 0), (-1, 0), pad),
        ("RIGHTPADDING", (1, 0), (-1, 0), pad),
    ], rowHeights=heights)
    return [KeepTogether([
        b.p(t.gettext("Your 7-day chart"), st.h1),
        b.p(t.gettext("Tick a box each time you do an exercise, and write down your pain score each day. "
                      "Bring this page to your next visit.")),
        tbl,
        Spacer(1, st.size * 0.3),
        b.p(t.gettext("If your pain score keeps going up for 2 or 3 days, stop the exercise that makes it worse "
                      "and contact your doctor. If a warning sign appears, follow \u201cWhen to get help\u201d."),
            st.bold),
    ])]
