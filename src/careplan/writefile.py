"""Atomic writes: a temporary file in the same folder, renamed into place.

A reader never sees half a handout, and an error or Ctrl-C leaves nothing
behind: the temporary file is removed before the exception goes on.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import N_, CareplanError


def free_path(name: str, folder: Path = Path(".")) -> Path:
    """`name` in `folder`, or name-2, name-3 ... if taken: a default name never
    replaces the handout written for the patient before."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def write_atomic(target: Path, data: bytes) -> None:
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise CareplanError(N_("{path}: is a folder; give a file name such as handout.pdf"), path=str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except FileNotFoundError:
        raise CareplanError(N_("{path}: the folder {folder} does not exist"), path=str(target), folder=str(folder)) from None
    except PermissionError:
        raise CareplanError(N_("{path}: cannot write there (permission denied)"), path=str(target)) from None
    except OSError as exc:
        raise CareplanError(N_("{path}: cannot write there ({problem})"), path=str(target),
                            problem=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CareplanError(N_("{path}: cannot write there ({problem})"), path=str(target),
                                problem=exc.strerror or str(exc)) from None
        raise
