"""Pictures as the handout's flowables: made once per picture and size in a
process, shared by every handout after, built only if drawn, their page
operators recorded on the first draw and kept between runs (render/opcache.py)."""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from careplan.content.pictures import Picture
from careplan.render import opcache
from careplan.render.perobject import PerObject
from careplan.render.picture_layout import size


class _Shared(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A picture as the layout sees it, its size known from the layout alone;
    the Drawing is built at its first draw, and the page operators of that
    draw are kept and repeated after. The renderer starts every drawing from
    its own default state between saveState and restoreState, and no picture
    has text, images or transparency, so the operators depend on the drawing
    alone: the same bytes, without walking some 50 shapes per figure again
    (and kept between runs, render/opcache.py). A handout weighs several
    layouts of each picture and draws one: the others are never built."""

    def __init__(self, picture: Picture, options: tuple[float | None, float | None, bool, bool, bool],
                 width: float, height: float) -> None:
        super().__init__()
        self._picture, self._options = picture, options  # options: width, scale, pregnant, rtl, stacked
        self.width, self.height = width, height
        # a picture on its own lines up with the text on its side (right-aligned on a right-to-left page)
        self.hAlign = "RIGHT" if options[3] else "LEFT"
        self._ops: list[str] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        code: list[str] = self.canv._code
        if self._ops is None:
            entry = opcache.path(self._picture, self._options)
            self._ops = opcache.get(entry)
            if self._ops is None:
                from careplan.render.drawing import drawing  # ReportLab's graphics: only when drawn anew

                width, scale, pregnant, rtl, stacked = self._options
                d = drawing(self._picture, width, scale=scale, pregnant=pregnant, rtl=rtl, stacked=stacked)
                d.canv = self.canv
                start = len(code)
                d.draw()
                del d.canv
                self._ops = code[start:]
                opcache.put(entry, self._ops)
                return
        code.extend(self._ops)


_SHARED: PerObject[Flowable] = PerObject()


def shared(picture: Picture, width: float | None = None, *, scale: float | None = None,
           pregnant: bool = False, rtl: bool = False, stacked: bool = False) -> Flowable:
    """drawing() as a flowable made once per picture and size in a process and
    shared by every handout after (it is not changed by being laid out or
    drawn), built only if drawn. Only for a flowable used as is: callers must
    not change it."""
    options = (width, scale, pregnant, rtl, stacked)
    hit = _SHARED.get(picture, *options)
    if hit is not None:
        return hit
    w, h = size(picture, width, scale=scale, pregnant=pregnant, stacked=stacked)
    return _SHARED.put(picture, _Shared(picture, options, w, h), *options)
