"""Positions and exercises as picture rows: picture, title, steps, dose and when to stop."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from reportlab.platypus import Flowable, FrameBreak, KeepTogether

from careplan.content.model import Item
from careplan.planning.planner import Pick, Plan
from careplan.render.blocks import Blocks, PictureBlock, Story, stack_height
from careplan.render.styles import BODY_PT
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
    for a row (a heading still never ends a page: its introduction follows).
    With `parts` (large print, where one item can fill half a page), an item
    that does not fit a page about half full or less goes on over the page
    turn: its picture, title and first steps here, the rest on the next; of
    two side by side, the first does so and the second follows it (a Chinese
    large-print handout left 40% of its first page empty for a pair)."""

    def __init__(self, lead: Story, whole: Flowable, first: Flowable | None = None,
                 second: Flowable | None = None, page_height: float = 0.0,
                 parts: Callable[[float], list[Flowable] | None] | None = None) -> None:
        super().__init__()
        self.lead, self.whole, self.first, self.second = lead, whole, first, second
        self.page_height, self.parts = page_height, parts
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
        if self.parts is not None and avail_height > self.page_height * 0.45:
            # a page about half full or less: the (first) picture and its first steps here, the rest
            # over the page, and a second item after it there, across the width
            room = avail_height - (stack_height(self.lead, avail_width) if self.lead else 0.0)
            parts = self.parts(room - 1.0)
            if parts is not None and stack_height([*self.lead, parts[0]], avail_width) <= avail_height:
                return [*self.lead, *parts, *([KeepTogether([self.second])] if self.second is not None else [])]
        if len(self.lead) > 1 and avail_height > self.page_height * 0.45 and \
                stack_height(self.lead, avail_width) <= avail_height:
            return [*self.lead, KeepTogether([self.whole])]
        return [FrameBreak(), *together]

    def draw(self) -> None:  # never drawn: always split first
        pass


def picture_items(b: Blocks, plan: Plan, picks: Iterable[Pick], lead: Story,
                  more: Iterable[tuple[str, str, Story]] = ()) -> Story:
    """Each item kept on one page, alone across the width or two side by side,
    whichever takes less paper; the section's lead-in (heading, introduction)
    travels with the first, so a heading never ends a page. `more`: further
    blocks as (picture name, translated title, the text after the title), laid
    out as the items are. In large print an item may go on over a page turn,
    under its title marked as continued."""
    t, st = b.t, b.st
    pregnant = plan.pregnancy != "none"
    large = st.size >= BODY_PT[True]
    items = [b.content.item(p.id) for p in picks]
    titles = [t.gettext(item.title) for item in items] + [title for _, title, _ in more]
    blocks = [(item.picture, item_body(b, item)) for item in items] + \
        [(name, [b.p(title, st.item_title), *text]) for name, title, text in more]

    # each block measured once, alone and at half the width; Tables made only for the rows placed
    alone = [b.measured_picture_block(*block, pregnant=pregnant) for block in blocks]
    halves: dict[int, PictureBlock] = {}

    def parts(i: int) -> Callable[[float], list[Flowable] | None]:
        # TRANSLATORS: the title of an exercise or position whose steps go on over a page turn (large print)
        continued = b.p(t.format("{title} (continued)", title=titles[i]), st.item_title)
        return lambda room: alone[i].parts(room, continued)

    def half(i: int) -> PictureBlock:
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
            two = max(half(i).height, half(i + 1).height)  # side by side: the taller of the two
            # side by side when that saves paper, and the two stay a small part of a page
            if two <= alone[i].height + alone[i + 1].height and two <= b.height * 0.5:
                pair = b.side_by_side([half(i).make(), half(i + 1).make()])
                rows.append(Row(lead if not rows else [], pair, alone[i].make(), alone[i + 1].make(), b.height,
                                parts=parts(i) if large else None))
                i += 2
                continue
        # in large print one block may fill half a page: it may go on over a page turn
        rows.append(Row(lead if not rows else [], alone[i].make(), page_height=b.height,
                        parts=parts(i) if large else None))
        i += 1
    return rows
