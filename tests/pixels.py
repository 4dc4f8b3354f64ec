"""Draw one flowable alone on a page and compare two such pages pixel for pixel (pdftoppm, 150 dpi).

The chart's grid and the boxes are drawn without ReportLab Tables; their tests
hold each to the Table it replaced this way.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

MARGIN = 20.0


def page_png(flowable: Flowable, path: Path, width: float, height: float) -> Path:
    """The flowable `width` wide at the top left of a page of its own, `height` tall with the margins."""
    canv = Canvas(str(path), pagesize=(width + 2 * MARGIN, height))
    _, h = flowable.wrapOn(canv, width, height - 2 * MARGIN)
    flowable.drawOn(canv, MARGIN, height - MARGIN - h)
    canv.showPage()
    canv.save()
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(path), str(path.with_suffix(""))],
                   check=True)
    return path.with_suffix(".png")


def same_pixels(a: Flowable, b: Flowable, folder: Path, width: float, height: float) -> bool:
    """Whether the two flowables, each drawn alone, give the same page."""
    ours, theirs = page_png(a, folder / "a.pdf", width, height), page_png(b, folder / "b.pdf", width, height)
    with Image.open(ours) as x, Image.open(theirs) as y:
        return x.size == y.size and ImageChops.difference(x.convert("RGB"), y.convert("RGB")).getbbox() is None
