"""The building blocks every handout section is made of: paragraphs, boxes, tables, pictures.

One Blocks per handout holds what every section needs (translator, styles,
content, the text width, the one picture scale), so a section is a plain
function from the plan to its flowables and can be rendered alone. Every
piece of text goes through runs.markup, so names, notes and translations can
never inject markup and any script finds a font.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from careplan.content.model import Content, Item
from careplan.i18n import Translator
from careplan.render import fonts, runs
from careplan.render.drawing import SCALE, shared
from careplan.render.layout import SMALLEST_FRAME
from careplan.render.styles import INK, RULE, SHADE, Styles

# What a section returns: ReportLab flowables in reading order.
Story = list[Flowable]
# One TableStyle command: ("NAME", (col, row), (col, row), *values).
Command = tuple[Any, ...]


_SIDES = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING", "LINEBEFORE": "LINEAFTER",
          "LINEAFTER": "LINEBEFORE"}


def mirrored(rows: list[list[Any]], col_widths: list[float],
             style: list[Command]) -> tuple[list[list[Any]], list[float], list[Command]]:
    """A table's rows, widths and style commands mirrored left to right."""
    n = len(col_widths)

    def col(c: int) -> int:
        return n - 1 - (c % n)

    def command(cmd: Command) -> Command:
        name, (c0, r0), (c1, r1), *values = cmd
        if name == "ALIGN" and values and values[0] in ("LEFT", "RIGHT"):
            values[0] = "RIGHT" if values[0] == "LEFT" else "LEFT"
        return (_SIDES.get(name, name), (col(c1), r0), (col(c0), r1), *values)

    return [row[::-1] for row in rows], col_widths[::-1], [command(c) for c in style]


class Blocks:
    """The small pieces of one handout, at its text width and picture scale."""

    def __init__(self, t: Translator, st: Styles, content: Content, width: float,
                 pic_scale: float = SCALE, height: float | None = None) -> None:
        self.t, self.st, self.content, self.width = t, st, content, width
        self.height = height or SMALLEST_FRAME  # the frame's height (on the smaller paper when not known)
        self.pic_scale = pic_scale  # one scale for every picture in this handout

    def p(self, text: str, style: ParagraphStyle | None = None, bullet: str | None = None) -> Paragraph:
        """A paragraph of plain text (escaped, each word in a font that has it)."""
        style = style or self.st.body
        return runs.paragraph(runs.markup(text, runs.is_bold(style)), style, bulletText=bullet)

    def bold_lead(self, lead: str, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """"Lead: text" with the lead in bold."""
        style = style or self.st.body
        return runs.paragraph(f"<b>{runs.markup(lead, bold=True)}</b> {runs.markup(text, runs.is_bold(style))}", style)

    def heading(self, text: str) -> Story:
        """A section heading that never ends a page: it turns the page when little room is left."""
        return [CondPageBreak(self.st.size * 8), self.p(text, self.st.h1)]

    def steps(self, steps: Iterable[str], numbered: bool = True) -> list[Paragraph]:
        """Translated steps as a numbered (or bulleted) list."""
        tr = self.t.gettext
        return [self.p(tr(s), self.st.step, bullet=f"{i}." if numbered else "•") for i, s in enumerate(steps, 1)]

    def table(self, rows: list[list[Any]], col_widths: list[float], style: list[Command], **kw: Any) -> Table:
        """A Table whose cells use the embedded font (ReportLab's default is
        unembedded Helvetica, even for cells that hold only Paragraphs)."""
        if self.st.rtl:  # a right-to-left page reads its columns from the right
            rows, col_widths, style = mirrored(rows, col_widths, style)
        tbl = Table(rows, colWidths=col_widths, **kw)
        tbl.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.FAMILY, self.st.size), *style]))
        return tbl

    def box(self, flowables: Story, *, strong: bool) -> Table:
        """A framed box. Strong boxes: thick double frame and shading, so they
        stand out in greyscale and without colour."""
        pad = self.st.size * 0.6
        style: list[Command] = [
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

    def picture(self, name: str, pregnant: bool = False) -> Flowable:
        """A picture at the handout's one scale, never wider than the text."""
        rtl = self.st.rtl  # a right-to-left reader meets the first frame at the right
        pic = shared(self.content.pictures[name], scale=self.pic_scale, pregnant=pregnant, rtl=rtl)
        if pic.width > self.width:  # letter paper, future pictures
            pic = shared(self.content.pictures[name], self.width, pregnant=pregnant, rtl=rtl)
        return pic

    def picture_row(self, item: Item, body: Story, pregnant: bool = False) -> Table:
        """Picture and text. Every picture is drawn at one scale, so people are
        the same size in every picture. The picture sits beside the text when
        that leaves a text column of at least 40% of the width and takes no
        more height than the picture above the text (a narrow standing figure,
        or a wide one beside short steps); else it sits above the text.
        `pregnant` draws the figure with a pregnancy bump."""
        pic = self.picture(item.picture, pregnant)
        style: list[Command] = [
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
        # measured on copies: a Table that has been wrapped keeps its cells expanded
        if self.width - pic_w >= self.width * 0.4 and \
                beside().wrap(self.width, 1e6)[1] <= above().wrap(self.width, 1e6)[1] + 1:
            return beside()
        return above()
