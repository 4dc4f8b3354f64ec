"""What a run of careplan may read from the world, in one object (after httpie's Environment).

`cli.main(argv, env)` receives it; nothing below the CLI reads `os.environ`,
`sys.stdin.isatty()`, the terminal size or today's date on its own, so tests
hand in a made-up world instead of patching globals. It imports nothing else
from careplan, so every layer may depend on it.
"""

from __future__ import annotations

import datetime as dt
import enum
import errno
import io
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import IO, Any

from careplan.records import record


class ExitStatus(enum.IntEnum):
    """careplan's exit statuses. An IntEnum, so callers that compare with 0, 2 or 130 keep working."""

    OK = 0
    BAD_INPUT = 2
    HANGUP = 129  # 128 + SIGHUP
    INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C
    TERMINATED = 143  # 128 + SIGTERM

    @classmethod
    def for_signal(cls, signum: int) -> ExitStatus:
        """128 + the signal's number, as shells report it; careplan only stops on SIGINT, SIGTERM and SIGHUP."""
        try:
            return cls(128 + signum)
        except ValueError:  # a signal careplan installs no handler for: report it as an interrupt
            return cls.INTERRUPTED


class NullStream(io.StringIO):
    """Stands in for a stream that was closed when careplan started (`2>&-`): messages go nowhere."""

    def write(self, text: str) -> int:
        return len(text)


class ClosedStdout(NullStream):
    """Stands in for a closed stdout (`>&-`): writing fails like a closed descriptor, so it is reported."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, OSError, ValueError):  # closed, detached, or a stand-in without isatty
        return False


def default_config_dir(environ: Mapping[str, str]) -> Path:
    """Where careplan keeps settings: $XDG_CONFIG_HOME/careplan, else ~/.config/careplan.

    A relative $XDG_CONFIG_HOME is ignored, as the XDG specification says."""
    base = environ.get("XDG_CONFIG_HOME") or ""
    if os.path.isabs(base):
        return Path(base) / "careplan"
    home = environ.get("HOME")
    return (Path(home) if home else Path.home()) / ".config" / "careplan"


def _stdin() -> IO[str]:
    return sys.stdin or io.StringIO()


def _stdout() -> IO[str]:
    return sys.stdout or ClosedStdout()


def _stderr() -> IO[str]:
    return sys.stderr or NullStream()


@record(frozen=False)
class Environment:
    """The streams, variables and facts a run depends on; each default is the real process's.

    Every field may be given to make up a world for a test; the ones left out
    are read once, here, when the object is made.
    """

    stdin: IO[str] = field(default_factory=_stdin)
    stdout: IO[str] = field(default_factory=_stdout)
    stderr: IO[str] = field(default_factory=_stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    today: dt.date = field(default_factory=dt.date.today)
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    terminal_width: int | None = None
    terminal_height: int | None = None
    config_dir: Path | None = None
    #: prompt_toolkit input and output for the questionnaire (pipe input, DummyOutput in tests);
    #: None: the real terminal. Typed loosely so this module never imports prompt_toolkit.
    prompt_input: Any = None
    prompt_output: Any = None

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)
        if self.terminal_width is None:
            self.terminal_width = shutil.get_terminal_size((80, 24)).columns
        if self.terminal_height is None:
            self.terminal_height = shutil.get_terminal_size((80, 24)).lines
        if self.config_dir is None:
            self.config_dir = default_config_dir(self.environ)

    @property
    def is_terminal(self) -> bool:
        """Can questions be asked? True when stdin is a terminal or prompt input was handed in."""
        return bool(self.stdin_isatty) or self.prompt_input is not None
