"""The PDF handout, read back with pypdf: sections, escaping, safety, fonts, determinism."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from careplan.contract import answers as answers_mod
from careplan.planning.planner import make_plan
from careplan.render.gallery import render_gallery
from careplan.render.handout import HandoutOptions, render_handout

from .conftest import EXAMPLES, make_answers

DATE = dt.date(2026, 11, 22)


def render(content, a, *, locale="en", region=None, **opts) -> bytes:
    plan = make_plan(a, content, locale=locale, region=region or a.region)
    return render_handout(a, plan, content, HandoutOptions(date=DATE, **opts))


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def example(name: str):
    return answers_mod.load(EXAMPLES / name)


SECTIONS = ["Your plan for back pain", "Your plan at a glance", "Right now: ease the pain", "Getting out of bed",
            "Your exercises", "Everyday habits", "Medicines", "Your 7-day chart", "When to get help",
            "Call 999 now if you have:", "See a doctor today if you have:", "Why these exercises were chosen for you",
            "This handout gives general information"]


def test_self_care_sections_in_order(content) -> None:
    t = text(render(content, example("acute-lumbago.yaml")))
    positions = [t.find(s) for s in SECTIONS]
    assert all(p >= 0 for p in positions), [s for s, p in zip(SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Sam Taylor" in t and "22 November 2026" in t  # GB: day first
    assert re.search(r"Page 1 of (\d)", t)


def test_every_chosen_exercise_is_on_one_page_with_steps_and_dose(content) -> None:
    a = example("acute-lumbago.yaml")
    plan = make_plan(a, content, region="GB")
    pages = pages_text(render_handout(a, plan, content, HandoutOptions(date=DATE)))
    for pick in plan.exercises:
        item = content.item(pick.id)
        holder = [p for p in pages if item.steps[-1][:40] in p]
        assert holder, item.id
        assert item.steps[0][:40] in holder[0] and "a day" in holder[0]


@pytest.mark.parametrize("name", ["<b>Ann & \"Jo\" O'Neil</b>", "Анна Каренина", "Zoë &amp; <script>", "x" * 300,
                                  "Sam 😀 Lee"])
def test_patient_name_is_escaped_and_verbatim(content, name: str) -> None:
    a = example("acute-lumbago.yaml").replace(patient_name=name)
    t = text(render(content, a))
    expected = re.sub(r"\s+", " ", name.replace("😀", "?")).strip()
    flat = t.replace(" ", "")
    assert expected.replace(" ", "") in flat


def test_clinic_block_is_printed_and_escaped(content) -> None:
    a = example("neck-office.yaml")
    a = a.replace(clinic=a.clinic.__class__(name="R&D <Clinic>", phone="+44 20 7946 0000", clinician="Dr J. Okafor",
                                           follow_up=dt.date(2026, 12, 4), notes="Walk </para> 10 min"))
    t = text(render(content, a, locale="en"))
    for piece in ("R&D <Clinic>", "+44 20 7946 0000", "Dr J. Okafor", "December 4, 2026", "Walk </para> 10 min"):
        assert piece in t


def test_emergency_sheet_is_short_loud_and_has_no_exercises(content) -> None:
    a = example("cauda-equina-signs.yaml")
    pdf = render(content, a)
    t = text(pdf)
    assert len(pages_text(pdf)) <= 2
    assert "Call 112 now" in t  # DE
    assert "Numbness or tingling around the genitals" in t
    assert "While you wait for help" in t
    for item in content.exercises:
        assert content.item(item.id).title not in t
    assert "Your exercises" not in t


def test_urgent_sheet_has_positions_and_boxes_but_no_exercises(content) -> None:
    a = example("fever-and-back-pain.yaml")
    t = text(render(content, a))
    assert "See a doctor today" in t and "NHS 111" in t
    assert "On your back, knees on pillows" in t
    assert "Call 999 now if you have:" in t
    assert "Your exercises" not in t and "7-day chart" not in t
    for item in content.exercises:
        assert item.title not in t


def test_region_numbers(content) -> None:
    assert "Call 911 now if you have:" in text(render(content, example("sciatica.yaml")))
    assert "Call 999 now if you have:" in text(render(content, example("acute-lumbago.yaml")))


def test_child_gets_no_exercise_programme(content) -> None:
    t = text(render(content, make_answers(age=10, region="GB")))
    assert "Your exercises" not in t
    assert "school bag" in t
    assert "should be checked by a doctor" in t


def test_pregnancy_handout_has_no_front_or_back_lying(content) -> None:
    t = text(render(content, example("pregnancy-28-weeks.yaml"), locale="en"))
    assert "On your side, pillow between your knees" in t
    assert "On your front" not in t.split("Why these exercises were chosen for you")[0]
    assert "keep your knees together" in t


def test_left_out_items_take_one_short_line(content) -> None:
    """In pregnancy, how many were left out and why, not their names (they
    would take several lines); otherwise their names."""
    a = example("pregnancy-28-weeks.yaml")
    plan = make_plan(a, content, locale="en", region=a.region)
    why = text(render(content, a, locale="en")).split("Why these exercises were chosen for you")[1]
    assert len(plan.excluded) >= 3  # else this test shows nothing
    line = (f"Left out: {len(plan.excluded)} positions and exercises that may be unsafe in pregnancy.")
    assert line in " ".join(why.split()) and len(line.split()) <= 12
    assert "Left out because" not in why
    for p in plan.excluded:
        assert content.item(p.id).title not in why
    b = example("sciatica.yaml")
    plan = make_plan(b, content, locale="en", region=b.region)
    why = " ".join(text(render(content, b, locale="en")).split("Why these exercises were chosen for you")[1].split())
    assert plan.excluded and "Left out because they may not be safe or right for you" in why
    for p in plan.excluded:
        assert content.item(p.id).title in why


def test_same_input_gives_identical_bytes(content) -> None:
    a = example("sciatica.yaml")
    assert render(content, a) == render(content, a)


def test_paper_by_region_and_override(content) -> None:
    def size(pdf):
        box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size(render(content, example("sciatica.yaml"))) == (612, 792)  # US: Letter
    assert size(render(content, example("acute-lumbago.yaml"))) == (595, 842)  # GB: A4
    assert size(render(content, example("sciatica.yaml"), paper="a4")) == (595, 842)


def _font_sizes(pdf: bytes) -> list[float]:
    sizes: list[float] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.extend([size * abs(tm[0] or 1)] * len(text.strip()))
        page.extract_text(visitor_text=visit)
    return sizes


def test_body_text_size_and_large_print(content) -> None:
    a = example("acute-lumbago.yaml")
    normal, large = render(content, a), render(content, a, large_print=True)
    n_sizes, l_sizes = _font_sizes(normal), _font_sizes(large)
    body = max(set(n_sizes), key=n_sizes.count)
    assert body >= 12
    assert max(set(l_sizes), key=l_sizes.count) >= 16
    assert len(pages_text(large)) > len(pages_text(normal))
    assert "Your 7-day chart" in text(large)


def test_only_embedded_fonts_and_metadata(content) -> None:
    pdf = render(content, example("neck-office.yaml"), locale="en")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {f.get_object()["/BaseFont"] for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert fonts and all("+" in f for f in fonts), fonts  # subset-embedded TrueType only
    assert reader.metadata.title == "Your plan for back and neck pain"
    assert reader.metadata.creator.startswith("careplan")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert len(pdf) < 150_000


def test_pictures_are_cropped_to_their_shapes_and_fit(content) -> None:
    from careplan.render.drawing import bounds, drawing

    for pid in content.pictures:
        pic = content.pictures[pid]
        x0, y0, x1, y1 = bounds(pic)
        assert 0 <= x0 < x1 <= pic.width and 0 <= y0 < y1 <= pic.height
        d = drawing(pic, 140, max_height=100)
        assert d.width <= 140.001 and d.height <= 100.001
        assert abs(d.width - 140) < 0.01 or abs(d.height - 100) < 0.01  # as large as it fits


def test_gallery_renders_every_item(content) -> None:
    t = text(render_gallery(content, "en"))
    for item in (*content.positions, *content.exercises):
        assert item.title in t, item.id
        assert item.id in t


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed (CI installs it)")
def test_pages_turn_into_images(content, tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(render(content, example("pregnancy-28-weeks.yaml"), locale="en"))
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == len(pypdf.PdfReader(str(pdf)).pages)
    assert all(p.stat().st_size > 2000 for p in pngs)


# ---------------------------------------------------------------- wording that fits the reader

READERS = {
    # name: (answers changes, phrases that must be printed, phrases that must not)
    "cancer history": (dict(conditions=("cancer_history",)),
                       ["Call 999 now if you have:", "New numbness, tingling or weakness in the arms or legs"],
                       ["Book a doctor's appointment if:"]),
    "osteoporosis": (dict(conditions=("osteoporosis",), age=67),
                     ["See a doctor today if you have:", "New or worse pain after a fall, a lift",
                      "Exercise safely on the floor, the bed or a chair"],
                     ["Knee rocking", "Knees to chest", "Rocking on your back"]),
    "neck pain at 70": (dict(locations=("neck",), age=70),
                        ["A fall, or a blow to the head or neck: keep the head and neck still"], []),
    "older adult": (dict(age=78, cause="awkward_movement"),
                    ["Exercise safely on the floor, the bed or a chair"],
                    ["Knee rocking", "Knees to chest", "Rocking on your back"]),
    "older adult after a minor fall": (dict(age=78, cause="minor_fall"),
                                       ["See a doctor today",
                                        "Pain that started after a fall, at the age of 65 or older"],
                                       ["Exercises", "Knee rocking", "Pelvic tilt"]),
    "neck pain after a fall at 40": (dict(locations=("neck",), age=40, cause="minor_fall"),
                                     ["See a doctor today", "Neck pain after a fall, or a blow to the head or neck"],
                                     ["Chin tucks", "Gentle neck turns"]),
    "sudden new pain with osteoporosis": (dict(age=72, conditions=("osteoporosis",), onset="sudden"),
                                          ["See a doctor today", "with new pain that came on suddenly"],
                                          ["Standing tall against a wall", "One knee to chest"]),
    "pregnancy with pelvic girdle pain": (
        dict(age=31, pregnancy="second_trimester", pelvic_girdle_pain=True),
        ["Pain at the front or back of the pelvis", "Keep your knees together when you turn over in bed",
         "Ask your midwife about seeing a physiotherapist",
         "Contact your midwife or maternity unit straight away if you have:",
         "Book an appointment with your midwife or doctor if:"],
        ["See a doctor today if you have:"]),
    "child of 8": (dict(age=8),
                   ["This handout is for the parent or carer", "Call 999 now if your child has:",
                    "Medicines and doses for children are different", "Help your child bend their knees"],
                   ["Push yourself up with your arms", "keeps you off work", "Painkillers can help some people",
                    "Your exercises"]),
    "young person of 14": (dict(age=14),
                           ["For a parent or carer: please read this handout too", "Ask a parent or carer to book",
                            "Medicines and doses for young people"],
                           ["Painkillers can help some people", "Your exercises"]),
    "long-lasting pain": (dict(duration="over_12_weeks"),
                          ["Pain that lasts a long time is common", "When pain lasts a long time"],
                          ["gets better within a few weeks"]),
    "everyone": (dict(), ["Pain that starts after a serious injury", "Rest like this for up to 20 minutes at a time",
                          "Call your GP surgery for an urgent appointment, or call NHS 111."],
                 ["as long as it helps"]),
}


@pytest.mark.parametrize("name", READERS)
def test_wording_fits_the_reader(content, name) -> None:
    changes, wanted, unwanted = READERS[name]
    t = text(render(content, make_answers(region="GB", **changes)))
    for phrase in wanted:
        assert phrase in t, phrase
    shown = t.split("Why these exercises were chosen for you")[0]  # the clinician's note may name what was left out
    for phrase in unwanted:
        assert phrase not in shown, phrase


def test_no_box_lists_the_same_line_twice(content, audit) -> None:
    """Every profile of the content audit's grid; its plans are made once per session (conftest's audit)."""
    from careplan.content.audit import adult_profiles, child_profiles

    profiles = [*adult_profiles(), *child_profiles()]
    assert [a for a, _ in audit.plans] == profiles  # the same grid, every profile planned
    words = content.safety.warning_signs
    for a, plan in audit.plans:
        lines = [words[sign] for sign, _ in plan.warning_signs]
        assert len(lines) == len(set(lines)), a


@pytest.mark.parametrize("region, number", [("JP", "119"), ("NZ", "111"), (None, "________")])
def test_emergency_sheet_prints_the_countrys_number_or_a_blank(content, region, number) -> None:
    a = make_answers(red_flags=("saddle_numbness",))
    t = text(render(content, a, region=region))
    assert f"Call {number} now" in t
    assert ("Write your local emergency number on the line" in t) == (region is None)
    assert "112" not in t and "911" not in t


def test_emergency_sheet_lines_after_a_neck_injury(content) -> None:
    t = text(render(content, make_answers(age=70, locations=("neck",), cause="minor_fall"), region="GB"))
    waiting = t.split("While you wait for help")[1]
    assert waiting.lstrip().startswith("1. Keep your head and neck still")  # keeping still comes first
    assert "Call 999 now for an ambulance. Do not travel to hospital by car" in t
    # never travel by car after a fall or injury, and no unsourced advice
    for phrase in ("or go to the nearest", "ask someone to take you", "Do not drive yourself", "eat or drink",
                   "most comfortable"):
        assert phrase not in t, phrase
    child = text(render(content, make_answers(age=8, locations=("neck",), cause="major_injury"), region="GB"))
    assert "Keep your child calm and still" in child and "take your child to the nearest" not in child


def font_sizes(pdf: bytes) -> set[float]:
    """Every text size used on the pages (what a reader sees, footers included)."""
    sizes: set[float] = set()

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            sizes.add(round(font_size * abs(tm[3] or 1) * abs(cm[3] or 1), 1))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("large, body, least", [(False, 12.0, 10.0), (True, 18.0, 16.0)])
def test_print_sizes_follow_clear_print_guidance(content, large, body, least) -> None:
    a = example("neck-office.yaml")
    sizes = font_sizes(render(content, a, large_print=large))
    assert min(sizes) >= least, sorted(sizes)
    assert body in sizes


def test_follow_up_visit_replaces_book_an_appointment(content) -> None:
    a = make_answers(radiation=("below_knee",), region="GB",
                     clinic=answers_mod.Clinic(name="Riverside", follow_up=dt.date(2026, 11, 26), notes="Walk daily."))
    t = text(render(content, a))
    glance = t.split("Right now")[0]
    assert "Your next appointment: 26 November 2026" in glance
    assert "Book a doctor's appointment within a week" not in glance and "to book an appointment" not in glance
    notes = t.split("Notes from your clinician")[1].split("When to get help")[0]
    assert "Walk daily." in notes and "Next appointment: 26 November 2026" in notes
    # urgent wording never changes
    urgent = text(render(content, a.replace(red_flags=("fever",))))
    assert "See a doctor today" in urgent.split("Right now")[0]


@pytest.mark.parametrize("days, booked", [(0, True), (7, True), (8, False), (92, False)])
def test_a_follow_up_stands_in_for_the_soon_check_only_within_a_week(content, days, booked) -> None:
    """At soon a doctor should check the reader within about a week: a
    follow-up further off does not give that check, so the box still says to
    book one (the date still shows under the notes); self-care takes any date."""
    visit = DATE + dt.timedelta(days=days)
    a = make_answers(radiation=("below_knee",), region="GB",
                     clinic=answers_mod.Clinic(name="Riverside", follow_up=visit))
    assert make_plan(a, content, region="GB").level == "soon"
    t = text(render(content, a))
    glance, notes = t.split("Right now")[0], t.split("Notes from your clinician")[1]
    assert ("Your next appointment:" in glance) is booked
    assert ("Book a doctor's appointment within a week" in glance) is not booked
    assert "Next appointment: " + visit.strftime("%-d %B %Y") in notes
    calm = make_answers(region="GB", clinic=answers_mod.Clinic(follow_up=visit))
    assert make_plan(calm, content, region="GB").level == "self_care"
    assert "Your next appointment:" in text(render(content, calm)).split("Right now")[0]


def test_chart_has_a_box_for_each_time_a_day_and_a_rule_for_rising_pain(content) -> None:
    a = example("acute-lumbago.yaml")
    t = text(render(content, a))
    assert "If your pain score keeps going up" in t
    plan = make_plan(a, content, region="GB")
    from careplan.i18n import translator
    from careplan.render.handout import build_story
    from careplan.render.sections.chart import TickBoxes

    story = build_story(a, plan, content, HandoutOptions(date=DATE), translator("en"), 480)
    boxes = [f for flow in story for f in _walk(flow) if isinstance(f, TickBoxes)]
    want = [min(content.item(p.id).dose.times_a_day or 1, 3) for p in plan.exercises for _ in range(7)]
    assert [b.count for b in boxes] == want


def _walk(flow):
    yield flow
    for child in getattr(flow, "_content", None) or []:
        yield from _walk(child)
    for row in getattr(flow, "_cellvalues", None) or getattr(flow, "cells", None) or []:
        for cell in row:
            for item in cell if isinstance(cell, (list, tuple)) else [cell]:
                if item is not None and not isinstance(item, (int, float)):
                    yield from _walk(item)


def test_first_page_says_when_to_call(content) -> None:
    pages = pages_text(render(content, example("acute-lumbago.yaml")))
    assert "Call 999 now if you get any sign" in pages[0]


@pytest.mark.parametrize("lang", ["en", "ar", "ru", "zh"])
@pytest.mark.parametrize("large", [False, True])
def test_tick_boxes_and_day_headers_fit_their_day_column(content, large, lang) -> None:
    """The boxes of a day fit its column, and "Day 7" stays on one line, in large print too."""
    from careplan.i18n import translator
    from careplan.render.handout import build_story
    from careplan.render.layout import CHART_FIRST_COLUMN
    from careplan.render.sections.chart import ChartGrid, TickBoxes

    a = make_answers(region="GB", locations=("neck",))  # neck exercises are done 3 times a day
    plan = make_plan(a, content, region="GB", locale=lang)
    width = 480.0
    story = build_story(a, plan, content, HandoutOptions(date=DATE, large_print=large), translator(lang), width)
    chart = next(f for flow in story for f in _walk(flow) if isinstance(f, ChartGrid))
    day_w = min(chart.col_widths) if lang != "ar" else chart.col_widths[0]
    assert day_w >= width * (1 - CHART_FIRST_COLUMN) / 7 - 0.01  # never narrower than in normal print
    boxes = [f for flow in story for f in _walk(flow) if isinstance(f, TickBoxes)]
    assert max(box.count for box in boxes) == 3
    assert all(box.wrap(day_w, 100)[0] <= day_w - 8 for box in boxes)
    headers = [para for para, _pad in (chart.cells[0][:-1] if lang == "ar" else chart.cells[0][1:])]  # mirrored
    # (Arabic is stored shaped, in visual order: compare the day numbers)
    assert [re.sub(r"\D", "", h.getPlainText()) for h in headers][:: -1 if lang == "ar" else 1] == \
        [str(n) for n in range(1, 8)]
    for h in headers:  # each on one line in its column (less the cell's padding)
        assert len(h.breakLines([day_w - 6]).lines) == 1, h.getPlainText()


def test_why_section_speaks_to_the_reader(content) -> None:
    """PEMAT item 2: no clinician note on the patient's sheet; why the exercises were chosen, in plain words."""
    a = example("sciatica.yaml")
    t = text(render(content, a, locale="en"))
    why = t.split("Why these exercises were chosen for you")[1]
    assert "Knee swings for leg pain: Can ease pain that spreads into your leg." in why
    assert why.count("Left out because they may not be safe or right for you") == 1
    for clinician_words in ("Level of care", "for your clinician", "Chosen first", "Suits "):
        assert clinician_words not in t, clinician_words


def test_habits_for_the_reader_come_before_general_ones(content) -> None:
    """At most 4 habits: the reader's own first, then those for their other
    answers, then general advice. A pregnant reader keeps both pregnancy tips;
    an older reader with fragile bones and long-lasting pain keeps all four of
    theirs, ahead of desk work; a desk worker with neck pain gets the desk and
    neck tips before general advice."""
    plan = make_plan(example("pregnancy-28-weeks.yaml"), content, locale="en")
    assert [p.id for p in plan.tips][:2] == ["pregnancy_side_sleep", "pregnancy_keep_active"]
    assert len(plan.tips) == 4
    older = make_answers(age=72, conditions=("osteoporosis",), duration="over_12_weeks",
                         daily_activities=("desk_work",))
    assert [p.id for p in make_plan(older, content).tips] == ["long_lasting_pain", "floor_safely", "bone_care",
                                                              "strength_and_balance"]
    plan = make_plan(example("neck-office.yaml"), content, locale="en")
    assert [p.id for p in plan.tips] == ["sitting_breaks", "workstation_fit", "neck_pillow_level", "stay_active"]
