"""The fonts of a catalog's messages, worked out once and kept in the user's cache.

pieces.pieces() finds, word by word, the font that draws each part of a
text: for a cold Arabic handout some hundred texts and about 4 ms (a set
operation per word and font, the direction of each letter). Most of them are
messages of the catalog exactly as translated. So the pieces of every message
of a catalog are worked out once, when the catalog, a font or this code
changes, and kept in $XDG_CACHE_HOME/careplan/pieces (else
~/.cache/careplan/pieces); pieces() answers those texts from them.

Only the catalog's own messages are kept. A text with anything of the
patient's in it (a name, notes, a date, a number filled in) is not a message
as translated: it is worked out as before, and never written down.

What is printed never depends on the cache:
- the key covers the messages, careplan's and Python's versions (letters'
  directions and categories come from unicodedata) and the source of the
  code that finds the pieces (pieces.py, fonts.py, bidi.py and this module);
- an entry names the font files its pieces depend on (PT Sans and the
  fallbacks in order up to the last one used, or all of them when no font
  has some character), each with its size, inode and both its times, and is
  used only while each is the same (fonts.cmap_source);
- an entry is sealed with a checksum and must be private (files/cachefile.py);
  anything missing, corrupt or of another layout is ignored and rebuilt;
- tests compare every message's kept pieces with pieces() in every language.

Without a cache folder careplan can write and read back (no home, a
read-only or shared one), nothing is worked out ahead: pieces() answers each
text as it is asked, as before.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careplan import __version__
from careplan.files import cachefile
from careplan.render import fonts, pieces

if TYPE_CHECKING:
    from careplan.i18n import Translator

FORMAT = b"careplan-pieces-2\n"  # 2: the pieces written short (pieces.encode)
MAX_ENTRY_BYTES = 8 * 1024 * 1024
SOURCES = ("render/pieces.py", "render/fonts.py", "render/bidi.py", "render/known_pieces.py")

Table = dict[str, Any]  # text -> its pieces as pieces.encode() writes them


def cache_dir() -> Path | None:
    return cachefile.folder("pieces")


def _key(locale_id: str, messages: tuple[str, ...]) -> str:
    h = hashlib.sha256(FORMAT + cachefile.source_digest(SOURCES))
    h.update(f"{__version__}\0{sys.version}\0{len(messages)}\0".encode())
    h.update("\0".join(messages).encode("utf-8", "surrogatepass"))
    return f"{locale_id}-{h.hexdigest()[:40]}.bin"


def _sources(used: list[int]) -> tuple[tuple[int, str], ...]:
    """(-1 for PT Sans, else the place in the chain; cmap_source) of the fonts `used` depends on."""
    return tuple((i, fonts.cmap_source(None if i < 0 else fonts.FALLBACKS[i])) for i in used)


def _build(messages: tuple[str, ...]) -> tuple[list[int], Table]:
    """The pieces of every message PT Sans alone does not draw (pieces.encode), and the fonts
    they depend on."""
    chain = fonts.FALLBACKS
    table: Table = {}
    last, missing = -1, False
    for text in dict.fromkeys(messages):
        if fonts.covered(text):
            continue  # markup() never asks: PT Sans draws it whole
        found = pieces.pieces(text)
        table[text] = pieces.encode(text, found)
        last = max([last, *(chain.index(f) for f, _ in found if f is not None)])
        missing = missing or pieces.undrawable(text)  # no font has some character: every font was asked
    return [-1, *range(len(chain) if missing else last + 1)], table


def _valid(value: object) -> bool:
    """The shape of an entry: (font sources, {text: pieces.encode()'s}). What each text's pieces
    say is checked when it is asked for (pieces._decoded), not all at once here."""
    if not (isinstance(value, tuple) and len(value) == 2 and type(value[0]) is tuple and type(value[1]) is dict):
        return False
    chain = len(fonts.FALLBACKS)
    return all(type(i) is int and -1 <= i < chain and type(s) is str for i, s in value[0])


_SEEN: dict[str, str] = {}  # locale -> the letters of the catalog loaded for it (the very string)


def load_for(t: Translator) -> None:
    """load() for a translator's catalog, unless PT Sans draws all its letters (nothing to keep).
    Asked by every handout: a catalog met before (its letters, the same string) is not asked again."""
    letters = t.letters()
    if _SEEN.get(t.locale) is letters:
        return
    if not fonts.covered(letters):
        load(t.locale, t.messages())
    _SEEN[t.locale] = letters


def load(locale_id: str, messages: tuple[str, ...], folder: Path | None = None) -> None:
    """Let pieces() answer the catalog's `messages` from the cache (worked out and kept on a miss).
    Never an error because of the cache. Asked once per catalog and process (load_for)."""
    if not messages:
        return
    path = cachefile.entry(folder or cache_dir(), lambda: _key(locale_id, messages))
    payload = cachefile.payload(path, FORMAT, MAX_ENTRY_BYTES)
    table: Table | None = None
    if payload is not None:
        try:
            kept = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            kept = None
        if kept is not None and _valid(kept) and _sources([i for i, _ in kept[0]]) == kept[0]:
            table = kept[1]
    if table is None:
        # working out every message (some 60 ms for Arabic) pays only if the next run reads it back
        if path is None or not cachefile.keepable(path.parent):
            return  # pieces() works out what it is asked, as before
        used, table = _build(messages)
        cachefile.put_latest(path, cachefile.seal(FORMAT, marshal.dumps((_sources(used), table))))
    pieces.KNOWN.update(table)
