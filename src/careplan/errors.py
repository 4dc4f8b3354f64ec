"""User-facing errors: one class, translatable, never a traceback.

An error carries an untranslated message id and its parameters, so the CLI
can show it in the reader's language once it knows that language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from careplan.placeholders import fill, usable


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def _printable(value: Any) -> Any:
    """Text with control characters written as escapes (\\x1b, \\n), so a path or a
    value from a file can neither drive the terminal nor break the one-line message."""
    if isinstance(value, str) and not value.isprintable():
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)
    return value


class CareplanError(Exception):
    """Bad input or usage: the CLI prints it on one line and exits 2."""

    exit_status = 2  # environment.ExitStatus.BAD_INPUT (errors sits at the bottom of the imports)

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def render(self, gettext: Callable[[str], str] | None = None) -> str:
        """The message in the reader's language (English without a translator).

        Filled by the translator's rule (i18n.fill): a translated message that
        loses a placeholder or uses anything but a plain {name} is not used."""
        text = gettext(self.message) if gettext else self.message
        if text != self.message and not usable(self.message, text):
            text = self.message
        return fill(text, {k: _printable(v) for k, v in self.params.items()}) if self.params else text

    def __str__(self) -> str:
        return self.render()


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so the same cleanup runs (temporary files removed).

    A KeyboardInterrupt subclass on purpose: every place that already cleans
    up after Ctrl-C cleans up after these too. The exit status is 128 + signum.
    """

    #: The signal being handled. Kept on the class as well because some
    #: libraries (ReportLab's annotateException) re-raise an exception as
    #: type(exc)(message), which loses the number given to the first one.
    received: int = 15
    #: Set by the console's signal handler before it raises. A library's own
    #: clean-up code (ReportLab's drawGroup `finally`) can fail while the
    #: Stopped exception passes through it and replace it with its own error;
    #: cli.main reads this to still exit 128 + signum, quietly.
    pending: int | None = None
    #: How many files are being put in place (files.writefile holds signals
    #: then), and whether a signal came meanwhile. Blocking the signal is not
    #: enough: one that reached Python just before the block still runs its
    #: handler inside, so the handler defers itself and writefile raises it
    #: when the file is complete or gone.
    held: int = 0
    deferred: bool = False

    def __init__(self, signum: int | str) -> None:
        super().__init__(signum)
        if isinstance(signum, int):
            Stopped.received = signum
        self.signum = signum if isinstance(signum, int) else Stopped.received
