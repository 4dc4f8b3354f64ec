"""Reading ease per language: syllables, counts and the published formulas."""

from __future__ import annotations

import pytest

from careplan.i18n import catalogs as i18n_tools
from careplan.i18n.readability import FORMULAS, _syllables, counts, reading_ease


@pytest.mark.parametrize("lang, word, n", [
    ("en", "back", 1), ("en", "gently", 2), ("en", "exercise", 3), ("en", "make", 1), ("en", "table", 2),
    ("es", "dolor", 2), ("es", "leer", 2), ("es", "cuidado", 3), ("es", "espalda", 3),
    ("ru", "спина", 2), ("ru", "упражнение", 5), ("de", "Rücken", 2), ("de", "Schmerzen", 2),
    ("tr", "sırt", 1), ("tr", "ağrı", 2), ("tr", "egzersiz", 3), ("tr", "saat", 2),
])
def test_syllables(lang: str, word: str, n: int) -> None:
    assert _syllables(word, lang) == n


def test_counts_treat_each_text_as_at_least_one_sentence() -> None:
    c = counts(["Lie on your back. Breathe slowly.", "Rest"], "en")
    assert (c.words, c.sentences) == (7, 3)


def test_english_grade_follows_flesch_kincaid() -> None:
    formula, grade = reading_ease(["Put one pillow under your head and rest a while."], "en")
    assert formula is FORMULAS["en"]
    c = counts(["Put one pillow under your head and rest a while."], "en")
    assert grade == pytest.approx(0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59)
    hard = "Considerable musculoskeletal discomfort necessitates appropriate professional consultation."
    assert reading_ease([hard], "en")[1] > grade + 10


def test_turkish_follows_atesman() -> None:
    text = ["Sırtüstü yatın. Dizlerinizi yavaşça bükün."]
    formula, score = reading_ease(text, "tr")
    c = counts(text, "tr")
    assert formula is FORMULAS["tr"]
    assert score == pytest.approx(198.825 - 40.175 * c.syllables_per_word - 2.610 * c.words_per_sentence)


def test_languages_without_a_formula_say_so() -> None:
    assert reading_ease(["文字"], "zh") is None


def test_i18n_check_reports_reading_ease_as_information() -> None:
    report, ok = i18n_tools.check_catalogs(["ru", "es"], strict=True)
    assert ok
    assert "en (source): Flesch-Kincaid grade" in report
    assert "Szigriszt-Pazos (INFLESZ)" in report and "Oborneva" in report
