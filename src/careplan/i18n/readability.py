"""Reading ease of the handout's words, per language, from published formulas.

Information for translators and content authors, never a gate: a formula
counts words, sentences and syllables and cannot judge meaning. English aims
at a Flesch-Kincaid grade of 6 or lower; for other languages the equivalent
is the "easy" band of that language's own adaptation of Flesch, listed in
FORMULAS with where the band starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from careplan.records import record


@record
class Counts:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(self.sentences, 1)

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / max(self.words, 1)


WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?;:…]+(?=\s|$)")

# vowels that make a syllable (groups of them count once; see _syllables)
VOWELS = {
    "en": "aeiouy",
    "es": "aeiouáéíóúü",
    "ru": "аеёиоуыэюя",
    "uk": "аеєиіїоуюя",
    "de": "aeiouäöüy",
    "fr": "aeiouyàâéèêëîïôûùü",
    "it": "aeiouàèéìíòóù",
    "pt": "aeiouáâãàéêíóôõú",
    "pl": "aeiouyąęó",
    "tr": "aeıioöuü",
}
# vowels that stand alone as syllables even next to each other (Spanish hiatus: "le-er")
STRONG = {"es": "aeoáéíóú"}


def _syllables(word: str, lang: str) -> int:
    vowels = VOWELS.get(lang, VOWELS["en"])
    word = word.lower()
    if lang in ("ru", "uk", "tr"):
        return max(1, sum(ch in vowels for ch in word))  # every vowel letter is a syllable (a Turkish one too)
    count, previous = 0, " "  # not "": the empty string is "in" every string
    strong = STRONG.get(lang, "")
    for ch in word:
        if ch in vowels and (previous not in vowels or (ch in strong and previous in strong)):
            count += 1
        previous = ch
    if lang == "en" and word.endswith("e") and not word.endswith("le") and count > 1:
        count -= 1  # a silent final e ("make", "time")
    return max(1, count)


def counts(texts: Iterable[str], lang: str) -> Counts:
    """Words, sentences and syllables; each text is at least one sentence
    (headings and list items end without a full stop)."""
    words = sentences = syllables = 0
    for text in texts:
        found = WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syllables += sum(_syllables(w, lang) for w in found)
        sentences += max(1, len(SENTENCE_END.findall(text.strip())))
    return Counts(words, sentences, syllables)


@record
class Formula:
    name: str
    score: Callable[[Counts], float]
    easy: str  # where the "easy" band starts: the equivalent of the English grade-6 target


FORMULAS: dict[str, Formula] = {
    "en": Formula("Flesch-Kincaid grade",
                  lambda c: 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59,
                  "grade 6 or lower"),
    "es": Formula("Szigriszt-Pazos (INFLESZ)",
                  lambda c: 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence,
                  "65 or more is 'bastante fácil'"),
    "ru": Formula("Flesch, Oborneva's adaptation for Russian",
                  lambda c: 206.835 - 1.3 * c.words_per_sentence - 60.1 * c.syllables_per_word,
                  "70 or more is easy"),
    "de": Formula("Flesch, Amstad's adaptation for German",
                  lambda c: 180 - c.words_per_sentence - 58.5 * c.syllables_per_word,
                  "70 or more is easy"),
    "fr": Formula("Flesch, Kandel-Moles adaptation for French",
                  lambda c: 207 - 1.015 * c.words_per_sentence - 73.6 * c.syllables_per_word,
                  "70 or more is easy"),
    "it": Formula("Flesch, Vacca's adaptation for Italian (Flesch-Vacca)",
                  lambda c: 217 - 1.3 * c.words_per_sentence - 60 * c.syllables_per_word,
                  "70 or more is easy"),
    "pt": Formula("Flesch, Martins' adaptation for Brazilian Portuguese",
                  lambda c: 248.835 - 1.015 * c.words_per_sentence - 84.6 * c.syllables_per_word,
                  "75 or more is easy"),
    "tr": Formula("Ateşman's formula for Turkish",
                  lambda c: 198.825 - 40.175 * c.syllables_per_word - 2.610 * c.words_per_sentence,
                  "70 or more is easy"),
}


def reading_ease(texts: Iterable[str], locale: str) -> tuple[Formula, float] | None:
    """The language's formula and score for these texts, or None where no
    published formula is known (the report then says so)."""
    lang = locale.split("_")[0].lower()
    formula = FORMULAS.get(lang)
    if formula is None:
        return None
    c = counts(texts, lang)
    if not c.words:
        return None
    return formula, formula.score(c)
