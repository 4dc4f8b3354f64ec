"""A trimmed font subset made straight from the face: the bytes subset.trim(face.makeSubset(codes)) gives.

ReportLab's makeSubset reads every glyph of a subset from the font file through
its Python parser, copies the hinting tables and each glyph's instructions,
and subset.trim() then parses the result again to drop them: about 1 ms for a
subset of 250 Chinese glyphs, and a Chinese handout cuts two or three new ones
(its characters are coded in the order it draws them), some 12% of a warm
Chinese handout. Here what does not depend on the subset is worked out once
per face (the copied tables, each glyph without its instructions, its
components if it has any) and a subset is put together from those pieces.

Same steps, same bytes: the glyph order (the subset's glyphs in code order,
then the components of composite glyphs as ReportLab finds them), the
horizontal metrics and their run-length cut, the character map (format 6), the
locations' format (chosen from the length ReportLab's glyf table would have,
hinting and all), the header fields; then TTFontMaker writes the file, as for
trim(). tests/test_subsetter.py compares the two on many code lists in every
face careplan embeds. A face without glyf and loca tables goes ReportLab's way.
"""

from __future__ import annotations

import struct
from typing import Any

from careplan.render import fontparts as parts


def _whole(table: Any) -> bytes:
    """A table as bytes (a face read in place gives tables that only slice: render/faces.py)."""
    return bytes(table[0:len(table)])


class _Face:
    """What a face's subsets share: its copied tables, and each glyph met, trimmed."""

    def __init__(self, face: Any) -> None:
        self.face = face
        get = face.get_table
        self.name = parts.short_names(_whole(get("name")))
        self.os2 = _whole(get("OS/2"))
        self.post = b"\x00\x03\x00\x00" + _whole(get("post"))[4:16] + b"\x00" * 16
        self.hhea = _whole(get("hhea"))
        maxp = bytearray(_whole(get("maxp")))
        if len(maxp) >= 28:
            struct.pack_into(">H", maxp, 26, 0)  # maxSizeOfInstructions, as trim() sets it
        self.maxp = maxp
        self.head = _whole(get("head"))
        self.glyf_start = face.get_table_pos("glyf")[0]
        self.data = face._ttf_data
        # gid -> (its length in ReportLab's glyf, padding included; its bytes without instructions,
        # padded; where each component's glyph id is in those bytes, and which glyph it names)
        self.glyphs: dict[int, tuple[int, bytes, tuple[tuple[int, int], ...]]] = {}

    def glyph(self, gid: int) -> tuple[int, bytes, tuple[tuple[int, int], ...]]:
        found = self.glyphs.get(gid)
        if found is None:
            pos = self.face.glyphPos
            start, length = pos[gid], pos[gid + 1] - pos[gid]
            raw = bytes(self.data[self.glyf_start + start:self.glyf_start + start + length])
            padded = raw + b"\0" * (-length % 4)  # what ReportLab's glyf holds for it
            components: list[tuple[int, int]] = []
            if length > 2 and struct.unpack_from(">h", raw)[0] < 0:
                components = [(at + 2, struct.unpack_from(">H", raw, at + 2)[0]) for at in parts.components(raw)[0]]
            bare = parts.bare_glyph(padded)
            found = self.glyphs[gid] = (len(padded), bare + b"\0" * (-len(bare) % 4), tuple(components))
        return found


_FACES: dict[int, _Face] = {}


def usable(face: Any) -> bool:
    """Whether subsets of this face can be made here (a TrueType face with glyf and loca tables)."""
    table = getattr(face, "table", {})
    return "glyf" in table and "loca" in table and hasattr(face, "glyphPos") and hasattr(face, "hmetrics")


def make(face: Any, codes: list[int]) -> bytes:
    """trim(face.makeSubset(codes)), put together from the face's pieces."""
    from reportlab.pdfbase.ttfonts import TTFontMaker

    shared = _FACES.get(id(face))
    if shared is None or shared.face is not face:
        shared = _FACES[id(face)] = _Face(face)
    char_to_glyph = face.charToGlyph
    glyph_map = [0]  # new glyph -> the face's glyph
    glyph_set = {0: 0}  # the face's glyph -> new glyph
    code_to_glyph = {}
    for code in codes:
        old = char_to_glyph.get(code, 0)
        if old not in glyph_set:
            glyph_set[old] = len(glyph_map)
            glyph_map.append(old)
        code_to_glyph[code] = glyph_set[old]
    n = 0
    while n < len(glyph_map):  # components of composite glyphs, as ReportLab finds them
        for _, component in shared.glyph(glyph_map[n])[2]:
            if component not in glyph_set:
                glyph_set[component] = len(glyph_map)
                glyph_map.append(component)
        n += 1
    count = len(glyph_map)

    metrics = face.hmetrics
    hmtx: list[int] = []
    for old in glyph_map:
        aw, lsb = metrics[old]
        hmtx += (int(aw), int(lsb))
    n = len(hmtx) - 2
    while n and hmtx[n] == hmtx[n - 2]:
        n -= 2
    n += 2
    long_metrics = n >> 1
    hmtx = hmtx[:n] + hmtx[n + 1::2]

    glyphs, offsets, untrimmed = [], [0], 0
    for old in glyph_map:
        length, bare, components = shared.glyph(old)
        if components:
            patched = bytearray(bare)
            for at, component in components:
                struct.pack_into(">H", patched, at, glyph_set[component])
            bare = bytes(patched)
        glyphs.append(bare)
        offsets.append(offsets[-1] + len(bare))
        untrimmed += length
    long_loca = (untrimmed + 1) >> 1 > 0xFFFF
    loca = struct.pack(f">{count + 1}{'L' if long_loca else 'H'}", *(o if long_loca else o // 2 for o in offsets))

    maxp = bytearray(shared.maxp)
    struct.pack_into(">H", maxp, 4, count)
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(codes) * 2, 0, 0, len(codes), *map(code_to_glyph.get, codes)]
    maker = TTFontMaker()
    for tag, data in (("OS/2", shared.os2), ("name", shared.name), ("post", shared.post),
                      ("hmtx", struct.pack(f">{len(hmtx)}H", *hmtx)),
                      ("hhea", shared.hhea[:34] + struct.pack(">H", long_metrics) + shared.hhea[36:]),
                      ("maxp", bytes(maxp)), ("cmap", struct.pack(f">{len(cmap)}H", *cmap)),
                      ("glyf", b"".join(glyphs)), ("loca", loca),
                      ("head", shared.head[:50] + struct.pack(">H", int(long_loca)) + shared.head[52:])):
        maker.add(tag, data)
    out: bytes = maker.makeStream()
    return out
