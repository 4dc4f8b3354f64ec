"""shapeword.shape_run must return exactly what ReportLab's shapeFragWord returns: the same list
class, width, glyph codes and ShapeData, and the same private codes handed out in the same order."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.abag import ABag
from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics, ttfonts

from careplan.i18n import translator
from careplan.i18n.catalog_files import catalog_path
from careplan.render import fonts, shapeword, shaping


def _reportlab() -> Any:
    """ReportLab's own shapeFragWord, as careplan found it (shaping.py wraps it)."""
    shaping.standard_features()
    return ttfonts.shapeFragWord.reportlab


def _faces() -> list[str]:
    """Every face of every shaped script whose package is installed (Arabic at least)."""
    names = []
    for fb in fonts.FALLBACKS:
        if fb.shaping and fonts.register_fallback(fb) is not None:
            names += [fb.face(False), fb.face(True)]
    assert any("Arabic" in n for n in names)
    return list(dict.fromkeys(names))


def _catalog_words() -> list[str]:
    from babel.messages.pofile import read_po

    with catalog_path("ar").open(encoding="utf-8") as fh:
        catalog = read_po(fh)
    words: set[str] = set()
    for m in catalog:
        for s in (m.string if isinstance(m.string, tuple) else (m.string,)):
            words.update(re.findall(r"\S+", s or ""))
    return sorted(words)


def _picture(out: Any) -> Any:
    """All of a shaped word that drawing and line breaking read, as plain values."""
    if not isinstance(out, list):
        return out
    runs = [(f, type(s).__name__, str(s),
             [(type(d).__name__, tuple(d)) for d in getattr(s, "__shapeData__", None) or []]) for f, s in out[1:]]
    return type(out).__name__, type(out[0]).__name__, out[0], runs


def test_the_fast_path_is_on_for_the_reportlab_it_was_checked_against() -> None:
    assert shapeword.usable(_reportlab())
    assert not shapeword.usable(lambda w, features=None: w)  # any other code: ReportLab's own shapes


def test_every_catalog_word_in_every_shaped_face_and_size() -> None:
    shape, features = _reportlab(), dict(shaping.FEATURES)
    words = _catalog_words() + ["", "fi", "office", "NHS", "١١٢", "٠٢٢٧٩٤", "(مثال)", "שלום", "नमस्ते", "ﻻ"]
    assert len(words) > 1000
    checked = 0
    for face in _faces():
        for size in (9, 13.200000000000001):
            for word in words:
                frag = ABag(fontName=face, fontSize=size, textColor=black)
                assert _picture(shapeword.shape_run([1.5, (frag, word)], features)) == \
                    _picture(shape([1.5, (frag, word)], features)), (face, size, word)
                checked += 1
    assert checked > 4000


def test_a_word_left_unchanged_comes_back_as_the_same_list() -> None:
    frag = ABag(fontName=_faces()[0], fontSize=10)
    word = [1.0, (frag, "abc")]  # Latin in the Arabic face: nothing to join
    assert shapeword.shape_run(word, {"kern": False, "liga": False}) is word
    assert shapeword.shape_run([0, (frag, "")], {}) == [0, (frag, "")]


def test_private_codes_are_handed_out_in_reportlab_s_order() -> None:
    """Two fresh copies of the Arabic face: ReportLab shapes with one, shape_run with the other.
    Glyphs with no character get private codes in the order they are first met, which decides
    the drawn codes and the subsets: both copies must have handed out the same ones."""
    arabic = next(fb for fb in fonts.FALLBACKS if fb.rtl and "Arabic" in fb.name)
    path = pdfmetrics.getFont(arabic.face()).face.filename
    kind = shaping.shaped_font_class()
    copies = [kind(f"CarePlanTestArabic{n}", path) for n in (1, 2)]
    for font in copies:
        pdfmetrics.registerFont(font)
    shape, features = _reportlab(), dict(shaping.FEATURES)
    words = _catalog_words()
    for word in words:
        a = shape([0, (ABag(fontName=copies[0].fontName, fontSize=12), word)], features)
        b = shapeword.shape_run([0, (ABag(fontName=copies[1].fontName, fontSize=12), word)], features)
        assert [str(s) for _, s in a[1:]] == [str(s) for _, s in b[1:]], word
    private = [{c: g for c, g in font.face.charToGlyph.items() if 0xE000 <= c <= 0xF8FF} for font in copies]
    assert private[0] and private[0] == private[1]


_LETTERS = st.sampled_from(list("مثالكتبلاىيةءآأإؤئ") + ["\u064b", "\u0651", "\u0670", "٣", "7", "a", ".", "،", "؟",
                                                      "\u200d", "\u200c", "ـ", "(", ")", "%", "ﻻ"])


@settings(max_examples=300)
@given(word=st.lists(_LETTERS, min_size=1, max_size=12).map("".join),
       size=st.sampled_from([8, 10.5, 12, 16.200000000000003]), bold=st.booleans(),
       features=st.sampled_from([dict(shaping.FEATURES), {"kern": True, "liga": False}, {}]))
def test_any_word_of_arabic_letters_marks_digits_and_joiners(word: str, size: float, bold: bool,
                                                             features: dict[str, bool]) -> None:
    arabic = next(fb for fb in fonts.FALLBACKS if fb.rtl and "Arabic" in fb.name)
    fonts.register_fallback(arabic)
    frag = ABag(fontName=arabic.face(bold), fontSize=size)
    assert _picture(shapeword.shape_run([0, (frag, word)], features)) == \
        _picture(_reportlab()([0, (frag, word)], features))


def test_hb_fonts_kept_are_bounded_and_follow_a_font_registered_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    face = _faces()[0]
    monkeypatch.setattr(shapeword, "FONTS_MAX", 2)
    shapeword._FONTS.clear()
    for size in (8, 9, 10, 11):
        shapeword.shape_run([0, (ABag(fontName=face, fontSize=size), "مثال")], {})
        assert len(shapeword._FONTS) <= 2
    font = pdfmetrics.getFont(face)
    anew = shaping.shaped_font_class()(face, font.face.filename)
    monkeypatch.setitem(pdfmetrics._fonts, face, anew)
    shapeword.shape_run([0, (ABag(fontName=face, fontSize=11), "مثال")], {})
    assert any(kept[0] is anew for kept in shapeword._FONTS.values())


def test_an_arabic_handout_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = shapeword.shape_run

    def counted(w: Any, features: Any) -> Any:
        calls.append(w[1][1])
        return real(w, features)

    monkeypatch.setattr(shapeword, "shape_run", counted)
    shaping._SHAPED.clear()
    t = translator("ar")
    from careplan.render.runs import word_width

    word_width(t.gettext("Exercises"), 12)
    assert calls
