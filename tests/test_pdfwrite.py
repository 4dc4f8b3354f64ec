"""render/pdfwrite.py: ReportLab's pdfdocEnc and PDFName, faster and with the same answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.render import pdfwrite

pdfwrite.install()
_ENC = pdfwrite.ORIGINAL["pdfdocEnc"]
_NAME = pdfwrite.ORIGINAL["PDFName"]

# ASCII (where the fast path is taken, 0x18-0x1F among it) and beyond (where it is not)
_TEXT = st.one_of(st.text(st.characters(max_codepoint=0x7F)), st.text(st.characters(max_codepoint=0x2FF)), st.text())


def _outcome(f: Any, *args: Any) -> Any:
    try:
        return "ok", f(*args)
    except Exception as exc:  # noqa: BLE001 (the same failure is part of the same answer)
        return "raised", type(exc)


@settings(max_examples=500)
@given(_TEXT)
def test_encoding_gives_reportlabs_bytes_or_reportlabs_error(text: str) -> None:
    assert _outcome(pdfwrite.encode, text) == _outcome(_ENC, text)


def test_the_characters_the_fast_path_takes_are_their_own_bytes_in_reportlabs_codec() -> None:
    for code in range(0x80):
        c = chr(code)
        fast = bool(pdfwrite._OWN_BYTES.match(c))
        assert fast == (code not in range(0x18, 0x20))
        assert _outcome(pdfwrite.encode, c * 3) == _outcome(_ENC, c * 3)


def test_what_is_not_text_is_left_as_it_is() -> None:
    for value in (b"bytes", 12, None):
        assert pdfwrite.encode(value) is _ENC(value)


@settings(max_examples=500)
@given(_TEXT)
def test_a_name_is_reportlabs_name_the_first_time_and_after(key: str) -> None:
    expected = _NAME(key)
    assert pdfwrite.name(key) == expected
    assert pdfwrite.name(key) == expected  # kept


def test_names_kept_are_forgotten_beyond_the_limit_and_still_right(monkeypatch) -> None:
    monkeypatch.setattr(pdfwrite, "NAMES_MAX", 3)
    for n in range(10):
        assert pdfwrite.name(f"Key{n}#") == _NAME(f"Key{n}#")
    assert len(pdfwrite._NAMES) <= 3
    assert pdfwrite.name("(x)", "!", "~") == _NAME("(x)", "!", "~")


def test_reportlab_writes_through_them_once_installed() -> None:
    from reportlab.pdfbase import pdfdoc

    pdfwrite.install()  # a second time changes nothing
    assert pdfdoc.pdfdocEnc is pdfwrite.encode and pdfdoc.PDFName is pdfwrite.name
    assert pdfwrite.ORIGINAL["pdfdocEnc"] is not pdfwrite.encode
    assert pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Page"), "N": 3}).format(None) == b"<<\n/N 3 /Type /Page\n>>"
