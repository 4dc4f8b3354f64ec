"""Writing an entry into careplan's own cache folder: atomic, private, and never an error.

A cache is a convenience (compiled catalogs, cut font weights): a full disk,
a read-only home or a race with another run must never fail a handout, so
this says only whether the entry is now in place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def put(path: Path, data: bytes) -> bool:
    """Put `data` at `path` in one step (a temporary file renamed over it); False, and nothing
    left behind, when it cannot be done."""
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
