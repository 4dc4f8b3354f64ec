"""Turn a picture described as data into a ReportLab Drawing.

One style for every picture: dark round-capped strokes for the body, light
grey boxes for pillows and mats, dashed grey for where a movement goes,
black arrows for its direction. Greyscale only, so it prints anywhere.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, PolyLine, Polygon, Rect
from reportlab.lib.colors import Color

from ..pictures_data import Picture, Shape
from . import fonts

INK = Color(0.1, 0.1, 0.1)
GREY = Color(0.55, 0.55, 0.55)
CUSHION = Color(0.86, 0.86, 0.86)
BODY_WIDTH = 3.2
ARROW_WIDTH = 1.4
HEAD = 4.0


def _arrow_head(x: float, y: float, angle: float) -> Polygon:
    left = (x - HEAD * math.cos(angle - 0.45), y - HEAD * math.sin(angle - 0.45))
    right = (x - HEAD * math.cos(angle + 0.45), y - HEAD * math.sin(angle + 0.45))
    return Polygon([x, y, *left, *right], fillColor=INK, strokeColor=INK, strokeWidth=0.5)


def _shape(s: Shape, g: Group) -> None:
    p = s.points
    if s.kind == "line":
        g.add(PolyLine(list(p), strokeColor=INK, strokeWidth=BODY_WIDTH, strokeLineCap=1, strokeLineJoin=1))
    elif s.kind == "ghost":
        g.add(PolyLine(list(p), strokeColor=GREY, strokeWidth=BODY_WIDTH * 0.6, strokeLineCap=1,
                       strokeLineJoin=1, strokeDashArray=[3, 3]))
    elif s.kind == "circle":
        g.add(Circle(p[0], p[1], p[2], strokeColor=INK, strokeWidth=BODY_WIDTH * 0.8, fillColor=Color(1, 1, 1)))
    elif s.kind == "dot":
        g.add(Circle(p[0], p[1], p[2], strokeColor=INK, strokeWidth=0.5, fillColor=INK))
    elif s.kind == "cushion":
        g.add(Rect(p[0], p[1], p[2], p[3], rx=min(p[3], p[2]) / 2.5, ry=min(p[3], p[2]) / 2.5,
                   fillColor=CUSHION, strokeColor=GREY, strokeWidth=0.8))
    elif s.kind == "object":
        g.add(Rect(p[0], p[1], p[2], p[3], fillColor=None, strokeColor=GREY, strokeWidth=1.2))
    elif s.kind == "floor":
        g.add(Line(p[0], p[1], p[2], p[1], strokeColor=GREY, strokeWidth=1.2))
    elif s.kind == "arrow":
        x1, y1, x2, y2 = p
        angle = math.atan2(y2 - y1, x2 - x1)
        g.add(Line(x1, y1, x2, y2, strokeColor=INK, strokeWidth=ARROW_WIDTH))
        g.add(_arrow_head(x2, y2, angle))
        if s.both:
            g.add(_arrow_head(x1, y1, angle + math.pi))
    elif s.kind == "curve":
        x1, y1, cx, cy, x2, y2 = p
        path = Path(strokeColor=INK, strokeWidth=ARROW_WIDTH, fillColor=None)
        path.moveTo(x1, y1)
        # a quadratic curve written as the equivalent cubic
        path.curveTo(x1 + 2 / 3 * (cx - x1), y1 + 2 / 3 * (cy - y1),
                     x2 + 2 / 3 * (cx - x2), y2 + 2 / 3 * (cy - y2), x2, y2)
        g.add(path)
        g.add(_arrow_head(x2, y2, math.atan2(y2 - cy, x2 - cx)))
        if s.both:
            g.add(_arrow_head(x1, y1, math.atan2(y1 - cy, x1 - cx)))


def _points(s: Shape) -> list[tuple[float, float]]:
    """The corners a shape reaches, for cropping (a curve's control point counts)."""
    p = s.points
    if s.kind in ("circle", "dot"):
        return [(p[0] - p[2], p[1] - p[2]), (p[0] + p[2], p[1] + p[2])]
    if s.kind in ("cushion", "object"):
        return [(p[0], p[1]), (p[0] + p[2], p[1] + p[3])]
    if s.kind == "floor":
        return [(p[0], p[1]), (p[2], p[1])]
    return list(zip(p[0::2], p[1::2]))


def bounds(picture: Picture, margin: float = 3.0) -> tuple[float, float, float, float]:
    """The part of the canvas the shapes use (x0, y0, x1, y1), so authors can
    draw on a roomy canvas and the page still shows the figure as large as it fits."""
    pts = [pt for s in picture.shapes for pt in _points(s)]
    if not pts:
        return 0.0, 0.0, picture.width, picture.height
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    return (max(0.0, min(xs) - margin), max(0.0, min(ys) - margin),
            min(picture.width, max(xs) + margin), min(picture.height, max(ys) + margin))


def drawing(picture: Picture, width: float, max_height: float | None = None) -> Drawing:
    """The used part of the picture scaled to `width` points (or less, to stay
    within `max_height`), keeping its proportions."""
    x0, y0, x1, y1 = bounds(picture)
    scale = width / (x1 - x0)
    if max_height is not None:
        scale = min(scale, max_height / (y1 - y0))
    d = Drawing((x1 - x0) * scale, (y1 - y0) * scale)
    d.initialFontName = fonts.FAMILY  # else the renderer selects unembedded Helvetica
    g = Group()
    for s in picture.shapes:
        _shape(s, g)
    g.scale(scale, scale)
    g.translate(-x0, -y0)
    d.add(g)
    return d
