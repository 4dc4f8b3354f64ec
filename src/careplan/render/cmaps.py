"""The characters of each fallback font, cached in the user's cache folder.

To find the font for a character the fallback chain is asked in order, and
each font answers from its cmap: before this cache that meant parsing every
fallback font up to the one that has the character (for a Chinese handout,
seven fonts and the whole Chinese font's glyph names: about half a second).
The set of code points of a font file is stored in
$XDG_CACHE_HOME/careplan/cmaps (else ~/.cache/careplan/cmaps) and read back
in about a millisecond.

What is printed never depends on the cache: the key covers the font file's
path, size, inode and both its modification and change times (a file
replaced or rewritten in any way, even with its old time stamp restored,
has a new change time), the face index, how the set is read, this module's
FORMAT and source, and careplan's version; each entry carries a checksum of its
payload; an entry that is missing, corrupt or of another layout is ignored
and the font is read as before. Registering a font for drawing is not
affected: the renderer registers every fallback it draws with.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from array import array
from collections.abc import Callable
from pathlib import Path

from careplan import __version__
from careplan.files import cachefile

FORMAT = b"careplan-cmap-2\n"  # bump when what a set holds changes (2: an array of code points)
MAX_ENTRY_BYTES = 4 * 1024 * 1024


def cache_dir() -> Path | None:
    return cachefile.folder("cmaps")


def _key(path: Path, how: str) -> str:
    st = path.stat()
    h = hashlib.sha256(FORMAT + cachefile.source_digest(("render/cmaps.py",)))
    h.update(f"{sys.byteorder}\0{array('I').itemsize}\0".encode())  # entries are machine words
    for part in (__version__, str(path.resolve()), how, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns):
        h.update(f"{part}\0".encode())
    return f"{path.stem.split('[')[0]}-{h.hexdigest()[:40]}.bin"


def _pack(value: frozenset[int]) -> bytes:
    return marshal.dumps(array("I", sorted(value)).tobytes())


def _unpack(payload: bytes) -> frozenset[int] | None:
    """The set kept by _pack: machine words read straight into ints (a Chinese font has 36,000)."""
    try:
        value = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if type(value) is not bytes or len(value) % array("I").itemsize:
        return None
    return frozenset(array("I", value))


def code_points(path: Path, how: str, read: Callable[[], frozenset[int]], folder: Path | None = None) -> frozenset[int]:
    """The code points of the font at `path` (`how` names the face and the reader): from the
    cache, else `read()` and stored. Never an error because of the cache."""
    entry = cachefile.entry(folder or cache_dir(), lambda: _key(path, how))
    payload = cachefile.payload(entry, FORMAT, MAX_ENTRY_BYTES)
    found = _unpack(payload) if payload is not None else None
    if found is not None:
        return found
    value = read()
    if entry is not None and value:
        cachefile.put(entry, cachefile.seal(FORMAT, _pack(value)))
    return value
