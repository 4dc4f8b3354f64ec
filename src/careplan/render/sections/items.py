"""Positions and exercises as picture rows: picture, title, steps, dose and when to stop."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.platypus import KeepTogether

from careplan.planning.planner import Pick, Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.texts import dose_lines


def picture_items(b: Blocks, plan: Plan, picks: Iterable[Pick], lead: Story) -> Story:
    """Each item kept on one page; the section's lead-in (heading, introduction)
    travels with the first, so a heading never ends a page."""
    t, st = b.t, b.st
    story: Story = []
    for i, pick in enumerate(picks):
        item = b.content.item(pick.id)
        body = [b.p(t.gettext(item.title), st.h2), *b.steps(item.steps)]
        body += [b.p(line, st.bold) for line in dose_lines(t, item)]
        if item.stop:
            body.append(b.p(t.gettext(item.stop)))
        row = b.picture_row(item, body, pregnant=plan.pregnancy != "none")
        story.append(KeepTogether([*(lead if i == 0 else []), row]))
    return story
