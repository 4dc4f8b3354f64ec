"""Text to a TrueType subset's codes: ReportLab's own, without its loop for characters a document has seen.

ReportLab draws TrueType text through subsets of 256 codes. TTFont.splitString
gives each character a code the first time a document draws it, in a Python
loop over every character of every line drawn: some 200 lines a handout,
about 4% of one. After the first lines nearly every character of a line
already has its code, in the first subset: the answer is then one
str.translate through a table of those codes. Anything else (a character not
drawn before in this document, a code past the first subset, a character the
font lacks, a document already written) goes to ReportLab's splitString, and
the table learns from ReportLab's assignments what it assigned.

Same codes, same bytes: the table is read from ReportLab's own assignments
and kept beside them, per font and document (on ReportLab's state object, so
it goes when the document does). Only ReportLab's splitString and the state's
constructor ever assign a code.
"""

from __future__ import annotations

from typing import Any

from careplan.render.perobject import PerObject

# Not Latin-1: a character the table maps here (no code in the first subset yet) fails the encoding,
# and the line goes to ReportLab's splitString.
_UNKNOWN = "\uffff"
_NBSP, _SPACE = 0xA0, 0x20  # ReportLab draws a no-break space with the space's code
_SUBSET = 0x100  # codes in a subset

#: While render/replay.py records a paragraph: each call that gives or names a code, in order,
#: as (the call, its argument, its answer: a list of runs, or a subset's name), so the paragraph
#: can be written again in another document.
LOG: list[tuple[Any, Any, Any]] | None = None


#: At most this many letters are coded before a document draws: a language with more (Chinese)
#: would fill the first subset with letters a handout never draws.
FIRST_LETTERS_MAX = 128


def code_first(doc: Any, letters: str, font_names: tuple[str, ...]) -> None:
    """Give `letters` (the language's, render/document.py) their codes in `doc` before it
    draws anything, in this order, in each of the fonts that has them.

    ReportLab codes a character when a document first draws it, so two handouts in Russian
    code most letters differently. Coded first and alike, the letters give every handout in
    a language the same codes: the next handout writes a paragraph's recorded operators
    as they are (render/replay.py) and reuses a font subset made for the same codes
    (render/subset.py). The price is the glyphs of letters a handout does not draw: about
    0.5 to 1.5 KB a PDF outside English (which has no catalog, and codes nothing first)."""
    from reportlab.pdfbase import pdfmetrics

    for name in font_names:
        font = pdfmetrics.getFont(name)
        text = _letters_in(font, letters)
        if text and len(text) <= FIRST_LETTERS_MAX:
            font.splitString(text, doc)


# (font, letters) -> those of the letters the font has: asked by every handout, the same answer
# each time (Chinese: 822 letters in each of two faces, 0.2 ms a handout)
_LETTERS_IN: PerObject[str] = PerObject(64)


def _letters_in(font: Any, letters: str) -> str:
    kept = _LETTERS_IN.get(font, letters)
    if kept is None:
        has = font.face.charToGlyph
        kept = _LETTERS_IN.put(font, "".join(c for c in letters if ord(c) in has), letters)
    return kept


def fast_codes(font: Any) -> Any:
    """`font` (a ReportLab TTFont) with splitString answered from its codes table where it can."""
    split = font.splitString  # ReportLab's, bound to this font
    if getattr(split, "careplan_codes", False):
        return font

    def split_string(text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        table = getattr(font.state.get(doc), "careplan_codes", None)  # None: not made yet; empty: off
        found: list[tuple[int, bytes]] | None = None
        if table and isinstance(text, str):
            try:
                found = [(0, text.translate(table).encode("latin-1"))] if text else []
            except UnicodeEncodeError:  # a character without a code in the first subset
                pass
        if found is None:
            found = split(text, doc, encoding)
            if table is None or table:
                _learn(font.state[doc], text if isinstance(text, str) else text.decode("utf-8"))
        if LOG is not None:
            LOG.append((split_string, text, found))
        return found

    name = font.getSubsetInternalName  # ReportLab's, bound to this font

    def subset_name(subset: int, doc: Any) -> str:
        found: str = name(subset, doc)
        if LOG is not None:
            LOG.append((subset_name, subset, found))
        return found

    split_string.careplan_codes = True  # type: ignore[attr-defined]
    split_string.careplan_font = font  # type: ignore[attr-defined]
    font.splitString = split_string
    font.getSubsetInternalName = subset_name
    return font


def table(split_string: Any, doc: Any) -> dict[int, str] | None:
    """The first-subset codes the font of a fast_codes split_string has in `doc` (None or empty:
    none, or turned off): what split_string answers from without calling ReportLab."""
    state = split_string.careplan_font.state.get(doc)
    found: dict[int, str] | None = getattr(state, "careplan_codes", None)
    return found


def _learn(state: Any, text: str) -> None:
    """Add to the state's table the first-subset codes ReportLab has assigned to text's characters
    (to all its assignments the first time: a new document's state starts with some).

    Once the first subset is full, the table is turned off for the document: its new letters
    all go to later subsets, and in a document that uses that many (Chinese, and Arabic with
    its joined forms) most lines would miss the table and pay for trying it."""
    assigned: dict[int, int] = state.assignments
    table: dict[int, str] | None = getattr(state, "careplan_codes", None)
    if state.nextCode >= _SUBSET:
        state.careplan_codes = {}
        return
    if table is None:
        table = state.careplan_codes = dict.fromkeys(range(_SUBSET), _UNKNOWN)
        codes = list(assigned.items())
    else:
        codes = [(c, assigned[c]) for c in set(map(ord, text)) if c in assigned]
    for code, n in codes:
        if n < _SUBSET:
            table[code] = chr(n)
    space = assigned.get(_SPACE)
    table[_NBSP] = chr(space) if space is not None and space < _SUBSET else _UNKNOWN
