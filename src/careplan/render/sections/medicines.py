""""Medicines": the content's wording for this reader (it never names a drug)."""

from __future__ import annotations

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story


def medicines(b: Blocks, plan: Plan) -> Story:
    """The heading and the one paragraph on medicines."""
    t = b.t
    return [*b.heading(t.gettext("Medicines")), b.p(t.gettext(b.content.safety.medicines.pick(plan.reader)))]
