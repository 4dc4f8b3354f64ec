"""The printable handout: a plan in, PDF bytes out.

The sections come in reading order from render/sections/ (one module each,
each returning its flowables), built with render/blocks.py and laid out on
pages by render/document.py. Every piece of text is escaped before it reaches
a Paragraph, so names, notes and translations can never inject markup. With
invariant mode the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from reportlab.platypus import Flowable, KeepTogether

from careplan.content.model import Content
from careplan.contract.answers import Answers
from careplan.i18n import Translator, translator
from careplan.planning.planner import Plan
from careplan.records import record
from careplan.render import known_pieces
from careplan.render.bidi import is_rtl_locale
from careplan.render.blocks import Blocks, Story
from careplan.render.document import build_pdf
from careplan.render.ending import ending
from careplan.render.layout import MARGIN, PAPER, frame_height
from careplan.render.picture_layout import size
from careplan.render.sections.chart import chart
from careplan.render.sections.emergency import emergency_sheet
from careplan.render.sections.exercises import exercises
from careplan.render.sections.glance import at_a_glance
from careplan.render.sections.habits import habits
from careplan.render.sections.header import header
from careplan.render.sections.medicines import medicines
from careplan.render.sections.notes import has_notes_block, notes_block
from careplan.render.sections.positions import positions
from careplan.render.sections.warnings import warning_boxes
from careplan.render.sections.why import why_this_plan
from careplan.render.styles import make_styles
from careplan.render.texts import plan_title


@record
class HandoutOptions:
    paper: str | None = None  # a4 | letter; None: by region
    large_print: bool = False
    date: dt.date = field(default_factory=dt.date.today)


def default_filename(answers: Answers, plan: Plan, date: dt.date) -> str:
    """A file name without the patient's name in it (it may be shared or synced)."""
    return f"careplan-{date.isoformat()}.pdf"


def sheet_title(t: Translator, plan: Plan, answers: Answers, content: Content) -> str:
    """The title at the top and in the footer: an emergency or same-day sheet
    says what to do; a self-care handout names the pain."""
    if plan.level in ("emergency", "urgent"):
        return t.format(content.safety.level_title[plan.level].pick(plan.reader),
                        number=content.region(plan.region).number)
    return plan_title(t, answers.locations)


# One scale for every picture of a handout, in normal and large print: the
# shortest figure lying with its legs down (knees bent, 131 canvas units) spans
# a third of the text width (A4 59 mm, Letter 61 mm), and the widest picture,
# frames side by side, still fits the text width (picture_layout.SCALE is that scale
# for A4). A picture whose frames side by side would be wider than the text has
# them one under the other (Blocks.picture_block).
LYING_UNITS = 130.0


def picture_scale(plan: Plan, content: Content, width: float, large_print: bool) -> float:
    """The one scale for every picture in the handout (the same for both print
    sizes: large print grows the text, the pictures are already large), less
    only if a picture would not fit the text width even with its frames one
    under the other."""
    want = width / 3 / LYING_UNITS
    names = [content.item(p.id).picture for p in (*plan.positions, *plan.exercises)]
    if plan.positions:
        names.append("getting_up")
    narrowest = [min(size(content.pictures[n], scale=1.0)[0], size(content.pictures[n], scale=1.0, stacked=True)[0])
                 for n in names]
    widest = max(narrowest, default=0.0)
    return min(want, width / widest) if widest else want


def blocks_for(plan: Plan, content: Content, options: HandoutOptions, t: Translator, width: float,
               height: float | None = None) -> Blocks:
    """The building blocks of this handout: its styles, text width and one picture scale."""
    return Blocks(t, make_styles(options.large_print, is_rtl_locale(t.locale)), content, width,
                  picture_scale(plan, content, width, options.large_print), height)


def build_story(answers: Answers, plan: Plan, content: Content, options: HandoutOptions,
                t: Translator, width: float, height: float | None = None) -> list[Flowable]:
    """All flowables of the handout, in reading order (`height`: the frame's)."""
    b = blocks_for(plan, content, options, t, width, height)
    region = content.region(plan.region)
    if plan.level == "emergency":
        return emergency_sheet(b, plan, answers, region, options.date)
    story = header(b, answers, sheet_title(t, plan, answers, content), options.date, notes_below=has_notes_block(plan))
    story += at_a_glance(b, plan, answers, region, options.date)
    if plan.positions:
        story += positions(b, plan, t.gettext("Right now: ease the pain"))
    if plan.exercises:
        story += exercises(b, plan)
    if plan.tips:
        story += habits(b, plan)
    # the last blocks, each kept whole, with the page turns chosen among them; the
    # medicines, the chart and the notes (those there are) may come in another
    # order when that saves a page, the warning boxes and the small print always last
    last: Story = []
    if plan.level in ("self_care", "soon"):
        last.append(KeepTogether(medicines(b, plan)))
    if plan.exercises:
        last += chart(b, plan)
    if has_notes_block(plan):
        last += notes_block(b, answers)
    free = len(last)
    last += warning_boxes(b, plan, region)
    last += why_this_plan(b, plan)  # ends with the disclaimer
    return [*story, ending(last, b.height, free)]


def render_handout(answers: Answers, plan: Plan, content: Content, options: HandoutOptions,
                   t: Translator | None = None) -> bytes:
    """The handout as PDF bytes (nothing is written to disk here)."""
    t = (t or translator(plan.locale)).in_region(plan.region)
    known_pieces.load_for(t)  # the fonts of the catalog's messages, worked out once
    paper = options.paper or content.region(plan.region).paper
    pagesize = PAPER[paper]
    width = pagesize[0] - 2 * MARGIN
    story = build_story(answers, plan, content, options, t, width, frame_height(pagesize))
    subject = t.format(content.safety.level_title[plan.level].pick(plan.reader),
                       number=content.region(plan.region).number)
    title = sheet_title(t, plan, answers, content)
    return build_pdf(story, t, pagesize, title, subject, options.large_print)
