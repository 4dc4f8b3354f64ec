"""Draw one flowable alone on a page and compare two such pages pixel for pixel (pdftoppm, 150 dpi).

The chart's grid, the boxes and the Grids stand for ReportLab Tables; their
tests hold each to the Table it replaced this way.
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


def same_pages(pairs: list[tuple[Flowable, Flowable]], folder: Path, width: float, height: float) -> list[int]:
    """The indexes of the pairs whose two flowables, each drawn alone on a page, give different
    pages (two PDFs of a page per pair, rasterised once each)."""
    pngs: dict[str, list[Path]] = {}
    for side in (0, 1):
        path = folder / f"side{side}.pdf"
        canv = Canvas(str(path), pagesize=(width + 2 * MARGIN, height))
        for pair in pairs:
            flowable = pair[side]
            _, h = flowable.wrapOn(canv, width, height - 2 * MARGIN)
            flowable.drawOn(canv, MARGIN, height - MARGIN - h)
            canv.showPage()
        canv.save()
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(folder / f"side{side}")], check=True)
        pngs[str(side)] = sorted(folder.glob(f"side{side}-*.png"))
    assert len(pngs["0"]) == len(pngs["1"]) == len(pairs)
    differ = []
    for i, (a, b) in enumerate(zip(pngs["0"], pngs["1"], strict=True)):
        with Image.open(a) as x, Image.open(b) as y:
            if x.size != y.size or ImageChops.difference(x.convert("RGB"), y.convert("RGB")).getbbox() is not None:
                differ.append(i)
    return differ
