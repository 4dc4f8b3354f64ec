"""A picture's page operators, kept in the user's cache folder between runs.

The first handout of a process builds each picture it draws (some 50
shapes per figure) and walks the shapes into PDF operators: about a tenth
of a cold run. The operators depend only on the picture, its size and
options, and the code that draws them, so they are kept in
$XDG_CACHE_HOME/careplan/pictures (else ~/.cache/careplan/pictures) and
read back by the next run.

What is printed never depends on the cache:
- the key is a SHA-256 over the picture itself (its pickled data), its
  width or scale, the pregnancy, direction and layout options, the source
  of the modules that draw it, and careplan's, ReportLab's and Python's
  versions: an edited picture or drawing code finds no entry;
- an entry carries a SHA-256 of its payload, so a truncated or corrupt file
  is ignored (and replaced);
- the operators go into the handout as they are, so an entry is read only
  when the user owns it and its folder and neither is writable by anyone
  else (the folder is created 0700, the entry 0600);
- a missing, read-only or unusable cache folder is never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

from careplan import __version__
from careplan.files import cachefile
from careplan.render.perobject import PerObject

FORMAT = b"careplan-picture-ops-2\n"  # 2: marshal instead of length-prefixed UTF-8
MAX_ENTRY_BYTES = 4 * 1024 * 1024
Box = tuple[float, float, float, float]  # what a frame shows: x0, y0, x1, y1


# the modules that turn a picture into operators, from the package's folder
_SOURCES = ("render/drawing.py", "render/picture_layout.py", "render/fonts.py", "content/figures.py",
            "content/pictures.py", "records.py")


@cache
def _code_digest() -> bytes:
    """careplan's, ReportLab's and Python's versions and the drawing code's source."""
    from reportlab import Version

    h = hashlib.sha256(f"{__version__}\0{Version}\0{sys.version}\0".encode())
    h.update(cachefile.source_digest(_SOURCES))
    return h.digest()


def path(picture: Any, options: tuple[Any, ...], kind: str = "ops") -> Path | None:
    """The entry for this picture and options (None: no cache folder, or no source to key it by)."""
    folder = cachefile.folder("pictures")
    if folder is None:
        return None
    try:
        h = hashlib.sha256(FORMAT + _code_digest())
    except OSError:  # the source cannot be read (a frozen install): no cache
        return None
    h.update(repr(options).encode())
    h.update(_picture_digest(picture))
    return folder / f"{h.hexdigest()[:40]}.{kind}"  # kind: "ops", or "boxes" (get_boxes)


_DIGESTS: PerObject[bytes] = PerObject()


def _picture_digest(picture: Any) -> bytes:
    """A SHA-256 of the picture's pickled data, worked out once per picture in a process
    (its boxes and its operators are both looked up by it)."""
    digest = _DIGESTS.get(picture)
    if digest is None:
        digest = _DIGESTS.put(picture, hashlib.sha256(pickle.dumps(picture, protocol=4)).digest())
    return digest


def _kept(path: Path | None) -> Any:
    """What an intact entry at `path` holds (marshal: C speed, plain data only), or None."""
    payload = cachefile.payload(path, FORMAT, MAX_ENTRY_BYTES)
    try:
        return marshal.loads(payload) if payload is not None else None
    except (ValueError, EOFError, TypeError):
        return None


def get(path: Path | None) -> list[str] | None:
    """The operators kept at `path` (from path()), or None."""
    ops = _kept(path)
    if type(ops) is not list or not all(type(op) is str for op in ops):
        return None
    return ops


def put(path: Path | None, ops: list[str]) -> bool:
    """Keep the operators at `path`; False (and nothing left behind) when they cannot be kept."""
    return _keep(path, ops)


def _keep(path: Path | None, value: list[str] | list[Box]) -> bool:
    return path is not None and cachefile.put(path, cachefile.seal(FORMAT, marshal.dumps(value)))


def get_boxes(path: Path | None) -> list[Box] | None:
    """What each frame of a picture shows, kept at `path` by put_boxes; None when not kept."""
    boxes = _kept(path)
    if type(boxes) is not list or not all(type(b) is tuple and len(b) == 4 and all(type(v) in (int, float) for v in b)
                                          for b in boxes):
        return None
    return boxes


def put_boxes(path: Path | None, boxes: list[Box]) -> bool:
    """Keep a picture's frame boxes (numbers, exact through marshal) for the next run."""
    return _keep(path, boxes)
