"""The PDF itself: page template, the footer on every page ("page X of Y"), reproducible bytes.

Shared by the handout and the gallery: a story of flowables in, PDF bytes out.
With invariant mode the same story gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from careplan import __version__
from careplan.i18n import PSEUDO_LOCALE, Translator
from careplan.render import flate, fonts, pdfwrite, replay, runs
from careplan.render.bidi import is_rtl_locale
from careplan.render.codes import code_first
from careplan.render.layout import MARGIN, PageSize
from careplan.render.styles import RULE, footer_size

Footer = Callable[[Canvas, int, int], None]


def _numbered_canvas(footer: Footer, letters: str, glyphs: Any = ()) -> type[Canvas]:
    """A canvas that knows the page count when it draws each footer ("page X of Y"), and
    whose text font codes `letters` first (codes.code_first), and a shaped script's font
    its catalog's `glyphs` (glyph_first.code_first)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            if letters:
                code_first(self._doc, letters, (fonts.FAMILY, fonts.BOLD))
            if glyphs:
                from careplan.render import glyph_first

                glyph_first.code_first(self._doc, glyphs)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _glyphs(letters: str, t: Translator) -> Any:
    """The shaped glyphs the language's font codes first (glyph_first.plan); none when PT Sans
    draws all its `letters` (then the module is not even imported)."""
    if fonts.covered(letters):
        return ()
    from careplan.render import glyph_first

    return glyph_first.plan(letters, t.printed_words())


@cache
def _footer_style(align: int, size: float) -> Any:
    """One style per alignment and size for the process: paragraphs keep their parsed text,
    broken lines and drawing per style (memo.py, replay.py), and a new style for every
    footer made every page's footer anew (a fifth of a warm Arabic handout's time)."""
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"footer-{align}", fontName=fonts.FAMILY, fontSize=size, leading=size * 1.2,
                          textColor=RULE, alignment=align, **{runs.RTL_STYLE: True})


def rtl_footer(canvas: Canvas, pagesize: PageSize, size: float, title: str, page: str) -> None:
    """The footer of a right-to-left page: the title at the right, the page number at the left,
    each shaped and ordered as the page's paragraphs are."""
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT

    width = pagesize[0] - 2 * MARGIN
    for text, align, share in ((title, TA_RIGHT, 0.7), (page, TA_LEFT, 0.3)):
        para = runs.paragraph(runs.markup(text), _footer_style(align, size))
        para.wrapOn(canvas, width * share, MARGIN)
        x = MARGIN + width - width * share if align == TA_RIGHT else MARGIN
        para.drawOn(canvas, x, MARGIN * 0.5 - size * 0.25)


def build_pdf(story: list[Flowable], t: Translator, pagesize: PageSize, title: str, subject: str,
              large_print: bool) -> bytes:
    """The story laid out on pages of `pagesize`, each with `title` and its page number in the footer."""
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: smaller files, and no slow ASCII85 pass
    flate.install()
    pdfwrite.install()
    buf = io.BytesIO()
    size = footer_size(large_print)

    rtl = is_rtl_locale(t.locale)

    def footer(canvas: Canvas, page: int, total: int) -> None:
        if rtl:
            return rtl_footer(canvas, pagesize, size, title, t.format("Page {page} of {total}", page=page, total=total))
        canvas.saveState()
        canvas.setFont(fonts.FAMILY, size)
        canvas.setFillColor(RULE)
        runs.draw_string(canvas, MARGIN, MARGIN * 0.5, title, size)
        runs.draw_string(canvas, pagesize[0] - MARGIN, MARGIN * 0.5,
                         t.format("Page {page} of {total}", page=page, total=total), size, right=True)
        canvas.restoreState()

    lang = "en" if t.locale == PSEUDO_LOCALE else t.locale.replace("_", "-")
    doc = SimpleDocTemplate(
        buf, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN * 1.1, title=title, subject=subject, author="",
        creator=f"careplan {__version__}", producer="careplan", invariant=1, lang=lang,
        initialFontName=fonts.FAMILY,
    )
    letters = t.letters()
    doc.build(story, canvasmaker=_numbered_canvas(footer, letters, _glyphs(letters, t)))
    replay.WARM = True  # a later handout in this process may write this one's paragraphs again
    return buf.getvalue()
