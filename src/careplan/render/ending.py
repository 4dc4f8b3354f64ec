"""Where the pages turn among the handout's last blocks (medicines, chart, notes, warning boxes, "Why these exercises").

Each block is kept whole; when they do not all fit on the page, the pages
turn between blocks so that they take the fewest pages and the emptiest of
these pages is as full as may be: the last page is never a few lines alone,
and no page is left half empty by a block that could go on it.
"""

from __future__ import annotations

import itertools

from reportlab.platypus import Flowable, KeepTogether, PageBreak


class Ending(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """The handout's last blocks, each kept whole, with the page turns chosen by page_turns()."""

    def __init__(self, blocks: list[list[Flowable]], page_height: float, free: int = 0) -> None:
        super().__init__()
        self.blocks, self.page_height, self.free = blocks, page_height, free
        self._content = [f for block in blocks for f in block]  # what it holds, as in KeepTogether

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split (as KeepTogether does)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        blocks, page = self.blocks, self.page_height
        heights = [_height(block, avail_width) for block in blocks]
        if sum(heights) <= avail_height:
            return [f for block in blocks for f in block]
        # room to spare: a little under what is left here (blocks measured alone run a little
        # longer together), and under a whole page
        here, whole = avail_height - page * 0.04, page * 0.97
        used = page - avail_height
        plan = page_turns(heights, here, whole, used)
        # the first `free` blocks may come in another order, when that takes fewer pages,
        # or as many with no page but the last left less than half full where there was one
        best = list(range(len(blocks)))

        def emptiest(turns: list[list[int]], order: list[int]) -> float:
            fills = [sum(heights[order[i]] for i in group) for group in turns]
            fills[0] += used
            return min(fills[:-1], default=page)

        for order in itertools.permutations(range(min(self.free, len(blocks)))):
            order = (*order, *range(len(order), len(blocks)))
            other = page_turns([heights[i] for i in order], here, whole, used)
            if other is None:
                continue
            if plan is None or len(other) < len(plan) or (
                    len(other) == len(plan) and emptiest(plan, best) < page * 0.5 <= emptiest(other, list(order))):
                best, plan = list(order), other
        blocks = [blocks[i] for i in best]
        if plan is None:  # a block taller than a page: the blocks one after the other
            rest = [Ending(blocks[1:], page)] if blocks[1:] else []
            first = _height(blocks[0], avail_width)
            if first <= whole:  # one that fits a page is kept whole, as any block (sent on loose, the
                # chart's heading once ended a page alone): here when it fits, else on the next page
                # (a KeepTogether must follow a PageBreak: ReportLab needs the first flowable returned
                # to fit, and a KeepTogether never says it does)
                if first + blocks[0][0].getSpaceBefore() <= here:
                    return [*blocks[0], *rest]
                if avail_height < page * 0.97:
                    return [PageBreak(), KeepTogether(blocks[0]), *rest]
            # ReportLab needs the first flowable returned to fit here, with the space the frame puts
            # before it below other content (left out by _height: a large-print heading 31 pt tall
            # with 11 pt before it was sent to a 35 pt gap, a LayoutError); when it does not fit,
            # the block goes to the next page (never from an empty page)
            head = blocks[0][0]
            need = _height([head], avail_width) + head.getSpaceBefore()
            # a heading, too, goes to the next page with the block when what follows it cannot
            # begin under it here (a box taller than a page whose first row does not fit)
            turn = avail_height < page * 0.97 and (
                need > avail_height or not _begins(blocks[0][1:2], avail_width, avail_height - need))
            return [*([PageBreak()] if turn else []), *blocks[0], *rest]
        out: list[Flowable] = []
        for n, group in enumerate(plan):
            flowables = [f for i in group for f in blocks[i]]
            if n == 0:
                out += flowables  # they fit here
            else:
                out += [PageBreak(), KeepTogether(flowables)]
        return out

    def draw(self) -> None:  # never drawn: always split first
        pass


def page_turns(heights: list[float], first: float, page: float, used: float) -> list[list[int]] | None:
    """Which blocks go on which page (this page holds `first` more, every
    later page `page`): the fewest pages, then the emptiest page as full as
    may be, then the next emptiest (the last page counting twice its fill: it
    may end half way where the others should not). None when a block is
    taller than a page."""
    if max(heights) > page:
        return None
    n = len(heights)
    # by the number of page turns: the first number with a way that fits has the
    # fewest pages; among its ways the emptiest page fullest, then (as the masks
    # were once tried in order) the lowest mask
    for turns in range(n + 1):
        best: tuple[tuple[int, tuple[float, ...]], int, list[list[int]]] | None = None
        for where in itertools.combinations(range(n), turns):  # the page turns before these blocks
            if where and where[0] == 0 and used < 1:
                continue  # this page is still empty: no turn before the first block
            groups: list[list[int]] = [[]]
            for i in range(n):
                if i in where:
                    groups.append([])
                groups[-1].append(i)
            sizes = [sum(heights[i] for i in g) for g in groups]
            if sizes[0] > first or any(size > page for size in sizes[1:]):
                continue
            fills = [used + sizes[0], *sizes[1:]]
            # the emptiest page as full as may be, then the next emptiest, and so on;
            # the last page may be half as full as the others
            key = (len(groups), tuple(-f for f in sorted([*fills[:-1], min(page, fills[-1] * 2)])))
            mask = sum(1 << i for i in where)
            if best is None or (key, mask) < (best[0], best[1]):
                best = key, mask, groups
        if best is not None:
            return best[2]
    return None

def ending(story: list[Flowable], page_height: float, free: int = 0) -> Ending:
    """The story as one Ending: each KeepTogether is a block, with the spacers
    before it. The first `free` blocks may come in any order, when that takes
    fewer pages (they do not refer to each other)."""
    blocks: list[list[Flowable]] = [[]]
    for f in story:
        if isinstance(f, KeepTogether):
            blocks[-1] += f._content
            blocks.append([])
        else:
            blocks[-1].append(f)
    if not blocks[-1]:
        blocks.pop()
    return Ending(blocks, page_height, free)


def _begins(after: list[Flowable], width: float, room: float) -> bool:
    """Whether the flowable after a heading (if any) fits `room`, or a first part of it does
    (a Table's first rows; found by trying to split it, as the frame will)."""
    if not after:
        return True
    f = after[0]
    room -= f.getSpaceBefore()
    if room <= 0:
        return False
    if f.wrap(width, room)[1] <= room:
        return True
    from reportlab.platypus import Table

    from careplan.render.grid import Grid

    return isinstance(f, (Table, Grid)) and bool(f.split(width, room))


def _height(flowables: list[Flowable], width: float) -> float:
    """How tall the flowables are, one after the other."""
    from reportlab.platypus.flowables import _listWrapOn

    height: float = _listWrapOn(flowables, width, None)[1]
    return height
