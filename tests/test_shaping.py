"""Words HarfBuzz shaped are kept for the process (render/shaping.py): a word shaped
again must come back exactly as shaping it afresh gives it, in its own fragment."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.lib.abag import ABag
from reportlab.lib.colors import black, red
from reportlab.pdfbase import pdfmetrics, ttfonts

from careplan.content import loading
from careplan.contract import answers as answers_mod
from careplan.i18n import translator
from careplan.planning.planner import make_plan
from careplan.render import fonts, shaping
from careplan.render.handout import HandoutOptions, render_handout

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def arabic() -> str:
    """The Arabic face's name, once an Arabic handout has set shaping up as every run does."""
    content = loading.load()
    answers = answers_mod.load(EXAMPLES / "sciatica.yaml").replace(language="ar")
    plan = make_plan(answers, content, locale="ar")
    render_handout(answers, plan, content, HandoutOptions(date=dt.date(2026, 11, 28)))
    return next(fb for fb in fonts.FALLBACKS if fb.rtl and "Arabic" in fb.name).face()


def _words() -> list[str]:
    """Words of real Arabic text from the catalog, joined letters, marks and digits among them."""
    t = translator("ar")
    text = " ".join(t.gettext(m) for m in ("Page {page} of {total}", "When to call for help now",
                                           "Your self-care plan", "Exercises")) + " ٠٢٢٧٩٤ ٣٠٪ (مثال)"
    return [w for w in text.split() if w]


def _same(a: object, b: object) -> bool:
    if a is b:
        return True
    assert isinstance(a, list) and isinstance(b, list)
    return (type(a) is type(b) and a[0] == b[0] and len(a) == len(b)
            and all(str(x[1]) == str(y[1]) and type(x[1]) is type(y[1])
                    and getattr(x[1], "__shapeData__", None) == getattr(y[1], "__shapeData__", None)
                    for x, y in zip(a[1:], b[1:], strict=True)))


@pytest.mark.parametrize("size", [10, 13.5])
def test_a_word_shaped_again_is_what_shaping_it_afresh_gives(arabic: str, size: float) -> None:
    words = _words()
    assert len(words) > 8
    for word in words:
        first = ABag(fontName=arabic, fontSize=size, textColor=black)
        second = ABag(fontName=arabic, fontSize=size, textColor=red)
        shaping._SHAPED.clear()
        fresh = ttfonts.shapeFragWord([0, (first, word)])
        again = ttfonts.shapeFragWord([0, (second, word)])
        kept = next(iter(shaping._SHAPED.values()))[1]
        assert kept is not fresh and kept is not again and again is not fresh, word  # lists of their own
        assert _same(fresh, again), word
        assert all(f is second for f, _ in again[1:]), word  # its own fragment: its colour, its link
        shaping._SHAPED.clear()
        assert _same(ttfonts.shapeFragWord([0, (second, word)]), again), word


def test_a_word_of_several_runs_is_shaped_as_it_comes(arabic: str) -> None:
    """Only a word of one run is kept: the glyphs of several depend on where each run ends."""
    first = ABag(fontName=arabic, fontSize=10, textColor=black)
    second = ABag(fontName=arabic, fontSize=10, textColor=red)
    shaping._SHAPED.clear()
    ttfonts.shapeFragWord([0, (first, "مث"), (second, "ال")])
    assert shaping._SHAPED == {}


def test_a_font_registered_anew_under_the_same_name_finds_nothing_kept(arabic: str, monkeypatch) -> None:
    frag = ABag(fontName=arabic, fontSize=10, textColor=black)
    shaping._SHAPED.clear()
    ttfonts.shapeFragWord([0, (frag, "مثال")])
    (key, (font, _)), = shaping._SHAPED.items()
    assert font is pdfmetrics.getFont(arabic)
    anew = shaping.shaped_font_class()(arabic, font.face.filename)
    monkeypatch.setitem(pdfmetrics._fonts, arabic, anew)
    ttfonts.shapeFragWord([0, (frag, "مثال")])
    assert shaping._SHAPED[key][0] is anew  # shaped again, with the new font


def test_what_is_kept_is_bounded(arabic: str, monkeypatch) -> None:
    monkeypatch.setattr(shaping, "SHAPED_MAX", 3)
    shaping._SHAPED.clear()
    for word in _words()[:8]:
        ttfonts.shapeFragWord([0, (ABag(fontName=arabic, fontSize=10, textColor=black), word)])
        assert len(shaping._SHAPED) <= 3


def test_a_word_is_kept_per_size_and_features(arabic: str) -> None:
    shaping._SHAPED.clear()
    small = ttfonts.shapeFragWord([0, (ABag(fontName=arabic, fontSize=10, textColor=black), "مثال")])
    large = ttfonts.shapeFragWord([0, (ABag(fontName=arabic, fontSize=20, textColor=black), "مثال")])
    assert large[0] == pytest.approx(2 * small[0])  # the word's width is in points at its size
    ttfonts.shapeFragWord([0, (ABag(fontName=arabic, fontSize=10, textColor=black), "مثال")],
                          features={"kern": False, "liga": False})
    assert len(shaping._SHAPED) == 3  # kept apart: by size, and by features


def test_a_feature_on_part_of_a_word_is_shaped_as_it_comes(arabic: str) -> None:
    """HarfBuzz takes a feature for a range of the word too: such a word is not kept (nor refused)."""
    shaping._SHAPED.clear()
    frag = ABag(fontName=arabic, fontSize=10, textColor=black)
    ranged = ttfonts.shapeFragWord([0, (frag, "مثال")], features={"kern": True, "liga": [(0, 2, False)]})
    assert ranged[0] > 0 and shaping._SHAPED == {}
