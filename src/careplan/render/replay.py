"""A paragraph's page operators, made once per process and written again by the next handout.

Drawing paragraphs (ReportLab's drawPara: a text object per paragraph, calls
per line, per run of words and per colour) is about a fifth of a warm
handout, and a batch draws the same exercise, habit and warning paragraphs
in handout after handout. What a paragraph writes does not depend on where
it goes: Flowable.drawOn moves the canvas's origin first, and drawPara
works from 0, 0 between saveState and restoreState. It depends on

- the paragraph's broken lines (render/memo.py hands one paragraph's lines
  to every later one of the same text, style and width, so a record is
  kept on those lines and goes when they do), its class, style and other
  settings;
- the canvas's state as the paragraph starts (font, size, leading,
  spacing, colours, transparency and its named states);
- the document: the codes its font subsets gave each character, and the
  subsets' names (render/codes.py logs every call that gives or names one).

So the first drawing is recorded: the operators it appended, and the code
calls it made with their answers, in order. A later paragraph with the
same lines and canvas state makes the same calls in its own document
(which is what ReportLab's drawing would do first, so the document's codes
and fonts come out the same). When every answer is the recorded one, the
recorded operators are what ReportLab would write. When a character has
another code in this document, or a subset another name, but the runs of
text fall in the same subsets, the recorded operators are written with
the new codes and names in their places, as ReportLab writes them: a text
run is `(codes) Tj` with the canvas's escaping, and a font change begins
with the subset's name. Anything else, and the paragraph is drawn by
ReportLab after all.

A drawing that leaves any other mark on the canvas or document (a form, an
image, a link, a colour separation, a newly named transparency state, an
operator merged into one before it), or that selects a font without a
logged call, is never kept. tests/test_replay.py compares whole handouts
with and without records, rendered in varied orders in one process.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from reportlab.lib.rl_accel import fp_str

from careplan.render import codes

#: Off: every paragraph is drawn by ReportLab (tests compare the two).
ENABLED = True
#: Set once a process has made its first handout. A single handout (the command line) would pay
#: for records no later handout reads: about 1.5% of its cost.
WARM = False
_REFUSED: Any = object()  # the record of a paragraph whose drawing cannot be written again

#: A paragraph's attributes that its lines already stand for (made with them, or by breaking them),
#: or that drawing never reads; every other attribute (a subclass's own among them) is in the key.
_WITH_THE_LINES = frozenset({
    "blPara", "_wrapWidths", "_width_max", "_hyphenations", "_splitLongWordCount", "text", "frags",
    "style", "canv", "_frame", "encoding",
    "_careplan_key", "_careplan_wraps", "_careplan_borrowed", "_careplan_published"})


def draw(para: Any, real: Any) -> None:
    """Draw `para` on its canvas: its recorded operators, or ReportLab's `real` draw (recorded)."""
    canv = para.canv
    lines = para.__dict__.get("blPara")
    key = _key(para, canv) if ENABLED and WARM and lines is not None else None
    if key is None:
        real()
        return
    kept: dict[tuple[Any, ...], Any] | None = lines.__dict__.get("_careplan_drawn")
    if kept is None:
        kept = lines._careplan_drawn = {}
    try:
        record = kept.get(key)
    except TypeError:  # a setting that cannot be compared: not kept
        real()
        return
    if record is _REFUSED:
        real()
    elif record is None or not _again(record, canv):
        kept[key] = _record(canv, real)


def placed(para: Any, canv: Any, x: float, y: float) -> bool:
    """Write `para` at x, y from its record as Flowable.drawOn would draw it (True), or nothing
    (False: no usable record; drawOn then draws it, and draw() records it).

    drawOn saves the canvas's state, moves the origin, draws and restores the state: on the
    page that is `q`, the move, the paragraph's operators and `Q`, and the canvas is left as it
    was. Written here directly, a recorded paragraph skips ReportLab's saving and restoring of
    some twenty canvas settings in Python, for every paragraph of every handout."""
    lines = para.__dict__.get("blPara")
    if not (ENABLED and WARM) or lines is None:
        return False
    kept = lines.__dict__.get("_careplan_drawn")
    key = _key(para, canv) if kept else None  # the canvas's state is the one draw() meets inside drawOn
    if key is None or para.__dict__.get("_showBoundary"):
        return False
    try:
        record = kept.get(key)
    except TypeError:
        return False
    if record is None or record is _REFUSED:
        return False
    code = canv._code
    code.append("q")
    code.append(f"1 0 0 1 {fp_str(x, y)} cm")  # Canvas.translate's after a `q` (never merged with a move before it)
    if not _again(record, canv):
        del code[-2:]
        return False
    code.append("Q")
    return True


def _key(para: Any, canv: Any) -> tuple[Any, ...] | None:
    """Everything drawPara reads besides the lines: the paragraph's class, style and other
    settings, and the canvas's state (None: not to be kept; unhashable: neither)."""
    d = para.__dict__
    if "_offsets" in d:  # lines beside a picture: not made by careplan
        return None
    ext = canv._extgstate
    return (type(para), id(para.style), *[(k, v) for k, v in d.items() if k not in _WITH_THE_LINES],
            canv.bottomup, canv._fontname, canv._fontsize, canv._leading, canv._charSpace,
            canv._wordSpace, canv._horizScale, canv._textRenderMode, canv._rise,
            canv._fillColorObj, canv._strokeColorObj, canv._enforceColorSpace,
            tuple(ext._d.items()), tuple(ext._c.items()))


def _marks(canv: Any) -> tuple[int, ...]:
    """What a drawing could leave on the canvas besides operators."""
    return (len(canv._formsinuse), len(canv._annotationrefs), len(canv._colorsUsed),
            len(canv._extgstate._c), len(canv._doc.idToObject))


def _record(canv: Any, real: Any) -> Any:
    """Draw with ReportLab, logging the code calls: (operators, calls, template, the strings joined
    per font, the name calls) or _REFUSED."""
    code = canv._code
    start, marks, outer = len(code), _marks(canv), codes.LOG
    before = code[-1] if code else None
    log: list[tuple[Any, Any, Any]] = []
    codes.LOG = log
    try:
        real()
    finally:
        codes.LOG = outer
    if outer is not None:  # drawn inside a paragraph being recorded: the outer one makes these calls too
        outer.extend(log)
    ops = "\n".join(code[start:])  # as ReportLab joins a page's operators
    names = len(_names(log))
    if (_marks(canv) != marks or canv._code is not code or len(code) < start
            or (code[start - 1] if start else None) is not before or ops.count(" Tf ") != names):
        return _REFUSED
    try:
        template = _template(ops, log, canv._escape)
    except ValueError:
        template = None
    return ops, tuple(log), template, _joined(log), tuple(c for c in log if type(c[2]) is str)


def _joined(log: Any) -> tuple[tuple[Any, str, bytes], ...] | None:
    """The coded strings of each font, joined, with their answers joined: when all of a font's
    strings are in its first subset (one byte a character), the joined text coded in one
    str.translate gives the joined answer exactly when each string gives its own. None: a
    string in another subset, or shaped (its calls are made one by one)."""
    joined: dict[Any, tuple[list[str], list[bytes]]] = {}
    for call, arg, answer in log:
        if type(answer) is not list:
            continue
        if type(arg) is not str or len(answer) > 1 or any(subset for subset, _ in answer):
            return None
        texts, data = joined.setdefault(call, ([], []))
        texts.append(arg)
        data.extend(run for _, run in answer)
    return tuple((call, "".join(texts), b"".join(data)) for call, (texts, data) in joined.items())


def _same(joined: tuple[tuple[Any, str, bytes], ...], names: Any, doc: Any) -> bool:
    """Whether every recorded call would give its recorded answer in `doc`, its strings checked
    against each font's codes in one step (no code is given by checking: only letters that have
    one pass), its subset names asked as ReportLab's drawing asks them."""
    for call, text, data in joined:
        known = codes.table(call, doc)
        if not known:
            return False
        try:
            if text.translate(known).encode("latin-1") != data:
                return False
        except UnicodeEncodeError:  # a letter without a code in the first subset yet
            return False
    return all(call(arg, doc) == answer for call, arg, answer in names)


def _template(ops: str, log: list[tuple[Any, Any, Any]], escape: Any) -> Any:
    """Where the calls' answers stand in `ops`: (the text around them, which answer goes in each
    place), or None when one is not found where ReportLab writes it. Text runs are written in the
    order they were coded, and subset names in the order they were asked, but a name is asked
    after its string was coded and written before its run, so the two are found apart."""
    places: list[tuple[int, int, int]] = []  # (start, end, -1 - name number | run number)
    at = 0
    for n, run in enumerate(_runs(log)):
        piece = f"({escape(run)}) Tj"
        where = ops.find("(", at)
        if where < 0 or not ops.startswith(piece, where):
            return None
        places.append((where, where + len(piece) - 3, n))  # the literal, without " Tj"
        at = where + len(piece)
    starts, ends = [s for s, _, _ in places], [e for _, e, _ in places]  # the runs', in order
    at = 0
    for n, name in enumerate(_names(log)):
        where = ops.find(f"{name} ", at)
        inside = bisect_right(starts, where) - 1  # the run starting last before it: is it in that one?
        if where < 0 or (inside >= 0 and where < ends[inside]):
            return None
        places.append((where, where + len(name), -1 - n))
        at = where + len(name)
    places.sort()
    cut, which, at = [], [], 0
    for start, end, n in places:
        cut.append(ops[at:start])
        which.append(n)
        at = end
    cut.append(ops[at:])
    return tuple(cut), tuple(which)


def _runs(log: Any) -> list[bytes]:
    """The coded runs of plain strings, in order (ValueError: a shaped string, written otherwise)."""
    runs: list[bytes] = []
    for _, arg, answer in log:
        if type(answer) is list:
            if type(arg) is not str:
                raise ValueError("a shaped string")
            runs.extend(run for _, run in answer)
    return runs


def _names(log: Any) -> list[str]:
    return [answer for _, _, answer in log if type(answer) is str]


def _again(record: Any, canv: Any) -> bool:
    """Make the recorded code calls in this document and, when the operators can be written
    from their answers, append them (True)."""
    ops, calls, cut, joined, names = record
    doc = canv._doc
    if joined is not None and _same(joined, names, doc):  # every answer the recorded one
        canv._code.append(ops)
        if codes.LOG is not None:
            codes.LOG.extend(calls)
        return True
    answered = []
    changed = False
    for call, arg, answer in calls:
        got = call(arg, doc)
        if got != answer:
            if cut is None or (type(got) is list and [s for s, _ in got] != [s for s, _ in answer]):
                return False  # runs in other subsets (other font changes), or not to be written otherwise
            changed = True
        answered.append((call, arg, got))
    if changed:
        calls = tuple(answered)
        ops = _written(cut, calls, canv._escape)
    canv._code.append(ops)
    if codes.LOG is not None:  # inside a paragraph being recorded: these calls are part of its drawing
        codes.LOG.extend(calls)
    return True


def _written(template: Any, calls: Any, escape: Any) -> str:
    """The operators with these calls' codes and names in their places."""
    cut, which = template
    runs, names = _runs(calls), _names(calls)
    out = [cut[0]]
    for n, text in zip(which, cut[1:], strict=True):
        out.append(names[-1 - n] if n < 0 else f"({escape(runs[n])})")
        out.append(text)
    return "".join(out)
