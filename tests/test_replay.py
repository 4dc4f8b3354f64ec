"""render/replay.py writes a paragraph's recorded operators again in later documents: every
handout must come out byte for byte as ReportLab draws it, whatever the process drew before,
and every document's font codes must be the ones ReportLab gives."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as s
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from careplan import records
from careplan.contract.answers import Answers
from careplan.planning.planner import make_plan
from careplan.render import fonts, replay, runs
from careplan.render.handout import HandoutOptions, render_handout
from careplan.render.memo import memo_class
from careplan.render.styles import make_styles

from .test_properties import answers_strategy

DATE = dt.date(2026, 11, 28)
# names that put letters no catalog has in a handout, and so move the codes of later ones
NAMES = ["Profile 0001", "Zoë Ñúñez-Öztürk", "Ёлкина Щука Ъ", "Łucja Ąę & <Co>", "Ελένη", "Ng"]


@pytest.fixture(autouse=True)
def warm(monkeypatch) -> None:
    """As in a process that has made a handout already (the first one records nothing)."""
    monkeypatch.setattr(replay, "WARM", True)


def _handout(content, a: Answers, large: bool, on: bool, monkeypatch) -> bytes:
    monkeypatch.setattr(replay, "ENABLED", on)
    options = HandoutOptions(paper="a4", large_print=large, date=DATE)
    return render_handout(a, make_plan(a, content), content, options)


@settings(max_examples=12, deadline=None)
@given(s.lists(s.tuples(answers_strategy, s.sampled_from(["en", "ru", "es", "ar", "zh", "pl"]),
                        s.booleans(), s.sampled_from(NAMES)), min_size=2, max_size=4))
def test_handouts_drawn_from_records_are_the_bytes_reportlab_draws(content, handouts) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        for a, lang, large, name in handouts:
            a = records.replace(a, language=lang, patient_name=name)
            written = _handout(content, a, large, True, monkeypatch)
            assert written == _handout(content, a, large, False, monkeypatch), (lang, large, name)


def test_a_run_of_handouts_in_other_codes_is_the_bytes_reportlab_draws(content, monkeypatch) -> None:
    """Handouts in one language whose letters come in another order (a name first, another
    profile's words) write the same paragraphs with other codes: each must still be what
    ReportLab draws for it alone."""
    written: list[object] = []
    real = replay._written
    monkeypatch.setattr(replay, "_written", lambda *args: written.append(args) or real(*args))
    base = Answers(version=1, age=40, locations=("lower_back",), duration="under_1_week", onset="sudden",
                   activity="moderate", region="GB")
    profiles = [{}, {"radiation": ("below_knee",), "duration": "1_to_6_weeks"},
                {"age": 31, "pregnancy": "third_trimester"}, {"locations": ("neck",), "age": 14}]
    for lang in ("ru", "es", "pl", "ar", "zh"):
        for n, (changes, name) in enumerate(zip(profiles * 2, NAMES, strict=False)):
            a = records.replace(base, **changes, language=lang, patient_name=name)
            drawn = _handout(content, a, n % 3 == 2, True, monkeypatch)
            assert drawn == _handout(content, a, n % 3 == 2, False, monkeypatch), (lang, n, name)
    assert written, "no paragraph was written again with other codes"


def _canvas(*before: str) -> Canvas:
    """A page that has drawn `before` first, so its codes differ from a fresh page's."""
    canvas = Canvas(io.BytesIO(), initialFontName=fonts.FAMILY)  # as a handout's
    for text in before:
        canvas.drawString(0, 0, text)
    return canvas


def _draw(p: Paragraph, canvas: Canvas) -> str:
    p.wrap(300, 800)
    p.drawOn(canvas, 10, 20)
    return "\n".join(canvas._code)


def _paragraph(ops: str) -> str:
    """The paragraph's own operators: what follows the move to its place."""
    return ops.rsplit(" cm\n", 1)[1]


def _counting(monkeypatch) -> list[object]:
    made: list[object] = []
    real = replay._record
    monkeypatch.setattr(replay, "_record", lambda canv, draw: made.append(draw) or real(canv, draw))
    return made


def _fonts_of(canvas: Canvas) -> dict:
    """The codes each font gave in this document."""
    doc = canvas._doc
    return {name: dict(fonts_state.assignments) for name in (fonts.FAMILY, fonts.BOLD)
            if (fonts_state := _state(name, doc)) is not None}


def _state(name: str, doc):
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name).state.get(doc)


@pytest.mark.parametrize("before", [(), ("Ящик ёжей",), ("жук", "Ёж, щи, эхо: ЮЛЯ")])
def test_a_paragraph_is_written_again_with_the_codes_of_the_document_it_is_in(monkeypatch, before) -> None:
    fonts.register()
    style = make_styles(False, False).body
    text = f"Лягте на спину, согните колени и подложите подушку. {uuid.uuid4().hex[:6]}"
    made = _counting(monkeypatch)
    first = _draw(runs.paragraph(runs.markup(text), style), _canvas("Другой абзац"))
    assert len(made) == 1
    canvas = _canvas(*before)
    again = _draw(runs.paragraph(runs.markup(text), style), canvas)
    assert len(made) == 1  # written from the record
    monkeypatch.setattr(replay, "ENABLED", False)
    fresh_canvas = _canvas(*before)
    assert again == _draw(runs.paragraph(runs.markup(text), style), fresh_canvas)
    assert _fonts_of(canvas) == _fonts_of(fresh_canvas)
    if before:
        assert _paragraph(again) != _paragraph(first)  # other codes than the recorded ones


def test_runs_that_fall_in_another_subset_are_drawn_by_reportlab(monkeypatch) -> None:
    fonts.register()
    style = make_styles(False, False).body
    text = f"Привет, мир {uuid.uuid4().hex[:6]}"
    made = _counting(monkeypatch)
    _draw(runs.paragraph(runs.markup(text), style), _canvas())
    # a page whose first subset is full before the paragraph: its letters go to the second
    full = "".join(chr(c) for c in range(0x00C0, 0x0250) if chr(c) not in text)
    canvas = _canvas(full)
    again = _draw(runs.paragraph(runs.markup(text), style), canvas)
    assert len(made) == 2  # not written from the record: drawn (and recorded) again
    monkeypatch.setattr(replay, "ENABLED", False)
    assert again == _draw(runs.paragraph(runs.markup(text), style), _canvas(full))
    assert "+1 " in _paragraph(again)


def test_a_drawing_that_leaves_a_link_is_never_written_from_a_record(monkeypatch) -> None:
    fonts.register()
    style = make_styles(False, False).body
    text = f'Call <a href="tel:999">999</a> now {uuid.uuid4().hex[:6]}'
    made = _counting(monkeypatch)
    for _ in range(2):
        canvas = _canvas()
        p = runs.paragraph(text, style)
        _draw(p, canvas)
        assert canvas._annotationrefs, "the link is on the page"
    assert len(made) == 1
    assert list(p.blPara._careplan_drawn.values()) == [replay._REFUSED]


def test_a_subclass_setting_that_drawing_reads_is_part_of_the_key() -> None:
    """A right-to-left step draws its number itself (runs.BidiParagraph.rtl_bullet): steps 1. and 2.
    of the same text share their lines, never their drawing."""
    fonts.register()
    base = memo_class(Paragraph)

    class Numbered(base):  # type: ignore[misc, valid-type]
        def drawPara(self, debug: int = 0) -> None:
            super().drawPara(debug)
            self.canv.drawString(0, 0, self.number)

    style = make_styles(False, False).body
    text = f"Breathe out slowly {uuid.uuid4().hex[:6]}"
    drawn = []
    for number in ("1.", "2.", "1."):
        p = Numbered(text, style)
        p.number = number
        drawn.append(_draw(p, _canvas()))
    assert "(1.) Tj" in drawn[0] and "(2.) Tj" in drawn[1] and drawn[2] == drawn[0]


def test_the_first_handout_of_a_process_records_nothing(content, monkeypatch) -> None:
    """A single handout (the command line's) would pay for records no later one reads."""
    monkeypatch.setattr(replay, "WARM", False)
    made = _counting(monkeypatch)
    a = Answers(version=1, age=40, locations=("lower_back",), duration="under_1_week", onset="sudden",
                activity="moderate", region="GB", language="ru", patient_name=f"P {uuid.uuid4().hex[:6]}")
    first = _handout(content, a, False, True, monkeypatch)
    assert not made and replay.WARM
    assert _handout(content, a, False, True, monkeypatch) == first and made


def _state_of(canvas: Canvas) -> dict:
    """What a canvas keeps in Python between drawings (drawOn must leave it as it was)."""
    ext = canvas._extgstate
    return {**{name: canvas.__dict__[name] for name in Canvas.STATE_ATTRIBUTES if name != "_extgstate"},
            "extgstate": (dict(ext._d), dict(ext._c)), "stack": len(canvas.state_stack)}


@pytest.mark.parametrize("before", [(), ("Ящик ёжей",)])
def test_a_recorded_paragraph_is_placed_as_reportlabs_draw_on_places_it(monkeypatch, before) -> None:
    """A recorded paragraph goes on the page without ReportLab's drawOn (replay.placed): the
    same operators (the state saved, the move, the paragraph, the state restored) and the
    canvas left in the same state, wherever it is placed."""
    fonts.register()
    style = make_styles(False, False).body
    text = f"Лягте на спину, согните колени. {uuid.uuid4().hex[:6]}"
    _draw(runs.paragraph(runs.markup(text), style), _canvas(*before))  # recorded, with the same codes
    placed: list[bool] = []
    real, real_same = replay.placed, replay._same
    monkeypatch.setattr(replay, "placed", lambda *args: placed.append(real(*args)) or placed[-1])
    same: list[bool] = []
    monkeypatch.setattr(replay, "_same", lambda *args: same.append(real_same(*args)) or same[-1])
    pages = []
    for on in (True, False):
        monkeypatch.setattr(replay, "ENABLED", on)
        canvas = _canvas(*before)
        p = runs.paragraph(runs.markup(text), style)
        p.wrap(300, 800)
        for x, y in ((10, 20), (72.25, 612.125), (-3.5, 0)):
            p.drawOn(canvas, x, y)
        pages.append(("\n".join(canvas._code), _state_of(canvas), _fonts_of(canvas)))
    assert placed[:3] == [True, True, True] and not any(placed[3:])
    assert pages[0] == pages[1]
    # the first time on this page its letters have no codes yet: the calls give them, one by one,
    # as ReportLab's drawing would; after, every code is the record's, checked in one step
    assert same == [False, True, True]



def test_a_paragraph_whose_font_has_another_name_in_this_document_is_written_with_it(monkeypatch) -> None:
    """Every code of the record still holds, but its font was named third here, not second (another
    font came first): the one-step check must fail on the name, and the paragraph is written with
    this document's name for its font, as ReportLab's drawing writes it."""
    fonts.register()
    style = make_styles(False, False).bold
    text = f"Walk a little every day. {uuid.uuid4().hex[:6]}"

    def page(*first: str) -> Canvas:
        canvas = Canvas(io.BytesIO(), initialFontName=fonts.FAMILY)
        for name in (*first, fonts.BOLD):
            canvas.setFont(name, 10)
            canvas.drawString(0, 0, text)  # the same letters coded in the same order: the record's codes
        return canvas

    first = _draw(runs.paragraph(runs.markup(text), style), page())  # recorded: bold named F2
    pages = []
    for on in (True, False):
        monkeypatch.setattr(replay, "ENABLED", on)
        canvas = page("Helvetica")  # bold named F3
        ops = _draw(runs.paragraph(runs.markup(text), style), canvas)
        pages.append((ops, dict(canvas._doc.fontMapping), _fonts_of(canvas)))
    assert pages[0] == pages[1]
    assert _paragraph(pages[0][0]) != _paragraph(first)
