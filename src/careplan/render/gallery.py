"""The gallery: every position and exercise with its picture, in one PDF.

For content reviewers and translators: see each item in context, in any
locale, without answering questions. Each picture is shown large with all
its frames, then with the pregnancy bump, so an author can check a pose
without making a handout. Items carry their id in small print so a
translator can find the matching entries in the .po file.

Pictures come through drawing.drawing() and pages through
document.build_pdf(), the same public functions the handout uses; the page
text is built here.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from careplan.content.model import Content
from careplan.content.pictures import Picture
from careplan.i18n import translator
from careplan.render import fonts
from careplan.render.document import build_pdf
from careplan.render.drawing import SCALE, drawing
from careplan.render.layout import MARGIN, PAPER
from careplan.render.markup import escape
from careplan.render.styles import make_styles
from careplan.render.texts import dose_lines

# Half as large again as on a handout, so a reviewer sees the details.
GALLERY_SCALE = SCALE * 1.5


def _large(picture: Picture, width: float, pregnant: bool = False) -> Flowable:
    """The picture half as large again as on a handout, never wider than the text."""
    d = drawing(picture, scale=GALLERY_SCALE, pregnant=pregnant)
    if d.width > width:
        d = drawing(picture, width, pregnant=pregnant)
    return d


def render_gallery(content: Content, locale: str, *, paper: str = "a4", large_print: bool = False) -> bytes:
    """The gallery as PDF bytes: every position and exercise, then getting up, in `locale`."""
    t = translator(locale)
    st = make_styles(large_print)
    pagesize = PAPER[paper]
    width = pagesize[0] - 2 * MARGIN

    def p(text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(fonts.drawable(text)), style or st.body)

    def steps(lines: Iterable[str]) -> list[Paragraph]:
        return [Paragraph(escape(fonts.drawable(t.gettext(s))), st.step, bulletText=f"{i}.")
                for i, s in enumerate(lines, 1)]

    def pictures(picture: Picture) -> list[Flowable]:
        plain = _large(picture, width)
        bump = drawing(picture, pregnant=True)  # at the handout's own size: what a reader gets
        if bump.width > width:
            bump = drawing(picture, width, pregnant=True)
        if plain.width + bump.width + 10 * mm <= width:  # side by side when both fit
            shown: list[Flowable] = [Table([[plain, bump]], colWidths=[plain.width + 10 * mm, None], hAlign="LEFT",
                                           style=[("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                  ("FONT", (0, 0), (-1, -1), fonts.FAMILY, st.size)])]
        else:
            shown = [plain, Spacer(1, 2 * mm), bump]
        return [*shown, p(f"{picture.id}.yaml · frames: {len(picture.frames)} · plain, pregnant", st.small),
                Spacer(1, 2 * mm)]

    title = t.gettext("careplan gallery: every position and exercise")
    story: list[Flowable] = [p(title, st.title)]
    for heading, items in ((t.gettext("Resting positions"), content.positions),
                           (t.gettext("Exercises"), content.exercises)):
        story.append(p(heading, st.h1))
        for item in items:
            body = [p(t.gettext(item.title), st.h2), *pictures(content.pictures[item.picture]),
                    *steps(item.steps)]
            body += [p(line, st.bold) for line in dose_lines(t, item)]
            if item.stop:
                body.append(p(t.gettext(item.stop)))
            body.append(p(f"{item.id} · {item.posture} · {item.spinal_flexion}", st.small))
            story += [KeepTogether(body), Spacer(1, 4 * mm)]
        story.append(PageBreak())
    safety = content.safety
    body = [p(t.gettext(safety.getting_up_title), st.h2), *pictures(content.pictures["getting_up"]),
            *steps(safety.getting_up_steps.default)]
    story += [KeepTogether(body), Spacer(1, 4 * mm)]
    story.append(p(t.gettext(safety.stop_rule), st.bold))
    return build_pdf(story, t, pagesize, title, title, large_print)
