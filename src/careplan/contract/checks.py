"""Small value checks that several readers of outside input need, written once.

A whole number in a range and a two-letter country code are checked for
answers files, questions.yaml, content templates, the command line and the
questionnaire; one definition keeps them from drifting apart (a bool is
never a number, "ß" upper-cases to two letters, and so on).
"""

from __future__ import annotations

import unicodedata
from typing import TypeGuard

#: Typed digits beyond this are refused before int() (which raises past 4,300 digits).
MAX_TYPED_DIGITS = 6


def is_whole_number(value: object, low: int, high: int) -> TypeGuard[int]:
    """True for an int from low to high; never for a bool (YAML's true is not 1)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def whole_number_in(text: str, low: int, high: int) -> int | None:
    """A typed whole number from low to high, or None: decimal digits only, no sign or spaces
    inside. The digits may be any script's, all of one script (an Egyptian keyboard types
    ٤٢, a Chinese input method ４２; int() reads both), but not superscripts or other
    digit-like signs that str.isdigit() would let through."""
    text = text.strip()
    if not (text.isdecimal() and len(text) <= MAX_TYPED_DIGITS):
        return None
    if len({ord(c) - unicodedata.decimal(c) for c in text}) != 1:  # each digit's script, by its zero
        return None  # digits of two scripts mixed
    value = int(text)
    return value if low <= value <= high else None


def country_code(text: str) -> str | None:
    """The text as a two-letter country code in capitals (" gb" -> "GB"), or None if it cannot be one.

    Says nothing about whether the country exists; the content's table of
    emergency numbers knows that (Content.is_country).
    """
    code = text.strip()
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        return None  # checked before upper(): "ß".upper() is "SS", South Sudan
    return code.upper()


def is_country_code(text: str) -> bool:
    """True when the text already is a two-letter code in capitals, as tables must write it."""
    return country_code(text) == text


#: What is_clean_text refuses, as the messages name it.
UNCLEAN = "NUL characters or broken characters (a lone surrogate)"


def is_clean_text(text: str) -> bool:
    """No NUL character and no lone surrogate (JSON's "\\ud800" decodes to one): neither can
    be printed, and YAML refuses both, so answers saved with one could not be read back."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)
