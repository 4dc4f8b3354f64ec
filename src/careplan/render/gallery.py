"""The gallery: every position and exercise with its picture, in one PDF.

For content reviewers and translators: see each item in context, in any
locale, without answering questions. Items carry their id in small print so
a translator can find the matching entries in the .po file.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether, PageBreak

from ..content import Content
from ..i18n import translator
from .handout import PAPER, MARGIN, _Builder, _build_pdf
from .styles import make_styles
from .texts import dose_lines


def render_gallery(content: Content, locale: str, *, paper: str = "a4", large_print: bool = False) -> bytes:
    t = translator(locale)
    st = make_styles(large_print)
    pagesize = PAPER[paper]
    b = _Builder(t, st, content, pagesize[0] - 2 * MARGIN)
    title = t.gettext("careplan gallery: every position and exercise")
    b.add(b.p(title, st.title))
    for heading, items in ((t.gettext("Resting positions"), content.positions),
                           (t.gettext("Exercises"), content.exercises)):
        b.add(b.p(heading, st.h1))
        for item in items:
            body = [b.p(t.gettext(item.title), st.h2), *b.steps(item.steps)]
            body += [b.p(line, st.bold) for line in dose_lines(t, item)]
            if item.stop:
                body.append(b.p(t.gettext(item.stop)))
            body.append(b.p(f"{item.id} · {item.posture} · {item.spinal_flexion}", st.small))
            b.add(KeepTogether(b.picture_row(item, body)))
        if items is content.positions:
            b.add(PageBreak())
    b.add(b.p(t.gettext(content.safety.stop_rule), st.bold))
    return _build_pdf(b.story, t, pagesize, title, title, large_print)
