"""The top of the handout: title, the reader's name and the date, the clinic's details."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from careplan.contract.answers import Answers
from careplan.render import runs
from careplan.render.blocks import Blocks, Story
from careplan.render.layout import SMALLEST_FRAME
from careplan.render.styles import RULE


def for_and_date(b: Blocks, answers: Answers, date: dt.date) -> Story:
    """"For: name" (when there is one) and "Date: ..."."""
    t = b.t
    lines: Story = []
    if answers.patient_name:
        lines.append(b.labelled(t.gettext("For:"), answers.patient_name))
    lines.append(b.bold_lead(t.gettext("Date:"), t.format_date(date)))
    return lines


def name_and_date(b: Blocks, answers: Answers, date: dt.date) -> Paragraph:
    """"For: name" (when there is one) and "Date: ..." on one line."""
    t = b.t
    parts = [(t.gettext("For:"), b.value(answers.patient_name))] if answers.patient_name else []
    parts.append((t.gettext("Date:"), runs.markup(t.format_date(date))))
    text = "\u2003\u2003".join(f"<b>{runs.markup(lead, bold=True)}</b> {value}" for lead, value in parts)
    return runs.paragraph(text, b.st.body)


def header(b: Blocks, answers: Answers, title: str, date: dt.date, notes_below: bool) -> Story:
    """Title, name, date and the clinic block. With `notes_below` the follow-up
    date and the notes are left to the sections where the reader acts on them."""
    t, st = b.t, b.st
    story: Story = [b.p(title, st.title), name_and_date(b, answers, date)]
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
                rows.append(b.labelled(label, value))
        if rows:
            story += [Spacer(1, st.size * 0.3), *clinic_block(b, rows, columns=2 if notes_below else 1)]
    return story


def clinic_block(b: Blocks, rows: list[Paragraph], columns: int = 1) -> Story:
    """The clinic details in a framed box, as always when it fits on a page
    (with `columns=2`, the details two to a line, read across).

    A table cell cannot split across pages, so long fields (500 characters,
    one unbreakable word, large print) would raise LayoutError; then the rows
    go in as plain paragraphs between two rules, which flow on to the next page.
    """
    if columns == 2 and len(rows) > 1:
        half = (b.width - b.st.size * 1.2) / 2
        grid = [rows[i:i + 2] + [""] * (2 - len(rows[i:i + 2])) for i in range(0, len(rows), 2)]
        inner = b.table(grid, [half, half], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                                             ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                             ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                             ("TOPPADDING", (0, 0), (-1, -1), 0),
                                             ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        box = b.box([inner], strong=False)
    else:
        box = b.box(rows, strong=False)
    room = SMALLEST_FRAME  # the frame on the smaller paper
    if box.wrap(b.width, room)[1] <= room:
        return [box]

    def rule() -> HRFlowable:
        return HRFlowable(width="100%", thickness=1, color=RULE, spaceBefore=b.st.size * 0.3,
                          spaceAfter=b.st.size * 0.3)

    return [rule(), *rows, rule()]
