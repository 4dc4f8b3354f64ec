"""Compiled catalogs kept in the user's cache folder, keyed by content.

Compiling a .po in memory needs babel's message tools (about 18 ms to
import) and a parse (about 15 ms). The result, a GNU .mo, loads in about
1 ms. So the first run compiles and stores it in
$XDG_CACHE_HOME/careplan/catalogs (else ~/.cache/careplan/catalogs), and
later runs read it back.

What is printed never depends on the cache:
- the key is a SHA-256 over the .po's bytes and everything that shapes the
  compiled result (this module's FORMAT, careplan's and babel's versions,
  and the source of the compile step and of this module),
  never a time stamp, so a changed catalog or tool finds no entry;
- an entry holds a SHA-256 of its own payload, checked on every read, so a
  truncated, corrupt or hand-edited file is ignored (and replaced);
- entries are written to a temporary file and renamed into place, so a
  reader never sees half a file;
- a missing, read-only or unusable cache folder is never an error: the
  catalog is compiled in memory as before.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import struct
from collections.abc import Callable, Mapping
from pathlib import Path

from careplan import __version__
from careplan.files import cachefile

FORMAT = b"careplan-catalog-2\n"  # the entry layout; the compile step's source is in the key
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
    return f"{locale_id}-{h.hexdigest()[:40]}.mo"


def _pack(mo: bytes, complete: float) -> bytes:
    return cachefile.seal(FORMAT, struct.pack("<d", complete) + mo)


def _unpack(data: bytes) -> tuple[bytes, float] | None:
    """(mo bytes, completeness), or None for anything that is not an intact entry."""
    payload = cachefile.unseal(FORMAT, data)
    if payload is None or len(payload) < 8:
        return None
    (complete,) = struct.unpack("<d", payload[:8])
    if not 0.0 <= complete <= 1.0:
        return None
    return payload[8:], complete


def _read(path: Path) -> bytes | None:
    return cachefile.get(path, MAX_ENTRY_BYTES)  # None: missing, unreadable, not a regular file, too large


def load(po_bytes: bytes, locale_id: str, compile_po: Callable[[bytes], tuple[bytes, float]],
         folder: Path | None = None) -> tuple[bytes, float]:
    """(the catalog compiled to .mo bytes, the share translated): from the cache, or compiled and stored.

    `compile_po` turns the .po's bytes into that pair; it runs only on a miss.
    """
    path = cachefile.entry(folder or cache_dir(), lambda: key(po_bytes, locale_id))
    if path is None:
        return compile_po(po_bytes)
    data = _read(path)
    found = _unpack(data) if data is not None else None
    if found is not None:
        return found
    mo, complete = compile_po(po_bytes)
    cachefile.put_latest(path, _pack(mo, complete))  # older entries for the locale go
    return mo, complete
