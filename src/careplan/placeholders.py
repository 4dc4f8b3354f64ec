"""Placeholders in messages: what counts as one, which may be filled, and filling them.

One home for the rule the runtime, the catalog checks, the pseudo-locale and
error messages all follow. It imports nothing else from careplan, so
careplan.errors can use it without loading the translator (which itself
raises CareplanError: that would be a cycle).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

#: A placeholder in a message, as the runtime, the checks and the pseudo-locale
#: all see it: anything str.format would treat as a replacement field ({name},
#: but also {number.__class__}, {number[0]}, {number!r}, {number:>99}, {}),
#: a stray brace, or %(name)s / %s should a translator's tool insert one.
#: {{ and }} are escaped braces, not placeholders. Only PLAIN ones are filled.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]|%\([a-z_]+\)[sd]|%[sd]")
PLAIN = re.compile(r"\{[a-z_]+\}")
ESCAPED = ("{{", "}}")

__all__ = ["ESCAPED", "PLACEHOLDER", "PLAIN", "fill", "not_plain", "placeholder_mismatch", "placeholders", "usable"]


def placeholders(text: str) -> set[str]:
    """Every placeholder in a text, escaped braces left out."""
    return {p for p in PLACEHOLDER.findall(text) if p not in ESCAPED}


def not_plain(found: set[str]) -> set[str]:
    """The placeholders careplan never fills: attribute or index access,
    conversions, format specs, stray braces, printf forms. A translation
    with one could print Python internals or crash; it is not used."""
    return {p for p in found if not PLAIN.fullmatch(p)}


def placeholder_mismatch(source: str, translation: str, *, plural: bool = False) -> tuple[set[str], set[str]]:
    """(placeholders the translation lost, placeholders it made up or may not use).
    A plural form may leave out {n} ("one time"); nothing else may go, and
    only plain {name} placeholders may be used at all."""
    found = placeholders(translation)
    lost = placeholders(source) - found
    if plural:
        lost.discard("{n}")
    return lost, (found - placeholders(source)) | not_plain(found)


@lru_cache(maxsize=4096)
def usable(source: str, translation: str, plural: bool = False) -> bool:
    """Whether the translation may be printed for the source: it neither loses nor makes up a
    placeholder (placeholder_mismatch). Worked out once per pair in a process: a handout fills
    some forty messages, each checked on every use (a pure function of the two texts)."""
    return not any(placeholder_mismatch(source, translation, plural=plural))


def fill(text: str, params: Mapping[str, object]) -> str:
    """str.format restricted to plain {name} placeholders: {{ and }} become
    braces, {name} becomes str(params[name]) (KeyError if not given, as with
    str.format), and every other form is left as written, so no text can
    reach an attribute, an index or a conversion of a value."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ESCAPED:
            return token[0]
        if PLAIN.fullmatch(token):
            return str(params[token[1:-1]])
        return token

    return PLACEHOLDER.sub(one, text)
