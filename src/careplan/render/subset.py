"""Smaller embedded fonts: ReportLab's TrueType subset without hinting and with a short name table.

ReportLab copies into every subset the font's hinting programs (fpgm, prep,
cvt), each glyph's instructions and the whole `name` table (PT Sans: 18 KB of
descriptions, designer and vendor links, each in two encodings). A PDF
viewer draws the outlines and reads the font's names from the PDF itself, so
hinting only matters on low-resolution screens, where viewers hint on their
own. trim() keeps the outlines, metrics and character map exactly as
ReportLab made them, drops the hinting, and keeps of the name table, once
(Windows English where the font has it), the records the licence and the
font's identity need: copyright, family, style, unique id, full name,
version, PostScript name, trademark, manufacturer, licence and licence URL.

All fonts embedded are under the SIL Open Font License. Its FAQ (1.10, 1.11)
says a font embedded in a document is the one case where the licence's full
text need not travel with it, and that a subset made for embedding need not
be renamed. So the font keeps its names, and its licence record keeps the
copyright, the reserved font names and "This Font Software is licensed under
the Open Font License, Version 1.1" (with the licence URL record), not the
4,400 characters of licence text after them: 5 KB of every PDF.

The result is a pure function of ReportLab's subset, so the same text still
gives the same bytes.
"""

from __future__ import annotations

import struct
from functools import cache, wraps
from typing import Any

from careplan.render.fontparts import bare_glyph, short_names

HINTING = frozenset({"cvt ", "fpgm", "prep"})


def tables(font: bytes) -> dict[str, bytes]:
    """The tables of a TrueType file, by tag."""
    count = struct.unpack_from(">H", font, 4)[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", font, 12 + 16 * i)
        out[tag.decode("latin-1")] = font[offset:offset + length]
    return out


def _glyf_loca(glyf: bytes, loca: bytes, long_loca: bool, count: int) -> tuple[bytes, bytes]:
    fmt = f">{count + 1}{'L' if long_loca else 'H'}"
    offsets = [o if long_loca else 2 * o for o in struct.unpack_from(fmt, loca)]
    parts, new = [], [0]
    for i in range(count):
        g = bare_glyph(glyf[offsets[i]:offsets[i + 1]])
        g += b"\0" * (-len(g) % 4)
        parts.append(g)
        new.append(new[-1] + len(g))
    return b"".join(parts), struct.pack(fmt, *(o if long_loca else o // 2 for o in new))


def trim(font: bytes) -> bytes:
    """A subset made by ReportLab, without hinting and with the short name table."""
    from reportlab.pdfbase.ttfonts import TTFontMaker

    t = tables(font)
    if "glyf" not in t or "loca" not in t:
        return font
    long_loca = struct.unpack_from(">h", t["head"], 50)[0] == 1
    count = struct.unpack_from(">H", t["maxp"], 4)[0]
    glyf, loca = _glyf_loca(t["glyf"], t["loca"], long_loca, count)
    maxp = bytearray(t["maxp"])
    if len(maxp) >= 28:
        struct.pack_into(">H", maxp, 26, 0)  # maxSizeOfInstructions
    maker = TTFontMaker()
    for tag, data in t.items():
        if tag in HINTING:
            continue
        replaced = {"glyf": glyf, "loca": loca, "maxp": bytes(maxp)}.get(tag, data)
        maker.add(tag, short_names(data) if tag == "name" else replaced)
    out: bytes = maker.makeStream()
    return out


#: Subsets kept per face, and the bytes they may hold: a batch of English handouts
#: needs about one new subset in six; a Chinese subset can be 200 KB.
KEEP = 32
KEEP_BYTES = 8 << 20


class _Made:
    """A face's last subsets, by their code list, each made (trimmed) once and
    compressed once. A subset is a pure function of the face and the code list
    (a code, private ones from shaping included, never changes its glyph in a
    face's life), so a kept one is the one that would be made: same bytes.
    In memory only, like the face."""

    def __init__(self) -> None:
        from collections import OrderedDict

        self.subsets: OrderedDict[tuple[int, ...], bytes] = OrderedDict()
        self.flate: dict[bytes, bytes] = {}  # a kept subset's compressed bytes
        self.size = 0

    def get(self, codes: tuple[int, ...], make: Any) -> bytes:
        kept = self.subsets.get(codes)
        if kept is not None:
            self.subsets.move_to_end(codes)
            return kept
        data: bytes = make(list(codes))
        self.subsets[codes] = data
        self.size += len(data)
        while len(self.subsets) > 1 and (len(self.subsets) > KEEP or self.size > KEEP_BYTES):
            _, old = self.subsets.popitem(last=False)
            self.size -= len(old)
            self.flate.pop(old, None)
        return data

    def encode(self, data: bytes | str) -> bytes:
        """The font file's Flate stream (render/flate.py, as for what a process keeps)."""
        from careplan.render import flate

        if isinstance(data, str) or not any(kept is data for kept in self.subsets.values()):
            return flate.kept(data)  # not a kept subset: compressed, nothing kept
        if (done := self.flate.get(data)) is None:
            done = self.flate[data] = flate.kept(data)
        return done


class _Maps:
    """A face's ToUnicode maps, each compressed once while kept: ReportLab writes one per subset,
    a pure function of the subset's name and code list, so a batch mostly compresses the same text again."""

    def __init__(self) -> None:
        self.done: dict[str, bytes] = {}

    def encode(self, text: bytes | str) -> bytes:
        """The map's Flate stream (render/flate.py, as for what a process keeps), kept by text."""
        from careplan.render import flate

        if not isinstance(text, str):
            return flate.kept(text)
        done = self.done.get(text)
        if done is None:
            if len(self.done) >= KEEP:
                self.done.clear()
            done = self.done[text] = flate.kept(text)
        return done


class _Flate:
    """A Flate filter whose compression is taken from a keeper (_Made for font files, _Maps for ToUnicode maps)."""

    pdfname = "FlateDecode"

    def __init__(self, keeper: _Made | _Maps) -> None:
        self.encode = keeper.encode

    def decode(self, encoded: bytes) -> bytes:
        import zlib

        return zlib.decompress(encoded)


def trimmed(font: Any) -> Any:
    """`font` (a registered ReportLab TTFont) embedding trimmed subsets from now on,
    each made and compressed once while kept (see _Made)."""
    from reportlab.pdfbase import pdfdoc

    face = font.face
    if getattr(face, "_careplan_made", None) is not None:
        return font  # already trimmed
    made = face._careplan_made = _Made()
    make, add = face.makeSubset, face.addSubsetObjects
    flate, cmap_flate = _Flate(made), _Flate(_Maps())
    from careplan.render import subsetter

    if subsetter.usable(face):  # the same bytes, from pieces of the face made once (render/subsetter.py)
        def trimmed_subset(codes: list[int]) -> bytes:
            return subsetter.make(face, codes)
    else:
        def trimmed_subset(codes: list[int]) -> bytes:
            return trim(make(codes))

    face.makeSubset = lambda subset: made.get(tuple(subset), trimmed_subset)

    def add_subset_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        ref = add(doc, fontname, subset)
        # ReportLab names the streams it just made so; not found (another version): compressed as before
        for name, kept in ((f"fontFile:{face.filename}({fontname})", flate), (f"toUnicodeCMap:{fontname}", cmap_flate)):
            stream = doc.idToObject.get(name)
            if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
                stream.filters = [kept]
        return ref

    face.addSubsetObjects = add_subset_objects
    _keep_cmaps()
    add_objects = font.addObjects

    def add_objects_kept(doc: Any) -> None:
        add_objects(doc)
        _kept_widths(doc)

    font.addObjects = add_objects_kept
    return font


#: Each subset's ToUnicode map as ReportLab writes it, by the subset's name and codes.
_CMAPS: dict[tuple[str, tuple[int, ...]], str] = {}


def _keep_cmaps() -> None:
    """ReportLab's makeToUnicodeCMap, answered once per subset name and code list in a process:
    it formats one line per code, for every subset of every handout (a pure function, so the
    kept text is the text it would make)."""
    from reportlab.pdfbase import ttfonts

    make = ttfonts.makeToUnicodeCMap
    if getattr(make, "careplan_kept", False):
        return

    @wraps(make)
    def kept(fontname: str, subset: list[int]) -> str:
        key = (fontname, tuple(subset))
        text = _CMAPS.get(key)
        if text is None:
            if len(_CMAPS) >= 4 * KEEP:
                _CMAPS.clear()
            text = _CMAPS[key] = make(fontname, subset)
        return text

    kept.careplan_kept = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = kept


#: Each subset's /Widths as ReportLab formats them, by the widths themselves: every handout
#: of a batch writes nearly the same few arrays of 60 to 256 numbers, one number at a time.
_WIDTHS: dict[tuple[Any, ...], bytes] = {}
WIDTHS_MAX = 256


def _kept_widths(doc: Any) -> None:
    """Give the document's fonts /Widths formatted once per process (the same bytes: ReportLab's own
    PDFArray made them the first time, and numbers need no document to be written)."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    for pdf_font in doc.idToObject["BasicFonts"].dict.values():
        widths: Any = getattr(pdf_font, "Widths", None)
        if type(widths) is not pdfdoc.PDFArray or not all(type(w) in (int, float) for w in widths.sequence):
            continue  # already kept, or not plain numbers: formatted by ReportLab as it comes
        key = (rl_config.pdfMultiLine, *widths.sequence)
        data = _WIDTHS.get(key)
        if data is None:
            if len(_WIDTHS) >= WIDTHS_MAX:
                _WIDTHS.clear()
            data = _WIDTHS[key] = widths.format(doc)
        pdf_font.Widths = _formatted_class()(data)


@cache
def _formatted_class() -> type:
    from reportlab.pdfbase import pdfdoc

    class Formatted(pdfdoc.PDFObject):  # type: ignore[misc]  # ReportLab is untyped
        """A direct object already written as PDF."""

        def __init__(self, data: bytes) -> None:
            self.data = data

        def format(self, document: Any) -> bytes:
            return self.data

    return Formatted
