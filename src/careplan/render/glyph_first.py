"""The glyphs a language's printed words shape to, coded first in every document in that language.

ReportLab codes a glyph when a document first draws it, so two Arabic
handouts code their shaped glyphs (joined letter forms, ligatures) in
different orders: a process making many of them cut new font subsets for
nearly every handout and could write hardly any paragraph again from its
record (render/replay.py). render/codes.py solves this for the letters of
PT Sans; a shaped script needs its glyphs, which only HarfBuzz knows.

So the words past ASCII of the catalog's printed messages (compiled with the
catalog, i18n/translation.py) are shaped once, in the regular and bold faces
of the font that draws them, and every document codes those glyphs first,
the most used first. Handouts in the language then share their codes: the next
one reuses the subsets and records of the one before. The price is the
glyphs of the catalog a handout does not draw: 3 to 5 KB of an Arabic PDF,
10 KB of the short emergency one.

What is printed never depends on the cache or on what the process drew before:
- the glyphs and their order come from the catalog and the font only; the cache
  (a file per catalog under $XDG_CACHE_HOME/careplan/glyphs) holds what shaping
  them gives, keyed by the words, the font files' CRC-32, the tools' versions
  and this code, sealed with a checksum (files/cachefile.py);
- a glyph without a character of its own that no word drawn before has met gets
  its private code here, with the font's own advance as its width: what
  ReportLab's shaping gives it in every word of the catalog (a test checks
  each), so it does not matter which comes first;
- the letters such a glyph copies as come from the catalog's words, whatever
  word drew it first.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from careplan import __version__
from careplan.files import cachefile

FORMAT = b"careplan-glyphs-1\n"
MAX_ENTRY_BYTES = 1024 * 1024

#: Per font: (glyph id, the letters it draws), glyphs past ASCII, the most used in the catalog first.
Rows = tuple[tuple[int, str], ...]


def cache_dir() -> Path | None:
    return cachefile.folder("glyphs")


@cache
def plan(letters: str, words: str) -> tuple[tuple[Any, Rows], ...]:
    """The shaped fonts a language's letters need and, for each face, the glyphs to code first;
    empty when PT Sans draws them all or their font is not shaped (Chinese). Asked by every
    handout, and answered once per catalog: finding Chinese's font for its 822 letters took
    0.3 ms a handout."""
    from reportlab.pdfbase import pdfmetrics

    from careplan.render import fonts

    needs = "".join(c for c in letters if not fonts.covered(c))
    fb = fonts.font_for(needs) if needs and words else None
    if fb is None or not fb.shaping or fonts.register_fallback(fb) is None:
        return ()
    faces = tuple(dict.fromkeys(pdfmetrics.getFont(name) for name in (fb.name, fb.face(bold=True))))
    return tuple(zip(faces, load(faces, words), strict=True))


def load(faces: tuple[Any, ...], words: str, folder: Path | None = None) -> tuple[Rows, ...]:
    """Each face's rows for `words`: from the cache, or shaped (rows()) and stored."""
    entry = cachefile.entry(folder or cache_dir(), lambda: _key(faces, words))
    kept = _unpack(cachefile.payload(entry, FORMAT, MAX_ENTRY_BYTES), len(faces))
    if kept is None:
        kept = tuple(rows(font, words) for font in faces)
        if entry is not None:
            cachefile.put_latest(entry, cachefile.seal(FORMAT, marshal.dumps(kept)))  # older entries go
    return kept


def _key(faces: tuple[Any, ...], words: str) -> str:
    import uharfbuzz
    from reportlab import Version

    h = hashlib.sha256(FORMAT)
    for part in (__version__, Version, uharfbuzz.__version__):
        h.update(part.encode("utf-8") + b"\0")
    h.update(cachefile.source_digest(("render/glyph_first.py", "render/shaping.py")))
    for font in faces:
        h.update(f"{font.fontName}\0{zlib.crc32(font.face._ttf_data)}\0{font._asciiReadable}\0".encode())
    h.update(words.encode("utf-8"))
    return f"{faces[0].fontName}-{h.hexdigest()[:40]}.glyphs"


def _unpack(payload: bytes | None, count: int) -> tuple[Rows, ...] | None:
    """The rows of an intact entry, or None for anything that is not one."""
    if payload is None:
        return None
    try:
        kept = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    ok = isinstance(kept, tuple) and len(kept) == count and all(
        isinstance(rows, tuple) and all(isinstance(r, tuple) and len(r) == 2 and type(r[0]) is int
                                        and type(r[1]) is str for r in rows) for rows in kept)
    return kept if ok else None


def rows(font: Any, words: str) -> Rows:
    """The glyphs past ASCII that `words` shape to in `font`, with the letters each draws."""
    from careplan.render import fonts, shaping

    hb_font = font.hbFont(10)
    to_char = font.face.glyphToChar
    taken = set(font.State(font._asciiReadable, font).assignments)  # coded in every document from the start
    found: dict[int, str] = {}
    uses: Counter[int] = Counter()
    for word in words.split():
        if fonts.covered(word) or fonts.font_for(word) is None:
            continue
        for gid, letters in shaping.glyph_letters(hb_font, word):
            chars = to_char.get(gid)
            if gid and (not chars or chars[0] not in taken):
                found.setdefault(gid, letters)
                uses[gid] += 1
    # the most used first: they fill the first subset, so a line changes subsets (a font
    # change in the page's operators) only for its rarer glyphs
    return tuple((gid, found[gid]) for gid in sorted(found, key=lambda g: (-uses[g], g)))


def code_first(doc: Any, planned: tuple[tuple[Any, Rows], ...]) -> None:
    """Give the planned glyphs their codes in `doc`, before it draws anything."""
    for font, rows in planned:
        text = _characters(font, rows)
        if text:
            font.splitString(text, doc)


@cache
def _characters(font: Any, rows: Rows) -> str:
    """The rows' glyphs as the characters ReportLab draws them with, in order (worked out once
    per process: a glyph's private code, once given, stays)."""
    from careplan.render.shaping import private_code

    to_char = font.face.glyphToChar
    text = []
    hb_font = None
    for gid, letters in rows:
        chars = to_char.get(gid)
        if chars:
            code = chars[0]
        else:  # no character of its own: its private code, as ReportLab's shaping would give it
            hb_font = hb_font or font.hbFont(10)
            code = font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, hb_font.get_glyph_h_advance(gid))
        if private_code(code):
            font.glyph_text[gid] = letters  # what copying it gives: the catalog's, whatever was drawn before
        text.append(chr(code))
    return "".join(text)
