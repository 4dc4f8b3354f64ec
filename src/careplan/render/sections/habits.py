""""Everyday habits": the chosen tips in two columns, each title kept with its text."""

from __future__ import annotations

import itertools

from reportlab.platypus import Flowable, FrameBreak
from reportlab.platypus.flowables import _listWrapOn

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story, stack_height


def _height(tips: list[Story], width: float) -> float:
    h: float = _listWrapOn([f for tip in tips for f in tip], width, None)[1]
    return h


class Columns(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Short blocks (a title and its text) in two columns, read down the first
    and then the second, the columns as even as may be. A block is never
    split; at the foot of a page the blocks that fit go there, in two
    columns, and the rest on the next page."""

    def __init__(self, b: Blocks, lead: Story, tips: list[Story]) -> None:
        super().__init__()
        self.b, self.lead, self.tips = b, lead, tips
        self.gap = b.st.size * 1.2
        self.col = (b.width - self.gap) / 2
        self._content = [*lead, *(f for tip in tips for f in tip)]  # what it holds, as in KeepTogether
        self._heights: dict[tuple[int, ...], float] = {}

    def _column(self, tips: list[Story]) -> float:
        """_height of these tips in a column, worked out once: a split weighs the same runs of
        tips again and again (a paragraph's height at one width never changes, render/memo.py)."""
        key = tuple(map(id, tips))  # tips of self.tips, which holds them: their ids stay theirs
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = _height(tips, self.col)
        return height

    def _table(self, tips: list[Story]) -> Flowable:
        """The tips in two columns, split where the taller column is the shortest."""
        cut = min(range(len(tips) + 1), key=lambda k: (max(self._column(tips[:k]), self._column(tips[k:])), -k))
        cells = [[f for tip in tips[:cut] for f in tip], [f for tip in tips[cut:] for f in tip]]
        half = self.b.width / 2
        return self.b.table([cells], [half, half], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), self.gap / 2),
            ("LEFTPADDING", (1, 0), (1, 0), self.gap / 2),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split (as KeepTogether does)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        for n in range(len(self.tips), 0, -1):  # the most tips whose two columns fit here, under the lead
            # measured on a copy: a Table that has been wrapped keeps its cells expanded
            if stack_height([*self.lead, self._table(self.tips[:n])], avail_width) <= avail_height:
                rest = [Columns(self.b, [], self.tips[n:])] if n < len(self.tips) else []
                return [*self.lead, self._table(self.tips[:n]), *rest]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):  # a tip taller than a page: as it comes
            return [*self.lead, self._table(self.tips[:1]), *([Columns(self.b, [], self.tips[1:])]
                                                               if self.tips[1:] else [])]
        if avail_height > self.b.height * 0.45:  # a page about half empty: shorter tips may go first
            for size in range(len(self.tips) - 1, 0, -1):
                for picked in itertools.combinations(range(len(self.tips)), size):
                    tips = [self.tips[i] for i in picked]
                    if stack_height([*self.lead, self._table(tips)], avail_width) <= avail_height:
                        later = [tip for i, tip in enumerate(self.tips) if i not in picked]
                        return [*self.lead, self._table(tips), Columns(self.b, [], later)]
        return [FrameBreak(), Columns(self.b, self.lead, self.tips)]  # not even one tip: the next page

    def draw(self) -> None:  # never drawn: always split first
        pass


def habits(b: Blocks, plan: Plan) -> Story:
    """The heading, then the tips in two columns (short lines, less paper)."""
    t, st = b.t, b.st
    tips = [[b.p(t.gettext(b.content.tip(p.id).title), st.item_title), b.p(t.gettext(b.content.tip(p.id).text))]
            for p in plan.tips]
    heading = b.p(t.gettext("Everyday habits"), st.h1)  # travels with the first tips: never ends a page
    return [Columns(b, [heading], tips)] if tips else []
