"""Static instances of variable fonts (Noto Sans SC), cut once and kept in the user's cache.

ReportLab draws only a variable font's default instance, and Noto Sans SC's
is Thin; Regular (wght 400) and Bold (700) must be cut with fontTools'
instancer. Measured on Noto Sans SC (17.8 MB, 31,036 glyphs; 2 shared cores):

- the whole font instanced: 10 to 23 s per weight, once; the 10.6 MB result
  loads into ReportLab in 0.18 s, so every later run pays only that;
- the handout's characters subset first (about 900), then instanced: 2.3 s
  per weight on every render (the subset must read the whole glyf and gvar).

So the whole font is cut once per weight and kept, like the compiled catalogs
(i18n/catalog_cache.py): $XDG_CACHE_HOME/careplan/fonts, else
~/.cache/careplan/fonts. Any character the font has can then be drawn (a
name in Chinese on an English handout too), and every later run is fast.

- the key is a SHA-256 over the source font's bytes' size and name, the
  weight, this module's FORMAT and source, and fontTools' version; a changed
  font, tool or cut finds no entry;
- an entry ends with a SHA-256 of its own bytes, checked on every read, so a
  truncated or corrupt file is cut again (and replaced);
- entries are written to a temporary file and renamed into place;
- an unwritable cache is never an error: the instance is cut into a temporary
  file, used for this run and removed at exit.
The instance is saved without a new time stamp, so the same font and tools
give the same bytes (the golden PDFs depend on it).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from careplan.files import cachefile

FORMAT = "careplan-font-instance-1"  # bump when the cut changes
_DIGEST = hashlib.sha256().digest_size


def fonts_dir() -> Path | None:
    """The folder for cut instances, beside the catalogs' (None if no home is known)."""
    return cachefile.folder("fonts")


def _key(source: Path, weight: int) -> str:
    import fontTools

    st = source.stat()
    h = hashlib.sha256(FORMAT.encode() + cachefile.source_digest(("render/instances.py",)))
    for part in (source.name, str(st.st_size), str(weight), fontTools.version):
        h.update(part.encode("utf-8") + b"\0")
    return f"{source.stem.split('[')[0]}-{weight}-{h.hexdigest()[:32]}.ttf"


def _cut(source: Path, weight: int) -> bytes:
    """The static instance at `weight`, as TrueType bytes (slow: seconds)."""
    import io

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(source))
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
    buf = io.BytesIO()
    static.recalcTimestamp = False  # same input, same bytes
    static.save(buf)
    return buf.getvalue()


def _read(path: Path) -> bytes | None:
    """The entry at `path` (the font, then its digest) when it is whole (its trailing digest
    matches) and private (cachefile.private: a font another user could replace could draw
    any digit of an emergency number as another); else None."""
    if not cachefile.private(path):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    whole = len(data) > _DIGEST and hashlib.sha256(memoryview(data)[:-_DIGEST]).digest() == data[-_DIGEST:]
    return data if whole else None


def _write(path: Path, data: bytes) -> bool:
    """The instance followed by its digest (checked by _read), in place in one step."""
    return cachefile.put(path, data + hashlib.sha256(data).digest())


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextlib.contextmanager
def _cutting(path: Path | None) -> Iterator[None]:
    """Hold an exclusive lock next to the cached instance while it is cut; no lock where none can be taken."""
    try:
        import fcntl  # POSIX; elsewhere runs at the same time may each cut the font once
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    lock = None
    if path is not None and fcntl is not None:
        try:
            lock = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError:
            if lock is not None:
                os.close(lock)
            lock = None
    try:
        yield
    finally:
        if lock is not None:
            os.close(lock)  # closing releases the lock; the empty lock file stays for the next run


def instance_bytes(source: Path, weight: int, folder: Path | None = None) -> tuple[Path, bytes]:
    """A file holding `source` at `weight`, from the cache or cut now (and kept when possible),
    and its bytes as checked, so the font is read once (10 MB for Noto Sans SC).

    The trailing digest does not disturb ReportLab or fontTools: TrueType
    tables are found through the table directory, never by reading to the end.
    """
    path = cachefile.entry(folder or fonts_dir(), lambda: _key(source, weight))  # None: cut without the cache
    if path is not None and (kept := _read(path)) is not None:
        return path, kept
    with _cutting(path):  # parallel runs (careplan batch) wait for one cut instead of each making it
        if path is not None and (kept := _read(path)) is not None:
            return path, kept
        data = _cut(source, weight)
        if path is not None and _write(path, data):
            return path, data + hashlib.sha256(data).digest()
    fd, tmp = tempfile.mkstemp(prefix="careplan-font-", suffix=".ttf")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    atexit.register(_remove, tmp)
    # a batch worker ends without running atexit; multiprocessing runs its finalizers there
    from multiprocessing import util

    util.Finalize(None, _remove, args=(tmp,), exitpriority=0)
    return Path(tmp), data
