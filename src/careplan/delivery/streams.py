"""Writing to streams that may be closed or full: a message must never itself fail the run."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import IO

from careplan.errors import CareplanError


def write_quietly(stream: IO[str], text: str) -> None:
    """Write a message to stderr; a closed or full stderr is no reason to fail or print a traceback."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def silence_stdout(out: IO[str]) -> None:
    """After stdout failed: point it at /dev/null so Python's flush at exit does not fail again."""
    if out is not sys.stdout or sys.stdout is None:
        return
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError):
        pass


def localised(exc: CareplanError, environ: Mapping[str, str] | None = None) -> str:
    """The error in the language of the system locale named in `environ` when a catalog is at hand, else English."""
    try:
        from careplan.i18n import system_translator

        t = system_translator(environ)
        return exc.render(t.gettext if t else None)
    except Exception:  # noqa: BLE001 (an error message must never itself fail)
        return exc.render()


def message_line(exc: CareplanError, environ: Mapping[str, str] | None = None,
                 gettext: Callable[[str], str] | None = None) -> str:
    """How careplan says something on stderr: 'careplan: ' and the message, in `gettext`'s language when
    given (the questionnaire's), else the system locale's."""
    return "careplan: " + (exc.render(gettext) if gettext else localised(exc, environ))


def report(err: IO[str], exc: CareplanError, environ: Mapping[str, str] | None = None, *,
           gettext: Callable[[str], str] | None = None) -> None:
    """Say it on stderr, one line; a closed or full stderr does not fail the run."""
    write_quietly(err, message_line(exc, environ, gettext) + "\n")
