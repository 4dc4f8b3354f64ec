"""The emergency sheet: one page that says call now, why, and what to do while waiting. Never exercises."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Spacer

from careplan.content import conditions as cond
from careplan.content.model import Region
from careplan.contract.answers import Answers
from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.sections.disclaimer import disclaimer
from careplan.render.sections.header import for_and_date
from careplan.render.sections.warnings import blank_number_note, reasons


def emergency_sheet(b: Blocks, plan: Plan, answers: Answers, region: Region, date: dt.date) -> Story:
    """The whole sheet: the call box first, then name and date, the reasons, what to do while waiting."""
    t, st, safety = b.t, b.st, b.content.safety
    number = region.number
    # Look the messages up outside the gettext calls: babel would extract the keys.
    title_msg = safety.level_title[plan.level].pick(plan.reader)
    text_msg = safety.level_text[plan.level].pick(plan.reader)
    alarm = b.p(t.format(title_msg, number=number), st.alarm)
    text = b.p(t.format(text_msg, number=number))
    story: Story = [b.box([alarm, text, *blank_number_note(b, region)], strong=True), Spacer(1, st.size * 0.6)]
    story += for_and_date(b, answers, date)
    story += [b.p(t.gettext("Why this is an emergency"), st.h1), *reasons(b, plan)]
    waiting = [w.text.pick(plan.reader) for w in safety.while_waiting
               if not w.only_when or cond.any_matches(answers, w.only_when)]
    story += [b.p(t.gettext("While you wait for help"), st.h1), *b.steps(waiting)]
    return story + disclaimer(b, plan.reader)
