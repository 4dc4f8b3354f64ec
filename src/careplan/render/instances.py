"""Static instances of variable fonts (Noto Sans SC), cut once and kept in the user's cache.

ReportLab draws only a variable font's default instance, and Noto Sans SC's
is Thin; Regular (wght 400) and Bold (700) must be cut with fontTools'
instancer. Measured on Noto Sans SC (17.8 MB, 31,036 glyphs; 2 shared cores):

- the whole font instanced: 10 to 23 s per weight, once; the 10.6 MB result
  loads into ReportLab in 0.18 s, so every later run pays only that;
- the handout's characters subset first (about 900), then instanced: 2.3 s
  per weight on every render (the subset must read the whole glyf and gvar).

So the font is cut once per weight and kept, like the compiled catalogs
(i18n/catalog_cache.py): $XDG_CACHE_HOME/careplan/fonts, else
~/.cache/careplan/fonts, and every later run is fast. It is cut twice
(render/fonts.py): its 7,540 characters of GB 2312 (2.4 MB a weight, about 9 s
to cut; every Chinese handout uses it) and the whole font (for the rare
character of a name; cut the first time one is drawn). A cut of some
characters subsets the variable font first, then instances it: the glyphs it
keeps are the whole cut's, point for point (the pages render the same).

- the key is a SHA-256 over the source font's bytes' size and name, the
  weight, this module's FORMAT and source, and fontTools' version; a changed
  font, tool or cut finds no entry;
- an entry ends with a CRC-32 of its own bytes, checked on every read, so a
  truncated or corrupt file is cut again (and replaced). A CRC, not a SHA-256:
  it catches any accidental damage, and deliberate change is kept out by the
  entry being private (cachefile.private); hashing 21 MB with SHA-256 cost
  14 ms of every cold Chinese handout. The face cache (faces.py) is handed
  the same pass's checksum of the whole file instead of making its own;
- an entry is read by mapping it into memory, not copying it: a 10.6 MB copy
  cost 9 ms a weight, all of it in page faults. Entries are only ever
  replaced by renaming a new file over them (cachefile.put), so a mapped
  entry never changes under a run;
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
import mmap
import os
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from careplan.files import cachefile

FORMAT = "careplan-font-instance-2"  # bump when the cut or the entry changes (2: a CRC-32 at the end)
#: Called once a process, just before the first cut (10 to 20 s a weight, silent otherwise: the
#: first Chinese text on a computer), so a command can say why it is slow. None in a library.
on_first_cut: Callable[[], None] | None = None
_TOLD: list[bool] = [False]
_CRC = 4  # bytes of the trailing CRC-32, big-endian


class Instance(NamedTuple):
    """A cut weight: its file, its bytes (mapped, or in memory when just cut) and the
    CRC-32 of all of them, trailer included (what faces.font checks the bytes with)."""

    path: Path
    data: bytes | mmap.mmap
    crc: int


def fonts_dir() -> Path | None:
    """The folder for cut instances, beside the catalogs' (None if no home is known)."""
    return cachefile.folder("fonts")


def _key(source: Path, weight: int, chars: frozenset[int] | None) -> str:
    import fontTools

    st = source.stat()
    h = hashlib.sha256(FORMAT.encode() + cachefile.source_digest(("render/instances.py",)))
    kept = "all" if chars is None else hashlib.sha256(array("I", sorted(chars)).tobytes()).hexdigest()
    for part in (source.name, str(st.st_size), str(weight), fontTools.version, kept):
        h.update(part.encode("utf-8") + b"\0")
    part = "" if chars is None else f"-{len(chars)}"
    return f"{source.stem.split('[')[0]}-{weight}{part}-{h.hexdigest()[:32]}.ttf"


def _cut(source: Path, weight: int, chars: frozenset[int] | None = None) -> bytes:
    """The static instance at `weight`, as TrueType bytes (slow: seconds); with `chars`, of
    those characters only (the glyphs they need, composites' parts included, cut the same)."""
    import io

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(source))
    if chars is not None:
        from fontTools import subset

        options = subset.Options()
        options.layout_features = ["*"]  # as the whole font: nothing of it is dropped but glyphs
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.recalc_timestamp = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(chars))
        subsetter.subset(font)
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
    buf = io.BytesIO()
    static.recalcTimestamp = False  # same input, same bytes
    static.save(buf)
    return buf.getvalue()


def _read(path: Path) -> tuple[mmap.mmap, int] | None:
    """The entry at `path` (the font, then its CRC-32), mapped, with the CRC-32 of the whole
    file, when it is whole (its trailer matches) and private (cachefile.private: a font
    another user could replace could draw any digit of an emergency number as another);
    else None."""
    if not cachefile.private(path):
        return None
    try:
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid once the file is closed
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    body = zlib.crc32(memoryview(data)[:-_CRC]) if len(data) > _CRC else None
    if body is None or body.to_bytes(_CRC, "big") != data[-_CRC:]:
        data.close()
        return None
    return data, zlib.crc32(data[-_CRC:], body)


def _entry(data: bytes) -> tuple[bytes, int]:
    """An entry, the instance followed by its CRC-32 (checked by _read), and the CRC-32 of the
    whole entry (as _read gives it), carried on from the body's instead of made again."""
    body = zlib.crc32(data)
    trailer = body.to_bytes(_CRC, "big")
    return data + trailer, zlib.crc32(trailer, body)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextlib.contextmanager
def first_cut_said(say: Callable[[], None]) -> Iterator[None]:
    """Within the block, `say` is called (once a process) before a font is cut for its first use."""
    global on_first_cut
    on_first_cut = say
    try:
        yield
    finally:
        on_first_cut = None


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
            # the folder first: on a fresh cache the first weight's lock could not be made, and
            # a batch's workers each cut that weight (10 s each) instead of waiting for one
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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


def instance_bytes(source: Path, weight: int, folder: Path | None = None,
                   chars: frozenset[int] | None = None) -> Instance:
    """`source` at `weight` (only `chars`, when given), from the cache or cut now (and kept
    when possible): its file, its bytes as checked, so the font is read once (10.6 MB for
    the whole of Noto Sans SC, 2.4 MB for its GB 2312 characters), and their CRC-32.

    The trailing CRC does not disturb ReportLab or fontTools: TrueType
    tables are found through the table directory, never by reading to the end.
    """
    path = cachefile.entry(folder or fonts_dir(), lambda: _key(source, weight, chars))  # None: no cache
    if path is not None and (kept := _read(path)) is not None:
        return Instance(path, *kept)
    with _cutting(path):  # parallel runs (careplan batch) wait for one cut instead of each making it
        if path is not None and (kept := _read(path)) is not None:
            return Instance(path, *kept)
        if on_first_cut is not None and not _TOLD[0]:
            _TOLD[0] = True
            on_first_cut()
        entry, crc = _entry(_cut(source, weight, chars))
        if path is not None and cachefile.put(path, entry):
            return Instance(path, entry, crc)
    fd, tmp = tempfile.mkstemp(prefix="careplan-font-", suffix=".ttf")
    with os.fdopen(fd, "wb") as f:
        f.write(entry)
    atexit.register(_remove, tmp)
    # a batch worker ends without running atexit; multiprocessing runs its finalizers there
    from multiprocessing import util

    util.Finalize(None, _remove, args=(tmp,), exitpriority=0)
    return Instance(Path(tmp), entry, crc)
