"""Shaped text into PDF operators: ReportLab's own output, without its generator chain per glyph.

ReportLab's PDFTextObject._formatText writes a HarfBuzz-shaped string (an
Arabic line) as TJ arrays: for each glyph its offset, its code and its
advance correction, then zeros dropped, codes run together and numbers
summed, through filter, groupby and a lambda called for every item. A cold
Arabic handout spends about a twentieth of its time there.
shaped_format_text() follows the same steps in the same order (the same
subsets and font operators, the same rise changes through setRise, the same
running sums formatted by ReportLab's fp_str and escaped by the canvas's
escape) in one loop, and anything that is not a shaped string in a shaping
font goes to ReportLab's method as before. It stands in only while
ReportLab's method has the code it was checked against (CHECKED).
tests/test_textout.py compares the operators with ReportLab's for every
line of handouts with marks above and below the baseline.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# SHA-256 (shapeword.code_digest) of the PDFTextObject._formatText checked against: ReportLab 5.1.0, Python 3.11
CHECKED = frozenset({"d8e90b64507994e972b357b89b13b4acadc50466e234315ae2e51cf5d659c858"})


def shaped_format_text(self: Any, text: Any, font: Any) -> str:
    """ReportLab's _formatText(text) for a ShapedStr in a shaping TrueType font."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.ttfonts import _sdGuardL

    canv = self._canvas
    state = (self._code, self._x, self._y)
    try:
        self._code = []
        out = self._code.append
        escape = canv._escape
        tmpl = None
        r0 = self._rise
        sd0 = 0
        shape_data = text.__shapeData__
        fontsize = self._fontsize
        for subset, t in font.splitString(text, canv._doc):
            cluster = None
            if subset != self._curSubset:
                if not tmpl:
                    tmpl = f"{fp_str(fontsize)} Tf {fp_str(self._leading)} TL"
                out(f"{font.getSubsetInternalName(subset, canv._doc)} {tmpl}")
                self._curSubset = subset
            sd1 = sd0 + len(t)
            run = shape_data[sd0:sd1] + _sdGuardL
            sd0 = sd1
            parts: list[str] = []
            codes: bytearray | None = None  # the codes of the group being read, or None in a number group
            total: Any = 0  # the sum of the number group being read (ReportLab's sum(), from 0)
            for i, sd in enumerate(run):
                r = r0 + fontsize * sd.y_offset / 1000
                if cluster is None or sd.cluster < 0 or r != self._rise:
                    if cluster is not None:  # end the TJ array: as ReportLab's groupby would close it
                        if codes is not None:
                            parts.append(f"({escape(bytes(codes))})")
                        elif total is not None:
                            s = fp_str(total)
                            if s != "0":
                                parts.append(s)
                        if len(parts) == 1 and parts[0].startswith("("):
                            out(f"{parts[0]} Tj")
                        else:
                            out(f'[{" ".join(parts)}] TJ')
                        if self._rise != r0:
                            self.setRise(r0)
                        if sd.cluster < 0:
                            break
                    if r != self._rise:
                        self.setRise(r)
                    cluster = sd.cluster
                    parts, codes, total = [], None, None
                # three items a glyph, zeros dropped: its offset, its code, its advance correction
                v = -sd.x_offset
                if v:
                    if total is None:
                        if codes is not None:
                            parts.append(f"({escape(bytes(codes))})")
                        codes, total = None, 0
                    total = total + v
                if codes is None:  # the glyph's code
                    if total is not None:
                        s = fp_str(total)
                        if s != "0":
                            parts.append(s)
                    codes, total = bytearray(), None
                codes.append(t[i])
                v = sd.width - sd.x_advance + sd.x_offset
                if v:  # a code group is being read (the code just above): it ends, a number group begins
                    parts.append(f"({escape(bytes(codes))})")
                    codes, total = None, 0 + v
        if self._rise != r0:
            self.setRise(r0)
    finally:
        self._code, self._x, self._y = state
    return " ".join(out.__self__)


@cache
def install() -> None:
    """Route shaped strings through shaped_format_text, when ReportLab's method is the one checked."""
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import ShapedStr
    from reportlab.pdfgen.textobject import PDFTextObject

    from careplan.render.shapeword import code_digest

    original = PDFTextObject._formatText
    if getattr(original, "careplan_shaped", False) or code_digest(original) not in CHECKED:
        return

    def format_text(self: Any, text: Any) -> str:
        if type(text) is ShapedStr:
            font = getFont(self._fontname)
            if font._dynamicFont and font.shapable:
                return shaped_format_text(self, text, font)
        result: str = original(self, text)
        return result

    format_text.careplan_shaped = True  # type: ignore[attr-defined]
    format_text.reportlab = original  # type: ignore[attr-defined]
    PDFTextObject._formatText = format_text
