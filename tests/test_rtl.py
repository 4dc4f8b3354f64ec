"""Right-to-left pages (Arabic): word order, alignment and mirroring, read back from positions with pdftotext."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.cli import main
from careplan.content import loading
from careplan.i18n import translator
from careplan.render.bidi import display_order, is_rtl_locale
from careplan.render.blocks import Blocks
from careplan.render.document import build_pdf
from careplan.render.layout import MARGIN, PAPER
from careplan.render.styles import make_styles

from .conftest import EXAMPLES
from .test_golden import PROFILES, _answers

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
Word = tuple[float, float, float, str]  # xMin, yMin, xMax, text
RIGHT = PAPER["a4"][0] - MARGIN - 6  # the frame's right edge (ReportLab pads frames by 6 pt)


def _words(pdf: Path, page: int = 1) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), d) for a, b, c, d in WORD.findall(out)]


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words by line (Arabic and PT Sans words of one line differ a little in height), left to right."""
    rows: dict[int, list[Word]] = {}
    for w in words:
        rows.setdefault(round(w[1] / 4), []).append(w)
    return [sorted(rows[y]) for y in sorted(rows)]


def test_locales_right_to_left_from_babel() -> None:
    assert is_rtl_locale("ar") and is_rtl_locale("he") and is_rtl_locale("fa") and is_rtl_locale("ur")
    assert not is_rtl_locale("en") and not is_rtl_locale("ru") and not is_rtl_locale("en-XA")
    assert display_order("1.") == ".1"  # a step number in a right-to-left line


@pytest.fixture(scope="module")
def paragraph_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    t = translator("ar")
    b = Blocks(t, make_styles(False, rtl=True), loading.load(), PAPER["a4"][0] - 2 * MARGIN)
    text = "اتصل بالرقم 112 الآن، أو اطلب NHS 111 إذا ساءت حالتك. " * 4
    story = [b.p(text), *b.steps(["خذ معك هذه الورقة.", "اطلب المساعدة من 112."])]
    path = tmp_path_factory.mktemp("rtl") / "p.pdf"
    path.write_bytes(build_pdf(story, t, PAPER["a4"], "عنوان", "s", False))
    return path


def test_words_read_right_to_left_numbers_and_latin_left_to_right(paragraph_pdf: Path) -> None:
    lines = _lines(_words(paragraph_pdf))
    first, second = lines[0], lines[1]
    right = RIGHT
    assert abs(first[-1][2] - right) < 1  # right-aligned: the first logical word is rightmost
    assert set(first[-1][3]) == set("اتصل")  # the word's letters (in drawn order: pdftotext -bbox keeps it)
    texts = [w[3] for w in first]
    assert texts.count("112") == 2 and "211" not in texts  # the digits keep their order
    x = {w[3]: w[0] for w in first}
    # logical "... 112 ... NHS 111 ...": 112 comes first, so further right; NHS 111 reads left to right
    assert x["NHS"] < x["111"] < x["112"]
    assert abs(second[-1][2] - right) < 1  # the wrapped line also starts at the right


def test_copied_text_is_plain_letters_in_reading_order(paragraph_pdf: Path) -> None:
    """Copy and paste (poppler's reading order, as pdftotext gives it): the words as typed, first
    word first, in plain letters; only a ligature (lam-alef) keeps its presentation code point."""
    import unicodedata

    out = subprocess.run(["pdftotext", str(paragraph_pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(re.sub("[\u202a-\u202e\u200e\u200f]", "", out).split())
    assert text.startswith("اتصل بالرقم")
    assert "خذ معك هذه الورقة" in text
    forms = {c for c in text if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF}
    assert forms and all(len(unicodedata.normalize("NFKC", c)) > 1 for c in forms), sorted(forms)


def test_step_numbers_at_the_right(paragraph_pdf: Path) -> None:
    right = RIGHT
    steps = [line for line in _lines(_words(paragraph_pdf)) if line[-1][3] in (".1", ".2", "1.", "2.")]
    assert len(steps) == 2
    for line in steps:
        assert abs(line[-1][2] - right) < 1  # the number at the right edge, the text to its left
        assert all(w[2] < line[-1][0] for w in line[:-1])


def _render(tmp_path: Path, answers: dict | Path, name: str, *extra: str) -> tuple[Path, str]:
    if isinstance(answers, dict):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
        answers = path
    out, err = tmp_path / f"{name}.pdf", io.StringIO()
    status = main(["--answers", str(answers), "--lang", "ar", "--date", "2026-11-28", "-o", str(out), *extra],
                  stdout=io.StringIO(), stderr=err)
    assert status == 0, err.getvalue()
    return out, err.getvalue()


def test_chart_columns_and_picture_rows_mirrored(tmp_path: Path) -> None:
    pdf, _ = _render(tmp_path, EXAMPLES / "sciatica.yaml", "sciatica", "--region", "EG")
    from pypdf import PdfReader

    pages = [_words(pdf, n) for n in range(1, len(PdfReader(pdf).pages) + 1)]
    # the chart's header row: day 1 at the right, day 7 at the left
    rows: dict[tuple[int, float], list[Word]] = {}
    for n, page in enumerate(pages):
        for w in page:
            if w[3] in list("1234567"):
                rows.setdefault((n, w[1]), []).append(w)
    header = [sorted(row) for row in rows.values() if sorted(w[3] for w in row) == list("1234567")]
    assert len(header) == 1, "the chart's header row"
    assert [w[3] for w in header[0]] == list("7654321")
    # picture rows beside text: the picture at the right, the steps to its left (nothing just right
    # of a step's number on its line: a neighbouring item's text stands a column gap further on), so
    # the step numbers stand clear of the frame's right edge
    beside = [(line, w) for page in pages for line in _lines(page) for w in line
              if w[3] in (".1", ".2") and w[2] < RIGHT - 40]
    assert len(beside) >= 4
    assert all(all(not w[0] < o[0] < w[2] + 10 for o in line if o is not w) for line, w in beside)


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_profile_renders_in_arabic_without_missing_glyphs(tmp_path: Path, name: str) -> None:
    from pypdf import PdfReader

    pdf, err = _render(tmp_path, _answers(name), name)
    assert "cannot" not in err and "?" not in err
    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "\ufffd" not in text and "?" not in text


def test_a_bullet_in_small_print_clears_its_text(tmp_path: Path) -> None:
    """The small print has no indent of its own: ReportLab makes room for a bullet only at the left,
    so on a right-to-left page the bullet once sat on the first letter of its line."""
    t = translator("ar")
    st = make_styles(False, rtl=True)
    b = Blocks(t, st, loading.load(), PAPER["a4"][0] - 2 * MARGIN)
    story = [b.p("ألم يمتد إلى ما تحت الركبة.", st.small, bullet="•")]
    path = tmp_path / "small.pdf"
    path.write_bytes(build_pdf(story, t, PAPER["a4"], "عنوان", "s", False))
    line = [w for w in _words(path) if w[1] < 200]  # the one line (the bullet sits a little lower)
    bullet = next(w for w in line if w[3] == "•")
    text = [w for w in line if w is not bullet]
    assert abs(bullet[2] - RIGHT) < 1 and text  # the bullet at the right edge
    assert all(w[2] <= bullet[0] for w in text)  # and every word wholly to its left


def test_picture_frames_read_right_to_left() -> None:
    """A sequence of frames (getting out of bed) starts at the right on a right-to-left page,
    with the chevrons pointing left; on a left-to-right page it starts at the left."""
    from reportlab.graphics.shapes import Group, PolyLine

    from careplan.render.drawing import drawing

    picture = loading.load().pictures["getting_up"]
    assert len(picture.frames) >= 2

    def frames_and_marks(rtl: bool) -> tuple[list[float], list[PolyLine]]:
        group = drawing(picture, rtl=rtl).contents[0]
        frames = [g.transform[4] for g in group.contents if isinstance(g, Group)]
        marks = [m for m in group.contents if isinstance(m, PolyLine)]
        return frames, marks

    ltr, ltr_marks = frames_and_marks(False)
    rtl, rtl_marks = frames_and_marks(True)
    assert ltr == sorted(ltr) and rtl == sorted(rtl, reverse=True)
    tip = lambda m: m.points[2] - m.points[0]  # noqa: E731  # the chevron's point, right of its arms when > 0
    assert all(tip(m) > 0 for m in ltr_marks) and all(tip(m) < 0 for m in rtl_marks)


def test_typed_values_keep_their_order_on_a_right_to_left_page(tmp_path: Path) -> None:
    """A phone number, a name and notes typed in Latin letters read as typed:
    the bidi algorithm alone turns a phone number's digit groups around
    ("0000 7946 20 44+", a wrong number to dial) and moves a name's full stop
    to its front; an Arabic name still reads right to left."""
    data = yaml.safe_load((EXAMPLES / "neck-office.yaml").read_text(encoding="utf-8"))
    data.update(patient_name="Anna K.", region="GB")
    data["clinic"].update(phone="+44 20 7946 0000", clinician="Dr J. Okafor", follow_up="2026-12-01",
                          notes="Walk 10 minutes twice a day, then rest.")
    pdf, _ = _render(tmp_path, data, "typed")
    lines = [[w[3] for w in line] for line in _lines(_words(pdf))]
    assert next(line[:4] for line in lines if "7946" in line) == ["+44", "20", "7946", "0000"]
    name = next(line for line in lines if "Anna" in line)
    assert name[name.index("Anna") + 1] == "K."  # not ".Anna K"
    assert "Dr" in (doc := next(line for line in lines if "Okafor" in line)) and doc.index("Dr") < doc.index("Okafor")
    import pypdf

    pages = range(1, len(pypdf.PdfReader(pdf).pages) + 1)
    words = [w[3] for page in pages for line in _lines(_words(pdf, page)) for w in line]
    notes = words[words.index("Walk"):words.index("rest.") + 1]
    assert notes == ["Walk", "10", "minutes", "twice", "a", "day,", "then", "rest."]
    data["patient_name"] = "فاطمة الزهراء"
    pdf, _ = _render(tmp_path, data, "arabic-name")
    line = next(line for line in _lines(_words(pdf)) if any(set(w[3]) == set("فاطمة") for w in line))
    first = next(w[0] for w in line if set(w[3]) == set("فاطمة"))
    second = next(w[0] for w in line if set(w[3]) == set("الزهراء"))
    assert first > second  # the first name at the right


@pytest.mark.parametrize("language,field,typed,shown", [
    ("ar", "phone", "هاتف:0227941234", "0227941234"),
    ("ar", "phone", "ت:٠٢٢٧٩٤", "٠٢٢٧٩٤"),
    ("ar", "phone", "۰۲۱۲۳۴", "۰۲۱۲۳۴"),  # Persian digits: class EN, Arabic script to HarfBuzz
    ("en", "phone", "هاتف: ٠٢٢٧٩٤", "٠٢٢٧٩٤"),  # on a left-to-right page
    ("en", "name", "מרפאה2024", "2024"),
    ("en", "phone", "ت:0227941234", "0227941234"),
])
def test_digits_typed_against_right_to_left_letters_keep_their_order(tmp_path: Path, language: str, field: str,
                                                                      typed: str, shown: str) -> None:
    """HarfBuzz shapes a word in one direction: a number typed with no space after an
    Arabic or Hebrew label ("هاتف:0227941234") was drawn backwards, a wrong number to dial."""
    data = yaml.safe_load((EXAMPLES / "neck-office.yaml").read_text(encoding="utf-8"))
    data.update(language=language, region="EG")
    data["clinic"][field] = typed
    pdf, _ = _render(tmp_path, data, f"{language}-{field}", "--lang", language)
    words = [w[3] for line in _lines(_words(pdf)) for w in line]
    assert shown in words, words[:40]
    assert shown[::-1] not in words


def test_direction_runs_cut_only_where_letters_and_digits_change_direction() -> None:
    from careplan.render.bidi import direction_runs

    assert direction_runs("هاتف:0227941234") == ["هاتف:", "0227941234"]
    assert direction_runs("שרה/Sarah12") == ["שרה/", "Sarah12"]
    assert direction_runs("Sarah12/שרה") == ["Sarah12/", "שרה"]
    assert direction_runs("0227941234") == ["0227941234"]
    assert direction_runs("10؟") == ["10؟"]  # Arabic punctuation goes with the run it follows
    assert direction_runs("مرحبا") == ["مرحبا"]
    for word in ("هاتف:0227941234", "a1ب2c", "ت:٠٢٢٧"):
        assert "".join(direction_runs(word)) == word


def test_numbers_forwards_turns_only_the_digits_of_a_word_shaped_right_to_left() -> None:
    """HarfBuzz's visual order of "٣٠٪" (30%) is "٪٠٣": the digits turn back, the percent sign
    stays at their left (where the bidi algorithm puts it); "٠٢-٢٧٩٤" keeps its groups in
    right-to-left order, each group's digits left to right; a decimal point stays in its number."""
    from reportlab.pdfbase.ttfonts import ShapedStr

    from careplan.render.bidi import numbers_forwards

    def shaped(visual: str) -> str:
        return ShapedStr(visual, shapeData=list(range(len(visual))))

    out = numbers_forwards(shaped("\u066a\u0660\u0663"))
    assert str(out) == "\u066a\u0663\u0660" and out.__shapeData__ == [0, 2, 1]
    groups = numbers_forwards(shaped("\u0664\u0669\u0667\u0662-\u0662\u0660"))
    assert str(groups) == "\u0662\u0667\u0669\u0664-\u0660\u0662"
    assert str(numbers_forwards(shaped("\u0665\u066b\u0662\u0661"))) == "\u0661\u0662\u066b\u0665"  # ١٢٫٥
    word = "\u0645\u0631\u062d\u0628\u0627"
    assert numbers_forwards(word) == word  # no digits, no change
    plain = shaped("abc")
    assert numbers_forwards(plain) is plain


def test_latin_words_on_a_right_to_left_page_copy_as_typed(tmp_path: Path) -> None:
    """A Latin name on an Arabic page is kerned but not joined into ligatures: "fi" is two
    letters, so the name copies and searches as typed ("Sofia", not "So\ufb01a")."""
    data = yaml.safe_load((EXAMPLES / "acute-lumbago.yaml").read_text(encoding="utf-8"))
    data.update(patient_name="Sofia Griffin", region="GB")
    pdf, _ = _render(tmp_path, data, "ligatures")
    words = {w[3] for w in _words(pdf)}
    assert {"Sofia", "Griffin"} <= words, sorted(w for w in words if w.isascii())[:20]
    assert not any("\ufb00" <= c <= "\ufb06" for w in words for c in w)


# a character of each bidi type a line can hold: R, AL, L, WS, EN, ES, ET, AN, CS, NSM, ON, S, Persian digit
_LINE_CHARS = ["\u05d0", "ا", "a", " ", "1", "+", "-", "$", "%", "٣", ",", ".", ":", "\u064b", "!", "(", ")",
               "\t", "۱", "\u00a0"]


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(_LINE_CHARS), max_size=24).map("".join))
def test_line_levels_as_python_bidi_resolves_them(text: str) -> None:
    from careplan.render import bidi

    assert bidi._simple_levels(text) == bidi.python_bidi_levels(text)


@pytest.mark.parametrize("text", ["a\u202bb", "\u2067a\u2069 \u05d0", "a\nb", "a\u200bb", "\u202ex"])
def test_a_line_with_explicit_marks_is_left_to_python_bidi(text: str) -> None:
    from careplan.render import bidi

    assert bidi._simple_levels(text) is None


# Words of a line on an Arabic page: Arabic (some with Arabic-Indic digits, some with a bracket), Latin, digits
_RTL_WORDS = ["مرحبا", "الألم", "٣٠٪", "(يوم)", "١٢٣", "Anna", "112", "NHS", "،", "."]
_SPACES = [" ", "  ", "\t", "\u00a0"]


def _frag(font: str, text: str, typed: bool, shaped: bool) -> object:
    from reportlab.lib.colors import HexColor, black
    from reportlab.pdfbase.ttfonts import ShapedStr
    from reportlab.platypus.paraparser import ParaFrag

    from careplan.render.bidi import VALUE_INK

    f = ParaFrag()
    f.fontName, f.textColor = font, HexColor(VALUE_INK) if typed else black
    f.text = ShapedStr(text, shapeData=list(range(len(text)))) if shaped else text
    return f


@st.composite
def _line(draw: st.DrawFn, plain_only: bool) -> list[object]:
    """A line's fragments; `plain_only`: every one Arabic-font text with plain spaces, not typed."""
    fonts = ["Arabic", "ArabicBold"] if plain_only else ["Arabic", "ArabicBold", "PTSans"]
    spaces = [" ", "  "] if plain_only else _SPACES
    frags = []
    for _ in range(draw(st.integers(1, 4))):
        tokens = draw(st.lists(st.one_of(st.sampled_from(_RTL_WORDS), st.sampled_from(spaces)), max_size=8))
        typed = False if plain_only else draw(st.booleans())
        frags.append(_frag(draw(st.sampled_from(fonts)), "".join(tokens), typed, draw(st.booleans())))
    if not plain_only and draw(st.booleans()):
        from reportlab.platypus.paraparser import ParaFrag

        mark = ParaFrag()
        mark.cbDefn = object()
        frags.insert(draw(st.integers(0, len(frags))), mark)
    return frags


def _as_compared(units: list[tuple[object, str | None]]) -> list[tuple[int, object, object]]:
    """The units as the drawing joins them (neighbours of one fragment, render/runs.py): its
    text, whether shaped, and each glyph's position."""
    joined: list[tuple[object, list[str | None]]] = []
    for f, t in units:
        if joined and joined[-1][0] is f and t is not None and None not in joined[-1][1]:
            joined[-1][1].append(t)
        else:
            joined.append((f, [t]))
    out: list[tuple[int, object, object]] = []
    for f, texts in joined:
        if texts == [None]:
            out.append((id(f), None, None))
            continue
        data = [getattr(t, "__shapeData__", None) for t in texts]
        positions = None if all(d is None for d in data) else \
            [p for t, d in zip(texts, data, strict=True) for p in (d if d is not None else [None] * len(t))]
        out.append((id(f), "".join(texts), positions))
    return out


@settings(max_examples=1500)
@given(_line(plain_only=True))
def test_a_line_all_right_to_left_comes_out_as_the_bidi_levels_order_it(frags: list[object]) -> None:
    """The shortcut for lines of Arabic words and plain spaces gives what the levels give."""
    from careplan.render import bidi

    rtl = {"Arabic", "ArabicBold"}
    assert bidi._all_right_to_left(frags, rtl)
    assert _as_compared(bidi.visual_line(frags, rtl)) == _as_compared(bidi.by_levels(frags, rtl))


@settings(max_examples=1500)
@given(_line(plain_only=False))
def test_any_line_comes_out_as_the_bidi_levels_order_it(frags: list[object]) -> None:
    """Lines with Latin runs, typed values, tabs, no-break spaces or a mark: the shortcut is
    taken only where it gives the same answer."""
    from careplan.render import bidi

    rtl = {"Arabic", "ArabicBold"}
    assert _as_compared(bidi.visual_line(frags, rtl)) == _as_compared(bidi.by_levels(frags, rtl))
