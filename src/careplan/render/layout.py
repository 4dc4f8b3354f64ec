"""Page geometry: the one home for paper sizes, margins and the chart's first column.

Placeholder for the i18n branch only: arch-render owns this module and its
full version; the translators' fit check needs just these three.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

PageSize = tuple[float, float]

PAPER: dict[str, PageSize] = {"a4": A4, "letter": LETTER}
MARGIN: float = 17 * mm
CHART_FIRST_COLUMN = 0.34  # share of the text width for the exercise names in the 7-day chart
