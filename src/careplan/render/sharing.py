"""Pictures as the handout's flowables: made once per picture and size in a
process, shared by every handout after, built only if drawn, their page
operators recorded on the first draw and kept between runs (render/opcache.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.platypus.flowables import Flowable

from careplan.content.pictures import Picture
from careplan.render import opcache
from careplan.render.drawing import drawing, size


class _Shared(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A picture as the layout sees it, its size known from the layout alone;
    the Drawing is built at its first draw, and the page operators of that
    draw are kept and repeated after. The renderer starts every drawing from
    its own default state between saveState and restoreState, and no picture
    has text, images or transparency, so the operators depend on the drawing
    alone: the same bytes, without walking some 50 shapes per figure again
    (and kept between runs, render/opcache.py). A handout weighs several
    layouts of each picture and draws one: the others are never built."""

    def __init__(self, build: Callable[[], Drawing], width: float, height: float, h_align: str,
                 picture: Picture, options: tuple[Any, ...]) -> None:
        super().__init__()
        self._build, self.width, self.height, self.hAlign = build, width, height, h_align
        self._picture, self._options = picture, options
        self._ops: list[str] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        code: list[str] = self.canv._code
        if self._ops is None:
            self._ops = opcache.get(self._picture, self._options)
        if self._ops is None:
            d = self._build()
            d.canv = self.canv
            start = len(code)
            d.draw()
            del d.canv
            self._ops = code[start:]
            opcache.put(self._picture, self._options, self._ops)
        else:
            code.extend(self._ops)


_SHARED: dict[tuple[Any, ...], tuple[Picture, Flowable]] = {}


def shared(picture: Picture, width: float | None = None, *, scale: float | None = None,
           pregnant: bool = False, rtl: bool = False, stacked: bool = False) -> Flowable:
    """drawing() as a flowable made once per picture and size in a process and
    shared by every handout after (it is not changed by being laid out or
    drawn), built only if drawn. Only for a flowable used as is: callers must
    not change it."""
    key = (id(picture), width, scale, pregnant, rtl, stacked)
    hit = _SHARED.get(key)
    if hit is not None and hit[0] is picture:
        return hit[1]
    if len(_SHARED) > 512:  # a few dozen pictures x sizes in practice; never unbounded
        _SHARED.clear()
    w, h = size(picture, width, scale=scale, pregnant=pregnant, stacked=stacked)
    # a picture on its own lines up with the text on its side (right-aligned on a right-to-left page)
    d = _Shared(lambda: drawing(picture, width, scale=scale, pregnant=pregnant, rtl=rtl, stacked=stacked),
                w, h, "RIGHT" if rtl else "LEFT", picture, (width, scale, pregnant, rtl, stacked))
    _SHARED[key] = (picture, d)
    return d
