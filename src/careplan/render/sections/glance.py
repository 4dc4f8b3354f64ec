""""Your plan at a glance": the level of care, why, what to do today, and the call line."""

from __future__ import annotations

import datetime as dt

from careplan.content.model import Region, Safety
from careplan.contract.answers import Answers
from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.sections.notes import has_notes_block
from careplan.render.sections.warnings import reasons


def booked_follow_up(plan: Plan, answers: Answers, safety: Safety, date: dt.date) -> dt.date | None:
    """The clinician's follow-up date when it stands in for "book an appointment":
    self-care and soon handouts only, and at soon only a visit within the
    days the soon level allows (a later one is not the check it asks for)."""
    follow_up = answers.clinic.follow_up if answers.clinic and has_notes_block(plan) else None
    if follow_up and safety.follow_up_too_late(plan.level, follow_up, date):
        return None
    return follow_up


def at_a_glance(b: Blocks, plan: Plan, answers: Answers, region: Region, date: dt.date) -> Story:
    """The level box on page 1; it says when to call, while the full warning boxes stay at the end."""
    t, st, safety = b.t, b.st, b.content.safety
    level = plan.level
    number = region.number
    follow_up = booked_follow_up(plan, answers, safety, date)
    if follow_up:
        # the clinician has booked the next visit: name it, never "book an appointment"
        title = t.format(safety.follow_up_title, date=t.format_date(follow_up))
        text = (t.gettext(safety.follow_up_text) if level == "soon"
                else t.gettext(safety.level_text[level].pick(plan.reader)))
        today = safety.follow_up_today.pick(plan.reader)
    else:
        title = t.format(safety.level_title[level].pick(plan.reader), number=number)
        text = t.format(safety.level_text[level].pick(plan.reader), number=number, advice=t.gettext(region.urgent))
        today = safety.today[level].pick(plan.reader)
    inner = [b.p(title, st.h2), b.p(text)]
    if plan.triage.reasons:
        inner.append(b.p(t.gettext("This is because of:"), st.bold))
        inner += reasons(b, plan)
    inner.append(b.p(t.gettext(today), st.bold))
    # page 1 says when to call; the full boxes stay at the end
    call_line = (t.format("Call {number} now if your child gets any sign in the box \u201cCall {number} now\u201d "
                          "at the end of this handout.", number=number) if "child" in plan.reader
                 else t.format("Call {number} now if you get any sign in the box \u201cCall {number} now\u201d "
                               "at the end of this handout.", number=number))
    inner.append(b.p(call_line, st.bold))
    for kind in ("child", "young"):
        if kind in plan.reader:
            inner.append(b.p(t.gettext(safety.reader_line[kind])))
    return [b.p(t.gettext("Your plan at a glance"), st.h1), b.box(inner, strong=level != "self_care")]
