""""Right now: ease the pain": resting positions, then how to get up from lying down."""

from __future__ import annotations

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.sections.items import picture_items


def positions(b: Blocks, plan: Plan, heading: str) -> Story:
    """The positions as picture rows under `heading`, and the getting-up steps with their picture."""
    t, st, safety = b.t, b.st, b.content.safety
    intro = (t.gettext("Help your child try these positions, and use the one that eases the pain most. "
                       "Rest like this for a short while, then get up and move.") if "child" in plan.reader
             else t.gettext("Try these positions and use the one that eases your pain most. "
                            "Rest like this for a short while, then get up and move."))
    lead = [b.p(heading, st.h1), b.p(intro)]
    getting_up = b.steps(safety.getting_up_steps.pick(plan.reader), style=st.item_step)
    return picture_items(b, plan, plan.positions, lead,
                         more=[("getting_up", t.gettext(safety.getting_up_title), getting_up)])
