"""Turn a picture described as data into a ReportLab Drawing.

One style for every picture, after the sports pictograms: a dark figure
with body volume (figures.py), props in light grey so the body stands out,
black arrows for the movement. Frames sit side by side at one scale, so
every person in every picture is the same size; greyscale only, so it
prints anywhere. Plain vector shapes: a picture renders in about a
millisecond.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, PolyLine, Rect
from reportlab.lib.colors import Color, white

from careplan.content import figures
from careplan.content.pictures import FRAME_GAP, Frame, Picture, Shape
from careplan.render import fonts
from careplan.render.picture_layout import MARGIN, SCALE, Box, bounds, built, layout, size, stack_spans

__all__ = ["MARGIN", "SCALE", "bounds", "drawing", "size"]  # the layout's, for the gallery and the tests

INK = Color(0.1, 0.1, 0.1)
GREY = Color(0.55, 0.55, 0.55)
PROP = Color(0.86, 0.86, 0.86)      # fill of pillows, mats, furniture
PROP_EDGE = Color(0.68, 0.68, 0.68)
BODY_WIDTH = 3.2
ARROW_WIDTH = 1.8
HEAD = 6.0
DIGITS = 1  # decimals kept of figure coordinates


def _grey(v: float) -> Color:
    return Color(v, v, v)


def _arrow_head(x: float, y: float, angle: float) -> Polygon:
    left = (x - HEAD * math.cos(angle - 0.42), y - HEAD * math.sin(angle - 0.42))
    right = (x - HEAD * math.cos(angle + 0.42), y - HEAD * math.sin(angle + 0.42))
    return Polygon([x, y, *left, *right], fillColor=INK, strokeColor=INK, strokeWidth=0.6, strokeLineJoin=1)


def _shape(s: Shape, g: Group) -> None:
    p = s.points
    k = s.kind
    if k == "line":
        g.add(PolyLine(list(p), strokeColor=INK, strokeWidth=BODY_WIDTH, strokeLineCap=1, strokeLineJoin=1))
    elif k == "ghost":
        g.add(PolyLine(list(p), strokeColor=GREY, strokeWidth=BODY_WIDTH * 0.6, strokeLineCap=1,
                       strokeLineJoin=1, strokeDashArray=[3, 3]))
    elif k == "circle":
        g.add(Circle(p[0], p[1], p[2], strokeColor=INK, strokeWidth=BODY_WIDTH * 0.8, fillColor=white))
    elif k == "dot":
        g.add(Circle(p[0], p[1], p[2], strokeColor=INK, strokeWidth=0.5, fillColor=INK))
    elif k == "cushion":
        r = min(p[3], p[2]) / 2.5
        g.add(Rect(p[0], p[1], p[2], p[3], rx=r, ry=r, fillColor=PROP, strokeColor=PROP_EDGE, strokeWidth=0.8))
    elif k == "object":
        g.add(Rect(p[0], p[1], p[2], p[3], fillColor=PROP, strokeColor=PROP_EDGE, strokeWidth=0.8))
    elif k == "floor":
        g.add(Line(p[0], p[1], p[2], p[1], strokeColor=PROP_EDGE, strokeWidth=1.5))
    elif k == "mat":
        x0, x1 = min(p), max(p)
        g.add(Rect(x0, 0, x1 - x0, 2.5, rx=1.2, ry=1.2, fillColor=PROP, strokeColor=PROP_EDGE, strokeWidth=0.8))
        g.add(Line(x0 - 6, 0, x1 + 6, 0, strokeColor=PROP_EDGE, strokeWidth=1.5))
    elif k == "bed":
        x0, x1, h = min(p[0], p[1]), max(p[0], p[1]), p[2]
        edge = dict(strokeColor=PROP_EDGE, strokeLineCap=1)
        g.add(Line(x0 + 4, 0, x0 + 4, h * 0.6, strokeWidth=4, **edge))
        g.add(Line(x1 - 4, 0, x1 - 4, h * 0.6, strokeWidth=4, **edge))
        g.add(Rect(x0, h * 0.6, x1 - x0, h * 0.4, rx=4, ry=4, fillColor=PROP, strokeColor=PROP_EDGE,
                   strokeWidth=0.8))
        g.add(Line(x0 - 3, 0, x1 + 3, 0, strokeColor=PROP_EDGE, strokeWidth=1.5))
    elif k == "chair":
        back, front, h = p
        d = 1 if front > back else -1
        edge = dict(strokeColor=PROP_EDGE, strokeLineCap=1)
        g.add(Line(back, 0, back, h * 1.95, strokeWidth=4, **edge))          # back leg and back rest
        g.add(Line(front - d * 2, 0, front - d * 2, h, strokeWidth=4, **edge))  # front leg
        g.add(Line(back, h - 2, front, h - 2, strokeWidth=5, **edge))        # seat
        g.add(Line(min(back, front) - 8, 0, max(back, front) + 8, 0, strokeColor=PROP_EDGE, strokeWidth=1.5))
    elif k == "seat":
        x0, x1, h = min(p[0], p[1]), max(p[0], p[1]), p[2]
        edge = dict(strokeColor=PROP_EDGE, strokeLineCap=1)
        g.add(Line(x0 + 3, 0, x0 + 3, h, strokeWidth=4, **edge))
        g.add(Line(x1 - 3, 0, x1 - 3, h, strokeWidth=4, **edge))
        g.add(Rect(x0, h - 5, x1 - x0, 5, rx=1.5, ry=1.5, fillColor=PROP, strokeColor=PROP_EDGE, strokeWidth=0.8))
        g.add(Line(x0 - 8, 0, x1 + 8, 0, strokeColor=PROP_EDGE, strokeWidth=1.5))
    elif k == "wall":
        x0, x1, h = min(p[0], p[1]), max(p[0], p[1]), p[2]
        g.add(Rect(x0, 0, x1 - x0, h, fillColor=PROP, strokeColor=PROP_EDGE, strokeWidth=0.8))
    elif k == "arrow":
        x1, y1, x2, y2 = p
        angle = math.atan2(y2 - y1, x2 - x1)
        back = 0.8 * HEAD
        g.add(Line(x1 + (back * math.cos(angle) if s.both else 0), y1 + (back * math.sin(angle) if s.both else 0),
                   x2 - back * math.cos(angle), y2 - back * math.sin(angle),
                   strokeColor=INK, strokeWidth=ARROW_WIDTH, strokeLineCap=1))
        g.add(_arrow_head(x2, y2, angle))
        if s.both:
            g.add(_arrow_head(x1, y1, angle + math.pi))
    elif k == "curve":
        x1, y1, cx, cy, x2, y2 = p
        path = Path(strokeColor=INK, strokeWidth=ARROW_WIDTH, fillColor=None, strokeLineCap=1)
        path.moveTo(x1, y1)
        # a quadratic curve written as the equivalent cubic
        path.curveTo(x1 + 2 / 3 * (cx - x1), y1 + 2 / 3 * (cy - y1),
                     x2 + 2 / 3 * (cx - x2), y2 + 2 / 3 * (cy - y2), x2, y2)
        g.add(path)
        g.add(_arrow_head(x2, y2, math.atan2(y2 - cy, x2 - cx)))
        if s.both:
            g.add(_arrow_head(x1, y1, math.atan2(y1 - cy, x1 - cx)))


def _rounded(points: tuple[float, ...]) -> list[float]:
    """Figure outlines to a tenth of a unit, so no point moves more than 0.02 mm on
    the handout (0.04 mm in the gallery): the same shapes in fewer bytes than
    ReportLab's seven digits."""
    return [round(v, DIGITS) for v in points]


def _prim(p: figures.Prim, g: Group, halo: bool) -> None:
    """A figure part; with `halo`, only its white edge (drawn under all parts)."""
    if halo and not p.halo:
        return
    colour = white if halo else _grey(p.grey)
    extra = 2 * p.halo if halo else 0.0
    points = _rounded(p.points)
    if p.kind == "disc":
        g.add(Circle(points[0], points[1], p.points[2] + extra / 2, fillColor=colour, strokeColor=None))
    elif p.kind == "stroke":
        g.add(PolyLine(points, strokeColor=colour, strokeWidth=p.width + extra, strokeLineCap=1,
                       strokeLineJoin=1))
    else:
        g.add(Polygon(points, fillColor=colour, strokeColor=colour, strokeWidth=1.2 + extra,
                      strokeLineJoin=1))


def _figure(prims: list[figures.Prim], g: Group) -> None:
    # part by part, far side first; a part with a halo first clears a thin
    # white edge over what is behind it, so a near arm shows against the
    # trunk, while the segments of one limb join without a seam
    for part in dict.fromkeys(p.part for p in prims):
        pieces = [p for p in prims if p.part == part]
        for p in pieces:
            _prim(p, g, halo=True)
        for p in pieces:
            _prim(p, g, halo=False)


def _next_mark(g: Group, x: float, y: float, rtl: bool = False) -> None:
    """A small grey chevron between frames, pointing the way they are read."""
    tip = -3 if rtl else 3
    g.add(PolyLine([x - tip, y + 6, x + tip, y, x - tip, y - 6], strokeColor=GREY, strokeWidth=2.2,
                   strokeLineCap=1, strokeLineJoin=1))


def _frame_group(frame: Frame, figure: list[figures.Prim] | None) -> Group:
    """One frame: props, then the figure, then the movement arrows on top."""
    fg = Group()
    for sh in frame.shapes:
        if sh.kind not in ("arrow", "curve"):
            _shape(sh, fg)
    if figure:
        _figure(figure, fg)
    for sh in frame.shapes:
        if sh.kind in ("arrow", "curve"):
            _shape(sh, fg)
    return fg


def _stacked(picture: Picture, prims: list[list[figures.Prim] | None], boxes: list[Box], s: float,
             rtl: bool) -> Drawing:
    """The frames one under the other, the first at the top, each cropped to
    what it shows, with a chevron pointing down between them."""
    spans, lay_w, lay_h = stack_spans(picture, boxes)
    d = Drawing(lay_w * s, lay_h * s)
    d.initialFontName = fonts.FAMILY
    g = Group()
    top = lay_h
    for i, (frame, figure, (x0, x1, y0, y1)) in enumerate(zip(picture.frames, prims, spans, strict=True)):
        if i:
            mid, tip = top - FRAME_GAP * 0.8, 3.0
            g.add(PolyLine([lay_w / 2 - 6, mid + tip, lay_w / 2, mid - tip, lay_w / 2 + 6, mid + tip],
                           strokeColor=GREY, strokeWidth=2.2, strokeLineCap=1, strokeLineJoin=1))
            top -= FRAME_GAP * 1.6
        fg = _frame_group(frame, figure)
        dx = (lay_w - (x1 - x0)) if rtl else 0.0  # lined up with the text's side
        fg.translate(dx - x0, top - y1)
        g.add(fg)
        top -= y1 - y0
    g.scale(s, s)
    d.add(g)
    return d


def drawing(picture: Picture, width: float | None = None, max_height: float | None = None, *,
            scale: float | None = None, pregnant: bool = False, rtl: bool = False,
            stacked: bool = False, checked: bool = False) -> Drawing:
    """_drawing(), by default without ReportLab checking every attribute of
    every shape against its validators (a third of the time of building a
    picture; the values are careplan's own, and the tests build every picture
    `checked` as well)."""
    from reportlab import rl_config

    checking = rl_config.shapeChecking
    rl_config.shapeChecking = checking if checked else 0
    try:
        return _drawing(picture, width, max_height, scale=scale, pregnant=pregnant, rtl=rtl, stacked=stacked)
    finally:
        rl_config.shapeChecking = checking


def _drawing(picture: Picture, width: float | None = None, max_height: float | None = None, *,
             scale: float | None = None, pregnant: bool = False, rtl: bool = False,
             stacked: bool = False) -> Drawing:
    """The picture as a Drawing. With no `width`, at the one scale every
    handout picture shares (SCALE, or `scale` points per unit), so figures
    are the same size across pictures; with a `width`, scaled to fit it (and
    `max_height`). `pregnant` draws the figure with a pregnancy bump. `rtl`
    (a right-to-left page) puts the first frame at the right and points the
    chevrons left; the figures themselves are not flipped. `stacked` (at a
    scale) puts the frames one under the other instead of side by side."""
    prims, boxes = built(picture, pregnant)
    if stacked and width is None:
        return _stacked(picture, prims, boxes, scale or SCALE, rtl)
    shifts, y0, y1, lay_w = layout(picture, boxes)
    if width is not None:
        s = width / lay_w
        if max_height is not None:
            s = min(s, max_height / (y1 - y0))
    else:
        s = scale or SCALE
    d = Drawing(lay_w * s, (y1 - y0) * s)
    d.initialFontName = fonts.FAMILY  # else the renderer selects unembedded Helvetica
    g = Group()
    ends = [start - FRAME_GAP for _, start in shifts[1:]] + [lay_w]
    for i, (frame, figure, (dx, start)) in enumerate(zip(picture.frames, prims, shifts, strict=True)):
        fg = _frame_group(frame, figure)
        if rtl:  # the frame's span [start, end] mirrored to [lay_w - end, lay_w - start]
            dx += lay_w - start - ends[i]
        fg.translate(dx, 0)
        g.add(fg)
        if i:
            x = start - FRAME_GAP / 2
            _next_mark(g, lay_w - x if rtl else x, (y0 + y1) / 2, rtl)
    g.scale(s, s)
    g.translate(0, -y0)
    d.add(g)
    return d
