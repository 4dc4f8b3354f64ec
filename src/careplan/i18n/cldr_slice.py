"""The little of babel's locale data a handout needs, cached per locale.

A handout prints a long date, joins a few lists and asks whether the
language is written right to left. Through babel that costs its import and
the loading of the locale's whole CLDR data (about 30 ms together). So the
first run takes the slice it needs from babel (the long date's pattern, the
names that pattern uses, the "standard" list patterns, the character order,
which regional variants exist) and stores it in
$XDG_CACHE_HOME/careplan/locale-data; later runs format from the slice,
exactly as babel does (tests/test_cldr_slice.py compares the two over many
dates, every shipped locale and lists of one to five items).

The cache never changes what is printed: the key hashes the locale, this
module's FORMAT and source, careplan's version and babel's own __init__.py
(its version), every entry carries a checksum of its payload, and an entry that
is missing, corrupt or of another layout is ignored and rebuilt from babel.
A date pattern with a field this module does not format is not sliced: that
locale's dates keep going through babel.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import re
from pathlib import Path
from typing import Any, Literal

from careplan import __version__
from careplan.files import cachefile
from careplan.i18n.catalog_cache import babel_stamp
from careplan.records import record

FORMAT = b"careplan-cldr-1\n"  # bump when the slice's layout or what it means changes
MAX_ENTRY_BYTES = 256 * 1024
_FIELD = re.compile(r"%\((\w+)\)s")
_WIDTHS: dict[int, Literal["abbreviated", "wide", "narrow"]] = {3: "abbreviated", 4: "wide", 5: "narrow"}


@record
class Slice:
    """One locale's data for dates and lists, as plain values."""

    tag: str  # the locale as babel names it
    rtl: bool
    regional: tuple[str, ...]  # lowercased ids of babel's regional variants of this language (en_gb, ...)
    date_format: str | None  # babel's %-format of the long date; None: formatted by babel
    names: dict[str, list[str]]  # "MMMM" -> month names 1..12 at [1..12], "G.." -> era names
    lists: dict[str, str]  # the "standard" list patterns: start, middle, end and maybe 2

    def format_date(self, date: dt.date) -> str:
        """The long date, as babel's format_date(date, "long", tag) writes it."""
        assert self.date_format is not None
        return self.date_format % _Fields(date, self.names)

    def format_list(self, items: list[str]) -> str:
        """As babel.lists.format_list(items, locale=tag)."""
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        p = self.lists
        if len(items) == 2 and "2" in p:
            return p["2"].format(*items)
        result = p["start"].format(items[0], items[1])
        for item in items[2:-1]:
            result = p["middle"].format(result, item)
        return p["end"].format(result, items[-1])


class _Fields:
    """The value of each field of a date pattern, as babel's DateTimeFormat gives it."""

    def __init__(self, date: dt.date, names: dict[str, list[str]]) -> None:
        self.date, self.names = date, names

    def __getitem__(self, name: str) -> str:
        char, num = name[0], len(name)
        if char == "d":
            return f"{self.date.day:0{num}d}"
        if char == "y":
            year = f"{self.date.year:0{num}d}"
            return year[-2:] if num == 2 else year
        if char in "ML" and num <= 2:
            return f"{self.date.month:0{num}d}"
        if char in "ML":
            return self.names[name][self.date.month]
        return self.names[name][int(self.date.year >= 0)]  # "G": the era


def _slice_field(name: str, locale: Any) -> list[str] | None:
    """The names a pattern field needs ([] for a number), or None for a field not handled here."""
    from babel.dates import get_era_names, get_month_names

    char, num = name[0], len(name)
    if char in "dy" or (char in "ML" and num <= 2):
        return []
    if char in "ML" and num in _WIDTHS:
        months = get_month_names(_WIDTHS[num], "format" if char == "M" else "stand-alone", locale)
        return ["", *(months[m] for m in range(1, 13))]
    if char == "G" and num <= 5:
        eras = get_era_names(_WIDTHS[max(3, num)], locale)
        return [eras[0], eras[1]]
    return None


def build(tag: str) -> Slice | None:
    """The slice for a locale, taken from babel; None if babel does not know the locale."""
    from babel import Locale, UnknownLocaleError, localedata
    from babel.dates import get_date_format

    try:
        locale = Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        return None
    fmt = str(get_date_format("long", locale).format)  # babel's %-format string (typed otherwise)
    names: dict[str, list[str]] | None = {}
    for name in _FIELD.findall(fmt):
        values = _slice_field(name, locale)
        if values is None or names is None:
            names = None
            continue
        if values:
            names[name] = values
    prefix = tag.split("_")[0].lower() + "_"
    regional = tuple(sorted(i.lower() for i in localedata.locale_identifiers() if i.lower().startswith(prefix)))
    return Slice(tag=tag, rtl=locale.character_order == "right-to-left", regional=regional,
                 date_format=fmt if names is not None else None, names=names or {},
                 lists={k: str(v) for k, v in locale.list_patterns["standard"].items()})


def _key(tag: str) -> str:
    h = hashlib.sha256(FORMAT)
    h.update(f"{__version__}\0{tag}\0".encode())
    h.update(babel_stamp())
    h.update(cachefile.source_digest(("i18n/cldr_slice.py",)))  # what a slice holds
    return f"{tag}-{h.hexdigest()[:40]}.bin"


def _pack(s: Slice) -> bytes:
    return marshal.dumps((s.tag, s.rtl, s.regional, s.date_format, s.names, s.lists))


def _unpack(payload: bytes, tag: str) -> Slice | None:
    try:
        value = marshal.loads(payload)
        t, rtl, regional, date_format, names, lists = value
        s = Slice(t, rtl, tuple(regional), date_format, dict(names), dict(lists))
    except (ValueError, EOFError, TypeError):
        return None
    ok = (t == tag and isinstance(rtl, bool) and all(isinstance(r, str) for r in regional)
          and (date_format is None or isinstance(date_format, str))
          and all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in s.names.values())
          and all(isinstance(v, str) for v in s.lists.values()) and {"start", "middle", "end"} <= set(s.lists))
    return s if ok else None


def cache_dir() -> Path | None:
    return cachefile.folder("locale-data")


@functools.cache
def get(tag: str, folder: Path | None = None) -> Slice | None:
    """The locale's slice: from the cache, else from babel (and stored); None if babel
    does not know the locale. Kept per process."""
    path = cachefile.entry(folder or cache_dir(), lambda: _key(tag))
    payload = cachefile.payload(path, FORMAT, MAX_ENTRY_BYTES)
    found = _unpack(payload, tag) if payload is not None else None
    if found is not None:
        return found
    s = build(tag)
    if s is not None and path is not None:
        cachefile.put(path, cachefile.seal(FORMAT, _pack(s)))
    return s
