"""A framed box drawn directly: the one-cell ReportLab Table it replaces, without a Table's cost.

Every handout has five or six boxes (the plan at a glance, the emergency
box, the warning boxes, the stop rule, the header). As a Table each one
parsed its style commands, measured its cell again while drawing, and drew
through per-cell style lookups. Box places its flowables exactly where that
Table did (padding, a cell's content from the bottom up, the box centred in
the frame) and draws the same shading and frame: round caps and joins, the
four sides in a Table's order, after the content. tests/test_boxes.py
compares the pages pixel for pixel. Like a one-cell Table it never splits;
a box taller than a page stays a Table of one row per flowable (Blocks.box).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable

from careplan.render.grid import cell_content

_MEASURE = 72000.0  # the height a Table offers its cells when measuring them


def frame_lines(canv: Any, width: float, height: float, weight: float, color: Color) -> None:
    """The four sides of a box, as a Table's BOX draws them (top, bottom, left, right; round caps)."""
    canv.saveState()
    canv.setLineCap(1)
    canv.setLineJoin(1)
    canv.setStrokeColor(color)
    canv.setLineWidth(weight)
    canv.line(0, height, width, height)
    canv.line(0, 0, width, 0)
    canv.line(0, 0, 0, height)
    canv.line(width, 0, width, height)
    canv.restoreState()


class Box(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Flowables in a frame `width` wide, with padding (left, right, top, bottom) and an optional shade."""

    def __init__(self, content: list[Flowable], width: float, padding: tuple[float, float, float, float],
                 line: tuple[float, Color], shade: Color | None = None) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # as a Table
        self._content = content  # what it holds, named as in KeepTogether (tests walk it)
        self.box_width, self.padding, self.line, self.shade = width, padding, line, shade

    def _measure(self, avail_height: float) -> tuple[float, list[float]]:
        """The content's height as a Table cell counts it (spaces between, not outside), and each one's."""
        left, right, top, bottom = self.padding
        inner_w, inner_h = self.box_width - left - right, avail_height - top - bottom
        sizes: list[tuple[float, float]] = []
        total = cell_content(self._content, inner_w, getattr(self, "canv", None), inner_h, sizes)
        return total, [h for _, h in sizes]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, _, top, bottom = self.padding
        self.width, self.height = self.box_width, self._measure(_MEASURE)[0] + (bottom + top)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        left, _, _, bottom = self.padding
        if self.shade is not None:
            canv.setFillColor(self.shade)
            canv.rect(0, self.height, self.width, -self.height, stroke=0, fill=1)
        canv.setFillColor(black)  # as a Table's cell starts
        content_h, heights = self._measure(self.height)
        y = bottom + content_h  # a Table's cell is filled from its foot (its default alignment)
        if self._content:
            y += self._content[0].getSpaceBefore()
        for f, h in zip(self._content, heights, strict=True):
            y -= f.getSpaceBefore()
            y -= h
            f.drawOn(canv, left, y)
            y -= f.getSpaceAfter()
        frame_lines(canv, self.width, self.height, *self.line)
