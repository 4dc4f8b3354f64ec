""""Your exercises": the stop rule in a box, then each exercise as a picture row."""

from __future__ import annotations

from reportlab.platypus import Spacer

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.sections.items import picture_items


def exercises(b: Blocks, plan: Plan) -> Story:
    """The exercises, the heading and stop rule travelling with the first."""
    t, st = b.t, b.st
    lead = [b.p(t.gettext("Your exercises"), st.h1),
            b.box([b.p(t.gettext(b.content.safety.stop_rule), st.bold)], strong=False), Spacer(1, st.size * 0.5)]
    return picture_items(b, plan, plan.exercises, lead)
