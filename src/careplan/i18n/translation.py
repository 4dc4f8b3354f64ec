"""The Translator: gettext, plurals, placeholders, dates and names for one locale.

Catalogs are the translators' .po files, compiled in memory on first use
(no generated files in the repository); catalog_cache keeps the compiled
result in the user's cache folder, keyed by the .po's content, so later runs
skip babel's message tools. Missing strings fall back to English. Dates and
lists go through babel's data for the chosen locale (cldr_slice caches the
little of it a handout needs).
"""

from __future__ import annotations

import codecs
import datetime as dt
import gettext as _gettext
import io
import re
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careplan.errors import N_, CareplanError
from careplan.files.readfile import not_utf8, read_bytes
from careplan.i18n import catalog_cache, cldr_slice
from careplan.i18n.catalog_files import DOMAIN, MAX_CATALOG_BYTES, PSEUDO_LOCALE, SOURCE_LOCALE, catalog_path
from careplan.placeholders import fill, usable
from careplan.records import record, replace

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


#: A quoted string cut short: babel reads `msgstr "abc` as "ab" and a cut msgid as another message, in silence.
UNCLOSED = N_("{path}, line {line}: the closing quote mark (\") is missing")

#: A line that holds a quoted string: a keyword and its string, or a string continued from the line above.
_STRING_LINE = re.compile(rb'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?)[ \t]+)?(".*)')


class PoSyntaxError(ValueError):
    """A .po line babel would misread without a word; the caller names the file (named())."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}: the closing quote mark is missing")
        self.line = line

    def named(self, path: Path) -> CareplanError:
        return CareplanError(UNCLOSED, path=str(path), line=self.line)


def _check_quotes(po_bytes: bytes) -> None:
    """Raise PoSyntaxError for the first string with no closing quote (an escaped one, \\", does not
    close it). Read as bytes, line by line as babel reads them: quotes and backslashes are ASCII."""
    for number, line in enumerate(po_bytes.split(b"\n"), 1):
        found = _STRING_LINE.fullmatch(line.strip())
        if found is None:
            continue
        quoted = found.group(1)
        escapes = len(quoted[:-1]) - len(quoted[:-1].rstrip(b"\\"))  # backslashes just before the last quote
        if len(quoted) < 2 or not quoted.endswith(b'"') or escapes % 2:
            raise PoSyntaxError(number)


def parse_po(po_bytes: bytes, locale: str | None = None) -> Catalog:
    """A .po's bytes as babel's catalog, a byte order mark allowed (some editors add one).
    UnicodeDecodeError for one that is not UTF-8 and PoSyntaxError for a string with no
    closing quote: the caller names the file (readfile.not_utf8, PoSyntaxError.named)."""
    from babel.messages.pofile import read_po  # babel's message tools: only when a .po is read

    po_bytes = po_bytes.removeprefix(codecs.BOM_UTF8)
    catalog = read_po(io.BytesIO(po_bytes), locale=locale, domain=DOMAIN)
    _check_quotes(po_bytes)  # after babel, so a catalog that is not UTF-8 is named as that first
    return catalog


#: A compiled catalog's entry for its letters (Translator.letters); no message has this text.
LETTERS = "careplan: the letters past ASCII of this catalog's translations (not a message)"
#: A compiled catalog's entry for its printed words (Translator.printed_words); no message has this text.
PRINTED = "careplan: the printed words of this catalog's translations past U+0590 (not a message)"
#: Where a message printed on a handout comes from, as a .po's location comments name it:
#: the templates, or the renderer's own text (the rest is the terminal's).
PRINTED_SOURCES = ("templates/", "careplan/render/")
#: Words with a letter from here on (Hebrew, Arabic, the Indic scripts, Thai, Chinese ...) are kept:
#: scripts PT Sans does not draw. Latin, Greek and Cyrillic words are not (none need shaping), nor
#: punctuation past it (dashes, quotation marks).
PRINTED_FROM = "\u0590"


def printed_words(catalog: Catalog) -> str:
    """The distinct words (placeholders left out) with a letter from PRINTED_FROM on in the
    translations of the messages a handout prints, sorted and joined by spaces:
    render/glyph_first.py shapes them to know, before a handout draws, the glyphs its
    language needs. Empty for a language written in Latin, Greek or Cyrillic letters."""
    placeholder = re.compile(r"\{[^{}]*\}")
    words: set[str] = set()
    for m in catalog:
        if not m.id or m.fuzzy or not any(path.startswith(PRINTED_SOURCES) for path, _ in m.locations):
            continue
        for text in m.string if isinstance(m.string, (tuple, list)) else (m.string,):
            words.update(w for w in placeholder.sub(" ", text or "").split()
                         if any(c >= PRINTED_FROM and c.isalpha() for c in w))
    return " ".join(sorted(words))


def compile_po(po_bytes: bytes) -> tuple[bytes, float]:
    """A .po's bytes compiled to .mo bytes, and the share of its messages translated."""
    from babel.messages.mofile import write_mo  # babel's message tools: only on a cache miss

    catalog = parse_po(po_bytes)
    messages = [m for m in catalog if m.id]
    done = sum(1 for m in messages if not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string))
    shown = "".join("".join(m.string) if isinstance(m.string, (tuple, list)) else m.string or ""
                    for m in messages if not m.fuzzy)  # what the .mo holds (fuzzy entries are left out)
    catalog.add(LETTERS, "".join(sorted({c for c in shown if ord(c) > 0x7E})))
    catalog.add(PRINTED, printed_words(catalog))
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue(), done / len(messages) if messages else 1.0


@cache
def compiled_catalog(po_path: Path, mtime: float) -> tuple[_gettext.GNUTranslations, float]:
    """The catalog compiled (or read back from catalog_cache), and the share of its messages translated.

    Kept per process by path and mtime; on disk by content (see catalog_cache).
    compile_po is looked up at call time, so a test may count its calls.
    """
    po_bytes = read_bytes(po_path, MAX_CATALOG_BYTES)
    try:
        return catalog_cache.load(po_bytes, po_path.parent.parent.name, compile_po)
    except UnicodeDecodeError:  # saved as UTF-16 or Latin-1: named, never a traceback
        raise not_utf8(po_path) from None
    except PoSyntaxError as exc:
        raise exc.named(po_path) from None


@record(frozen=False)
class Translator:
    """gettext, ngettext and locale-aware formatting for one locale."""

    locale: str = SOURCE_LOCALE
    _tr: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, repr=False)
    complete: float = 1.0  # share of the catalog translated; the rest shows in English
    region: str | None = None  # the reader's country, for its date conventions (en + GB: 22 November)

    @classmethod
    def for_locale(cls, locale_id: str, locales: Path | None = None) -> Translator:
        """The locale's catalog from `locales`, else from the folder careplan reads at run time."""
        if locale_id == PSEUDO_LOCALE:
            from careplan.i18n.pseudo import PseudoTranslations  # lazy: a translator's tool

            return cls(locale_id, PseudoTranslations())
        path = catalog_path(locale_id, locales)
        if locale_id == SOURCE_LOCALE or not path.exists():
            return cls(locale_id)
        tr, complete = compiled_catalog(path, path.stat().st_mtime)
        return cls(locale_id, tr, complete)

    def gettext(self, message: str) -> str:
        return self._tr.gettext(message)

    def letters(self) -> str:
        """Every character past ASCII that the translations use, in code point order: the
        letters a handout in this language draws (render/codes.py codes them first).
        Worked out when the catalog is compiled (gathering them costs 2 ms a run)."""
        # read as stored: gettext would hand the pseudo-locale's made-up accents instead
        letters: str = getattr(self._tr, "_catalog", {}).get(LETTERS, "")
        return letters

    def printed_words(self) -> str:
        """The words of scripts past Cyrillic that a handout in this language prints
        (translation.printed_words), worked out when the catalog is compiled; empty for
        English, the pseudo-locale and the languages PT Sans draws."""
        words: str = getattr(self._tr, "_catalog", {}).get(PRINTED, "")
        return words

    def messages(self) -> tuple[str, ...]:
        """Every translation of the catalog as stored (plural forms too), in catalog order;
        empty for English and the pseudo-locale. What a handout prints as translated."""
        if self.locale == PSEUDO_LOCALE:
            return ()
        catalog: dict[Any, str] = getattr(self._tr, "_catalog", {})
        return tuple(text for key, text in catalog.items() if key not in ("", LETTERS, PRINTED) and text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._tr.ngettext(singular, plural, n)

    def format(self, message: str, **params: object) -> str:
        """Translate, then fill {placeholders}. A translation that drops or
        invents a placeholder (say the emergency number), or uses any form but
        a plain {name}, is not used: English is."""
        text = self.gettext(message)
        if not usable(message, text):
            text = message
        try:
            return fill(text, params)
        except KeyError:
            return fill(message, params)

    def nformat(self, singular: str, plural: str, n: int, **params: object) -> str:
        """format() for a message with plural forms, {n} filled with the count."""
        english = singular if n == 1 else plural
        text = self.ngettext(singular, plural, n)
        if not usable(plural, text, True):
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
        """The locale babel formats with: the pseudo-locale writes dates as English does."""
        base = SOURCE_LOCALE if self.locale == PSEUDO_LOCALE else self.locale
        if self.region and "_" not in base:
            return _regional(base, self.region)
        return base

    def format_date(self, date: dt.date) -> str:
        """The long date; from the locale's cached slice of babel's data when it has one (cldr_slice)."""
        tag = self.babel_locale
        s = cldr_slice.get(tag)
        if s is not None and s.date_format is not None:
            text = s.format_date(date)
        else:
            from babel.dates import format_date

            text = format_date(date, format="long", locale=tag)
        # CLDR puts narrow no-break spaces in some dates ("2026 г."); the
        # embedded font has the ordinary no-break space, so use that
        return text.replace("\u202f", "\u00a0")

    def format_list(self, items: list[str]) -> str:
        """"a, b and c" with the locale's own separators and conjunction."""
        tag = self.babel_locale
        s = cldr_slice.get(tag)
        if s is not None:
            return s.format_list(items)
        from babel.lists import format_list

        text: str = format_list(items, locale=tag)
        return text

    def region_name(self, code: str) -> str:
        """A country's name in this locale, or its code where babel has none."""
        from babel import Locale

        name: str = Locale.parse(self.babel_locale).territories.get(code, code)
        return name

    def language_name(self, locale_id: str) -> str:
        """A language's name in that language, capitalised, for the language menu."""
        from babel import Locale

        if locale_id == PSEUDO_LOCALE:
            return "Pseudo (en-XA)"
        name: str = Locale.parse(locale_id).get_display_name(locale_id) or locale_id
        return name[:1].upper() + name[1:]


@cache
def _regional(lang: str, region: str) -> str:
    tag = f"{lang}_{region.upper()}"
    s = cldr_slice.get(lang)
    if s is not None:  # the language's slice lists babel's regional variants
        return tag if tag.lower() in s.regional else lang
    from babel import localedata

    return tag if localedata.exists(tag) else lang


def translator(locale_id: str = SOURCE_LOCALE) -> Translator:
    """The Translator for a locale (English when it has no catalog)."""
    return Translator.for_locale(locale_id)
