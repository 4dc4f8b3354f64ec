"""textout.shaped_format_text must write exactly the operators ReportLab's _formatText writes for
every shaped line, and leave the text object in the same state (subset, rise)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from reportlab.pdfgen.textobject import PDFTextObject

from careplan.cli import main
from careplan.render import shaping, textout

from .test_golden import _answers

# names and notes with marks HarfBuzz places above or below the baseline (y offsets: rise changes)
_MARKED = {
    "ar": "مُسْتَشْفَى الشِّفَاءِ، غُرْفَة ٣",
    "he": "שָׁלוֹם, רְפוּאָה שְׁלֵמָה",
    "hi": "नमस्ते डॉक्टर श्रीमती क्षमा",
    "th": "สวัสดี คุณหมอ ที่นี่",
}


def test_the_fast_path_is_on_for_the_reportlab_it_was_checked_against() -> None:
    shaping.standard_features()
    assert getattr(PDFTextObject._formatText, "careplan_shaped", False)


@pytest.mark.parametrize(("profile", "lang", "script"), [("sciatica", "ar", "ar"), ("pregnancy", "ar", "he"),
                                                         ("fever", "ar", "hi"), ("sciatica", "en", "th"),
                                                         ("osteoporosis", "ar", "th"), ("sciatica", "es", "ar")])
def test_every_shaped_line_as_reportlab_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  profile: str, lang: str, script: str) -> None:
    shaping.standard_features()
    ours = PDFTextObject._formatText
    reportlab = ours.reportlab
    compared: list[str] = []

    def both(self: Any, text: Any) -> str:
        before = (self._curSubset, self._rise, self._x, self._y, list(self._code))
        theirs = reportlab(self, text)
        after = (self._curSubset, self._rise, self._x, self._y, list(self._code))
        self._curSubset, self._rise, self._x, self._y, self._code[:] = before
        mine = ours(self, text)
        assert mine == theirs, str(text)
        assert (self._curSubset, self._rise, self._x, self._y, list(self._code)) == after
        if hasattr(text, "__shapeData__"):
            compared.append(mine)
        return mine

    monkeypatch.setattr(PDFTextObject, "_formatText", both)
    answers = {**_answers(profile), "patient_name": _MARKED[script],
               "clinic": {"name": _MARKED[script], "notes": f"{_MARKED[script]} 112 (NHS)"}}
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    assert main(["--answers", str(path), "--lang", lang, "-o", str(tmp_path / "a.pdf"), "--date", "2026-11-22"]) == 0
    assert compared  # shaped lines were drawn
    if script in ("he", "hi"):  # marks off the baseline: the rise moved inside a line, and back
        assert any(" Ts" in line for line in compared)


def test_only_shaped_strings_in_shaping_fonts_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(textout, "shaped_format_text", lambda self, text, font: calls.append(text) or "")
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(Path("/dev/null")))
    t = canvas.beginText()
    t.setFont("Helvetica", 10)
    t.textOut("plain")
    assert calls == []
