"""The one gettext layer: every string a reader sees passes through here.

Catalogs are the translators' .po files, compiled in memory on first use
(no generated files in the repository); catalog_cache keeps the compiled
result in the user's cache folder, keyed by the .po's content, so later runs
skip babel's message tools. Missing strings fall back to
English. Dates and numbers go through babel for the chosen locale.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

from careplan import paths
from careplan.errors import N_, CareplanError

DOMAIN = "careplan"
SOURCE_LOCALE = "en"
PSEUDO_LOCALE = "en_XA"


def available_locales() -> tuple[str, ...]:
    """English (the source) plus every locale with a catalog, and the pseudo-locale."""
    root = paths.locales_dir()
    found = sorted(p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LOCALE, *[f for f in found if f != SOURCE_LOCALE], PSEUDO_LOCALE)


def _normalise(tag: str) -> str:
    tag = tag.strip().split(".")[0].split("@")[0].replace("-", "_")
    lang, _, territory = tag.partition("_")
    return f"{lang.lower()}_{territory.upper()}" if territory else lang.lower()


def negotiate(requested: str | None, *, strict: bool = True) -> str:
    """The best available locale for a request (ru_RU -> ru, es-MX -> es).

    With strict, an unknown locale is an error listing the available ones;
    otherwise it falls back to English (used for the system locale).
    """
    available = available_locales()
    if not requested:
        return SOURCE_LOCALE
    tag = _normalise(requested)
    if tag in available:
        return tag
    lang = tag.split("_")[0]
    if lang in available:
        return lang
    if tag.lower() == PSEUDO_LOCALE.lower():
        return PSEUDO_LOCALE
    if strict:
        raise CareplanError(
            N_("unknown language '{lang}'; available: {available}"),
            lang=requested, available=", ".join(complete_locales()),  # never the test pseudo-locale
        )
    return SOURCE_LOCALE


def system_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The user's locale from the environment, by POSIX precedence (LC_ALL, then
    LC_MESSAGES, then LANG), or None for C, POSIX or nothing set.

    Python's own locale.getlocale() is not asked: under a C locale it reports
    the coerced C.UTF-8 as en_US, and a guessed country would print a guessed
    emergency number.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (os.environ if environ is None else environ).get(var, "")
        if value:
            value = value.split(".")[0].split("@")[0]
            if value in ("C", "POSIX", ""):
                break
            return value
    return None


def territory_of(locale_id: str | None) -> str | None:
    """The country part of a locale tag (en_GB -> GB), if it has one."""
    if not locale_id:
        return None
    tag = _normalise(locale_id)
    _, _, territory = tag.partition("_")
    return territory if len(territory) == 2 and territory.isalpha() and tag != PSEUDO_LOCALE else None


MAX_CATALOG_BYTES = 8 * 1024 * 1024  # a full catalog is about 120 KB; read bounded, regular files only


def _compile_po(po_bytes: bytes) -> tuple[bytes, float]:
    """A .po's bytes compiled to .mo bytes, and the share of its messages translated."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_bytes), domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    messages = [m for m in catalog if m.id]
    done = sum(1 for m in messages if not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string))
    return buf.getvalue(), done / len(messages) if messages else 1.0


@cache
def _compiled(po_path: Path, mtime: float) -> tuple[_gettext.GNUTranslations, float]:
    """The catalog compiled (or read back from catalog_cache), and the share of its messages translated.

    Kept per process by path and mtime; on disk by content (see catalog_cache).
    """
    from careplan.files.readfile import read_bytes
    from careplan.i18n import catalog_cache

    po_bytes = read_bytes(po_path, MAX_CATALOG_BYTES)
    mo, complete = catalog_cache.load(po_bytes, po_path.parent.parent.name, _compile_po)
    return _gettext.GNUTranslations(io.BytesIO(mo)), complete


def completeness(locale_id: str) -> float:
    """How much of a locale's catalog is translated (1.0 for English and the pseudo-locale)."""
    return Translator.for_locale(locale_id).complete


def complete_locales() -> tuple[str, ...]:
    """The languages offered to patients: English and every fully translated catalog."""
    return tuple(loc for loc in available_locales() if loc != PSEUDO_LOCALE and completeness(loc) >= 1.0)


def catalog_path(locale_id: str) -> Path:
    return paths.locales_dir() / locale_id / "LC_MESSAGES" / f"{DOMAIN}.po"


#: Header comment lines of a catalog saying who translated it and whether a
#: clinician who is a native speaker has checked it ("none yet" until one has).
#: They come last in the header comment, as babel may wrap them onto more lines.
TRANSLATED_BY = "Translated by:"
CLINICAL_REVIEW = "Clinical review:"


def catalog_credits(locale_id: str) -> tuple[str, str]:
    """(translated by, clinical review) from the catalog's header comment; the
    review is "none yet" when the header does not name one. The English
    source needs no review of a translation."""
    if locale_id in (SOURCE_LOCALE, PSEUDO_LOCALE):
        return "careplan's authors (the source text)", "not a translation"
    fields = {TRANSLATED_BY: "", CLINICAL_REVIEW: ""}
    try:
        with catalog_path(locale_id).open("rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        head = ""
    current = None
    for line in head.splitlines():
        if not line.startswith("#"):
            break
        text = line.lstrip("# ").strip()
        current = next((key for key in fields if text.startswith(key)), None if not text else current)
        if current and text:  # a field, or a line babel wrapped from it
            fields[current] = (fields[current] + " " + text.removeprefix(current)).strip()
    return fields[TRANSLATED_BY] or "not stated", fields[CLINICAL_REVIEW] or "none yet"


def clinically_reviewed(locale_id: str) -> bool:
    """Has a clinician who is a native speaker checked this translation?"""
    review = catalog_credits(locale_id)[1].lower()
    return review == "not a translation" or not (review.startswith("none") or review.startswith("not"))


#: A placeholder in a message, as the runtime, the checks and the pseudo-locale
#: all see it: anything str.format would treat as a replacement field ({name},
#: but also {number.__class__}, {number[0]}, {number!r}, {number:>99}, {}),
#: a stray brace, or %(name)s / %s should a translator's tool insert one.
#: {{ and }} are escaped braces, not placeholders. Only PLAIN ones are filled.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]|%\([a-z_]+\)[sd]|%[sd]")
PLAIN = re.compile(r"\{[a-z_]+\}")
_ESCAPED = ("{{", "}}")


def placeholders(text: str) -> set[str]:
    return {p for p in PLACEHOLDER.findall(text) if p not in _ESCAPED}


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


def fill(text: str, params: Mapping[str, object]) -> str:
    """str.format restricted to plain {name} placeholders: {{ and }} become
    braces, {name} becomes str(params[name]) (KeyError if not given, as with
    str.format), and every other form is left as written, so no text can
    reach an attribute, an index or a conversion of a value."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in _ESCAPED:
            return token[0]
        if PLAIN.fullmatch(token):
            return str(params[token[1:-1]])
        return token

    return PLACEHOLDER.sub(one, text)


@dataclass
class Translator:
    """gettext, ngettext and locale-aware formatting for one locale."""

    locale: str = SOURCE_LOCALE
    _tr: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, repr=False)
    complete: float = 1.0  # share of the catalog translated; the rest shows in English
    region: str | None = None  # the reader's country, for its date conventions (en + GB: 22 November)

    @classmethod
    def for_locale(cls, locale_id: str) -> Translator:
        if locale_id == PSEUDO_LOCALE:
            from careplan.i18n.pseudo import PseudoTranslations

            return cls(locale_id, PseudoTranslations())
        path = catalog_path(locale_id)
        if locale_id == SOURCE_LOCALE or not path.exists():
            return cls(locale_id)
        tr, complete = _compiled(path, path.stat().st_mtime)
        return cls(locale_id, tr, complete)

    def gettext(self, message: str) -> str:
        return self._tr.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._tr.ngettext(singular, plural, n)

    def format(self, message: str, **params: object) -> str:
        """Translate, then fill {placeholders}. A translation that drops or
        invents a placeholder (say the emergency number), or uses any form but
        a plain {name}, is not used: English is."""
        text = self.gettext(message)
        if any(placeholder_mismatch(message, text)):
            text = message
        try:
            return fill(text, params)
        except KeyError:
            return fill(message, params)

    def nformat(self, singular: str, plural: str, n: int, **params: object) -> str:
        english = singular if n == 1 else plural
        text = self.ngettext(singular, plural, n)
        if any(placeholder_mismatch(plural, text, plural=True)):
            text = english
        try:
            return fill(text, {"n": n, **params})
        except KeyError:
            return fill(english, {"n": n, **params})

    def in_region(self, region: str | None) -> Translator:
        """The same catalog, with dates and lists written as in `region` when
        babel knows the language there (en_GB, es_MX); else as the language."""
        return replace(self, region=region)

    @property
    def babel_locale(self) -> str:
        base = SOURCE_LOCALE if self.locale == PSEUDO_LOCALE else self.locale
        if self.region and "_" not in base:
            return _regional(base, self.region)
        return base

    def format_date(self, date: dt.date) -> str:
        from babel.dates import format_date

        # CLDR puts narrow no-break spaces in some dates ("2026 г."); the
        # embedded font has the ordinary no-break space, so use that
        return format_date(date, format="long", locale=self.babel_locale).replace("\u202f", "\u00a0")

    def format_list(self, items: list[str]) -> str:
        """"a, b and c" with the locale's own separators and conjunction."""
        from babel.lists import format_list

        return format_list(items, locale=self.babel_locale)

    def region_name(self, code: str) -> str:
        from babel import Locale

        return Locale.parse(self.babel_locale).territories.get(code, code)

    def language_name(self, locale_id: str) -> str:
        from babel import Locale

        if locale_id == PSEUDO_LOCALE:
            return "Pseudo (en-XA)"
        name = Locale.parse(locale_id).get_display_name(locale_id) or locale_id
        return name[:1].upper() + name[1:]


@cache
def _regional(lang: str, region: str) -> str:
    from babel import localedata

    tag = f"{lang}_{region.upper()}"
    return tag if localedata.exists(tag) else lang


def translator(locale_id: str = SOURCE_LOCALE) -> Translator:
    return Translator.for_locale(locale_id)
