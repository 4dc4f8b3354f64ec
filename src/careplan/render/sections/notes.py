""""Notes from your clinician": printed notes or lines to write on, and the next appointment."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import KeepTogether

from careplan.contract.answers import Answers
from careplan.planning.planner import Plan
from careplan.render.blocks import Blocks, Story
from careplan.render.styles import RULE

NOTE_LINES = 3  # lines to write on when no notes are printed


def has_notes_block(plan: Plan) -> bool:
    """Self-care and soon handouts get room for the clinician's notes."""
    return plan.level in ("self_care", "soon")


def notes_block(b: Blocks, answers: Answers) -> Story:
    """Notes from the clinician, printed or written by hand, and the next appointment."""
    t, st = b.t, b.st
    clinic = answers.clinic
    rows: list[list[Any]] = []
    if clinic and clinic.notes:
        rows.append([b.typed(clinic.notes)])
    if not rows:  # printed notes need no lines to write on: the block is as long as they are
        rows += [[""] for _ in range(NOTE_LINES)]
    date = t.format_date(clinic.follow_up) if clinic and clinic.follow_up else "________________"
    rows.append([b.bold_lead(t.gettext("Next appointment:"), date)])
    line_h = st.size * 1.8
    tbl = b.table(rows, [b.width], [
        ("LINEBELOW", (0, 0), (-1, -2), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ], rowHeights=[None if r[0] else line_h for r in rows])
    return [KeepTogether([b.p(t.gettext("Notes from your clinician"), st.h1), tbl])]
