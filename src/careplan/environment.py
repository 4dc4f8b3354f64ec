"""What a run of careplan may read from the world, in one object (after httpie's Environment).

`cli.main(argv, env)` receives it; nothing below the CLI reads `os.environ`,
`sys.stdin.isatty()`, the terminal size or today's date on its own, so tests
hand in a made-up world instead of patching globals.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO


class ExitStatus(enum.IntEnum):
    """careplan's exit statuses; a signal other than Ctrl-C ends with 128 + its number."""

    OK = 0
    BAD_INPUT = 2
    INTERRUPTED = 130
    HANGUP = 129
    TERMINATED = 143


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError):  # closed or detached
        return False


def _config_dir(environ: Mapping[str, str]) -> Path:
    """Where the clinic's settings live: $XDG_CONFIG_HOME/careplan, else ~/.config/careplan."""
    base = environ.get("XDG_CONFIG_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".config") / "careplan"


@dataclass
class Environment:
    """The streams, variables and facts a run depends on; defaults are the real process's."""

    stdin: IO[str] = field(default_factory=lambda: sys.stdin or io.StringIO())
    stdout: IO[str] | None = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] | None = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    today: dt.date = field(default_factory=dt.date.today)
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    terminal_width: int | None = None
    config_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.terminal_width is None:
            self.terminal_width = shutil.get_terminal_size((80, 24)).columns
        if self.config_dir is None:
            self.config_dir = _config_dir(self.environ)
