"""Positions and exercises as picture rows: picture, title, steps, dose and when to stop."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reportlab.platypus import Flowable, FrameBreak, KeepTogether

from careplan.content.model import Item
from careplan.planning.planner import Pick, Plan
from careplan.render.blocks import Blocks, Story, stack_height
from careplan.render.texts import dose_lines


def item_body(b: Blocks, item: Item) -> Story:
    """An item's title, numbered steps, dose and when to stop."""
    t, st = b.t, b.st
    body = [b.p(t.gettext(item.title), st.item_title), *b.steps(item.steps, style=st.item_step)]
    dose = dose_lines(t, item)
    if dose:  # how much and how often in one bold paragraph (a CJK full stop needs no space after it)
        body.append(b.p("".join(line if not n or dose[n - 1].endswith("\u3002") else " " + line
                                for n, line in enumerate(dose)), st.bold))
    if item.stop:
        body.append(b.p(t.gettext(item.stop)))
    return body


def _height(f: Flowable, width: float) -> float:
    h: float = f.wrap(width, 1e6)[1]
    return h


class Row(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """One item across the width, or two side by side, with the section's
    lead-in (heading, introduction) before the first. Kept on one page; at
    the foot of a page where it does not fit, two side by side become the
    first across the width there and the second on the next page, and a page
    filled to about half or less keeps the lead-in: no page is left half empty
    for a row (a heading still never ends a page: its introduction follows)."""

    def __init__(self, lead: Story, whole: Flowable, first: Flowable | None = None,
                 second: Flowable | None = None, page_height: float = 0.0) -> None:
        super().__init__()
        self.lead, self.whole, self.first, self.second = lead, whole, first, second
        self.page_height = page_height
        self._content = [*lead, whole]  # what it holds, as in KeepTogether

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split (as KeepTogether does)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        together = [*self.lead, self.whole]
        if stack_height(together, avail_width) <= avail_height:
            return together
        if self.first is not None and self.second is not None and \
                stack_height([*self.lead, self.first], avail_width) <= avail_height:
            return [*self.lead, self.first, KeepTogether([self.second])]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return together  # taller than a page: as it comes
        if len(self.lead) > 1 and avail_height > self.page_height * 0.45 and \
                stack_height(self.lead, avail_width) <= avail_height:
            return [*self.lead, KeepTogether([self.whole])]
        return [FrameBreak(), *together]

    def draw(self) -> None:  # never drawn: always split first
        pass


def picture_items(b: Blocks, plan: Plan, picks: Iterable[Pick], lead: Story,
                  more: Iterable[tuple[str, Story]] = ()) -> Story:
    """Each item kept on one page, alone across the width or two side by side,
    whichever takes less paper; the section's lead-in (heading, introduction)
    travels with the first, so a heading never ends a page. `more`: further
    blocks as (picture name, text), laid out as the items are."""
    pregnant = plan.pregnancy != "none"
    blocks = [(b.content.item(p.id).picture, item_body(b, b.content.item(p.id))) for p in picks] + list(more)

    # each block measured once, alone and at half the width; Tables made only for the rows placed
    alone = [b.measured_picture_block(*block, pregnant=pregnant) for block in blocks]
    halves: dict[int, tuple[Callable[[], Flowable], float]] = {}

    def half(i: int) -> tuple[Callable[[], Flowable], float]:
        if i not in halves:
            halves[i] = b.measured_picture_block(*blocks[i], pregnant=pregnant, width=b.half_width(), rule=False)
        return halves[i]

    def fits_half(block: tuple[str, Story]) -> bool:  # its picture at the one scale fits half the width
        narrowest: float = min(b.picture(block[0], pregnant, stacked=s, fit=False).width for s in (False, True))
        return narrowest <= b.half_width()

    rows: list[Flowable] = []
    i = 0
    while i < len(blocks):
        if i + 1 < len(blocks) and fits_half(blocks[i]) and fits_half(blocks[i + 1]):
            two = max(half(i)[1], half(i + 1)[1])  # side by side: the taller of the two
            # side by side when that saves paper, and the two stay a small part of a page
            if two <= alone[i][1] + alone[i + 1][1] and two <= b.height * 0.5:
                pair = b.side_by_side([half(i)[0](), half(i + 1)[0]()])
                rows.append(Row(lead if not rows else [], pair, alone[i][0](), alone[i + 1][0](), b.height))
                i += 2
                continue
        rows.append(Row(lead if not rows else [], alone[i][0](), page_height=b.height))
        i += 1
    return rows
