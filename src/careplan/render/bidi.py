"""Right-to-left pages: which locales read right to left, and the words of a line in visual order.

A right-to-left paragraph is broken into lines in reading order by ReportLab
(widths do not depend on order); when a line is drawn its words are put in
visual order by the Unicode bidirectional algorithm (UAX #9), with the
paragraph's base direction right to left. HarfBuzz has already ordered and
joined the letters inside each Arabic or Hebrew word; here whole words and
runs move: right-to-left words from right to left, while numbers and Latin
words ("NHS 111", "112", phone numbers) stay left to right inside the line.
The text is drawn in visual order; viewers rebuild reading order from the
letters' direction, so copied text reads first word first, in plain letters
(fonts.py maps joined letter forms back to the letters in the ToUnicode map).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from careplan.i18n import cldr_slice

_TOKENS = re.compile(r"\s+|\S+")
_R = "\u05d0"  # a strong right-to-left letter standing for a word HarfBuzz shaped right to left
_L = "a"  # a strong left-to-right letter standing for a glyph with no character of its own
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# A value typed in left-to-right letters (a name, a phone number, a note) on a
# right-to-left page is marked by its ink, one step bluer than the body's (the
# difference cannot be seen): a zero-width mark (<onDraw/>) would do, but
# ReportLab's shaping loses one that sits inside a word. See isolated().
VALUE_INK = "#141415"
_VALUE_RGB = (0x14, 0x14, 0x15)


def has_rtl(text: str) -> bool:
    """True when the text has a right-to-left letter (Arabic, Hebrew ...)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


@lru_cache(maxsize=4096)
def _direction(c: str) -> str | None:
    """"r" for a right-to-left letter, "l" for a left-to-right letter or a digit, None for the rest
    (punctuation, marks and symbols go with the run they follow)."""
    kind = unicodedata.bidirectional(c)
    if kind in ("R", "AL"):
        return "r" if unicodedata.category(c).startswith("L") else None
    return "l" if kind in ("L", "EN", "AN") else None


def direction_runs(word: str) -> list[str]:
    """A word cut where right-to-left letters meet digits or left-to-right letters
    ("هاتف:0227941234" -> "هاتف:", "0227941234"). HarfBuzz shapes a word in one
    direction, so a number typed against Arabic or Hebrew letters would be drawn
    backwards ("4321497220"); each run is shaped, and ordered, on its own."""
    if len({_direction(c) for c in set(word)} - {None}) < 2:
        return [word]  # letters and digits of one direction only (most words): nothing to cut
    runs: list[str] = []
    current, direction = "", None
    for c in word:
        d = _direction(c)
        if d is not None and direction is not None and d != direction and current:
            runs.append(current)
            current = ""
        if d is not None:
            direction = d
        current += c
    runs.append(current)
    return runs


def isolated(markup: str, text: str) -> str:
    """A value's markup (of `text`) kept in its own left-to-right order on a
    right-to-left page when it has no right-to-left letters: "+44 20 7946 0000"
    and "Anna K." read as typed, where the bidi algorithm alone would turn the
    digit groups around ("0000 7946 20 44+") and move the full stop to the
    front (".Anna K"), as a bidi isolate would prevent."""
    return markup if has_rtl(text) else f'<font color="{VALUE_INK}">{markup}</font>'


def _typed(f: Any) -> bool:
    """Whether a fragment is (part of) a left-to-right value marked by isolated()."""
    c = getattr(f, "textColor", None)
    return c is not None and tuple(round(v * 255) for v in (c.red, c.green, c.blue)) == _VALUE_RGB


@lru_cache(maxsize=64)
def is_rtl_locale(locale: str) -> bool:
    """True for a locale babel says is written right to left (Arabic, Hebrew, Persian, Urdu ...)."""
    s = cldr_slice.get(locale.replace("-", "_"))  # babel's answer, cached with the locale's dates
    if s is not None:
        return s.rtl
    from babel import Locale, UnknownLocaleError

    try:
        return bool(Locale.parse(locale.replace("-", "_")).character_order == "right-to-left")
    except (ValueError, UnknownLocaleError):
        return False


@lru_cache(maxsize=4096)
def levels(text: str) -> tuple[int, ...]:
    """The resolved embedding level of each character of one line, base direction right to left.
    Kept per text: a line is asked as a pattern (each right-to-left word is one letter, see
    visual_line): an Arabic handout's 174 lines make 48 patterns, 4 ms where they took 12."""
    simple = _simple_levels(text)
    return simple if simple is not None else python_bidi_levels(text)


def python_bidi_levels(text: str) -> tuple[int, ...]:
    """levels() as python-bidi resolves them: for a line with explicit marks (and, in the tests,
    the answer _simple_levels must give)."""
    from bidi import algorithm  # python-bidi's implementation of UAX #9, resolved levels only

    storage = algorithm.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 1, "R"
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return tuple(int(ch["level"]) for ch in storage["chars"])


# The types a line without explicit embeddings, isolates or paragraph breaks is made of
_SIMPLE_TYPES = frozenset({"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "WS", "ON", "S"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})


def _simple_levels(text: str) -> tuple[int, ...] | None:
    """levels() for a line of only _SIMPLE_TYPES, as python-bidi's steps resolve it, on lists
    (python-bidi keeps a dict per character: 12 ms for the first Arabic handout's 42 patterns).
    With base level 1 and nothing explicit the line is one level run at level 1, sor and eor R.
    None for anything else: python-bidi resolves it. tests/test_rtl.py compares the two."""
    types = [unicodedata.bidirectional(c) for c in text]
    if not _SIMPLE_TYPES.issuperset(types):
        return None
    n = len(types)
    prev_strong = prev_type = "R"  # W1, W2
    for i, t in enumerate(types):
        if t == "NSM":
            types[i] = t = prev_type
        if t == "EN" and prev_strong == "AL":
            types[i] = "AN"
        if t in ("R", "L", "AL"):
            prev_strong = t
        prev_type = types[i]
    types = ["R" if t == "AL" else t for t in types]  # W3
    for i in range(1, n - 1):  # W4, each change seen by the next character
        t, before, after = types[i], types[i - 1], types[i + 1]
        if t == "ES" and before == after == "EN":
            types[i] = "EN"
        if t == "CS" and before == after and before in ("AN", "EN"):
            types[i] = before
    for i in range(n):  # W5
        if types[i] == "EN":
            for j in range(i - 1, -1, -1):
                if types[j] != "ET":
                    break
                types[j] = "EN"
            for j in range(i + 1, n):
                if types[j] != "ET":
                    break
                types[j] = "EN"
    types = ["ON" if t in ("ET", "ES", "CS") else t for t in types]  # W6
    prev_strong = "R"  # W7
    for i, t in enumerate(types):
        if t == "EN" and prev_strong == "L":
            types[i] = t = "L"
        if t in ("L", "R"):
            prev_strong = t
    ext = ["R", *types, "R"]  # N1, N2 between sor and eor; a neutral between differing sides takes R
    start: int | None = None
    before = ""
    for i, t in enumerate(ext):
        if t in _NEUTRAL:
            if start is None:
                start, before = i, ext[i - 1]
        elif start is not None:
            side = "R" if before in ("AN", "EN") else before
            other = "R" if t in ("AN", "EN") else t
            ext[start:i] = [side if side == other else "R"] * (i - start)
            start = None
    return tuple(1 if t == "R" else 2 for t in ext[1:-1])  # I2: all but R go up to 2


def _proxy(text: str) -> str:
    """Each glyph character as itself, private-use glyph codes as a left-to-right letter."""
    if text.isspace():
        return text  # the spaces between words: most tokens of a line
    return "".join(_L if unicodedata.category(c) == "Co" else c for c in text)


def display_order(text: str) -> str:
    """A short plain string (a bullet such as "1.") in visual order, brackets mirrored."""
    units = [(c, lv) for c, lv in zip(text, levels(text), strict=True)]
    return "".join(c if lv % 2 == 0 else c.translate(_MIRROR) for c, lv in _reorder(units))


def _reorder(units: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every run at or above it."""
    if not units:
        return units
    out = list(units)
    top = max(lv for _, lv in out)
    low = min(lv for _, lv in out if lv % 2) if any(lv % 2 for _, lv in out) else top + 1
    for level in range(top, low - 1, -1):
        k = 0
        while k < len(out):
            if out[k][1] >= level:
                j = k
                while j < len(out) and out[j][1] >= level:
                    j += 1
                out[k:j] = out[k:j][::-1]
                k = j
            else:
                k += 1
    return out


def visual_line(frags: list[Any], rtl_fonts: set[str]) -> list[tuple[Any, str | None]]:
    """One line's fragments in right-to-left visual order, as (fragment, text) units for the
    caller to join where one fragment's units meet (render/runs.py): a unit is a word, or
    a fragment's words already joined; text None for a fragment that is not text (kept as
    it is). A value marked by isolated() keeps the order it was typed in."""
    if _all_right_to_left(frags, rtl_fonts):
        return _reversed_words(frags)
    return by_levels(frags, rtl_fonts)


def by_levels(frags: list[Any], rtl_fonts: set[str]) -> list[tuple[Any, str | None]]:
    """visual_line worked out by the bidi levels of the line's words, for any line."""
    units: list[tuple[Any, str | None]] = []
    proxy: list[str] = []
    for f in frags:
        text = getattr(f, "text", None)
        if hasattr(f, "cbDefn") or not isinstance(text, str):
            units.append((f, None))
            proxy.append(" ")
            continue
        typed, in_rtl = _typed(f), f.fontName in rtl_fonts
        for m in _TOKENS.finditer(text):
            # slicing keeps HarfBuzz's per-glyph positions (ShapedStr)
            start, end = m.span()
            word = text if start == 0 and end == len(text) else text[start:end]
            if in_rtl:
                word = numbers_forwards(word)
            units.append((f, word))
            # inside a left-to-right value every character, space and digit too, counts as a
            # left-to-right letter: the value is one run in the order it was typed
            proxy.append(_L * len(word) if typed else
                         _R if in_rtl and word.strip() else _proxy(word))
    lv = levels("".join(proxy))
    # cut each left-to-right token where its level changes ("111." ends with a right-to-left full stop)
    leveled: list[tuple[tuple[Any, str | None], int]] = []
    pos = 0
    for (f, tok), p in zip(units, proxy, strict=True):
        here = lv[pos:pos + len(p)]
        pos += len(p)
        if tok is None or len(p) == 1 or p == _R or len(set(here)) == 1:
            leveled.append(((f, tok), here[0]))
            continue
        start = 0
        for k in range(1, len(p) + 1):
            if k == len(p) or here[k] != here[start]:
                leveled.append(((f, tok[start:k]), here[start]))
                start = k
    out: list[tuple[Any, str | None]] = []
    for (f, piece), level in _reorder(leveled):
        if piece is not None and level % 2 and f.fontName not in rtl_fonts and piece.translate(_MIRROR) != piece:
            piece = _mirrored(piece)  # a bracket in a right-to-left run faces the other way
        out.append((f, piece))
    return out


# Whitespace other than the plain space (a tab, a no-break space: their bidi classes differ)
_OTHER_SPACE = re.compile(r"[^\S ]")


def _all_right_to_left(frags: list[Any], rtl_fonts: set[str]) -> bool:
    """Whether every fragment of the line is text in a right-to-left font, not a typed value,
    with plain spaces only: most lines of an Arabic page. Then every word resolves to level 1
    (each stands for one right-to-left letter, and spaces between them, or at either end of
    the line, take the base level), and visual_line's answer is the words in reverse order."""
    for f in frags:
        text = getattr(f, "text", None)
        if (hasattr(f, "cbDefn") or not isinstance(text, str) or f.fontName not in rtl_fonts
                or _OTHER_SPACE.search(text) is not None or _typed(f)):
            return False
    return True


def _reversed_words(frags: list[Any]) -> list[tuple[Any, str | None]]:
    """visual_line for a line _all_right_to_left: each fragment's words and spaces, last first,
    each number put back left to right, joined again into one text per fragment (the unit
    by_levels gives per word, as the caller joins them: a shaped text's per-glyph positions
    go with its letters, as ShapedStr's slicing and adding carry them)."""
    out: list[tuple[Any, str | None]] = []
    for f in reversed(frags):
        text = f.text
        spans = [m.span() for m in _TOKENS.finditer(text)]
        if not spans:
            continue  # no text: no unit, as by_levels gives none
        if len(spans) == 1:
            out.append((f, numbers_forwards(text)))  # one word (or run of spaces): the whole text
            continue
        data = getattr(text, "__shapeData__", None)
        plain = str(text)
        parts: list[str] = []
        positions: list[Any] = []
        for start, end in reversed(spans):
            if data is not None and not _ARABIC_DIGITS.isdisjoint(plain[start:end]):
                word = numbers_forwards(text[start:end])  # its digits turned, their positions with them
                parts.append(str(word))
                positions.extend(word.__shapeData__)  # type: ignore[attr-defined]
            else:
                parts.append(plain[start:end])
                if data is not None:
                    positions.extend(data[start:end])
        joined = "".join(parts)
        if data is None:
            out.append((f, joined))
        else:
            from reportlab.pdfbase.ttfonts import ShapedStr

            shaped: str = ShapedStr(joined, shapeData=positions)
            out.append((f, shaped))
    return out


# Arabic-Indic and Persian (Extended Arabic-Indic) digits: their script is Arabic, so HarfBuzz lays a
# word holding them out right to left, digits too
_ARABIC_DIGITS = frozenset(map(chr, (*range(0x0660, 0x066A), *range(0x06F0, 0x06FA))))


def _digit(c: str) -> bool:
    return unicodedata.decimal(c, None) is not None


def numbers_forwards(word: str) -> str:
    """A word HarfBuzz shaped right to left with each number in it put back left to right:
    "٠٢٢٧٩٤" was drawn "٤٩٧٢٢٠", a wrong number to dial; in "٣٠٪" (30%) the digits turn
    and the percent sign stays at their left, as the bidi algorithm places it. A number is
    digits, with the Arabic decimal and thousands separators and single . , : between
    digits. Other words come back as they were."""
    data = getattr(word, "__shapeData__", None)
    if data is None or not _ARABIC_DIGITS.intersection(word):
        return word
    chars, data = list(str(word)), list(data)
    n, i = len(chars), 0
    while i < n:
        if not _digit(chars[i]):
            i += 1
            continue
        j = i + 1  # the number goes on over digits, Arabic separators (٫ ٬) and a . , : between digits
        while j < n and (_digit(chars[j]) or unicodedata.bidirectional(chars[j]) == "AN"
                         or (unicodedata.bidirectional(chars[j]) == "CS" and j + 1 < n and _digit(chars[j + 1]))):
            j += 1
        chars[i:j], data[i:j] = chars[i:j][::-1], data[i:j][::-1]
        i = j
    from reportlab.pdfbase.ttfonts import ShapedStr

    forwards: str = ShapedStr("".join(chars), shapeData=data)
    return forwards


def _mirrored(tok: str) -> str:
    data = getattr(tok, "__shapeData__", None)
    text = str(tok).translate(_MIRROR)
    if data is None:
        return text
    from reportlab.pdfbase.ttfonts import ShapedStr

    mirrored: str = ShapedStr(text, shapeData=data)  # same advances: brackets are symmetric pairs
    return mirrored
