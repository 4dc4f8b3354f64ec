"""The parts of a TrueType file careplan writes anew: a glyph without its instructions, and the
short name table (render/subset.py says why; render/subsetter.py puts subsets together from them)."""

from __future__ import annotations

import struct

# name ids kept: copyright, family, subfamily, unique id, full name, version,
# PostScript name, trademark, manufacturer, licence description, licence URL
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 14)
# preferred (platform, encoding, language) per name id: Windows Unicode English, then Mac Roman English
PLATFORMS = ((3, 1, 0x409), (1, 0, 0))
LICENCE_ID = 13
# the licence record is cut after the licence's name (when the font names the OFL)
OFL = "Open Font License, Version 1.1"

# composite glyph flags (OpenType 'glyf')
ARGS_ARE_WORDS = 0x0001
HAVE_SCALE = 0x0008
MORE_COMPONENTS = 0x0020
HAVE_XY_SCALE = 0x0040
HAVE_TWO_BY_TWO = 0x0080
HAVE_INSTRUCTIONS = 0x0100


def bare_glyph(data: bytes) -> bytes:
    """One glyph without its instructions."""
    if len(data) < 10:
        return data
    contours = struct.unpack_from(">h", data)[0]
    if contours >= 0:
        at = 10 + 2 * contours
        n = struct.unpack_from(">H", data, at)[0]
        return data[:at] + b"\0\0" + data[at + 2 + n:]
    out = bytearray(data)
    starts, end = components(data)
    for at in starts:
        flags = struct.unpack_from(">H", out, at)[0]
        struct.pack_into(">H", out, at, flags & ~HAVE_INSTRUCTIONS)
    return bytes(out[:end])


def components(data: bytes) -> tuple[list[int], int]:
    """Where each component record of a composite glyph starts (its flags; its glyph id
    follows them), and where the records end (its instructions, if any, follow)."""
    starts = []
    at, flags = 10, MORE_COMPONENTS
    while flags & MORE_COMPONENTS:
        flags = struct.unpack_from(">H", data, at)[0]
        starts.append(at)
        at += 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        at += 2 if flags & HAVE_SCALE else 4 if flags & HAVE_XY_SCALE else 8 if flags & HAVE_TWO_BY_TWO else 0
    return starts, at


def short_names(table: bytes) -> bytes:
    """The name table with only NAME_IDS, each once."""
    count, start = struct.unpack_from(">2xHH", table)
    records = {}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * i)
        records[(platform, encoding, language, name_id)] = table[start + offset:start + offset + length]
    kept = []
    for name_id in NAME_IDS:
        for platform in PLATFORMS:
            text = records.get((*platform, name_id))
            if text is not None and name_id == LICENCE_ID:
                text = _licence(text, platform[0])
            if text is not None:
                kept.append((*platform, name_id, text))
                break
    head = struct.pack(">3H", 0, len(kept), 6 + 12 * len(kept))
    rows, strings, at = [], [], 0
    for platform, encoding, language, name_id, text in kept:
        rows.append(struct.pack(">6H", platform, encoding, language, name_id, len(text), at))
        strings.append(text)
        at += len(text)
    return head + b"".join(rows) + b"".join(strings)


def _licence(record: bytes, platform: int) -> bytes:
    """The licence record up to the sentence naming the OFL (all of it for another licence)."""
    codec = "utf-16-be" if platform == 3 else "latin-1"
    text = record.decode(codec, errors="replace")
    end = text.find(OFL)
    if end < 0:
        return record
    end += len(OFL) + text[end + len(OFL):].startswith(".")
    return text[:end].encode(codec, errors="replace")
