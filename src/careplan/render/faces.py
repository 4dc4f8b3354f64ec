"""Parsed TrueType faces, kept in the user's cache so a cold handout does not parse its fonts.

ReportLab parses a font's tables in Python every time a TTFont is made:
about 2.5 ms per PT Sans face, 4 ms per IBM Plex Sans Arabic face and 70 ms
per weight of Noto Sans SC (31,036 glyphs), and a handout makes two faces per
family on every run. What the parse yields (metrics, the character and glyph
maps, widths, glyph offsets) is stored per font file in
$XDG_CACHE_HOME/careplan/faces (else ~/.cache/careplan/faces) and read back
with marshal in a fraction of that time.

What is printed never depends on the cache:

- the key covers the font file's path, size, inode and both its modification
  and change times, the face index, ReportLab's version, this module's
  FORMAT and source, and careplan's version (as render/cmaps.py does);
- tables only shaping reads (glyphToChar: 30,000 lists in Chinese, which
  is drawn unshaped) are unpacked on first use, not at load;
- the font's bytes are still read on every run (ReportLab embeds its subsets
  from them and HarfBuzz shapes with them), and the entry holds a CRC-32 of
  them: a font rewritten in place, even with its old time stamps, is parsed
  afresh;
- an entry is sealed with a checksum of its payload and must be private
  (cachefile); anything missing, corrupt, foreign or of another layout is
  ignored and the font is parsed as before. A face whose state holds
  anything marshal cannot keep is never stored;
- tests rebuild every font of the fallback chain from its entry and compare
  it, attribute by attribute, with the face ReportLab parsed.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import zlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from careplan import __version__, collector
from careplan.files import cachefile

FORMAT = b"careplan-face-2\n"  # bump when what an entry holds changes (2: the lazy tables apart)
MAX_ENTRY_BYTES = 16 * 1024 * 1024
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the file's bytes (read each run) and a function (rebuilt)
_PLAIN = (int, float, str, bytes, bool, type(None))
# Read only to shape text (ReportLab's HarfBuzz path, fonts.note): unpacked on first use. In
# Noto Sans SC, drawn without shaping, it is 30,000 lists, 40% of what a face costs to load.
_LAZY = ("glyphToChar",)


def cache_dir() -> Path | None:
    return cachefile.folder("faces")


def _key(path: Path, subfont: int) -> str:
    from reportlab import Version

    st = path.stat()
    where = str(path.resolve())
    h = hashlib.sha256(FORMAT + cachefile.source_digest(("render/faces.py",)))
    for part in (__version__, Version, where, subfont, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns):
        h.update(f"{part}\0".encode())
    # the face's file and index name the entry (older entries of the same face are dropped), the hash the rest
    face = hashlib.sha256(f"{where}\0{subfont}".encode()).hexdigest()[:12]
    return f"{path.stem.split('[')[0]}-{face}-{h.hexdigest()[:40]}.bin"


def _keepable(value: object) -> bool:
    """Plain data marshal writes and reads back as the same types (no subclasses, no objects)."""
    if type(value) in _PLAIN:
        return True
    if type(value) in (list, tuple):
        return all(_keepable(v) for v in value)  # type: ignore[attr-defined]
    if type(value) is dict:
        return all(type(k) in _PLAIN and _keepable(v) for k, v in value.items())
    return False


def _state(face: Any) -> bytes | None:
    """The payload for `face`: CRC-32 of its font bytes, its name strings, the rest of its attributes."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    names: dict[str, str] = {}
    rest: dict[str, object] = {}
    lazy: dict[str, bytes] = {}
    for attr, value in face.__dict__.items():
        if attr in _NOT_KEPT:
            continue
        if type(value) is TTFNameBytes:
            names[attr] = value.ustr
        elif not _keepable(value):
            return None  # something this module does not know: parse every time rather than guess
        elif attr in _LAZY:
            lazy[attr] = marshal.dumps(value)
        else:
            rest[attr] = value
    return marshal.dumps((zlib.crc32(face._ttf_data), names, rest, lazy))


def _scale(units_per_em: int) -> Any:
    """ReportLab's font-unit to 1/1000 em conversion, as extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _face(payload: bytes, data: Any, crc: int | None = None) -> Any | None:
    """A TTFontFace from an entry's payload and the font's bytes (`crc`: their CRC-32, when the
    caller has just made it); None unless they belong together."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    try:
        with collector.paused():  # some 150,000 new objects, none of them garbage
            kept_crc, names, rest, lazy = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if crc is None:
        crc = zlib.crc32(data)
    if kept_crc != crc or not isinstance(names, dict) or not all(type(v) is str for v in names.values()) \
            or not isinstance(rest, dict) \
            or not isinstance(lazy, dict) or not all(k in _LAZY and type(v) is bytes for k, v in lazy.items()) \
            or not isinstance(rest.get("unitsPerEm"), int) or not rest["unitsPerEm"]:
        return None
    face = _face_class()()
    face.__dict__.update(rest)
    face.__dict__["_careplan_lazy"] = lazy
    for attr, text in names.items():
        face.__dict__[attr] = TTFNameBytes(text.encode("utf8"))
    face._ttf_data = data
    face._pdfScale = _scale(rest["unitsPerEm"])
    return face


@cache
def _face_class() -> type:
    """ReportLab's TTFontFace, made from an entry: the _LAZY tables are unpacked when first read."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self) -> None:  # filled in by _face, never parsed
            pass

        def get_table(self, tag: str) -> Any:
            # makeSubset reads one glyph at a time from 'glyf', which ReportLab copies whole
            # first: 9 MB of Noto Sans SC for every subset of 256 characters
            if tag != "glyf":
                return super().get_table(tag)
            pos, length = self.get_table_pos(tag)
            return _Table(self._ttf_data, pos, length)

        def __getattr__(self, attr: str) -> Any:  # only for attributes not set: the lazy ones
            lazy = self.__dict__.get("_careplan_lazy")
            if lazy is None or attr not in lazy:
                raise AttributeError(attr)
            with collector.paused():
                value = marshal.loads(lazy[attr])  # kept: a copy of the face may unpack it too
            self.__dict__[attr] = value
            return value

    return CachedFace


class _Table:
    """A table of a font's bytes, read in place: a slice of it is a copy of just that slice."""

    def __init__(self, data: Any, pos: int, length: int) -> None:
        self._data, self._pos, self._length = data, pos, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: slice) -> bytes:
        start, stop, step = key.indices(self._length)
        if step != 1:
            raise ValueError("a font table is read in runs")
        return bytes(self._data[self._pos + start:self._pos + max(start, stop)])


@contextlib.contextmanager
def _made_with(face: Any) -> Iterator[None]:
    """TTFont.__init__ makes its face by calling ttfonts.TTFontFace: hand it `face` instead,
    so the rest of __init__ (and a subclass's) runs as written. Rendering is single-threaded."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face
    try:
        yield
    finally:
        ttfonts.TTFontFace = original


def font(kind: type, name: str, path: Path, subfont: int = 0, folder: Path | None = None,
         data: Any = None, keep: bool = True, crc: int | None = None) -> Any:
    """`kind(name, str(path), subfontIndex=subfont)`, a ReportLab TTFont, with its face from
    the cache when an entry for this file is there and intact; otherwise parsed and stored.
    `data`: the file's bytes when the caller has just read or mapped them (a cut Chinese
    weight), with `crc`, their CRC-32, when it has just checked them with it;
    `keep=False` for a font file that lives for this run only (nothing is stored)."""
    entry = cachefile.entry((folder or cache_dir()) if keep else None, lambda: _key(path, subfont))
    payload = cachefile.payload(entry, FORMAT, MAX_ENTRY_BYTES)
    if payload is not None:
        if data is None:
            try:
                data = path.read_bytes()
            except OSError:
                data = None
        face = _face(payload, data, crc) if data is not None else None
        if face is not None:
            with _made_with(face):
                return kind(name, str(path), subfontIndex=subfont)
    made = kind(name, str(path), subfontIndex=subfont)
    if entry is not None:
        payload = _state(made.face)
        if payload is not None and len(payload) + 256 <= MAX_ENTRY_BYTES:
            cachefile.put_latest(entry, cachefile.seal(FORMAT, payload))  # older entries of this face go
    return made
