""""When to get help": the warning boxes, read from the triage table.

Also the pieces other sections share with them: the reasons for this
reader's level, and the note under a blank emergency number.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from careplan.content.model import Region
from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story


def warning_boxes(b: Blocks, plan: Plan, region: Region) -> Story:
    """The boxes read from the triage table: every sign that would raise this
    reader's level, in the box of the level it would raise it to."""
    t, st, safety = b.t, b.st, b.content.safety
    child = "child" in plan.reader
    words = safety.warning_signs

    def lines(level: str) -> list[Paragraph]:
        return [b.p(t.gettext(words[sign]), st.step, bullet="•") for sign in plan.signs_at(level)]

    number = region.number
    heading = (t.format("Call {number} now if your child has:", number=number) if child
               else t.format("Call {number} now if you have:", number=number))
    call = [b.p(heading, st.h2), *blank_number_note(b, region), *lines("emergency")]
    see: Story = []
    if plan.signs_at("urgent"):
        if plan.pregnancy != "none":
            # straight away, not "today": regular tightenings or leaking fluid cannot wait for later in the day
            today_heading = t.gettext("Contact your midwife or maternity unit straight away if you have:")
            route = [t.gettext(safety.same_day_pregnancy)]
        else:
            today_heading = (t.gettext("See a doctor today if your child has:") if child
                             else t.gettext("See a doctor today if you have:"))
            route = [t.gettext(region.urgent)]
        see += [b.p(today_heading, st.h2), *lines("urgent"), b.p(" ".join(route), st.body)]
    if plan.signs_at("soon"):
        soon_heading = (t.gettext("Book an appointment with your midwife or doctor if:") if plan.pregnancy != "none"
                        else t.gettext("Book a doctor's appointment if:"))
        see += [b.p(soon_heading, st.h2), *lines("soon")]
    boxes = [b.p(t.gettext("When to get help"), st.h1), b.box(call, strong=True)]
    story: Story = [KeepTogether(boxes)]
    if see:
        story += [Spacer(1, st.size * 0.8), KeepTogether(b.box(see, strong=False))]
    return story


def blank_number_note(b: Blocks, region: Region) -> list[Paragraph]:
    """With no country given, the number is a blank line: say why, and to write it in."""
    if region.emergency:
        return []
    return [b.p(b.t.gettext("No country was given, so careplan has not guessed the emergency number. "
                            "Write your local emergency number on the line."), b.st.bold)]


def reasons(b: Blocks, plan: Plan) -> list[Paragraph]:
    """Why triage gave this level, one bullet a reason."""
    texts = b.content.safety.reasons
    return [b.p(b.t.gettext(texts[r]), b.st.step, bullet="•") for r in plan.triage.reasons]
