""""Why these exercises were chosen for you": each exercise and why, in plain words, then the small print."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.sections.disclaimer import disclaimer
from careplan.render.texts import reason


def why_this_plan(b: Blocks, plan: Plan) -> Story:
    """A few lines for the reader, kept whole and ending with the disclaimer:
    the exercises grouped by why they were chosen, and at most one line for
    what was left out. A handout without exercises has only the small print."""
    t, st = b.t, b.st
    lines = []
    if plan.exercises:
        lines.append(b.p(t.gettext("Why these exercises were chosen for you"), st.h2))
        # one line per reason ("A and B: gentle movement for lower back pain")
        groups: dict[str, list[str]] = {}
        for pick in plan.exercises:
            groups.setdefault(pick.reason, []).append(t.gettext(b.content.item(pick.id).title))
        for why, titles in groups.items():
            lines.append(b.p(t.format("{item}: {reason}", item=t.format_list(titles), reason=reason(t, why)),
                             st.small, bullet="•"))
        if plan.excluded:
            lines.append(b.p(left_out(b, plan), st.small, bullet="•"))
    # the disclaimer travels with the section's last lines, and the heading
    # with its first: the section stays whole
    return [Spacer(1, st.size * 0.4), KeepTogether([*lines, *disclaimer(b, plan.reader)])]


PREGNANCY_EXCLUSIONS = frozenset({"pregnancy_no_front_lying", "pregnancy_no_back_lying"})


def left_out(b: Blocks, plan: Plan) -> str:
    """One short line, not one per item, for what was left out (it matters less
    than what was chosen): in pregnancy, how many and why (the list of lying
    positions would run to several lines); else their names."""
    t = b.t
    if all(p.reason in PREGNANCY_EXCLUSIONS for p in plan.excluded):
        return t.nformat("Left out: {n} position or exercise that may be unsafe in pregnancy.",
                         "Left out: {n} positions and exercises that may be unsafe in pregnancy.",
                         len(plan.excluded))
    names = t.format_list([t.gettext(b.content.item(p.id).title) for p in plan.excluded])
    return t.format("Left out because they may not be safe or right for you: {items}.", items=names)
