"""Which font draws each part of a text: PT Sans, a fallback of the chain, or none.

The unit is a word, so a word never mixes fonts when one font has all of it
(mixing would look patchy and would break shaping); a word no single font
has is cut cluster by cluster. A word that runs from right-to-left letters
into digits or Latin is cut where its direction changes (render/bidi.py), as
HarfBuzz shapes a word in one direction.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from careplan.render import bidi, fonts
from careplan.render.fonts import Fallback

#: A text as runs of spaces and of everything else (runs.py cuts markup with it too).
TOKENS = re.compile(r"\s+|\S+")


def _clusters(word: str) -> list[str]:
    """The word cut before each base character: combining marks and invisible
    format characters stay with the character before them."""
    out: list[str] = []
    for c in word:
        if out and (unicodedata.category(c) in ("Mn", "Mc", "Me") or fonts.ignorable(c)):
            out[-1] += c
        else:
            out.append(c)
    return out


# A piece is (font or None for PT Sans, text); REPLACEMENT pieces use the font beside them.
Piece = tuple[Fallback | None, str]


def _cmap_of(font: Fallback | None) -> frozenset[int]:
    return fonts.regular_cmap() if font is None else fonts.fallback_cmap(font)


def _has(font: Fallback | None, chars: str) -> bool:
    """Whether the font has every character but invisible format characters (asked as sets: each
    different word of a handout asks it, an Arabic handout some 500 times)."""
    missing = set(map(ord, chars)).difference(_cmap_of(font))
    return all(fonts.ignorable(chr(c)) for c in missing)


def _strip(font: Fallback | None, chars: str) -> str:
    """Drop invisible format characters the font lacks (they would draw as boxes)."""
    cmap = _cmap_of(font)
    if cmap.issuperset(map(ord, chars)):
        return chars
    return "".join(c for c in chars if ord(c) in cmap or not fonts.ignorable(c))


def _word(word: str, lost: list[str] | None = None) -> list[Piece]:
    """Fonts for one word: PT Sans if it has all of it, else the first fallback
    that has all of it, else cluster by cluster (staying in the last font used
    while it fits), with REPLACEMENT where no font has a cluster (also added to `lost`)."""
    if _has(None, word):
        return [(None, _strip(None, word))]
    whole = fonts.font_for(word)
    if whole:
        return [(whole, _strip(whole, word))]
    pieces: list[Piece] = []
    last: Fallback | None = None
    for cl in _clusters(word):
        if all(fonts.ignorable(c) for c in cl):
            continue
        if last is not None and _has(last, cl):
            font = last
        elif _has(None, cl):
            font = None
        else:
            font = fonts.font_for(cl)
            if font is None:  # in no font: a visible mark in the current font
                pieces.append((last, fonts.REPLACEMENT))
                if lost is not None:
                    lost.append(cl)
                continue
        pieces.append((font, _strip(font, cl)))
        last = font
    return pieces


def _merge(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for font, text in pieces:
        if out and out[-1][0] is font:
            out[-1] = (font, out[-1][1] + text)
        else:
            out.append((font, text))
    return out


@lru_cache(maxsize=16384)
def _token(tok: str) -> tuple[tuple[Piece, ...], ...]:
    """The words one token (no spaces) of a text becomes, each as its pieces. Kept per
    process, as markup() is: the same words recur from paragraph to paragraph (an Arabic
    handout asks 900 tokens, 520 of them different), and each costs a font lookup."""
    words: list[tuple[Piece, ...]] = []
    for n, run in enumerate(bidi.direction_runs(tok)):
        if n:  # HarfBuzz shapes a word in one direction: digits against Arabic letters become a word
            words.append(((None, " "),))
        ws = _merge(_word(run))
        if len(ws) > 1 and any(f and f.shaping for f, _ in ws):
            # HarfBuzz shapes a word with its first font only: split scripts into words
            ws = [p for k, p in enumerate(ws) for p in ([(None, " "), p] if k else [p])]
        words.append(tuple(ws))
    return tuple(words)


#: Texts whose pieces are known already (render/known_pieces.py: a catalog's messages), written
#: short (encode()): the fonts by their place in fonts.FALLBACKS, -1 for PT Sans.
KNOWN: dict[str, Any] = {}


def encode(text: str, found: list[Piece]) -> Any:
    """`found`, the pieces of `text`, as KNOWN keeps them: a font's place when one font draws the
    whole text, (place, length, place, length...) when the pieces are the text cut in turn, else
    ((place, text), ...)."""
    chain = fonts.FALLBACKS
    places = [-1 if f is None else chain.index(f) for f, _ in found]
    if len(found) == 1 and found[0][1] == text:
        return places[0]
    if "".join(s for _, s in found) == text:
        return tuple(x for place, (_, s) in zip(places, found, strict=True) for x in (place, len(s)))
    return tuple((place, s) for place, (_, s) in zip(places, found, strict=True))


def _decoded(text: str, kept: Any) -> list[Piece] | None:
    """The pieces encode() wrote; None for anything it does not write (then they are worked out)."""
    chain = fonts.FALLBACKS
    try:
        if type(kept) is int:
            return [(None if kept < 0 else chain[kept], text)]
        if type(kept) is tuple and (not kept or type(kept[0]) is int):
            out: list[Piece] = []
            at = 0
            for k in range(0, len(kept), 2):
                place, n = kept[k], kept[k + 1]
                out.append((None if place < 0 else chain[place], text[at:at + n]))
                at += n
            return out if at == len(text) and all(type(x) is int for x in kept) else None
        return [(None if place < 0 else chain[place], s) for place, s in kept if type(s) is str] or None
    except (IndexError, TypeError, ValueError):
        return None


def pieces(text: str) -> list[Piece]:
    kept = KNOWN.get(text)
    if kept is not None and (found := _decoded(text, kept)) is not None:
        return found
    text = unicodedata.normalize("NFC", text)
    words: list[tuple[Piece, ...]] = []
    for tok in TOKENS.findall(text):
        if tok.isspace():
            words.append(((None, tok),))
        else:
            words.extend(_token(tok))
    # a space between two words of one font takes that font, so a run stays whole
    flat: list[Piece] = []
    last = len(words) - 1
    for k, ws in enumerate(words):
        if len(ws) == 1 and 0 < k < last and not ws[0][1].strip():  # a space (or nothing left of a word)
            before, after = words[k - 1][-1][0], words[k + 1][0][0]
            if before is after:
                ws = ((before, ws[0][1]),)
        flat.extend(ws)
    return _merge(flat)


def undrawable(text: str) -> bool:
    """True when markup() would draw REPLACEMENT for some part of the text."""
    if fonts.covered(text):
        return False
    lost: list[str] = []
    for tok in TOKENS.findall(unicodedata.normalize("NFC", text)):
        if tok.strip():
            _word(tok, lost)
    return bool(lost)
