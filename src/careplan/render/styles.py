"""Paragraph styles for one handout: normal or large print, one font family."""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from careplan.records import record
from careplan.render import fonts, runs

INK = Color(0.08, 0.08, 0.08)
MUTED = Color(0.3, 0.3, 0.3)
RULE = Color(0.45, 0.45, 0.45)
SHADE = Color(0.92, 0.92, 0.92)


@record
class Styles:
    body: ParagraphStyle
    bold: ParagraphStyle
    step: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    alarm: ParagraphStyle
    cell: ParagraphStyle
    item_step: ParagraphStyle  # a step of a position or exercise: closer together than a warning box's lines
    item_title: ParagraphStyle  # a position's, an exercise's or a habit's title
    size: float
    rtl: bool = False  # a right-to-left page: text right-aligned, bullets and columns mirrored


# Clear-print sizes (UK Association for Accessible Formats, RNIB): body 12 pt
# and nothing under 10 pt; large print body 18 pt and nothing under 16 pt.
BODY_PT = {False: 12.0, True: 18.0}
SMALLEST_PT = {False: 10.0, True: 16.0}


def footer_size(large_print: bool) -> float:
    return SMALLEST_PT[large_print]


@cache
def make_styles(large_print: bool, rtl: bool = False) -> Styles:
    """The paragraph styles of one print size and direction, made once (never changed
    after: paragraphs are parsed once per text and style, render/memo.py)."""
    regular = fonts.register()
    bold = fonts.BOLD
    size = BODY_PT[large_print]
    least = SMALLEST_PT[large_print]
    lead = size * 1.3  # RNIB clear print: leading 25 to 30% of the type size

    def st(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = dict(fontName=regular, bulletFontName=regular, fontSize=size, leading=lead,
                                    textColor=INK, spaceAfter=size * 0.3)
        base.update(kw)
        if rtl:  # text from the right, a step's number in the right margin (runs.paragraph draws it)
            base.update(alignment=TA_RIGHT, rightIndent=base.pop("leftIndent", 0), bulletIndent=0,
                        **{runs.RTL_STYLE: True})
        base.setdefault("bulletFontSize", base["fontSize"])  # ReportLab's default is 10 pt whatever the text
        return ParagraphStyle(name, **base)

    return Styles(
        body=st("body"),
        bold=st("bold", fontName=bold),
        step=st("step", leftIndent=size * 1.6, bulletIndent=0, bulletFontName=bold, spaceAfter=size * 0.25),
        small=st("small", fontSize=least, leading=least * 1.3, textColor=MUTED, spaceAfter=size * 0.2),
        title=st("title", fontName=bold, fontSize=size * 1.9, leading=size * 2.3, spaceAfter=size * 0.3),
        h1=st("h1", fontName=bold, fontSize=size * 1.35, leading=size * 1.7, spaceBefore=size * 0.6,
              spaceAfter=size * 0.35),
        h2=st("h2", fontName=bold, fontSize=size * 1.1, leading=size * 1.4, spaceBefore=size * 0.2,
              spaceAfter=size * 0.3),
        alarm=st("alarm", fontName=bold, fontSize=size * 2.3, leading=size * 2.8, spaceAfter=size * 0.4),
        cell=st("cell", fontSize=max(size * 0.85, least), leading=max(size * 0.85, least) * 1.2, spaceAfter=0),
        item_step=st("item_step", leftIndent=size * 1.6, bulletIndent=0, bulletFontName=bold, spaceAfter=size * 0.1),
        item_title=st("item_title", fontName=bold, fontSize=size * 1.1, leading=size * 1.35, spaceAfter=size * 0.2),
        size=size,
        rtl=rtl,
    )
