"""Paragraphs that parse their markup once per process and break their lines once per width.

A handout's ~110 paragraphs are wrapped some 18 times each while the page is
laid out (KeepTogether, tables measuring their cells, the picture rows trying
beside and above, the frame placing them), nearly always at the same width.
A Paragraph's lines depend only on its text, style and the available width
(never the available height: splitting reads the lines, it does not change
them), so the first result for a width is kept and handed back after. The
lines are the very objects ReportLab made, so what is drawn is unchanged.
They are kept for the process, by text, style and width: the next handout's
paragraph of the same text (a batch, a warm render) takes them too. Drawing
only reads lines; splitting reads the paragraph's own fragments as its line
breaking left them, so a paragraph holding another's lines breaks its own
before it splits.

Parsing the markup (ReportLab's HTML-based parser) was the other large cost:
the same text in the same style always gives the same fragments, so they
are kept per text and style (styles are made once per print size, see
styles.make_styles, and never changed) and each new paragraph gets its own
shallow copies of them, as ReportLab may mark fragments while breaking lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from careplan.render import fraglines, replay

if TYPE_CHECKING:
    from reportlab.platypus import Paragraph

_CLASSES: dict[type[Paragraph], type[Paragraph]] = {}
# (text, id(style), case sensitivity) -> (style, cleaned text, parsed style, fragments, bullet fragments)
_PARSED: dict[tuple[str, int, int], tuple[Any, str, Any, list[Any], Any]] = {}
PARSED_MAX = 4096  # distinct paragraphs remembered; forgotten all at once beyond it
# (class, text, id(style), case sensitivity, bullet, width) -> (style, size, lines, line widths, widest line)
_LINES: dict[tuple[Any, ...], tuple[Any, ...]] = {}
LINES_MAX = 8192


def memo_class(base: type[Paragraph]) -> type[Paragraph]:
    """`base` with wrap() remembered by width (one subclass per base class)."""
    known = _CLASSES.get(base)
    if known is None:
        from careplan.render import samefrag

        samefrag.install()  # the same answers as ReportLab's sameFrag, without its exceptions
        known = _CLASSES[base] = _subclass(base)
    return known


def _subclass(base: type[Paragraph]) -> type[Paragraph]:
    class Memo(base):  # type: ignore[misc]  # ReportLab is untyped
        blPara: Any
        _wrapWidths: Any
        text: Any
        style: Any
        frags: Any
        bulletText: Any

        def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
            if frags is not None or not isinstance(text, str):
                return super()._setup(text, style, bulletText, frags, cleaner)  # type: ignore[no-any-return]
            key = (text, id(style), self.caseSensitive)
            hit = _PARSED.get(key)
            if hit is None or hit[0] is not style:
                super()._setup(text, style, None, None, cleaner)
                if len(_PARSED) >= PARSED_MAX:
                    _PARSED.clear()
                hit = _PARSED[key] = (style, self.text, self.style, [f.clone() for f in self.frags],
                                      self.bulletText)
            _, self.text, self.style, parsed, bullet = hit
            self.frags = [f.clone() for f in parsed]
            self.bulletText = bullet or bulletText
            self._careplan_key = (type(self), text, id(style), self.caseSensitive, self.bulletText)
            self.debug = 0
            return None

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            wraps: dict[float, tuple[Any, ...]] | None = self.__dict__.get("_careplan_wraps")
            if wraps is None:
                wraps = {}
                self._careplan_wraps = wraps
            hit = wraps.get(availWidth)
            if hit is None:
                key = self.__dict__.get("_careplan_key")
                shared = _LINES.get((*key, availWidth)) if key is not None else None
                if shared is not None and shared[0] is self.style:
                    hit = wraps[availWidth] = shared[1:]
                    self._careplan_borrowed = True
                else:
                    size: tuple[float, float] = super().wrap(availWidth, availHeight)
                    if getattr(self, "blPara", None) is not None:  # not refused as too narrow
                        wraps[availWidth] = (size, self.blPara, self._wrapWidths,
                                             getattr(self, "_width_max", None))
                        if key is not None:
                            if len(_LINES) >= LINES_MAX:
                                _LINES.clear()
                            _LINES[(*key, availWidth)] = (self.style, *wraps[availWidth])
                            self._careplan_published = True
                    return size
            size, self.blPara, self._wrapWidths, width_max = hit
            self.width, self.height = availWidth, size[1]
            if width_max is not None:
                self._width_max = width_max
            return size

        def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
            if not replay.placed(self, canvas, self._hAlignAdjust(x, _sW), y):
                super().drawOn(canvas, x, y, _sW)

        def draw(self) -> None:
            replay.draw(self, super().draw)

        def split(self, availWidth: float, availHeight: float) -> Any:
            # ReportLab splits with the fragments its own line breaking left,
            # and may mark the words at the ends of the lines (a space added,
            # as for Chinese): a paragraph holding another's lines breaks its
            # own first, as a fresh one would; one whose lines others may hold
            # splits a copy of them
            if self.__dict__.pop("_careplan_borrowed", False):
                self.__dict__.pop("_careplan_wraps", None)
                self.__dict__.pop("_careplan_key", None)
                self.__dict__.pop("_careplan_published", None)
                super().wrap(availWidth, availHeight)
            elif self.__dict__.pop("_careplan_published", False):
                self.wrap(availWidth, availHeight)
                self.__dict__.pop("_careplan_wraps", None)
                self.blPara = _private(self.blPara)
            return super().split(availWidth, availHeight)

    from reportlab.platypus import Paragraph

    if base.breakLines is Paragraph.breakLines:  # fraglines checks ReportLab's code when a paragraph is shaped
        def breakLines(self: Any, width: Any) -> Any:  # ReportLab's name
            lines = fraglines.break_lines(self, width)
            return super(Memo, self).breakLines(width) if lines is None else lines

        Memo.breakLines = breakLines

    if not any(hasattr(base, name) for name in ("spaceBefore", "spaceAfter", "style")):
        # Flowable's getSpaceBefore/After ask hasattr(self, "spaceBefore") first, which raises and
        # catches an AttributeError inside for nearly every paragraph; they are asked some 1,200
        # times a handout. The same answers, looked up in the paragraph's and its style's attributes.
        Memo.getSpaceBefore = lambda self: _space(self, "spaceBefore")
        Memo.getSpaceAfter = lambda self: _space(self, "spaceAfter")
    Memo.__name__ = Memo.__qualname__ = base.__name__
    return Memo


_NONE = object()


def _space(para: Any, name: str) -> Any:
    """Flowable.getSpaceBefore/After for a class with no such attribute of its own: the
    paragraph's own value, else its style's, else 0."""
    own = para.__dict__
    if name in own:
        return own[name]
    value = getattr(own.get("style"), name, _NONE)
    return 0 if value is _NONE else value


def _private(para: Any) -> Any:
    """Broken lines that no other paragraph holds: each line and word copied."""
    if getattr(para, "kind", 0) != 1:
        return para  # lines of plain strings: never changed
    lines = [line.clone(words=[w.clone() if hasattr(w, "clone") else w for w in line.words])
             for line in para.lines]
    return para.clone(lines=lines)
