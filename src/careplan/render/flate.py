"""The PDF's Flate streams, compressed with libdeflate (the `deflate` package) instead of zlib.

Compressing the page streams was the largest single cost of a warm handout
(7%): libdeflate makes the same zlib format, which every PDF reader reads, in
about half the time, and a little smaller (a handout's pages 1% smaller, its
font files up to 2%). What a process compresses once (a font subset, a
ToUnicode map: render/subset.py keeps them) is compressed harder than what
every handout compresses again (its pages).

The bytes depend on libdeflate's version as they did on zlib's, so the
dependency is pinned to a minor version: the same answers and date give the
same PDF on every install of one careplan version.
"""

from __future__ import annotations

#: Page streams, compressed for every handout: as fast as zlib's level 1, as small as its 9.
PAGE_LEVEL = 6
#: Font files and maps, compressed once per process and subset.
KEPT_LEVEL = 9


def compress(data: bytes | str, level: int = PAGE_LEVEL) -> bytes:
    """zlib-format data (RFC 1950), as PDF's FlateDecode reads it; text is written as UTF-8, as
    ReportLab's own filter writes it."""
    from deflate import zlib_compress

    raw = data.encode("utf8") if isinstance(data, str) else data
    return bytes(zlib_compress(raw, level))  # a bytearray, which ReportLab would write as its repr


def kept(data: bytes | str) -> bytes:
    """compress() for what a process keeps (a font subset, a ToUnicode map)."""
    return compress(data, KEPT_LEVEL)


def install() -> None:
    """ReportLab's Flate filter (one object, shared by every stream) compressing through compress()."""
    from reportlab.pdfbase import pdfdoc

    pdfdoc.PDFZCompress.encode = compress  # called as encode(content): the page level
