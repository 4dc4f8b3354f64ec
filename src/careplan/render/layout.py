"""Page geometry: the one home for paper sizes, margins and the chart's first column.

The handout, the gallery and the translators' fit check (careplan.i18n.catalogs)
all measure against these, so a text that fits there fits on the page.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

PageSize = tuple[float, float]

PAPER: dict[str, PageSize] = {"a4": A4, "letter": LETTER}
MARGIN: float = 17 * mm
CHART_FIRST_COLUMN = 0.34  # share of the text width for the exercise names in the 7-day chart


def frame_height(pagesize: PageSize) -> float:
    """The height flowables get on one page (margins, footer room and the frame's padding taken off)."""
    return pagesize[1] - MARGIN * 2.1 - 12


# The frame on the smaller paper: what must fit on one page whatever the paper.
SMALLEST_FRAME = frame_height(min(PAPER.values(), key=lambda size: size[1]))
