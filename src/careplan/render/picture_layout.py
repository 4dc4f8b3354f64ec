"""Where a picture's frames sit and how big it is, without drawing it.

The layout asks every picture its size, in each layout it weighs (side by
side at a width, at the one scale, stacked), and only the one it keeps is
drawn (render/drawing.py, through render/sharing.py, usually from the
operators kept between runs). So this module needs no shapes: a handout whose
pictures come from the cache never imports ReportLab's graphics (2 to 3 ms of
a cold start).
"""

from __future__ import annotations

from reportlab.lib.units import mm

from careplan.content import figures
from careplan.content.pictures import FRAME_GAP, Picture, shape_box
from careplan.render import opcache
from careplan.render.perobject import PerObject

# Points per canvas unit (about 1 cm of a grown-up), the same for every picture:
# a figure lying with its knees bent is about 131 units long, so 59 mm, a third
# of the A4 text width (176 mm); lying with the legs down, 70-80 mm.
SCALE = 0.45 * mm
MARGIN = 1.5


def _box(picture: Picture, i: int, prims: list[figures.Prim] | None) -> tuple[float, float, float, float]:
    """What frame `i` shows (x0, y0, x1, y1): its props and figure."""
    f = picture.frames[i]
    boxes = [shape_box(s) for s in f.shapes]
    if prims:
        boxes.append(figures.extent(prims))
    if not boxes:
        return 0.0, 0.0, picture.frame_width or picture.width, picture.height
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


Box = tuple[float, float, float, float]
_PRIMS: PerObject[tuple[list[list[figures.Prim] | None], list[Box]]] = PerObject()


def built(picture: Picture, pregnant: bool) -> tuple[list[list[figures.Prim] | None], list[Box]]:
    """Each frame's figure as primitives and what the frame shows, worked out
    once per picture in a process (primitives are frozen, so every drawing of
    the picture can share them; the layout asks for the boxes in every handout)."""
    hit = _PRIMS.get(picture, pregnant)
    if hit is not None:
        return hit
    prims = [figures.build(f.figure, pregnant) if f.figure is not None else None for f in picture.frames]
    return _PRIMS.put(picture, (prims, [_box(picture, i, p) for i, p in enumerate(prims)]), pregnant)


_BOXES: PerObject[list[Box]] = PerObject()


def frame_boxes(picture: Picture, pregnant: bool) -> list[Box]:
    """What each frame shows, which is all the layout needs (size, bounds): from this process,
    else kept from an earlier run (render/opcache.py, keyed by the picture and this code), else
    worked out by building the figures (a few ms a handout, the first time)."""
    done = _PRIMS.get(picture, pregnant)
    if done is not None:
        return done[1]
    boxes = _BOXES.get(picture, pregnant)
    if boxes is not None:
        return boxes
    entry = opcache.path(picture, (pregnant,), "boxes")
    boxes = opcache.get_boxes(entry)
    if boxes is None:
        boxes = built(picture, pregnant)[1]
        opcache.put_boxes(entry, boxes)
    return _BOXES.put(picture, boxes, pregnant)


def layout(picture: Picture, boxes: list[Box]) -> tuple[list[tuple[float, float]], float, float, float]:
    """Each frame's x shift and left edge, cropped to what it shows; the y
    range shared by all frames (so floors line up); and the layout's width."""
    y0 = max(0.0, min(b[1] for b in boxes) - MARGIN)
    y1 = min(picture.height, max(b[3] for b in boxes) + MARGIN)
    shifts, x = [], 0.0
    for b in boxes:
        left = max(0.0, b[0] - MARGIN)
        right = min(picture.frame_width or picture.width, b[2] + MARGIN)
        shifts.append((x - left, x))
        x += right - left + FRAME_GAP
    return shifts, y0, y1, x - FRAME_GAP


def bounds(picture: Picture, margin: float = MARGIN) -> tuple[float, float, float, float]:
    """The box the laid-out frames use (x0, y0, x1, y1): authors draw on a roomy
    canvas and the page shows only what the figures and props need."""
    _, y0, y1, width = layout(picture, frame_boxes(picture, False))
    return 0.0, y0, min(width, picture.width), y1


def stack_spans(picture: Picture, boxes: list[Box]) -> tuple[list[Box], float, float]:
    """Each frame cropped to what it shows (x0, x1, y0, y1), and the stack's width and height."""
    fw = picture.frame_width or picture.width
    spans = [(max(0.0, b[0] - MARGIN), min(fw, b[2] + MARGIN), max(0.0, b[1] - MARGIN),
              min(picture.height, b[3] + MARGIN)) for b in boxes]
    lay_w = max(x1 - x0 for x0, x1, _, _ in spans)
    lay_h = sum(y1 - y0 for _, _, y0, y1 in spans) + FRAME_GAP * 1.6 * (len(spans) - 1)
    return spans, lay_w, lay_h


def size(picture: Picture, width: float | None = None, *, scale: float | None = None,
         pregnant: bool = False, stacked: bool = False) -> tuple[float, float]:
    """The width and height drawing() gives, without building its shapes (the
    layout asks this of every picture, in each of its layouts)."""
    boxes = frame_boxes(picture, pregnant)
    if stacked and width is None:
        _, lay_w, lay_h = stack_spans(picture, boxes)
        s = scale or SCALE
        return lay_w * s, lay_h * s
    _, y0, y1, lay_w = layout(picture, boxes)
    s = width / lay_w if width is not None else scale or SCALE
    return lay_w * s, (y1 - y0) * s
