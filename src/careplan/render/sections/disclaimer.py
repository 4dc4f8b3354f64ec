"""The small print every handout ends with: the disclaimer, and whether the translation was checked."""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from careplan.i18n import clinically_reviewed
from careplan.render.blocks import Blocks, Story


def disclaimer(b: Blocks, reader: tuple[str, ...]) -> Story:
    """A little space, the disclaimer (a child's: "who has examined your child") and the review note."""
    text = b.t.gettext(b.content.safety.disclaimer.pick(reader))
    return [Spacer(1, b.st.size * 0.8), b.p(text, b.st.small), *review_note(b)]


def review_note(b: Blocks) -> list[Paragraph]:
    """Small print until a clinician who is a native speaker has checked the translation."""
    if clinically_reviewed(b.t.locale):
        return []
    return [b.p(b.t.gettext("This translation has not yet been checked by a health professional."), b.st.small)]
