""""Everyday habits": the chosen tips, each title kept with its text."""

from __future__ import annotations

from reportlab.platypus import KeepTogether

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story


def habits(b: Blocks, plan: Plan) -> Story:
    """The heading, then one kept-together title and text per tip."""
    t, st = b.t, b.st
    story = b.heading(t.gettext("Everyday habits"))
    for pick in plan.tips:
        tip = b.content.tip(pick.id)
        story.append(KeepTogether([b.p(t.gettext(tip.title), st.h2), b.p(t.gettext(tip.text))]))
    return story
