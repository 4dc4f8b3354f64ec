"""Every name prints: names in other scripts are drawn with a font that has
them, characters no font has show as a visible mark and are reported by field,
and an ordinary handout is byte for byte what it was."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest

from careplan.contract.answers import Clinic
from careplan.planning.planner import make_plan
from careplan.render import runs, undrawable
from careplan.render.handout import HandoutOptions, render_handout
from careplan.render.markup import escape

from .conftest import make_answers

DATE = dt.date(2026, 11, 28)


def render(content, **changes) -> bytes:
    a = make_answers(**changes)
    plan = make_plan(a, content, locale="en", region="GB")
    return render_handout(a, plan, content, HandoutOptions(date=DATE))


def name_line(pdf: bytes) -> str:
    """The text between "For:" and "Date:" on the first page, as a reader copying it gets it."""
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    line = next(row for row in text.splitlines() if row.startswith("For:"))
    name = line.removeprefix("For:").rsplit("Date:", 1)[0]  # the date follows on the same line
    return unicodedata.normalize("NFKC", name).strip()


def logical(text: str) -> str:
    """Undo the drawn order a PDF keeps: the Devanagari i-sign is drawn before
    its consonant cluster, and bidi marks may wrap right-to-left text."""
    text = text.strip("\u202a\u202b\u202c\u202d\u202e")
    return re.sub("\u093f((?:[\u0915-\u0939]\u094d)*[\u0915-\u0939])", "\\1\u093f", text)


@pytest.mark.parametrize("name", ["Ελένη", "Nguyễn Thị Ánh", "فاطمة", "فاطمة الزهراء", "प्रिया", "שרה כהן", "สมชาย",
                                  "முருகன்"])
def test_name_in_another_script_prints(content, name: str) -> None:
    a = make_answers(patient_name=name)
    assert undrawable.undrawable_fields(a) == []
    got = logical(name_line(render(content, patient_name=name)))
    words = name.split()
    # extraction may give right-to-left words in drawn order
    assert got in (name, " ".join(reversed(words)), " ".join(w[::-1] for w in words))


def test_bengali_name_has_its_font() -> None:
    # drawn right (looked at); extraction gives drawn order, so no read-back here
    assert runs.markup("রহিম") == '<font name="CarePlanBengali">রহিম</font>'
    assert undrawable.undrawable_fields(make_answers(patient_name="রহিম চৌধুরী")) == []


def test_chinese_name_prints_with_the_cjk_font_and_korean_still_warns(content) -> None:
    """Noto Sans SC (the extra careplan[cjk], in the test extra) draws Han characters and kana;
    no shipped font has Hangul yet: a visible '?' each and a warning, never silence."""
    name = "王小明"
    assert undrawable.undrawable_fields(make_answers(patient_name=name)) == []
    assert name_line(render(content, patient_name=name)) == name
    assert undrawable.undrawable_fields(make_answers(patient_name="김민준")) == ["patient_name"]
    assert name_line(render(content, patient_name="김민준")) == "???"


def test_emoji_name_warns_by_field_and_draws_a_mark(content) -> None:
    a = make_answers(patient_name="😀🎉", clinic=Clinic(name="Clinic", notes="Get well 🌷"))
    assert undrawable.undrawable_fields(a) == ["patient_name", "clinic.notes"]
    assert re.findall(r"{(\w+)}", undrawable.UNDRAWABLE) == ["field"]  # the warning names the field, never the text
    assert name_line(render(content, patient_name="😀🎉")) == "??"


def test_runs_keep_pt_sans_where_it_has_the_letters_and_escape_inside_runs() -> None:
    assert runs.markup("Ann <b> & Ελένη") == 'Ann &lt;b&gt; &amp; <font name="CarePlanFira">Ελένη</font>'
    assert runs.markup("Ελένη", bold=True) == '<font name="CarePlanFira-Bold">Ελένη</font>'
    # joiners and variation selectors vanish; a missing character becomes the mark
    assert runs.markup("Jo\u200d😀\ufe0f") == "Jo?"


@pytest.mark.parametrize("name", ["Sam Taylor", "Анна Каренина", "José Núñez <&>"])
def test_ordinary_names_keep_their_exact_bytes(content, monkeypatch, name: str) -> None:
    assert runs.markup(name) == escape(name)
    new = render(content, patient_name=name, clinic=Clinic(name="Clínica", notes=name))
    from reportlab.platypus import Paragraph

    # the path before fallback fonts existed: escape and PT Sans only
    monkeypatch.setattr(runs, "markup", lambda text, bold=False: escape(text))
    monkeypatch.setattr(runs, "paragraph", lambda text, style, **kw: Paragraph(text, style, **kw))
    old = render(content, patient_name=name, clinic=Clinic(name="Clínica", notes=name))
    assert new == old
    assert b"Fira" not in new and b"Plex" not in new


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_wrapped_right_to_left_note_reads_from_its_first_line(content, tmp_path) -> None:
    nums = ["واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
    pdf = tmp_path / "rtl.pdf"
    # the notes print in "Notes from your clinician", on one page of the handout
    pdf.write_bytes(render(content, clinic=Clinic(name="Clinic", notes="Start " + " ".join(nums * 3) + " end.")))
    page = next(n for n in range(1, 9) if "Notes from your clinician" in subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', xml):
        word = unicodedata.normalize("NFKC", word)
        if any("\u0600" <= c <= "\u06ff" for c in word):
            word = word[::-1]  # glyphs come in drawn order
        # one line: Arabic and Latin words of a line differ a little in height
        line = next((top for top in lines if abs(top - float(y)) < 4), float(y))
        lines.setdefault(line, []).append((float(x), word))
    # letters compared as a multiset: a two-letter ligature reverses as one glyph
    rows = [[sorted(w) for _, w in sorted(ws)] for _, ws in sorted(lines.items())
            if any(sorted(w) in map(sorted, nums) for _, w in ws)]
    first, last = rows[0], rows[-1]
    assert first[0] == sorted("Start")
    assert first[-1] == sorted("واحد")  # reading right to left, the note's first word comes first
    assert last[-1] == sorted("end.") and last[0] == sorted("عشرة")  # and its last word ends the last line
