"""Compiled catalogs kept in the user's cache folder, keyed by content.

Compiling a .po in memory needs babel's message tools (about 18 ms to
import) and a parse (about 15 ms). The result, a GNU .mo, still costs
gettext about 2 ms to read in a fresh process (a header, a seek table and
two decodes per message), so what is stored is what gettext makes of it:
its messages, headers and character set, marshalled, which load in a
fraction of that. The first run compiles and stores it in
$XDG_CACHE_HOME/careplan/catalogs (else ~/.cache/careplan/catalogs), and
later runs read it back.

What is printed never depends on the cache:
- the key is a SHA-256 over the .po's bytes and everything that shapes the
  compiled result (this module's FORMAT, careplan's and babel's versions,
  and the source of the compile step and of this module),
  never a time stamp, so a changed catalog or tool finds no entry;
- an entry holds a SHA-256 of its own payload, checked on every read, so a
  truncated, corrupt or hand-edited file is ignored (and replaced), as is
  one whose contents are not the plain strings and tables gettext keeps;
- a hit and a miss make the translations the same way, from what gettext
  read out of the compiled .mo (translations()), so they cannot differ;
- entries are written to a temporary file and renamed into place, so a
  reader never sees half a file;
- a missing, read-only or unusable cache folder is never an error: the
  catalog is compiled in memory as before.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import importlib.util
import io
import marshal
import struct
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from careplan import __version__
from careplan.files import cachefile

# the entry layout (3: what gettext read out of the .mo, not the .mo); the compile step's source is in the key
FORMAT = b"careplan-catalog-3\n"
MAX_ENTRY_BYTES = 16 * 1024 * 1024


def cache_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """$XDG_CACHE_HOME/careplan/catalogs, else ~/.cache/careplan/catalogs; None if no home is known."""
    return cachefile.folder("catalogs", env)


@functools.cache
def babel_stamp() -> bytes:
    """What identifies the installed babel, without importing it (about 8 ms): its
    __init__.py, which holds its version; empty if it cannot be found."""
    try:
        spec = importlib.util.find_spec("babel")
        origin = spec.origin if spec else None
        return Path(origin).read_bytes() if origin else b""
    except (ImportError, ValueError, OSError):
        return b""


def key(po_bytes: bytes, locale_id: str) -> str:
    """The entry's file name: the locale (for people looking) and a hash over all inputs."""
    h = hashlib.sha256(FORMAT)
    for part in (__version__, locale_id):
        h.update(part.encode("utf-8") + b"\0")
    h.update(babel_stamp() + b"\0")
    h.update(cachefile.source_digest(("i18n/translation.py", "i18n/catalog_cache.py")))  # the compile step
    h.update(po_bytes)
    return f"{locale_id}-{h.hexdigest()[:40]}.bin"


# What gettext reads out of a .mo: its messages ({msgid or (msgid, plural index): msgstr}),
# its headers and the character set of its Content-Type.
Read = tuple[dict[Any, str], dict[str, str], "str | None"]


def read_mo(mo: bytes) -> Read:
    """What gettext's own parser makes of a compiled catalog."""
    tr: Any = gettext.GNUTranslations(io.BytesIO(mo))  # the attributes its parser fills are untyped
    return tr._catalog, tr._info, tr._charset


def translations(read: Read) -> gettext.GNUTranslations:
    """The GNUTranslations that parsing the .mo gives, made from what the parse read: the same
    messages, headers and character set, and the plural rule made from its Plural-Forms header
    as the parser makes it (c2py; n != 1 when there is none)."""
    catalog, info, charset = read
    tr = gettext.GNUTranslations()  # no file: nothing parsed
    forms = info.get("plural-forms")
    vars(tr).update(_catalog=catalog, _info=info, _charset=charset,  # the attributes its parser sets
                    plural=(lambda n: int(n != 1)) if forms is None
                    else gettext.c2py(forms.split(";")[1].split("plural=")[1]))
    return tr


def _valid(read: object) -> bool:
    """Whether an entry's contents have the shape read_mo() gives (plain strings only)."""
    if not (isinstance(read, tuple) and len(read) == 3):
        return False
    catalog, info, charset = read
    return type(catalog) is dict and type(info) is dict and (charset is None or type(charset) is str) \
        and all(type(v) is str and (type(k) is str or (type(k) is tuple and len(k) == 2 and type(k[0]) is str
                                                         and type(k[1]) is int)) for k, v in catalog.items()) \
        and all(type(k) is str and type(v) is str for k, v in info.items())


def _pack(read: Read, complete: float) -> bytes:
    return cachefile.seal(FORMAT, struct.pack("<d", complete) + marshal.dumps(read))


def _unpack(data: bytes) -> tuple[gettext.GNUTranslations, float] | None:
    """(the translations, completeness), or None for anything that is not an intact entry."""
    payload = cachefile.unseal(FORMAT, data)
    if payload is None or len(payload) < 8:
        return None
    (complete,) = struct.unpack("<d", payload[:8])
    if not 0.0 <= complete <= 1.0:
        return None
    try:
        read = marshal.loads(payload[8:])
        return (translations(read), complete) if _valid(read) else None
    except (ValueError, EOFError, TypeError, IndexError):  # not marshal data, or a plural rule gettext refuses
        return None


def _read(path: Path) -> bytes | None:
    return cachefile.get(path, MAX_ENTRY_BYTES)  # None: missing, unreadable, not a regular file, too large


def load(po_bytes: bytes, locale_id: str, compile_po: Callable[[bytes], tuple[bytes, float]],
         folder: Path | None = None) -> tuple[gettext.GNUTranslations, float]:
    """(the catalog's translations, the share translated): from the cache, or compiled and stored.

    `compile_po` turns the .po's bytes into .mo bytes and that share; it runs only on a miss.
    """
    path = cachefile.entry(folder or cache_dir(), lambda: key(po_bytes, locale_id))
    data = _read(path) if path is not None else None
    found = _unpack(data) if data is not None else None
    if found is not None:
        return found
    mo, complete = compile_po(po_bytes)
    read = read_mo(mo)
    if path is not None and cachefile.put_latest(path, _pack(read, complete)):  # older entries for the locale go
        cachefile.drop_others(path, ".mo")  # and those of the earlier layout (FORMAT 2 held the .mo itself)
    return translations(read), complete
