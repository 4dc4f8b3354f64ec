"""Paragraphs remember their lines by width (render/memo.py): whatever order
of widths the layout asks in, each answer and each drawing is the one a fresh
paragraph gives, and lines are broken once per width and text, shared by
every paragraph of that text and style in the process."""

from __future__ import annotations

import io
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from careplan.render import fonts, runs
from careplan.render.memo import memo_class
from careplan.render.styles import make_styles

TEXT = ("Lie on your back with your knees bent and a pillow under your head; "
        "stay 20 to 30 minutes, then roll onto your side to get up. ") * 3


def _drawn(p: Paragraph, width: float) -> tuple[tuple[float, float], str]:
    """Its size, and the operators as the page's stream would hold them (ReportLab joins them by
    lines; a drawing written again from its record, render/replay.py, is appended as one)."""
    canvas = Canvas(io.BytesIO())
    size = p.wrap(width, 800)
    p.drawOn(canvas, 0, 0)
    return size, "\n".join(canvas._code)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([40.0, 90.0, 180.0, 250.5, 500.0]), min_size=1, max_size=8))
def test_a_remembered_wrap_lays_out_and_draws_as_a_fresh_one(widths: list[float]) -> None:
    fonts.register()
    style = make_styles(False, False).body
    memo = runs.paragraph(runs.markup(TEXT), style)
    assert isinstance(memo, memo_class(Paragraph))
    for w in widths:
        assert _drawn(memo, w) == _drawn(Paragraph(runs.markup(TEXT), style), w)


def test_lines_are_broken_once_per_width(monkeypatch) -> None:
    fonts.register()
    style = make_styles(False, False).body
    calls: list[object] = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, w: calls.append(w) or original(self, w))
    once = TEXT + f" once {uuid.uuid4()}"  # a text no other test has broken in this process
    p = runs.paragraph(runs.markup(once), style)
    for w in (200.0, 300.0, 200.0, 300.0, 200.0):
        p.wrap(w, 800)
    assert len(calls) == 2
    again = runs.paragraph(runs.markup(once), style)  # the same text in another handout
    for w in (200.0, 300.0):
        again.wrap(w, 800)
    assert len(calls) == 2
    # a split part is a new paragraph and breaks its own lines
    first, rest = p.split(200.0, style.leading * 2)
    assert first.wrap(200.0, 800)[1] == style.leading * 2
    assert rest.wrap(200.0, 800)[1] == pytest.approx(p.wrap(200.0, 800)[1] - style.leading * 2)


def test_parsed_markup_is_shared_by_text_and_style_never_by_fragment() -> None:
    """The second paragraph of a text reuses the parse, in copies of its own:
    breaking one paragraph's lines never touches another's fragments."""
    fonts.register()
    styles = make_styles(False, False)
    text = runs.markup(TEXT) + " <b>" + runs.markup("Stop if it hurts.", bold=True) + "</b>"
    first = runs.paragraph(text, styles.body)
    first_drawn = _drawn(first, 180.0)
    second = runs.paragraph(text, styles.body)
    assert [f.text for f in second.frags] == [f.text for f in Paragraph(text, styles.body).frags]
    assert not {id(f) for f in second.frags} & {id(f) for f in first.frags}
    assert _drawn(second, 180.0) == first_drawn == _drawn(Paragraph(text, styles.body), 180.0)
    other = runs.paragraph(text, styles.small)  # another style: parsed anew, in its own size
    assert {f.fontSize for f in other.frags} == {styles.small.fontSize}
    assert make_styles(False, False) is styles  # one set of styles per print size and direction


def test_a_paragraph_holding_shared_lines_splits_as_a_fresh_one() -> None:
    """ReportLab splits a paragraph with the fragments its own line breaking
    left; one that holds lines broken for another paragraph breaks its own
    first: its parts, and every other paragraph of that text, draw as fresh ones."""
    fonts.register()
    style = make_styles(False, False).body
    text = runs.markup(TEXT + " split") + " <b>" + runs.markup("Stop if it hurts.", bold=True) + "</b>"
    runs.paragraph(text, style).wrap(180.0, 800)  # lines broken by another handout's paragraph
    first = runs.paragraph(text, style)
    first.wrap(180.0, 800)
    parts = first.split(180.0, style.leading * 3)
    assert len(parts) == 2
    for part in parts:
        _drawn(part, 180.0)
    second = runs.paragraph(text, style)
    assert _drawn(second, 180.0) == _drawn(Paragraph(text, style), 180.0)
    # and the split parts are the fresh paragraph's split parts
    fresh = Paragraph(text, style)
    fresh.wrap(180.0, 800)
    assert [_drawn(p, 180.0) for p in parts] == [_drawn(p, 180.0) for p in fresh.split(180.0, style.leading * 3)]


def test_the_paragraph_that_broke_shared_lines_splits_a_copy_of_them() -> None:
    """Chinese lines are split by marking their words (ReportLab adds a space at
    the end of each line it hands on): the paragraph whose lines others took
    splits a copy, so a later paragraph of the same text draws as a fresh one."""
    from reportlab.lib.styles import ParagraphStyle

    from careplan.render import cjk

    plain = cjk.paragraph_class()
    memo = memo_class(plain)
    style = ParagraphStyle("cjk-split", fontName="Helvetica", fontSize=10, leading=12, wordWrap="CJK")
    text = "中文" * 40 + " owner"
    owner = memo(text, style)
    owner.wrap(100.0, 1000)
    parts = owner.split(100.0, 36)
    fresh_parts = plain(text, style)
    fresh_parts.wrap(100.0, 1000)
    assert [_drawn(p, 100.0) for p in parts] == [_drawn(p, 100.0) for p in fresh_parts.split(100.0, 36)]
    later = memo(text, style)  # takes the owner's lines
    assert _drawn(later, 100.0) == _drawn(plain(text, style), 100.0)


@settings(max_examples=200)
@given(own=st.none() | st.floats(0, 50), styled=st.sampled_from(["style", "none", "bare", "missing"]),
       value=st.floats(0, 50))
def test_space_before_and_after_are_reportlabs_answers(own: float | None, styled: str, value: float) -> None:
    """memo's getSpaceBefore/After give what Flowable's give, without raising inside."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.flowables import Flowable

    fonts.register()
    style = ParagraphStyle(f"s{uuid.uuid4().hex}", fontName=fonts.FAMILY, spaceBefore=value, spaceAfter=value / 2)
    cls = memo_class(Paragraph)
    assert cls.getSpaceBefore is not Flowable.getSpaceBefore  # the faster ones are in use
    para = cls("Text", style)
    if own is not None:
        para.spaceBefore, para.spaceAfter = own, own + 1
    if styled == "none":
        para.style = None
    elif styled == "bare":
        para.style = object()  # a style without the attributes
    elif styled == "missing":
        del para.style
    assert para.getSpaceBefore() == Flowable.getSpaceBefore(para)
    assert para.getSpaceAfter() == Flowable.getSpaceAfter(para)
