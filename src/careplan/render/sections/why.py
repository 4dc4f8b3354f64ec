""""Why this plan (for your clinician)": the level, its reasons, why each item was chosen, the small print."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.sections.disclaimer import disclaimer
from careplan.render.texts import reason


def why_this_plan(b: Blocks, plan: Plan) -> Story:
    """The section kept whole, ending with the disclaimer."""
    t, st = b.t, b.st
    lines = [b.p(t.gettext("Why this plan (for your clinician)"), st.h2)]
    level_title = b.content.safety.level_title[plan.level].pick(plan.reader)
    level_line = t.format("Level of care: {level}.", level=t.format(level_title, number=""))
    if plan.level == "emergency":
        level_line = t.gettext("Level of care: emergency.")
    lines.append(b.p(level_line, st.small))
    for r in plan.triage.reasons:
        lines.append(b.p(t.gettext(b.content.safety.reasons[r]), st.small, bullet="•"))
    # One line per reason ("A, B and C: suits lower back pain"), so the
    # section stays a few lines long however many items there are.
    groups: dict[str, list[str]] = {}
    # A same-day sheet's comfort positions need no explaining.
    picks = plan.exercises if plan.level == "urgent" else (*plan.positions, *plan.exercises)
    for pick in picks:
        groups.setdefault(pick.reason, []).append(t.gettext(b.content.item(pick.id).title))
    for pick in (p for p in plan.tips if p.reason not in ("tip_everyone", "tip_child")):
        groups.setdefault(pick.reason, []).append(t.gettext(b.content.tip(pick.id).title))
    for why, titles in groups.items():
        lines.append(b.p(t.format("{item}: {reason}", item=t.format_list(titles), reason=reason(t, why)),
                         st.small, bullet="•"))
    if plan.excluded and plan.exercises:
        # one line, not one per item: what was left out matters less than what was chosen
        left_out = t.format_list([t.gettext(b.content.item(p.id).title) for p in plan.excluded])
        lines.append(b.p(t.format("Left out as not safe or not suitable for these answers: {items}.", items=left_out),
                         st.small, bullet="•"))
    # the disclaimer travels with the section's last lines, and the heading
    # with its first: the section stays whole
    return [Spacer(1, st.size), KeepTogether([*lines, *disclaimer(b)])]
