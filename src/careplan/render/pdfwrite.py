"""ReportLab's PDF objects written out with less Python per object, byte for byte as ReportLab writes them.

Writing a warm handout's objects (pages, fonts, resources, the catalogue)
spent about a fortieth of the handout in two small ReportLab functions:

- pdfdocEnc encodes every number, name and dictionary line through a codec
  written in Python (PDFDocEncoding, 'extpdfdoc'). For ASCII text that
  codec gives each character's own byte, except 0x18 to 0x1F (accents in
  PDFDocEncoding, which it refuses); such text is now encoded by Python's
  ascii codec in C, and anything else by ReportLab's function as before,
  errors and all.
- PDFName escapes a dictionary key character by character in a Python
  loop, for the same few dozen keys in every object. Its answer depends
  only on the key, so it is kept per key.

tests/test_pdfwrite.py checks both against ReportLab's own functions over
arbitrary text; the golden PDFs check whole handouts.
"""

from __future__ import annotations

import re
from typing import Any

#: Text that 'extpdfdoc' writes as its own ASCII bytes: ASCII but 0x18 to 0x1F.
_OWN_BYTES = re.compile(r"[\x00-\x17\x20-\x7f]*\Z")

#: ReportLab's functions, as they were before install() (the tests compare with them).
ORIGINAL: dict[str, Any] = {}
NAMES_MAX = 4096  # keys kept (a handout uses some sixty); forgotten all at once beyond


def install() -> None:
    """pdfdoc's module functions replaced by the faster ones (once per process)."""
    from reportlab.pdfbase import pdfdoc

    if ORIGINAL:
        return
    ORIGINAL.update(pdfdocEnc=pdfdoc.pdfdocEnc, PDFName=pdfdoc.PDFName)
    pdfdoc.pdfdocEnc = encode
    pdfdoc.PDFName = name


def encode(x: Any) -> Any:
    """ReportLab's pdfdocEnc: text as PDFDocEncoding bytes, anything else as it is."""
    if type(x) is str and _OWN_BYTES.match(x):
        return x.encode("ascii")
    return ORIGINAL["pdfdocEnc"](x)


_NAMES: dict[str, str] = {}


def name(data: Any, *bounds: Any) -> Any:
    """ReportLab's PDFName: '/' and the key, characters outside its printable range escaped as #xx."""
    if bounds or type(data) is not str:
        return ORIGINAL["PDFName"](data, *bounds)
    try:
        return _NAMES[data]
    except KeyError:
        if len(_NAMES) >= NAMES_MAX:
            _NAMES.clear()
        made: str = ORIGINAL["PDFName"](data)
        _NAMES[data] = made
        return made
