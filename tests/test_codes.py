"""render/codes.py answers splitString from a table of the codes ReportLab assigned: it must give,
call after call in a document, exactly what ReportLab's own splitString gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as s
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from careplan.render import fonts
from careplan.render.codes import fast_codes

# Letters the handouts use (Latin, accented, Cyrillic, a no-break space, typographic
# punctuation), letters PT Sans lacks (Arabic, Chinese, an emoji), and enough others (Greek,
# more Cyrillic, symbols) that a document runs past the first subset's 256 codes.
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?()'\"-"
            "éèàçñüöäßÉ\u00a0«»“”–—•…" "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОП"
            "مرحبا你好🙂" + "".join(map(chr, range(0x0391, 0x03CA))) + "".join(map(chr, range(0x0400, 0x0460)))
            + "".join(map(chr, range(0x2190, 0x21A0))) + "\x00\x07")


def _pair() -> tuple[TTFont, TTFont]:
    path = fonts.font_files()[fonts.FAMILY]
    return TTFont("CodesPlain", path), fast_codes(TTFont("CodesFast", path))


PLAIN, FAST = _pair()


@settings(max_examples=200, deadline=None)
@given(s.lists(s.text(alphabet=ALPHABET, max_size=80), max_size=60))
def test_every_line_gets_the_codes_reportlab_gives_it(lines: list[str]) -> None:
    plain_doc, fast_doc = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    for line in lines:
        assert FAST.splitString(line, fast_doc) == PLAIN.splitString(line, plain_doc), line
    if lines:
        assert FAST.state[fast_doc].assignments == PLAIN.state[plain_doc].assignments


def test_the_table_answers_within_the_first_subset_and_is_off_past_it() -> None:
    plain_doc, fast_doc = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    lines = ["Hello world", "Приветé\u00a0x", "Приветé ы".encode(), "Hello again", ""]
    for line in lines * 2:
        assert FAST.splitString(line, fast_doc) == PLAIN.splitString(line, plain_doc), line
    table = FAST.state[fast_doc].careplan_codes
    assert table[ord("H")] == chr(PLAIN.state[plain_doc].assignments[ord("H")])  # the table answers
    many = "".join(map(chr, range(0x0400, 0x0500)))  # 256 more letters: a second subset
    for line in [many, "Hello world", "Ԁ and a", many[::-1], "Hello"]:
        assert FAST.splitString(line, fast_doc) == PLAIN.splitString(line, plain_doc), line
    assert any(subset > 0 for subset, _ in PLAIN.splitString(many, plain_doc))
    assert FAST.state[fast_doc].careplan_codes == {}  # off: most lines of such a document would miss it


def test_a_written_document_refuses_a_new_letter_as_reportlab_does() -> None:
    plain_doc, fast_doc = pdfdoc.PDFDocument(), pdfdoc.PDFDocument()
    for font, doc in ((PLAIN, plain_doc), (FAST, fast_doc)):
        font.splitString("known", doc)
        font.state[doc].frozen = 1
    assert FAST.splitString("known", fast_doc) == PLAIN.splitString("known", plain_doc)
    for font, doc in ((PLAIN, plain_doc), (FAST, fast_doc)):
        with pytest.raises(pdfdoc.PDFError):
            font.splitString("Жé", doc)  # letters the document has not drawn (ASCII has codes from the start)


def test_fast_codes_is_applied_once_and_to_every_font_a_handout_draws_with() -> None:
    assert fast_codes(FAST) is FAST and FAST.splitString.careplan_codes
    from reportlab.pdfbase import pdfmetrics

    fonts.register()
    assert pdfmetrics.getFont(fonts.FAMILY).splitString.careplan_codes
    assert pdfmetrics.getFont(fonts.BOLD).splitString.careplan_codes


def test_a_languages_letters_are_every_letter_past_ascii_its_translations_use() -> None:
    from careplan import i18n

    assert i18n.translator("en").letters() == ""  # English has no catalog: nothing coded first
    assert i18n.translator(i18n.PSEUDO_LOCALE).letters() == ""  # nor the made-up accents of the pseudo-locale
    for locale in ("ru", "es", "ar", "zh"):
        t = i18n.translator(locale)
        letters = t.letters()
        assert list(letters) == sorted(set(letters)) and all(ord(c) > 0x7E for c in letters)
        used = {c for message, text in t._tr._catalog.items() if message for c in text if ord(c) > 0x7E}
        assert used <= set(letters), locale


def test_letters_coded_first_get_the_same_codes_whatever_a_document_draws_first() -> None:
    from careplan import i18n
    from careplan.render.codes import code_first

    fonts.register()
    letters = i18n.translator("ru").letters()
    font = pdfmetrics.getFont(fonts.FAMILY)
    first, second = "Лягте на спину ёж", "Щит, «эхо» — юла ЖУК"
    docs = []
    for lines in ([first, second], [second, first]):
        doc = pdfdoc.PDFDocument()
        code_first(doc, letters, (fonts.FAMILY, fonts.BOLD))
        for line in lines:
            font.splitString(line, doc)
        docs.append(doc)
    codes = [font.state[doc].assignments for doc in docs]
    assert codes[0] == codes[1]
    assert not any(doc.delayedFonts for doc in docs)  # coding a letter first embeds no font by itself
    plain = pdfdoc.PDFDocument()
    font.splitString(second, plain)  # without: the letters drawn first take the first codes
    assert font.state[plain].assignments != codes[0]


def test_a_fallback_font_codes_only_what_a_document_draws() -> None:
    """ReportLab's first subset holds ASCII whether drawn or not: right for PT Sans, which draws a
    handout's Latin text, but about 12 KB of never-drawn glyphs in an Arabic or Chinese PDF."""
    fonts.register()
    for fb in (fonts.FALLBACKS[1], fonts.CJK):  # Arabic, Chinese
        font = fonts.register_fallback(fb)
        assert font is not None, fb.name
        for face in (pdfmetrics.getFont(fb.name), pdfmetrics.getFont(fb.face(bold=True))):
            doc = pdfdoc.PDFDocument()
            face.splitString("سلام 你好" if fb.cjk else "سلام", doc)
            coded = {chr(c) for c in face.state[doc].assignments}
            assert "A" not in coded and "z" not in coded and "\0" in coded, face.fontName
    plain = pdfdoc.PDFDocument()
    pdfmetrics.getFont(fonts.FAMILY).splitString("é", plain)
    assert {"A", "z"} <= {chr(c) for c in pdfmetrics.getFont(fonts.FAMILY).state[plain].assignments}


def test_the_letters_coded_first_are_those_the_font_has_in_the_language_s_order() -> None:
    """code_first's letters for a font (kept per font and language): exactly the language's letters
    the font has, in their order; another font object, even under the same name, is asked anew."""
    from careplan.render import codes

    letters = "éабв€مرح你好ё"
    has = PLAIN.face.charToGlyph
    expected = "".join(c for c in letters if ord(c) in has)
    assert expected and expected != letters
    assert codes._letters_in(PLAIN, letters) == expected
    assert codes._letters_in(PLAIN, letters) == expected  # answered from the memo
    from types import SimpleNamespace

    other = SimpleNamespace(face=SimpleNamespace(charToGlyph={ord("é"): 1, ord("好"): 2}))
    assert codes._letters_in(other, letters) == "é好"
