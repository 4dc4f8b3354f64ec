"""The printable handout: a plan in, PDF bytes out.

The only module that knows about pages. Every piece of text is escaped
before it reaches a Paragraph, so names, notes and translations can never
inject markup. With invariant mode the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from careplan import __version__
from careplan.content import conditions as cond
from careplan.content.model import Content, Item, Region
from careplan.contract.answers import Answers
from careplan.i18n import PSEUDO_LOCALE, Translator, translator
from careplan.planning.planner import Plan
from careplan.render import fonts, runs
from careplan.render.drawing import SCALE, drawing
from careplan.render.styles import INK, RULE, SHADE, Styles, footer_size, make_styles
from careplan.render.texts import dose_lines, plan_title, reason

PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 17 * mm


@dataclass(frozen=True)
class HandoutOptions:
    paper: str | None = None  # a4 | letter; None: by region
    large_print: bool = False
    date: dt.date = field(default_factory=dt.date.today)


def default_filename(answers: Answers, plan: Plan, date: dt.date) -> str:
    """A file name without the patient's name in it (it may be shared or synced)."""
    return f"careplan-{date.isoformat()}.pdf"


def _numbered_canvas(footer):
    """A canvas that knows the page count when it draws each footer ("page X of Y")."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


class _Builder:
    """Builds the story (list of flowables) for one handout."""

    def __init__(self, t: Translator, st: Styles, content: Content, width: float,
                 pic_scale: float = SCALE, height: float | None = None) -> None:
        self.t, self.st, self.content, self.width = t, st, content, width
        # the frame's height (on the smaller paper when not known)
        self.height = height or min(size[1] for size in PAPER.values()) - MARGIN * 2.1 - 12
        self.pic_scale = pic_scale  # one scale for every picture in this handout
        self.story: list = []

    # -- small pieces ------------------------------------------------------
    def p(self, text: str, style=None, bullet: str | None = None) -> Paragraph:
        style = style or self.st.body
        return runs.paragraph(runs.markup(text, runs.is_bold(style)), style, bulletText=bullet)

    def bold_lead(self, lead: str, text: str, style=None) -> Paragraph:
        style = style or self.st.body
        return runs.paragraph(f"<b>{runs.markup(lead, bold=True)}</b> {runs.markup(text, runs.is_bold(style))}", style)

    def add(self, *flowables) -> None:
        self.story.extend(flowables)

    def heading(self, text: str) -> None:
        self.add(CondPageBreak(self.st.size * 8), self.p(text, self.st.h1))

    def steps(self, steps, numbered: bool = True) -> list[Paragraph]:
        tr = self.t.gettext
        return [self.p(tr(s), self.st.step, bullet=f"{i}." if numbered else "•") for i, s in enumerate(steps, 1)]

    def table(self, rows: list, col_widths: list, style: list, **kw) -> Table:
        """A Table whose cells use the embedded font (ReportLab's default is
        unembedded Helvetica, even for cells that hold only Paragraphs)."""
        tbl = Table(rows, colWidths=col_widths, **kw)
        tbl.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.FAMILY, self.st.size), *style]))
        return tbl

    def box(self, flowables: list, *, strong: bool) -> Table:
        """A framed box. Strong boxes: thick double frame and shading, so they
        stand out in greyscale and without colour."""
        pad = self.st.size * 0.6
        style = [
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
        ]
        if strong:
            style += [("BOX", (0, 0), (-1, -1), 3, INK), ("INNERGRID", (0, 0), (-1, -1), 0, INK),
                      ("BACKGROUND", (0, 0), (-1, -1), SHADE)]
        else:
            style += [("BOX", (0, 0), (-1, -1), 1, RULE)]
        return self.table([[flowables]], [self.width], style)

    def picture(self, name: str, pregnant: bool = False):
        """A picture at the handout's one scale, never wider than the text."""
        pic = drawing(self.content.pictures[name], scale=self.pic_scale, pregnant=pregnant)
        if pic.width > self.width:  # letter paper, future pictures
            pic = drawing(self.content.pictures[name], self.width, pregnant=pregnant)
        return pic

    def picture_row(self, item: Item, body: list, pregnant: bool = False) -> Table:
        """Picture and text. Every picture is drawn at one scale, so people are
        the same size in every picture. The picture sits beside the text when
        that leaves a text column of at least 40% of the width and takes no
        more height than the picture above the text (a narrow standing figure,
        or a wide one beside short steps); else it sits above the text.
        `pregnant` draws the figure with a pregnancy bump."""
        pic = self.picture(item.picture, pregnant)
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]
        def above() -> Table:
            return self.table([[pic], [body]], [self.width], style)

        def beside() -> Table:
            return self.table([[pic, body]], [pic_w, self.width - pic_w], style)

        pic_w = pic.width + 5 * mm
        if self.width - pic_w >= self.width * 0.4:
            # measured on copies: a Table that has been wrapped keeps its cells expanded
            if beside().wrap(self.width, 1e6)[1] <= above().wrap(self.width, 1e6)[1] + 1:
                return beside()
        return above()


def _header(b: _Builder, answers: Answers, title: str, options: HandoutOptions, notes_below: bool) -> None:
    t, st = b.t, b.st
    b.add(b.p(title, st.title))
    meta = []
    if answers.patient_name:
        meta.append(b.bold_lead(t.gettext("For:"), answers.patient_name))
    meta.append(b.bold_lead(t.gettext("Date:"), t.format_date(options.date)))
    b.add(*meta)
    clinic = answers.clinic
    # the follow-up date and the notes go where the reader acts on them: the
    # at-a-glance box and "Notes from your clinician" (an emergency sheet keeps them here)
    if clinic and any((clinic.name, clinic.phone, clinic.clinician, clinic.follow_up, clinic.notes)):
        rows = []
        for label, value in (
            (t.gettext("Clinic:"), clinic.name),
            (t.gettext("Phone:"), clinic.phone),
            (t.gettext("Clinician:"), clinic.clinician),
            (t.gettext("Follow-up visit:"),
             t.format_date(clinic.follow_up) if clinic.follow_up and not notes_below else ""),
            (t.gettext("Notes:"), clinic.notes if not notes_below else ""),
        ):
            if value:
                rows.append(b.bold_lead(label, value))
        if rows:
            b.add(Spacer(1, st.size * 0.3), *_clinic_block(b, rows))


def _clinic_block(b: _Builder, rows: list[Paragraph]) -> list:
    """The clinic details in a framed box, as always when it fits on a page.

    A table cell cannot split across pages, so long fields (500 characters,
    one unbreakable word, large print) would raise LayoutError; then the rows
    go in as plain paragraphs between two rules, which flow on to the next page.
    """
    box = b.box(rows, strong=False)
    room = min(size[1] for size in PAPER.values()) - MARGIN * 2.1 - 12  # the frame on the smaller paper
    if box.wrap(b.width, room)[1] <= room:
        return [box]
    from reportlab.platypus.flowables import HRFlowable

    def rule() -> HRFlowable:
        return HRFlowable(width="100%", thickness=1, color=RULE, spaceBefore=b.st.size * 0.3,
                          spaceAfter=b.st.size * 0.3)

    return [rule(), *rows, rule()]


def _warning_boxes(b: _Builder, plan: Plan, region: Region) -> None:
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
    call = [b.p(heading, st.h2), *_blank_number_note(b, region), *lines("emergency")]
    see: list = []
    if plan.signs_at("urgent"):
        if plan.pregnancy != "none":
            today_heading = t.gettext("Contact your midwife or maternity unit today if you have:")
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
    b.add(KeepTogether(boxes))
    if see:
        b.add(Spacer(1, st.size * 0.8), KeepTogether(b.box(see, strong=False)))


def _blank_number_note(b: _Builder, region: Region) -> list[Paragraph]:
    if region.emergency:
        return []
    return [b.p(b.t.gettext("No country was given, so careplan has not guessed the emergency number. "
                            "Write your local emergency number on the line."), b.st.bold)]


def _reasons(b: _Builder, plan: Plan) -> list[Paragraph]:
    texts = b.content.safety.reasons
    return [b.p(b.t.gettext(texts[r]), b.st.step, bullet="•") for r in plan.triage.reasons]


def _positions(b: _Builder, plan: Plan, answers: Answers, heading: str) -> None:
    t, st, safety = b.t, b.st, b.content.safety
    intro = (t.gettext("Help your child try these positions, and use the one that eases the pain most. "
                       "Rest like this for a short while, then get up and move.") if "child" in plan.reader
             else t.gettext("Try these positions and use the one that eases your pain most. "
                            "Rest like this for a short while, then get up and move."))
    lead = [b.p(heading, st.h1), b.p(intro)]
    _picture_items(b, plan, plan.positions, lead)
    steps = list(safety.getting_up_steps.pick(plan.reader))
    picture = b.picture("getting_up", pregnant=plan.pregnancy != "none")
    b.add(KeepTogether([b.p(t.gettext(safety.getting_up_title), st.h2), picture, Spacer(1, st.size * 0.4),
                        *b.steps(steps)]))


def _exercises(b: _Builder, plan: Plan) -> None:
    t, st = b.t, b.st
    lead = [b.p(t.gettext("Your exercises"), st.h1),
            b.box([b.p(t.gettext(b.content.safety.stop_rule), st.bold)], strong=False), Spacer(1, st.size * 0.5)]
    _picture_items(b, plan, plan.exercises, lead)


def _picture_items(b: _Builder, plan: Plan, picks, lead: list) -> None:
    """Positions or exercises: picture, title, steps, dose and when to stop, each
    kept on one page; the section's lead-in (heading, introduction) travels with
    the first, so a heading never ends a page."""
    t, st = b.t, b.st
    for i, pick in enumerate(picks):
        item = b.content.item(pick.id)
        body = [b.p(t.gettext(item.title), st.h2), *b.steps(item.steps)]
        body += [b.p(line, st.bold) for line in dose_lines(t, item)]
        if item.stop:
            body.append(b.p(t.gettext(item.stop)))
        b.add(KeepTogether([*(lead if i == 0 else []), b.picture_row(item, body, pregnant=plan.pregnancy != "none")]))


def _tips(b: _Builder, plan: Plan) -> None:
    t, st = b.t, b.st
    b.heading(t.gettext("Everyday habits"))
    for pick in plan.tips:
        tip = b.content.tip(pick.id)
        b.add(KeepTogether([b.p(t.gettext(tip.title), st.h2), b.p(t.gettext(tip.text))]))


def has_notes_block(plan: Plan) -> bool:
    """Self-care and soon handouts get room for the clinician's notes."""
    return plan.level in ("self_care", "soon")


NOTE_LINES = 4


def _notes_block(b: _Builder, answers: Answers) -> None:
    """Notes from the clinician, printed or written by hand, and the next appointment."""
    t, st = b.t, b.st
    clinic = answers.clinic
    rows: list[list] = []
    if clinic and clinic.notes:
        rows.append([b.p(clinic.notes)])
    rows += [[""] for _ in range(NOTE_LINES - (1 if rows else 0))]
    date = t.format_date(clinic.follow_up) if clinic and clinic.follow_up else "________________"
    rows.append([b.bold_lead(t.gettext("Next appointment:"), date)])
    line_h = st.size * 2.2
    tbl = b.table(rows, [b.width], [
        ("LINEBELOW", (0, 0), (-1, -2), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ], rowHeights=[None if r[0] else line_h for r in rows])
    b.add(KeepTogether([b.p(t.gettext("Notes from your clinician"), st.h1), tbl]))


class TickBoxes(Flowable):
    """A row of empty squares to tick: one for each time the dose says to do it."""

    def __init__(self, count: int, side: float) -> None:
        super().__init__()
        self.count, self.side = count, side

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.count * self.side * 1.5 - self.side * 0.5
        self.height = self.side
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.8)
        for i in range(self.count):
            self.canv.rect(i * self.side * 1.5, 0, self.side, self.side, stroke=1, fill=0)


CHART_FIRST_COLUMN = 0.34  # share of the text width for the exercise names


def _chart(b: _Builder, plan: Plan) -> None:
    t, st = b.t, b.st
    first = b.width * CHART_FIRST_COLUMN
    day_w = (b.width - first) / 7
    header = [b.p(t.gettext("Tick each time you do it"), st.cell)]
    header += [b.p(t.format("Day {n}", n=n), st.cell) for n in range(1, 8)]
    rows = [header]
    for p in plan.exercises:
        times = min(b.content.item(p.id).dose.times_a_day or 1, 3)  # a box for each time a day
        side = min(st.size * 0.9, (day_w - 8) / (times * 1.5 - 0.5))  # the row of boxes fits its day
        rows.append([b.p(t.gettext(b.content.item(p.id).title), st.cell)] + [TickBoxes(times, side) for _ in range(7)])
    rows.append([b.p(t.gettext("Pain score (0 = none, 10 = worst)"), st.cell)] + [""] * 7)
    # rows are tall enough to write in, and grow when a long name wraps
    heights = [None] + [max(st.size * 2.1, r[0].wrap(first - 12, 1000)[1] + 10) for r in rows[1:]]
    tbl = b.table(rows, [first] + [day_w] * 7, [
        ("GRID", (0, 0), (-1, -1), 0.8, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -2), "CENTER"),
    ], rowHeights=heights)
    b.add(KeepTogether([
        b.p(t.gettext("Your 7-day chart"), st.h1),
        b.p(t.gettext("Tick a box each time you do an exercise, and write down your pain score each day. "
                      "Bring this page to your next visit.")),
        tbl,
        Spacer(1, st.size * 0.5),
        b.p(t.gettext("If your pain score keeps going up for 2 or 3 days, stop the exercise that makes it worse "
                      "and contact your doctor. If a warning sign appears, follow \u201cWhen to get help\u201d."),
            st.bold),
    ]))


def _why(b: _Builder, plan: Plan, answers: Answers) -> None:
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
    disclaimer = [Spacer(1, st.size * 0.8), b.p(t.gettext(b.content.safety.disclaimer), st.small),
                  *_review_note(b)]
    b.add(Spacer(1, st.size), KeepTogether([*lines, *disclaimer]))


class _Ending(Flowable):
    """The handout's last blocks (chart, notes, the warning boxes, "Why this
    plan" with the disclaimer), each kept whole. When they do not all fit on
    this page, the pages turn between blocks so that they take the fewest
    pages and the emptiest of these pages is as full as may be: the last page
    is never a few lines alone, and no page is left half empty by a block
    that could go on it."""

    def __init__(self, blocks: list[list], page_height: float) -> None:
        super().__init__()
        self.blocks, self.page_height = blocks, page_height
        self._content = [f for block in blocks for f in block]  # what it holds, as in KeepTogether

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split (as KeepTogether does)

    def split(self, avail_width: float, avail_height: float) -> list:
        blocks, page = self.blocks, self.page_height
        heights = [_height(block, avail_width) for block in blocks]
        if sum(heights) <= avail_height:
            return [f for block in blocks for f in block]
        plan = _page_turns(heights, avail_height * 0.97, page * 0.97, page - avail_height)
        if plan is None:  # a block taller than a page: the blocks one after the other
            return [*blocks[0], *([_Ending(blocks[1:], page)] if blocks[1:] else [])]
        out: list = []
        for n, group in enumerate(plan):
            flowables = [f for i in group for f in blocks[i]]
            if n == 0:
                out += flowables  # they fit here
            else:
                out += [PageBreak(), KeepTogether(flowables)]
        return out

    def draw(self) -> None:  # never drawn: always split first
        pass


def _page_turns(heights: list[float], first: float, page: float, used: float) -> list[list[int]] | None:
    """Which blocks go on which page (this page holds `first` more, every
    later page `page`): the fewest pages, then the emptiest page as full as
    may be. None when a block is taller than a page."""
    if max(heights) > page:
        return None
    n, best, best_key = len(heights), None, None
    for mask in range(2 ** n):  # bit i: the page turns before block i
        if mask & 1 and used < 1:
            continue  # this page is still empty: no turn before the first block
        groups: list[list[int]] = [[]]
        for i in range(n):
            if mask >> i & 1:
                groups.append([])
            groups[-1].append(i)
        sizes = [sum(heights[i] for i in g) for g in groups]
        if sizes[0] > first or any(size > page for size in sizes[1:]):
            continue
        fills = [used + sizes[0], *sizes[1:]]
        key = (len(groups), -min(fills))
        if best_key is None or key < best_key:
            best, best_key = groups, key
    return best


def _ending(b: _Builder, start: int) -> None:
    """The story from `start` on as one _Ending: each KeepTogether is a block,
    with the spacers before it."""
    blocks: list[list] = [[]]
    for f in b.story[start:]:
        if isinstance(f, KeepTogether):
            blocks[-1] += f._content
            blocks.append([])
        else:
            blocks[-1].append(f)
    if not blocks[-1]:
        blocks.pop()
    del b.story[start:]
    b.add(_Ending(blocks, b.height))


def _unkept(flowables: list) -> list:
    """The flowables with any KeepTogether opened up, to go inside another one
    (a KeepTogether inside a KeepTogether always starts a new page)."""
    return [g for f in flowables for g in (f._content if isinstance(f, KeepTogether) else [f])]


def _height(flowables: list, width: float) -> float:
    """How tall the flowables are, one after the other."""
    from reportlab.platypus.flowables import _listWrapOn

    return _listWrapOn(flowables, width, None)[1]


def _level_box(b: _Builder, plan: Plan, answers: Answers, region: Region) -> None:
    t, st, safety = b.t, b.st, b.content.safety
    level = plan.level
    number = region.number
    follow_up = answers.clinic.follow_up if answers.clinic and has_notes_block(plan) else None
    if follow_up:
        # the clinician has booked the next visit: name it, never "book an appointment"
        title = t.format(safety.follow_up_title, date=t.format_date(follow_up))
        text = t.gettext(safety.follow_up_text) if level == "soon" else t.gettext(safety.level_text[level].pick(plan.reader))
        today = safety.follow_up_today.pick(plan.reader)
    else:
        title = t.format(safety.level_title[level].pick(plan.reader), number=number)
        text = t.format(safety.level_text[level].pick(plan.reader), number=number, advice=t.gettext(region.urgent))
        today = safety.today[level].pick(plan.reader)
    inner = [b.p(title, st.h2), b.p(text)]
    if plan.triage.reasons:
        inner.append(b.p(t.gettext("This is because of:"), st.bold))
        inner += _reasons(b, plan)
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
    b.add(b.p(t.gettext("Your plan at a glance"), st.h1), b.box(inner, strong=level != "self_care"))


def _emergency_sheet(b: _Builder, plan: Plan, answers: Answers, region: Region, options: HandoutOptions) -> None:
    t, st, safety = b.t, b.st, b.content.safety
    number = region.number
    # Look the messages up outside the gettext calls: babel would extract the keys.
    title_msg = safety.level_title[plan.level].pick(plan.reader)
    text_msg = safety.level_text[plan.level].pick(plan.reader)
    alarm = b.p(t.format(title_msg, number=number), st.alarm)
    text = b.p(t.format(text_msg, number=number))
    b.add(b.box([alarm, text, *_blank_number_note(b, region)], strong=True), Spacer(1, st.size * 0.6))
    _header_small(b, answers, options)
    b.add(b.p(t.gettext("Why this is an emergency"), st.h1), *_reasons(b, plan))
    waiting = [w.text.pick(plan.reader) for w in safety.while_waiting
               if not w.only_when or cond.any_matches(answers, w.only_when)]
    b.add(b.p(t.gettext("While you wait for help"), st.h1), *b.steps(waiting))
    b.add(Spacer(1, st.size * 0.8), b.p(t.gettext(safety.disclaimer), st.small), *_review_note(b))


def _review_note(b: _Builder) -> list[Paragraph]:
    """Small print until a clinician who is a native speaker has checked the translation."""
    from careplan.i18n import clinically_reviewed

    if clinically_reviewed(b.t.locale):
        return []
    return [b.p(b.t.gettext("This translation has not yet been checked by a health professional."), b.st.small)]


def _header_small(b: _Builder, answers: Answers, options: HandoutOptions) -> None:
    t = b.t
    if answers.patient_name:
        b.add(b.bold_lead(t.gettext("For:"), answers.patient_name))
    b.add(b.bold_lead(t.gettext("Date:"), t.format_date(options.date)))


def sheet_title(t: Translator, plan: Plan, answers: Answers, content: Content) -> str:
    """The title at the top and in the footer: an emergency or same-day sheet
    says what to do; a self-care handout names the pain."""
    if plan.level in ("emergency", "urgent"):
        return t.format(content.safety.level_title[plan.level].pick(plan.reader),
                        number=content.region(plan.region).number)
    return plan_title(t, answers.locations)


# Pictures at 70% of the drawing scale leave room for the steps beside them;
# large print grows them with the text (1.4x), as far as the widest fits.
PICTURE_SCALE = {False: 0.7 * SCALE, True: 0.7 * 1.4 * SCALE}


def picture_scale(plan: Plan, content: Content, width: float, large_print: bool) -> float:
    """One scale for every picture in the handout: the print size's, or less
    if the widest picture it shows would not fit the text width."""
    names = [content.item(p.id).picture for p in (*plan.positions, *plan.exercises)]
    if plan.positions:
        names.append("getting_up")
    widest = max((drawing(content.pictures[n], scale=1.0).width for n in names), default=0.0)
    want = PICTURE_SCALE[large_print]
    return min(want, width / widest) if widest else want


def build_story(answers: Answers, plan: Plan, content: Content, options: HandoutOptions,
                t: Translator, width: float, height: float | None = None) -> list:
    """All flowables of the handout, in reading order (`height`: the frame's)."""
    st = make_styles(options.large_print)
    b = _Builder(t, st, content, width, picture_scale(plan, content, width, options.large_print), height)
    region = content.region(plan.region)
    safety = content.safety
    if plan.level == "emergency":
        _emergency_sheet(b, plan, answers, region, options)
    else:
        _header(b, answers, sheet_title(t, plan, answers, content), options, notes_below=has_notes_block(plan))
        _level_box(b, plan, answers, region)
        if plan.positions:
            heading = t.gettext("Right now: ease the pain")
            _positions(b, plan, answers, heading)
        if plan.exercises:
            _exercises(b, plan)
        if plan.tips:
            _tips(b, plan)
        if plan.level in ("self_care", "soon"):
            b.heading(t.gettext("Medicines"))
            b.add(b.p(t.gettext(safety.medicines.pick(plan.reader))))
        ending = len(b.story)
        if plan.exercises:
            _chart(b, plan)
        if has_notes_block(plan):
            _notes_block(b, answers)
        _warning_boxes(b, plan, region)
        _why(b, plan, answers)  # ends with the disclaimer
        _ending(b, ending)
    return b.story


def render_handout(answers: Answers, plan: Plan, content: Content, options: HandoutOptions,
                   t: Translator | None = None) -> bytes:
    """The handout as PDF bytes (nothing is written to disk here)."""
    t = (t or translator(plan.locale)).in_region(plan.region)
    paper = options.paper or content.region(plan.region).paper
    pagesize = PAPER[paper]
    width = pagesize[0] - 2 * MARGIN
    story = build_story(answers, plan, content, options, t, width, pagesize[1] - MARGIN * 2.1 - 12)
    subject = t.format(content.safety.level_title[plan.level].pick(plan.reader),
                       number=content.region(plan.region).number)
    title = sheet_title(t, plan, answers, content)
    return _build_pdf(story, t, pagesize, title, subject, options.large_print)


def _build_pdf(story: list, t: Translator, pagesize, title: str, subject: str, large_print: bool) -> bytes:
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: smaller files, and no slow ASCII85 pass
    buf = io.BytesIO()
    size = footer_size(large_print)

    def footer(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(fonts.FAMILY, size)
        canvas.setFillColor(RULE)
        canvas.drawString(MARGIN, MARGIN * 0.5, title)
        canvas.drawRightString(pagesize[0] - MARGIN, MARGIN * 0.5,
                               t.format("Page {page} of {total}", page=page, total=total))
        canvas.restoreState()

    lang = "en" if t.locale == PSEUDO_LOCALE else t.locale.replace("_", "-")
    doc = SimpleDocTemplate(
        buf, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN * 1.1, title=title, subject=subject, author="",
        creator=f"careplan {__version__}", producer="careplan", invariant=1, lang=lang,
        initialFontName=fonts.FAMILY,
    )
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return buf.getvalue()
