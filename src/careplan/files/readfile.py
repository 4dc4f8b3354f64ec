"""Reading a file that may be anything: bounded, regular files only, never blocking.

stat() is no guide to how much a file holds (/dev/zero and /proc files say 0,
a pipe says 0 and then never ends), and opening a FIFO nobody writes to
blocks forever. So: open without blocking, look at what was opened (not at
the name, which could be swapped), refuse anything but a regular file, and
read at most one byte more than the limit, so "too large" is known without
trusting the size. The counterpart of writefile.py.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from careplan.errors import N_, CareplanError

_CHUNK = 64 * 1024


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or a one-line CareplanError naming the path.

    Refuses folders, devices, FIFOs and sockets (a regular file is needed)
    and files larger than max_bytes, whatever stat() says about their size.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        _need_regular(path, os.stat(path).st_mode)  # opening some devices does something; do not
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_error(path, exc) from None
    try:
        try:
            mode = os.fstat(fd).st_mode
        except OSError as exc:
            raise _open_error(path, exc) from None
        _need_regular(path, mode)  # what was opened, in case the name now points elsewhere
        chunks: list[bytes] = []
        got = 0
        while got <= max_bytes:
            try:
                chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - got))
            except BlockingIOError:  # O_NONBLOCK on a regular file never does this; be safe anyway
                chunk = b""
            except OSError as exc:
                raise _open_error(path, exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > max_bytes:
            raise CareplanError(N_("{path}: the file is too large; the limit is {limit} bytes"),
                                path=str(path), limit=max_bytes)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _need_regular(path: Path, mode: int) -> None:
    """Refuse a folder, device, FIFO or socket by its mode: reading one could block or never end."""
    if stat.S_ISDIR(mode):
        raise CareplanError(N_("{path}: is a folder, not a file"), path=str(path))
    if not stat.S_ISREG(mode):
        raise CareplanError(
            N_("{path}: not a regular file (a device, pipe or socket); careplan needs a regular file"),
            path=str(path),
        )


def read_text(path: Path, max_bytes: int) -> str:
    """The file as UTF-8 text, bounded as read_bytes."""
    data = read_bytes(path, max_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise not_utf8(path) from None


def not_utf8(path: Path) -> CareplanError:
    """The one message for a file that is not UTF-8 text (answers, templates, catalogs)."""
    return CareplanError(N_("{path}: the file is not UTF-8 text"), path=str(path))


def _open_error(path: Path, exc: OSError) -> CareplanError:
    """The usual one-line message for why a file could not be opened or read."""
    if exc.errno == errno.ENOENT:
        return CareplanError(N_("{path}: no such file"), path=str(path))
    if exc.errno == errno.EISDIR:
        return CareplanError(N_("{path}: is a folder, not a file"), path=str(path))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return CareplanError(N_("{path}: permission denied"), path=str(path))
    if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
        return CareplanError(
            N_("{path}: not a regular file (a device, pipe or socket); careplan needs a regular file"),
            path=str(path),
        )
    return CareplanError(N_("{path}: cannot read the file: {problem}"), path=str(path),
                         problem=exc.strerror or type(exc).__name__)
