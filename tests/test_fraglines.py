"""fraglines.break_lines must leave a paragraph exactly as ReportLab's breakLines leaves it: the
same lines (words, texts and glyph data, widths, metrics), frag words and counters; or, where it
does not apply, leave the paragraph untouched for ReportLab to break."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.abag import ABag
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Paragraph

from careplan import records
from careplan.contract import answers as answers_mod
from careplan.planning.planner import make_plan
from careplan.render import fonts, fraglines, memo, runs
from careplan.render.handout import HandoutOptions, render_handout
from careplan.render.styles import make_styles

from .conftest import EXAMPLES


def _plain(value: Any) -> Any:
    """Everything a line or word holds, as comparable values (types and attribute order too)."""
    if isinstance(value, ShapedStr):
        return "ShapedStr", str(value), [tuple(d) for d in value.__shapeData__]
    if isinstance(value, ABag):
        return type(value).__name__, [(k, _plain(v)) for k, v in value.__dict__.items()]
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [_plain(v) for v in value]
    if isinstance(value, float):
        return "float", value.hex()  # the same sums, to the last bit
    return type(value).__name__, value if isinstance(value, (str, int, bool, type(None))) else repr(value)


_STATE = ("frags", "height", "_width_max", "_splitLongWordCount", "_hyphenations")


def _twin(para: Any) -> Any:
    """A copy of a paragraph that ReportLab's breakLines can change without touching the original."""
    twin = copy.copy(para)
    twin.__dict__ = dict(para.__dict__)
    frags = para.frags
    twin.frags = [f.clone() if isinstance(f, ABag) else type(f)(f) for f in frags]
    return twin


_BREAK_LINES = fraglines.break_lines  # the real one, whatever a test puts in its place


def _compare(para: Any, width: Any) -> Any:
    """break_lines on `para`, ReportLab's breakLines on a twin: the same result and state. Where
    break_lines declines (None), ReportLab then breaks `para` as it breaks the twin."""
    twin = _twin(para)
    twin_width = list(width) if isinstance(width, list) else width
    ours = _BREAK_LINES(para, width)
    theirs = Paragraph.breakLines(twin, twin_width)
    result = Paragraph.breakLines(para, width) if ours is None else ours
    assert _plain(result) == _plain(theirs)
    for k in _STATE:
        assert _plain(getattr(para, k, None)) == _plain(getattr(twin, k, None)), k
    assert _plain(width) == _plain(twin_width)
    return ours, result


@pytest.fixture
def checked(monkeypatch) -> list[int]:
    """Every break_lines call while a handout is made is compared with ReportLab's; counts them."""
    calls: list[int] = []
    memo._LINES.clear()  # lines another test's handout broke would be handed over unbroken
    memo._PARSED.clear()

    def comparing(para: Any, width: Any) -> Any:
        ours, result = _compare(para, width)
        calls.append(ours is not None)
        return result  # para is broken either way

    monkeypatch.setattr(fraglines, "break_lines", comparing)
    return calls


def test_the_fast_path_is_on_for_the_reportlab_it_was_checked_against() -> None:
    assert fraglines.usable(Paragraph.breakLines)
    assert not fraglines.usable(lambda self, width: None)  # any other code: ReportLab breaks every line


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("loc", ["ar", "en"])
@pytest.mark.parametrize("example", ["sciatica.yaml", "neck-office.yaml", "cauda-equina-signs.yaml"])
def test_every_paragraph_of_a_handout_breaks_as_reportlab_breaks_it(content, checked, loc, large, example) -> None:
    answers = answers_mod.load(EXAMPLES / example)
    if loc == "en":  # an English page shapes the paragraphs that hold an Arabic name
        answers = records.replace(answers, patient_name="سارة حداد")
    plan = make_plan(answers, content, locale=loc, region="GB")
    render_handout(answers, plan, content, HandoutOptions(large_print=large, date=dt.date(2026, 11, 22)))
    if loc == "ar":  # nearly every paragraph of an Arabic page takes the fast path
        assert len(checked) > 10 and sum(checked) >= 0.9 * len(checked)
    else:  # an English page's shaped paragraphs are those with the name
        assert sum(checked) > 0


ARABIC = ["ضع", "وسادة", "تحت", "ركبتيك،", "واسترح", "على", "ظهرك.", "اتصل", "بالرقم", "الطوارئ"]
LATIN = ["911", "20", "Sara", "Haddad", "(GB)", "—", "x"]


@st.composite
def _texts(draw: Any) -> str:
    """Markup as runs.markup makes it, from Arabic and Latin words, with bold, empty runs and odd spaces."""
    parts = []
    for _ in range(draw(st.integers(1, 40))):
        word = draw(st.sampled_from(ARABIC + LATIN))
        parts.append(draw(st.sampled_from(["", " ", "  "])) if parts else "")
        text = runs.markup(word, bold=False)
        if draw(st.booleans()) and word in LATIN:
            text = f"<b>{text}</b>"
        parts.append(text)
    lead = draw(st.sampled_from(["", " "]))
    tail = draw(st.sampled_from(["", " ", "<font name=\"CarePlanArabic\"></font>"]))
    return lead + "".join(parts) + tail


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts(), width=st.floats(8, 500), second=st.one_of(st.none(), st.floats(8, 500)),
       shrink=st.sampled_from([0, 0.05, 0.2]), split=st.booleans(), bullet=st.sampled_from([None, "•", "12."]),
       again=st.one_of(st.none(), st.floats(8, 500)))
def test_any_shaped_paragraph_breaks_as_reportlab_breaks_it(text, width, second, shrink, split, bullet,
                                                            again) -> None:
    fonts.register_fallback(next(fb for fb in fonts.FALLBACKS if fb.name == "CarePlanArabic"))
    base = make_styles(False, rtl=True).body
    style = copy.copy(base)
    style.spaceShrinkage, style.splitLongWords = shrink, int(split)
    style.shaping = 1
    para = Paragraph(text, style, bulletText=bullet)
    widths = width if second is None else [width, second]
    _compare(para, widths)
    if again is not None:  # broken again at another width, from the frag words the first break left
        _compare(para, again)


def test_a_paragraph_it_does_not_apply_to_is_left_alone() -> None:
    base = make_styles(False).body
    plain = Paragraph("Rest on your back.", base)  # not shaped: ReportLab's one-fragment path
    assert _compare(plain, 200)[0] is None
    style = copy.copy(make_styles(False, rtl=True).body)
    style.shaping = 1
    style.hyphenationLang = "en_GB"
    assert _compare(Paragraph(runs.markup("ضع وسادة تحت ركبتيك"), style), 200)[0] is None
    style.hyphenationLang = ""
    shy = Paragraph(runs.markup("ضع") + " Wor\xadding", style)  # a soft hyphen: abandoned, untouched
    assert _compare(shy, 30)[0] is None
